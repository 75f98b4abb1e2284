/** Argument conversion and checks shared by distributions and bijectors. @internal */
import { Array, type DType, np } from "tsjax-core";

/** Nested JS lists of numbers. */
export type NestedNumbers = readonly (number | NestedNumbers)[];
/** A parameter or value: an array, a JS number, or nested lists of numbers. */
export type Numeric = Array | number | NestedNumbers;

/** Formats a shape as `[2, 3]`. @internal */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** True when the dtype is a floating-point one. @internal */
function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float16";
}

/**
 * `x` as a floating-point array (integers and booleans become float32), as distrax's
 * `as_float_array`. @internal
 */
export function asFloat(op: string, name: string, x: Numeric | boolean): Array {
  if (x instanceof Array) return isFloat(x.dtype) ? x : x.astype("float32");
  if (typeof x === "number" || typeof x === "boolean" || globalThis.Array.isArray(x)) return np.array(x as number, { dtype: "float32" });
  throw new TypeError(`${op}: ${name} must be an array, a number or nested lists of numbers, got ${describe(x)}.`);
}

/** `x` as an array (numbers become float32 arrays; arrays keep their dtype). @internal */
export function asArray(op: string, name: string, x: Numeric | boolean): Array {
  if (x instanceof Array) return x;
  return asFloat(op, name, x);
}

/** A short description of a value for error messages. @internal */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x instanceof Array) return `an array of shape ${fmtShape(x.shape)}`;
  if (typeof x === "object") return `an object of type ${x.constructor?.name ?? "Object"}`;
  return `${typeof x} ${String(x)}`;
}

/**
 * The broadcast of named shapes; throws naming `op` and every parameter's shape when they do not
 * broadcast. @internal
 */
export function broadcastShapes(op: string, named: Record<string, readonly number[]>): number[] {
  const shapes = Object.values(named);
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < ndim; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - ndim + i;
      const v = k < 0 ? 1 : s[k]!;
      if (v === 1) continue;
      if (d !== 1 && d !== v) {
        const desc = Object.entries(named).map(([n, s]) => `${n} ${fmtShape(s)}`).join(", ");
        throw new RangeError(`${op}: the parameters' shapes do not broadcast: ${desc}.`);
      }
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** True when two shapes are equal. @internal */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws naming `op` and the unknown keys of an options object. @internal */
export function checkOptions(op: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object") throw new TypeError(`${op}: options must be an object, got ${describe(opts)}.`);
  const unknown = Object.keys(opts).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new TypeError(`${op}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; the options are ${allowed.map((k) => `"${k}"`).join(", ")}.`);
  }
}

/** Checks that a value is a non-negative integer. @internal */
export function checkInt(op: string, name: string, v: unknown, min = 0): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${describe(v)}.`);
  }
  return v;
}
