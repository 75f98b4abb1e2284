import { describe, expect, it } from "vitest";
import { extractSnippets } from "./extract.js";

describe("extractSnippets", () => {
  it("takes ts and typescript fences with their first code line, and nothing else", () => {
    const md = ["# t", "```ts", "const a = 1;", "```", "```sh", "ls", "```", "```typescript", "let b = 2;", "b++;", "```"].join("\n");
    expect(extractSnippets("r.md", md)).toEqual([
      { file: "r.md", line: 3, code: "const a = 1;\n", compileOnly: false },
      { file: "r.md", line: 9, code: "let b = 2;\nb++;\n", compileOnly: false },
    ]);
  });

  it("marks a block after the compile-only comment, blank lines between or not", () => {
    const md = ["<!-- snippet: compile-only -->", "", "```ts", "f();", "```", "```ts", "g();", "```"].join("\n");
    expect(extractSnippets("r.md", md).map((s) => s.compileOnly)).toEqual([true, false]);
  });

  it("names the file and line of a block that is never closed", () => {
    expect(() => extractSnippets("r.md", "x\n```ts\nconst a = 1;\n")).toThrow("r.md:2");
  });
});
