import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { allSnippets, type Snippet } from "./extract.js";

// Every ```ts block of every README is a module of its own (top-level await allowed), checked
// with the repository's compiler settings against the built packages, as a user would import
// them, and then run with Node (unless marked compile-only): a README example must work.
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outDir = join(here, ".generated");
const snippets = allSnippets(root);

function fileName(s: Snippet): string {
  return join(outDir, `${s.file.replace(/[\\/]/g, "__").replace(/\.md$/, "")}-L${s.line}.ts`);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const s of snippets) writeFileSync(fileName(s), s.code);

const base = ts.getParsedCommandLineOfConfigFile(join(here, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
})!;
const program = ts.createProgram(snippets.map(fileName), {
  ...base.options,
  types: ["node", "@webgpu/types"],
  moduleDetection: ts.ModuleDetectionKind.Force,
  noEmit: true,
});

/** The compiler's complaints about one snippet, as README file:line messages. */
function problems(s: Snippet): string[] {
  const sf = program.getSourceFile(fileName(s))!;
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
    const at = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
    return `${s.file}:${s.line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

/** Runs one snippet as an ES module in a fresh Node process; resolves to its stderr on failure. */
function run(s: Snippet): Promise<string> {
  const js = ts.transpileModule(s.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = fileName(s).replace(/\.ts$/, ".mjs");
  writeFileSync(file, js);
  return new Promise((done) => {
    execFile(process.execPath, [file], { timeout: 240_000, maxBuffer: 1 << 24 }, (err, _out, stderr) =>
      done(err ? `${s.file}:${s.line}: exited with ${err.code ?? err.signal}\n${stderr}` : ""));
  });
}

describe("README snippets compile against the built packages and run", () => {
  it("finds the snippets", () => {
    expect(snippets.length).toBeGreaterThan(5);
  });
  for (const s of snippets) {
    it(`${s.file}:${s.line}${s.compileOnly ? " (compile-only)" : ""}`, async () => {
      expect(problems(s)).toEqual([]);
      if (!s.compileOnly) expect(await run(s)).toBe("");
    });
  }
});
