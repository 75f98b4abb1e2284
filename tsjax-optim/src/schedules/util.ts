/** @internal */
import { type Array, np } from "tsjax-core";

/** The step as a float (JS number stays a number). @internal */
export function asFloat(count: Array | number): Array | number {
  return typeof count === "number" ? count : count.dtype === "float32" ? count : count.astype("float32");
}

/** Throws unless `v` is a finite number. @internal */
export function checkNum(op: string, name: string, v: unknown, opts: { nonNegative?: boolean; positive?: boolean; integer?: boolean } = {}): void {
  if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${op}: ${name} must be a number, got ${String(v)}.`);
  if (opts.nonNegative && v < 0) throw new RangeError(`${op}: ${name} must be >= 0, got ${v}.`);
  if (opts.positive && !(v > 0)) throw new RangeError(`${op}: ${name} must be > 0, got ${v}.`);
  if (opts.integer && !Number.isInteger(v)) throw new RangeError(`${op}: ${name} must be an integer, got ${v}.`);
}

/** A float32 array of the value (schedules always return arrays). @internal */
export function arr(x: Array | number): Array {
  return typeof x === "number" ? np.array(x) : x;
}

/** Throws naming `op` when the options object `o` has a key outside `allowed`. @internal */
export function checkKeys(op: string, o: unknown, allowed: readonly string[]): void {
  if (o === null || typeof o !== "object") throw new TypeError(`${op}: expected an options object, got ${o === null ? "null" : typeof o}.`);
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new TypeError(`${op}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; the options are ${allowed.join(", ")}.`);
}
