/**
 * Internal helpers of `nn`: operand conversion (integers and bools become float32 as in JAX's
 * `promote_args_inexact`), float16 inputs computed in float32, `where` masks and the
 * `(x, axis, opts)` / `(x, opts)` call forms.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { checkReal, isFloatDType } from "../dtype.js";
import { asArray, convert } from "../numpy/convert.js";
import { notEqual } from "../numpy/elementwise.js";
import { isList } from "../util.js";
import { checkOptions } from "../util/options.js";

/** `x` as an array (JS numbers become weakly typed scalars). */
export function toArray(op: string, x: ArrayLike): Array {
  return asArray(op, x);
}

/** `x` as a float array: integers and bools become float32 (keeping a JS number's weak type). */
export function toFloat(op: string, x: ArrayLike): Array {
  const a = asArray(op, x);
  checkReal(op, a.dtype);
  return isFloatDType(a.dtype) ? a : convert(a, "float32", a.weakType);
}

/**
 * Applies `f` to `x` as a float array, in float32 when `x` is float16 (the result is rounded
 * back to float16): exp/log chains keep their accuracy in half precision.
 */
export function inFloat32(op: string, x: ArrayLike, f: (x: Array) => Array): Array {
  const a = toFloat(op, x);
  if (a.dtype !== "float16") return f(a);
  return convert(f(convert(a, "float32")), "float16");
}

/** `x` converted to float32 when it is float16 (other floats unchanged). */
export function upcast(x: Array): Array {
  return x.dtype === "float16" ? convert(x, "float32") : x;
}

/** A `where`-style mask as a bool array (nonzero = keep). */
export function toMask(op: string, m: ArrayLike): Array {
  const a = asArray(op, m);
  return a.dtype === "bool" ? a : notEqual(a, 0);
}

/**
 * Splits the `(x, axis?, opts?)` / `(x, opts)` call forms (as `np.sum`): returns the options
 * with `axis` filled in (`fallback` when not given). Unknown option keys are errors listing
 * `accepted` (the signature shows the call).
 */
export function parseAxisOpts<O extends { axis?: Axis }>(
  axisOrOpts: Axis | O | undefined,
  opts: O | undefined,
  fallback: Axis,
  spec: { op: string; accepted: readonly string[] },
): O & { axis: Axis } {
  const check = (o: O | undefined) => checkOptions<O>(spec.op, o, { accepted: spec.accepted, signature: `${spec.op}(x, axis?, { ${spec.accepted.filter((k) => k !== "axis").join(", ")} })` });
  if (axisOrOpts !== null && typeof axisOrOpts === "object" && !isList(axisOrOpts)) {
    if (opts !== undefined) throw new TypeError(`${spec.op}: the axis argument is an options object, but options come last. Call it as ${spec.op}(x, axis?, { ... }).`);
    const o = check(axisOrOpts as O);
    return { ...o, axis: o.axis === undefined ? fallback : o.axis };
  }
  const o = check(opts);
  const axis = axisOrOpts === undefined ? (o.axis === undefined ? fallback : o.axis) : (axisOrOpts as Axis);
  return { ...o, axis };
}
