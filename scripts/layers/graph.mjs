/**
 * The run-time import graph of a package's sources: which file imports which, counting only
 * imports that survive compilation (not `import type`, not `import { type A }` with only type
 * specifiers, not test files).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Every `.ts` source under `srcDir` (tests and declaration files excluded), relative paths. */
function sourceFiles(srcDir) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.(test|test-d|d)\.ts$/.test(name)) out.push(relative(srcDir, path));
    }
  };
  walk(srcDir);
  return out;
}

/** The relative module specifiers of `text` that are imported (or re-exported) at run time. */
export function runtimeImports(text, fileName = "x.ts") {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      if (c) {
        if (c.isTypeOnly) continue;
        const named = c.namedBindings;
        const onlyTypes = !c.name && named && ts.isNamedImports(named) && named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly);
        if (onlyTypes) continue;
      }
      out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
      if (st.isTypeOnly) continue;
      const c = st.exportClause;
      if (c && ts.isNamedExports(c) && c.elements.length > 0 && c.elements.every((e) => e.isTypeOnly)) continue;
      out.push(st.moduleSpecifier.text);
    }
  }
  return out.filter((s) => s.startsWith("."));
}

/** Resolves `./x.js` written in `from` (relative to srcDir) to a source path, or undefined. */
function resolveSpecifier(srcDir, from, spec, known) {
  const base = relative(srcDir, resolve(srcDir, dirname(from), spec));
  for (const cand of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")]) {
    if (known.has(cand)) return cand;
  }
  return undefined;
}

/** `Map<file, Set<file>>`: the run-time import graph of the sources under `srcDir`. */
export function importGraph(srcDir) {
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const graph = new Map();
  for (const f of files) {
    const deps = new Set();
    for (const spec of runtimeImports(readFileSync(join(srcDir, f), "utf8"), f)) {
      const to = resolveSpecifier(srcDir, f, spec, known);
      if (to === undefined) throw new Error(`${f}: cannot resolve import "${spec}"`);
      deps.add(to);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** The part of `graph` reachable from `entry` (the package's files; test support drops out). */
export function reachable(graph, entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop();
    if (seen.has(f) || !graph.has(f)) continue;
    seen.add(f);
    todo.push(...graph.get(f));
  }
  return new Map([...graph].filter(([f]) => seen.has(f)));
}

/** Strongly connected components with more than one file (or a file importing itself). */
export function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
