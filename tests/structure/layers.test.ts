/**
 * The layer check of tsjax-core (scripts/layers): it passes on the tree, and it fails on what
 * it exists to stop (an upward import, a cycle across layers or inside a layer that allows
 * none, a type-only import that becomes a run-time one), shown on small made-up graphs.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layerProblems } from "../../scripts/layers/check.mjs";
import { cycles, importGraph, reachable, runtimeImports } from "../../scripts/layers/graph.mjs";
import { LAYERS, layerOf } from "../../scripts/layers/rules.mjs";

const SRC = join(import.meta.dirname, "../../tsjax-core/src");

/** The check of a made-up graph, with no allowances. */
const check = (g: Map<string, Set<string>>) => layerProblems(g, LAYERS, [], []);
const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([f, ds]) => [f, new Set(ds)]));

describe("the layer check", () => {
  it("passes on tsjax-core", () => {
    expect(layerProblems(reachable(importGraph(SRC), "index.ts"))).toEqual([]);
  });

  it("fails on an upward import (an interpreter importing a primitive, as vmap.ts did)", () => {
    const g = graph({ "transforms/vmap.ts": ["primitives/structural.ts"], "primitives/structural.ts": ["core/trace.ts"], "core/trace.ts": [] });
    expect(check(g)).toEqual([
      "transforms/vmap.ts (interpreters) imports primitives/structural.ts (primitives): an upward import across layers",
    ]);
    // and a primitive reaching the public API (transforms/jit.ts), as linalg/expanded.ts did
    expect(check(graph({ "primitives/linalg/expanded.ts": ["transforms/jit.ts"], "transforms/jit.ts": [] }))).toEqual([
      "primitives/linalg/expanded.ts (expansions) imports transforms/jit.ts (api): an upward import across layers",
    ]);
  });

  it("fails on the cycle an upward import closes, and on a cycle inside a layer that allows none", () => {
    const g = graph({ "core/eager.ts": ["core/trace.ts"], "core/trace.ts": ["core/eager.ts"] });
    expect(check(g)).toEqual(["run-time import cycle inside layer core, which allows none: core/eager.ts, core/trace.ts"]);
    const across = graph({ "core/trace.ts": ["transforms/jvp.ts"], "transforms/jvp.ts": ["core/trace.ts"] });
    expect(check(across)).toEqual([
      "core/trace.ts (core) imports transforms/jvp.ts (interpreters): an upward import across layers",
      "run-time import cycle across layers core, interpreters: core/trace.ts, transforms/jvp.ts",
    ]);
  });

  it("allows cycles inside primitives/ only", () => {
    const g = graph({ "primitives/ops.ts": ["primitives/reduce.ts"], "primitives/reduce.ts": ["primitives/ops.ts"] });
    expect(check(g)).toEqual([]);
    expect(cycles(g)).toEqual([["primitives/ops.ts", "primitives/reduce.ts"]]);
  });

  it("fails on a file in no layer, and on an allowance that is no longer needed", () => {
    expect(check(graph({ "newdir/x.ts": [] }))).toEqual(["newdir/x.ts: in no layer (add it to scripts/layers/rules.mjs)"]);
    const allowed = [{ from: "core/trace.ts", to: "transforms/jvp.ts", why: "test" }];
    expect(layerProblems(graph({ "core/trace.ts": [] }), LAYERS, allowed, [])).toEqual([
      "allowed upward import core/trace.ts -> transforms/jvp.ts is gone: remove it from the rules",
    ]);
  });

  it("counts run-time imports only", () => {
    const text = [
      'import type { A } from "./a.js";',
      'import { type B, type C } from "./b.js";',
      'import { type D, e } from "./d.js";',
      'import "./side-effect.js";',
      'export type { F } from "./f.js";',
      'export { g } from "./g.js";',
      'import { h } from "pkg";',
    ].join("\n");
    expect(runtimeImports(text)).toEqual(["./d.js", "./side-effect.js", "./g.js"]);
  });

  it("puts an exact file before its folder", () => {
    expect(LAYERS[layerOf("transforms/vmap.ts")]!.name).toBe("interpreters");
    expect(LAYERS[layerOf("transforms/jit.ts")]!.name).toBe("api");
    expect(LAYERS[layerOf("primitives/linalg/qr.ts")]!.name).toBe("expansions");
  });
});
