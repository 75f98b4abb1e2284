import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** One fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** The 1-based line of the block's first code line in that file. */
  line: number;
  code: string;
  /** Whether the block is only type-checked, not run (marked `<!-- snippet: compile-only -->`). */
  compileOnly: boolean;
}

const FENCE_OPEN = /^```(ts|typescript)\s*$/;
const FENCE_CLOSE = /^```\s*$/;
const COMPILE_ONLY = "<!-- snippet: compile-only -->";

/**
 * The ```ts (or ```typescript) blocks of a Markdown text, in order. Other fences (```js,
 * ```sh, ```text) are not TypeScript and are left alone. A block whose previous non-blank line
 * is `<!-- snippet: compile-only -->` is marked to be type-checked but not run.
 *
 * @example
 * extractSnippets("a.md", "x\n```ts\nconst a = 1;\n```\n"); // [{ file: "a.md", line: 3, code: "const a = 1;\n", compileOnly: false }]
 */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE_OPEN.test(lines[i]!.trim())) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !FENCE_CLOSE.test(lines[end]!.trim())) end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: a \`\`\`ts block is never closed`);
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== "")?.trim();
    out.push({ file, line: start + 1, code: lines.slice(start, end).join("\n") + "\n", compileOnly: before === COMPILE_ONLY });
    i = end;
  }
  return out;
}

const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".turbo", ".generated", "test-results"]);

const DOCS = new Set(["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"]);

/**
 * Every README.md (and ARCHITECTURE.md, CONTRIBUTING.md) under `root` (the repository),
 * skipping dependencies and build outputs.
 *
 * @example
 * readmeFiles("/repo"); // ["ARCHITECTURE.md", "CONTRIBUTING.md", "README.md", "tsjax-core/README.md", ...]
 */
function readmeFiles(root: string, dir = root): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...readmeFiles(root, path));
    else if (DOCS.has(name)) found.push(relative(root, path));
  }
  return found;
}

/**
 * The snippets of every README of the repository.
 *
 * @example
 * allSnippets("/repo").length; // one per ```ts block
 */
export function allSnippets(root: string): Snippet[] {
  return readmeFiles(root).flatMap((f) => extractSnippets(f, readFileSync(join(root, f), "utf8")));
}
