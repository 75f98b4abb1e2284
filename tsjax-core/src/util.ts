/** Small helpers shared across modules (which shadow the global `Array` with tsjax's). */

/** `Array.isArray` of the JS global (modules that import tsjax's `Array` shadow the name). */
export const isList = (x: unknown): x is readonly unknown[] => globalThis.Array.isArray(x);

/** `[0, 1, ..., n-1]`. */
export function range(n: number, start = 0): number[] {
  const out: number[] = [];
  for (let i = start; i < n; i++) out.push(i);
  return out;
}

/**
 * Throws a clear error when a function that must be synchronous (one a transformation traces)
 * returned a promise, and keeps the promise's later failure from going unhandled.
 */
export function checkSync(op: string, out: unknown): void {
  if (out === null || typeof out !== "object" || typeof (out as { then?: unknown }).then !== "function") return;
  (out as Promise<unknown>).then(undefined, () => {});
  throw new TypeError(
    `${op}: the function returned a Promise; functions given to ${op} must be synchronous. They are traced with ` +
      "placeholder arrays whose values never exist, so there is nothing to await inside. Do reads and other async " +
      "work outside, before or after the call.",
  );
}
