/**
 * Test arrays and the case-table types, with no test-runner imports: the op-case table
 * (`op-cases.ts`) builds its arguments with these, in vitest and in a browser page alike.
 */
import { type Array, type CheckGradsOptions, np } from "../src/index.js";
import { mulberry32 } from "../src/util/mulberry32.js";

/** A deterministic pseudo-random generator (mulberry32) for test data. */
export const rng = mulberry32;

/** `n` uniform values in [lo, hi), rounded to float32. */
export function randomValues(n: number, seed = 1, lo = -1, hi = 1): number[] {
  const r = rng(seed);
  return globalThis.Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * r()));
}

export type Fn = (...xs: Array[]) => Array;
/** name -> [function, arguments, options]. Arguments are built lazily (on the suite's device). */
export type Cases = Record<string, [Fn, () => Array[], CheckGradsOptions?]>;

/** A float32 array (nested lists allowed), optionally reshaped. */
export function f32(v: number | readonly unknown[], shape?: readonly number[]): Array {
  const a = np.array(v as number[]);
  return shape ? a.reshape(shape) : a;
}

/** An int32 array (nested lists allowed), optionally reshaped. */
export function i32(v: number | readonly unknown[], shape?: readonly number[]): Array {
  const a = np.array(v as number[], { dtype: "int32" });
  return shape ? a.reshape(shape) : a;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Uniform float32 values in [lo, hi) of `shape`. */
export function rand(shape: readonly number[], seed: number, lo = -1, hi = 1): Array {
  return f32(randomValues(sizeOf(shape), seed, lo, hi), shape);
}

/** Distinct values of `shape` (a shuffled ramp from -1, spaced 0.37 apart): no ties anywhere. */
export function distinct(shape: readonly number[], seed: number): Array {
  const n = sizeOf(shape);
  const order = randomValues(n, seed)
    .map((v, i) => [v, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
  const vals = new globalThis.Array<number>(n);
  order.forEach((pos, k) => (vals[pos] = -1 + 0.37 * k));
  return f32(vals, shape);
}
