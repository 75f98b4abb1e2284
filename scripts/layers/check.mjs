#!/usr/bin/env node
/**
 * Checks the layering of tsjax-core (scripts/layers/rules.mjs): every run-time import goes to
 * the same layer or one below it, and run-time import cycles stay inside the layers that allow
 * them. Only the package counts (the files reachable from src/index.ts, so not test support),
 * and only run-time imports (type-only ones vanish when compiled).
 *
 *   node scripts/layers/check.mjs           # prints each problem; exit code 1 if any
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cycles, importGraph, reachable } from "./graph.mjs";
import { ALLOWED_CYCLES, ALLOWED_UPWARD, LAYERS, layerOf } from "./rules.mjs";

/**
 * The problems of an import graph under layer rules: unassigned files, upward imports,
 * cycles across layers or in a layer that allows none, and allowances no longer needed.
 */
export function layerProblems(graph, layers = LAYERS, allowedUpward = ALLOWED_UPWARD, allowedCycles = ALLOWED_CYCLES) {
  const out = [];
  const layer = (f) => layerOf(f, layers);
  const name = (i) => layers[i]?.name ?? "?";
  for (const f of graph.keys()) if (layer(f) < 0) out.push(`${f}: in no layer (add it to scripts/layers/rules.mjs)`);
  const usedUpward = new Set();
  for (const [f, deps] of graph) {
    for (const d of deps) {
      const lf = layer(f);
      const ld = layer(d);
      if (lf < 0 || ld < 0 || ld <= lf) continue;
      const allowed = allowedUpward.findIndex((a) => a.from === f && a.to === d);
      if (allowed >= 0) usedUpward.add(allowed);
      else out.push(`${f} (${name(lf)}) imports ${d} (${name(ld)}): an upward import across layers`);
    }
  }
  allowedUpward.forEach((a, i) => {
    if (!usedUpward.has(i)) out.push(`allowed upward import ${a.from} -> ${a.to} is gone: remove it from the rules`);
  });
  const usedCycles = new Set();
  for (const comp of cycles(graph)) {
    const ls = new Set(comp.map(layer));
    if (ls.size === 1 && layers[[...ls][0]]?.cycles) continue;
    const key = comp.join(" ");
    const allowed = allowedCycles.findIndex((c) => [...c.files].sort().join(" ") === key);
    if (allowed >= 0) {
      usedCycles.add(allowed);
      continue;
    }
    const where = ls.size === 1 ? `inside layer ${name([...ls][0])}, which allows none` : `across layers ${[...ls].map(name).join(", ")}`;
    out.push(`run-time import cycle ${where}: ${comp.join(", ")}`);
  }
  allowedCycles.forEach((c, i) => {
    if (!usedCycles.has(i)) out.push(`allowed cycle of ${c.files.length} files is gone or changed: update the rules`);
  });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const src = join(dirname(fileURLToPath(import.meta.url)), "../../tsjax-core/src");
  const problems = layerProblems(reachable(importGraph(src), "index.ts"));
  for (const p of problems) console.error(`layers: ${p}`);
  if (problems.length > 0) {
    console.error(`layers: ${problems.length} problem(s); the layers are described in ARCHITECTURE.md and scripts/layers/rules.mjs`);
    process.exit(1);
  }
  console.log("layers: tsjax-core's run-time imports follow its layers");
}
