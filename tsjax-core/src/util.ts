/** Small helpers shared across modules (which shadow the global `Array` with tsjax's). */

/** `Array.isArray` of the JS global (modules that import tsjax's `Array` shadow the name). */
export const isList = (x: unknown): x is readonly unknown[] => globalThis.Array.isArray(x);

/** `[0, 1, ..., n-1]`. */
export function range(n: number, start = 0): number[] {
  const out: number[] = [];
  for (let i = start; i < n; i++) out.push(i);
  return out;
}

/** Product of a list of numbers. */
export function prod(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}
