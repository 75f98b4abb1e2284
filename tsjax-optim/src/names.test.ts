/**
 * Every public name of optax 0.2.8 outside `contrib` (listed by scripts/refs/optax/names.py in
 * fixtures/optax-0.2.8-names.json) is exported by tsjax-optim under its camelCase name, or is
 * listed in the README as deliberately absent, and nothing listed there is exported.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";

interface Entry { module: string; name: string; kind: string }
const here = (p: string) => new URL(p, import.meta.url);
const NAMES = (JSON.parse(readFileSync(here("./fixtures/optax-0.2.8-names.json"), "utf8")) as { names: Entry[] }).names;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

/** The tsjax-optim name of an optax name: camelCase; `optax.tree.x` is `treeX`; classes and types keep their names. */
export function tsName(e: Entry): string {
  if (e.kind === "class" || e.kind === "type") return e.name;
  return e.module === "tree" ? `tree${pascal(e.name)}` : camel(e.name);
}
const qualified = (e: Entry) => `optax.${e.module ? `${e.module}.` : ""}${e.name}`;

/** Every value and type exported by src/index.ts (through the TypeScript compiler). */
function exportedNames(): Set<string> {
  const file = here("./index.ts").pathname;
  const program = ts.createProgram([file], { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  return new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.getName()));
}

/** The optax names the README lists as deliberately absent (backticked `optax.…` in that section; `optax.module.*` for a whole module). */
function listedAbsent(): Set<string> {
  const readme = readFileSync(here("../README.md"), "utf8");
  const start = readme.indexOf("## Deliberately absent");
  expect(start, "README.md has a '## Deliberately absent' section").toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const listed = [...section.matchAll(/`(optax\.[A-Za-z0-9_.]+(?:\.\*)?)`/g)].map((m) => m[1]!);
  return new Set(listed.flatMap((q) => (q.endsWith(".*") ? NAMES.filter((e) => `optax.${e.module}.*` === q && e.kind !== "module").map(qualified) : [q])));
}

describe("optax 0.2.8's public names", () => {
  const exported = exportedNames();
  const absent = listedAbsent();
  it("each exists in tsjax-optim or is listed as deliberately absent", () => {
    const missing = NAMES.filter((e) => e.kind !== "module" && !exported.has(tsName(e)) && !absent.has(qualified(e)));
    expect(missing.map((e) => `${qualified(e)} (as ${tsName(e)})`)).toEqual([]);
  });
  it("the README's list of absent names holds only real optax names that tsjax-optim does not export", () => {
    const byName = new Map(NAMES.map((e) => [qualified(e), e]));
    expect([...absent].filter((q) => !byName.has(q))).toEqual([]);
    expect([...absent].filter((q) => exported.has(tsName(byName.get(q)!)))).toEqual([]);
  });
});
