/**
 * Operands of `lax`'s elementwise functions, as JAX 0.10's lax takes them: arrays of one dtype
 * (lax never promotes; `np` does), JS numbers and booleans, rank-0 operands that broadcast, and
 * equal-rank operands whose size-1 axes broadcast. A JS number takes the dtype of the array
 * operands (JavaScript has no separate integer literal, so `lax.add(x, 1)` works for float and
 * integer `x` alike); a fractional number with integer arrays is an error. Numbers with no array
 * operand are JAX's Python scalars: int32 when all are integers, else float32.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, isIntDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, shapesEqual } from "../shape.js";
import { broadcastTo, deviceOf, describeValue, scalarLike } from "../numpy/convert.js";

/** Where to send users who want promotion or numpy broadcasting. */
/** The np function that broadcasts and promotes where a lax op does not (`lax.select` -> `np.where`). */
const NP_EQUIVALENT: Record<string, string> = {
  select: "where", clamp: "clip", rem: "fmod", max: "maximum", min: "minimum", pow: "power",
  mul: "multiply", sub: "subtract", div: "divide", and: "bitwiseAnd", or: "bitwiseOr", xor: "bitwiseXor",
  eq: "equal", ne: "notEqual", lt: "less", le: "lessEqual", gt: "greater", ge: "greaterEqual",
  atan2: "arctan2", shiftLeft: "leftShift", shiftRightArithmetic: "rightShift",
};

function npHint(op: string): string {
  const name = op.replace(/^lax\./, "");
  return `np.${NP_EQUIVALENT[name] ?? name}`;
}

/** The one dtype of the array operands (numbers adopt it), or the kind of lone scalars. */
function commonDtype(op: string, xs: readonly ArrayLike[]): DType {
  const arrays = xs.filter((x): x is Array => x instanceof Array);
  for (const x of xs) {
    if (!(x instanceof Array) && typeof x !== "number" && typeof x !== "boolean") {
      throw new TypeError(`${op}: operands must be Arrays, numbers or booleans, got ${describeValue(x)}.`);
    }
  }
  if (arrays.length === 0) {
    if (xs.every((x) => typeof x === "boolean")) return "bool";
    if (xs.some((x) => typeof x === "boolean")) throw new DTypeError(`${op}: cannot mix booleans and numbers; lax does not promote.`);
    // lone numbers are JAX's Python scalars: int32 when all are integers, else float32
    return xs.every((x) => Number.isInteger(x)) ? "int32" : "float32";
  }
  const dtypes = [...new Set(arrays.map((a) => a.dtype))];
  if (dtypes.length > 1) {
    throw new DTypeError(`${op} requires arguments to have the same dtypes, got ${dtypes.join(", ")}. (${npHint(op)} promotes them, or convert with x.astype(dtype).)`);
  }
  return dtypes[0]!;
}

/** A JS scalar as a rank-0 array of `dtype` (numbers must be representable: integers for integer dtypes). */
function scalarOperand(op: string, x: number | boolean, dtype: DType, device: Array["device"]): Array {
  if (typeof x === "boolean" ? dtype !== "bool" : dtype === "bool") {
    throw new DTypeError(`${op}: the operand ${String(x)} does not match the ${dtype} operands; lax does not promote (${npHint(op)} does).`);
  }
  if (typeof x === "number" && isIntDType(dtype) && !Number.isInteger(x)) {
    throw new DTypeError(`${op}: the number ${x} is not an integer, but the other operands are ${dtype}; lax does not promote (${npHint(op)} does).`);
  }
  return scalarLike(op, x, { dtype, weakType: false }, device);
}

/**
 * The operands as arrays of one dtype and one shape: JS scalars take the arrays' dtype, rank-0
 * operands broadcast, and equal-rank operands broadcast their size-1 axes. Different dtypes,
 * or ranks that differ (other than 0), are errors naming `np` for promotion and broadcasting.
 *
 * @example
 * const [a, b] = laxOperands("lax.add", [x, 1]);
 */
export function laxOperands(op: string, xs: readonly ArrayLike[]): Array[] {
  const dtype = commonDtype(op, xs);
  const device = deviceOf(xs);
  const arrays = xs.map((x) => (x instanceof Array ? x : scalarOperand(op, x, dtype, device)));
  const ranked = arrays.filter((a) => a.ndim > 0);
  if (ranked.length === 0) return arrays;
  const rank = ranked[0]!.ndim;
  if (ranked.some((a) => a.ndim !== rank)) {
    throw new ShapeError(`${op}: arrays must have the same number of dimensions (or be scalars), got shapes ${arrays.map((a) => fmtShape(a.shape)).join(", ")}. Use ${npHint(op)} to broadcast.`);
  }
  const shape = ranked[0]!.shape.map((_, d) => Math.max(...ranked.map((a) => a.shape[d]!)));
  for (const a of ranked) {
    if (a.shape.some((n, d) => n !== shape[d] && n !== 1)) {
      throw new ShapeError(`${op}: incompatible shapes ${arrays.map((v) => fmtShape(v.shape)).join(", ")}: each axis must match or have size 1.`);
    }
  }
  return arrays.map((a) => (shapesEqual(a.shape, shape) ? a : broadcastTo(op, a, shape)));
}

/**
 * A predicate of `select`/`selectN`: bool (int32 for `selectN`'s case index), a scalar or of the
 * cases' shape (a scalar broadcasts, as JAX's `select_n`).
 */
export function laxPredicate(op: string, pred: ArrayLike, shape: readonly number[], device: Array["device"], int = false): Array {
  const p = pred instanceof Array ? pred : scalarLike(op, pred, typeof pred === "boolean" ? { dtype: "bool", weakType: false } : { dtype: "int32", weakType: false }, device);
  if (!(p.dtype === "bool" || (int && p.dtype === "int32"))) {
    throw new DTypeError(`${op}: the predicate must be ${int ? "bool or int32" : "bool"}, got ${p.dtype}.`);
  }
  if (p.ndim === 0) return broadcastTo(op, p, shape);
  if (!shapesEqual(p.shape, shape)) {
    throw new ShapeError(`${op}: the predicate must be a scalar or have the cases' shape ${fmtShape(shape)}, got shape ${fmtShape(p.shape)}; use np.where for broadcasting.`);
  }
  return p;
}
