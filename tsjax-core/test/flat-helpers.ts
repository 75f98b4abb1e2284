/**
 * Flat comparisons for table-driven tests against JAX reference values: the array is read once,
 * flattened, and compared elementwise (NaN matches NaN, infinities match exactly).
 */
import { expect } from "vitest";
import type { Array } from "../src/index.js";
import { closeEnough } from "./helpers.js";

/** A value or nested list of values as JSON fixtures hold them. */
export type Nested = number | boolean | readonly Nested[];

/** Flattens nested lists. */
function flatten(x: Nested): number[] {
  return globalThis.Array.isArray(x) ? (x as readonly Nested[]).flatMap(flatten) : [Number(x)];
}

/**
 * Asserts that `actual`, flattened, matches `want` (flattened) within `rtol`/`atol`
 * (defaults 1e-5 / 1e-6); `label` names the case in failures.
 */
export async function expectFlat(label: string, actual: Array, want: Nested, opts: { rtol?: number; atol?: number } = {}): Promise<void> {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-6;
  const got = globalThis.Array.from(await actual.data(), Number);
  const w = flatten(want);
  expect(got.length, `${label}: number of elements`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    if (!closeEnough(got[i]!, w[i]!, rtol, atol)) {
      expect.fail(`${label}: element ${i} is ${got[i]}, expected ${w[i]} (rtol ${rtol}, atol ${atol})\n got:  ${JSON.stringify(got.slice(0, 32))}\n want: ${JSON.stringify(w.slice(0, 32))}`);
    }
  }
}
