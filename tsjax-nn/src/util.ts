/** Small helpers shared by the modules. @internal */

/** Throws when `opts` has keys outside `allowed` (unknown option keys are errors). */
export function checkOptions(op: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object") throw new TypeError(`${op}: options must be an object, got ${typeof opts}.`);
  const unknown = Object.keys(opts).filter((k) => !allowed.includes(k) && (opts as Record<string, unknown>)[k] !== undefined);
  if (unknown.length) throw new TypeError(`${op}: unknown option(s) ${unknown.map((k) => `"${k}"`).join(", ")}; the options are ${allowed.join(", ")}.`);
}

/** `[a, b]` as text. */
export const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** A scalar or a list of length 1 or `n` → a list of length `n` (haiku's `replicate`). */
export function replicate<T>(op: string, what: string, value: T | readonly T[], n: number): T[] {
  if (!globalThis.Array.isArray(value)) return globalThis.Array.from({ length: n }, () => value as T);
  const list = value as readonly T[];
  if (list.length === 1) return globalThis.Array.from({ length: n }, () => list[0]!);
  if (list.length === n) return [...list];
  throw new TypeError(`${op}: ${what} must be a number or a list of length 1 or ${n}, got ${JSON.stringify(value)}.`);
}

/** The channel axis of a data format: 1 for channels-first ("NCHW"), -1 for channels-last. */
export function channelIndex(op: string, dataFormat: string): 1 | -1 {
  if (dataFormat === "channels_first") return 1;
  if (dataFormat === "channels_last") return -1;
  if (/^NC[^C]*$/.test(dataFormat)) return 1;
  if (/^N[^C]*C$/.test(dataFormat)) return -1;
  if (/^((BT)|(TB))[^D]*D$/.test(dataFormat)) return -1;
  throw new TypeError(
    `${op}: cannot tell the channel axis of data format "${dataFormat}": use a spatial format ("NHWC", "NCHW"), a sequential one ("BTD"), "channels_first" or "channels_last".`,
  );
}

/** Product of a list of numbers. */
export const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Axes given as a number, a list, or a slice string like `"1:"` or `"1:-1"`. */
export type AxisSpec = number | readonly number[] | string;

/** Absolute, sorted axes of an `AxisSpec` for an array of rank `ndim`. */
export function absAxes(op: string, axis: AxisSpec, ndim: number): number[] {
  if (typeof axis === "string") {
    const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*$/.exec(axis);
    if (!m) throw new TypeError(`${op}: axis slice must look like "1:", ":-1" or "1:-1", got "${axis}".`);
    const norm = (v: string | undefined, dflt: number) => {
      if (v === undefined) return dflt;
      const n = Number(v);
      return Math.min(Math.max(n < 0 ? n + ndim : n, 0), ndim);
    };
    const start = norm(m[1], 0);
    const stop = norm(m[2], ndim);
    return globalThis.Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);
  }
  const list = typeof axis === "number" ? [axis] : [...axis];
  for (const a of list) {
    if (!Number.isInteger(a) || a < -ndim || a >= ndim) throw new RangeError(`${op}: axis ${a} is out of range for an input of rank ${ndim}.`);
  }
  return [...new Set(list.map((a) => ((a % ndim) + ndim) % ndim))].sort((a, b) => a - b);
}


