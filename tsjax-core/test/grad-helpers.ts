/**
 * Helpers for the transformation tests: small test arrays and a batch runner for `checkGrads`.
 */
import { expect } from "vitest";
import { type Array, type CheckGradsOptions, checkGrads, tree } from "../src/index.js";

export { type Cases, type Fn,  f32, i32, rand } from "./case-arrays.js";
import type { Cases } from "./case-arrays.js";

/**
 * Runs `checkGrads` on every case (default: second order, forward and reverse mode) and fails
 * once, listing every case that did not pass.
 */
export async function checkAll(cases: Cases, defaults: CheckGradsOptions = {}): Promise<void> {
  const failures: string[] = [];
  for (const [name, [f, args, opts]] of Object.entries(cases)) {
    try {
      await checkGrads(f, args(), { order: 2, modes: ["fwd", "rev"], ...defaults, ...opts });
    } catch (e) {
      failures.push(`${name}: ${(e as Error).stack ?? (e as Error).message}`);
    }
  }
  expect(failures, failures.join("\n\n")).toEqual([]);
}

/** Asserts that two pytrees of arrays have the same structure, shapes and values (within tolerance). */
export async function expectTreeClose(got: unknown, want: unknown, what: string, opts: { rtol?: number; atol?: number } = {}): Promise<void> {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-5;
  tree.assertSameStructure(what, tree.structure(got), tree.structure(want), ["result", "expected result"]);
  const g = tree.leaves(got) as Array[];
  const w = tree.leaves(want) as Array[];
  for (let k = 0; k < w.length; k++) {
    expect(g[k]!.shape, `${what}: shape of leaf ${k}`).toEqual(w[k]!.shape);
    expect(g[k]!.dtype, `${what}: dtype of leaf ${k}`).toBe(w[k]!.dtype);
    const gv = await g[k]!.data();
    const wv = await w[k]!.data();
    for (let i = 0; i < wv.length; i++) {
      const a = Number(gv[i]);
      const b = Number(wv[i]);
      const ok = (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b);
      if (!ok) expect.fail(`${what}: leaf ${k} element ${i}: got ${a}, expected ${b}\n got:  ${[...gv].slice(0, 24).join(", ")}\n want: ${[...wv].slice(0, 24).join(", ")}`);
    }
  }
}
