/** Helpers for this package's tests (not exported). @internal */
import { type Array, np } from "tsjax-core";
import { expect } from "vitest";

/** The elements of an array as a JS number list (sync, CPU). */
export function v(x: Array | number): number[] {
  return typeof x === "number" ? [x] : globalThis.Array.from(x.dataSync() as ArrayLike<number>);
}

/** Asserts elementwise closeness: |a - b| <= atol + rtol * |b| (NaN matches NaN, infinities match exactly). */
export function close(a: Array | number | number[], b: number | readonly number[], opts: { atol?: number; rtol?: number } = {}): void {
  const { atol = 1e-5, rtol = 1e-5 } = opts;
  const av = globalThis.Array.isArray(a) ? a : v(a as Array | number);
  const bv = typeof b === "number" ? av.map(() => b) : b;
  expect(av.length, `length of [${av.join(", ")}]`).toBe(bv.length);
  av.forEach((x, i) => {
    const y = bv[i]!;
    const ok = Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) expect.fail(`element ${i}: got ${x}, expected ${y} (all: [${av.join(", ")}] vs [${bv.join(", ")}])`);
  });
}

/** float32 array from numbers or nested lists. */
export const f32 = (x: number | readonly unknown[]): Array => np.array(x as number, { dtype: "float32" });

/** Mean and standard error of the mean of a list of numbers. */
export function meanAndSe(xs: readonly number[]): [number, number] {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const var_ = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return [m, Math.sqrt(var_ / n)];
}
