/** Helpers for this package's tests (not exported). @internal */
import { type Array, np, tree } from "tsjax-core";
import { expect } from "vitest";

/** The elements of an array as a JS number list (sync, CPU). */
export function v(x: Array | number): number[] {
  return typeof x === "number" ? [x] : globalThis.Array.from(x.dataSync() as ArrayLike<number>);
}

/** Asserts elementwise closeness: |a - b| <= atol + rtol * |b|. */
export function close(a: Array | number | number[], b: number | number[], opts: { atol?: number; rtol?: number } = {}): void {
  const { atol = 1e-6, rtol = 1e-5 } = opts;
  const av = globalThis.Array.isArray(a) ? a : v(a);
  const bv = typeof b === "number" ? av.map(() => b) : b;
  expect(av.length).toBe(bv.length);
  av.forEach((x, i) => {
    const y = bv[i]!;
    if (Number.isNaN(y)) expect(Number.isNaN(x)).toBe(true);
    else if (Math.abs(x - y) > atol + rtol * Math.abs(y)) expect.fail(`element ${i}: got ${x}, expected ${y} (all: [${av.join(", ")}] vs [${bv.join(", ")}])`);
  });
}

/** Tree structure, shapes and dtypes of a state, as a comparable string. */
export function signature(t: unknown): string {
  const [leaves, def] = tree.flatten(t);
  return `${def.toString()}|${leaves.map((l) => (l && typeof l === "object" && "shape" in l ? `${(l as Array).dtype}[${(l as Array).shape.join(",")}]` : typeof l)).join(";")}`;
}

/** float32 array from numbers. */
export const f32 = (x: number | number[] | number[][]): Array => np.array(x as never, { dtype: "float32" });
