/**
 * numpy reductions: sum, prod, max, min, mean, var, std, any, all, argmax, argmin, cumsum,
 * cumprod. `axis` may be a number, a list, negative, or omitted (all axes); `keepdims` keeps
 * reduced axes with size 1. Both `np.sum(x, 1, { keepdims })` and `np.sum(x, { axis: 1 })` work.
 * As in JAX, `where` masks elements out (they count as the reduction's identity) and `initial`
 * joins the reduction as one more element.
 */
import { Array, type ArrayLike, type Axis, type ReduceOptions } from "../array/array.js";
import { type DType, checkDType, intRange, isInexactDType, isIntDType, realDType, wideDType } from "../dtype.js";
import { IndexError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxes, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import type { Primitive } from "../core/primitive.js";
import { argmax as argmaxP, argmin as argminP, cumprod as cumprodP, cumsum as cumsumP, reduceMax, reduceMin, reduceProd, reduceSum } from "../primitives/reduce.js";
import { asArray, broadcastTo, convert, reshapeTo, scalarLike } from "./convert.js";
import { add, divide, maximum, minimum, multiply, notEqual, sqrt, subtract, where as select } from "./elementwise.js";
import { checkOptions, isOptionsObject, positionalOrOption } from "../util/options.js";
import { conjugate, real } from "./complex.js";

/** Reduction options with an output dtype, a mask and an initial value (`jnp.sum`, `jnp.prod`). */
export interface SumOptions extends ReduceOptions {
  dtype?: DType;
  /** Elements where this (broadcast to the input) is false are left out. */
  where?: ArrayLike;
  /** A scalar that joins the reduction (added for sums, multiplied for products). */
  initial?: number | boolean;
  /** Widen 8- and 16-bit integers (and bools) to 32 bits (default true, as JAX). */
  promoteIntegers?: boolean;
}

/** Options of `max` and `min`: a mask needs `initial` (they have no identity). */
export interface ExtremeOptions extends ReduceOptions {
  where?: ArrayLike;
  /** A scalar that joins the reduction; required with `where` and for empty axes. */
  initial?: number | boolean;
}

/** Options of `mean`, `any` and `all`. */
export interface MeanOptions extends ReduceOptions {
  /** The dtype of the result (and computation). */
  dtype?: DType;
  where?: ArrayLike;
}

/** Options of `any` and `all`. */
export interface LogicalReduceOptions extends ReduceOptions {
  where?: ArrayLike;
}

/** Options of `var` and `std`. */
export interface VarOptions extends MeanOptions {
  /** Delta degrees of freedom: divide by `n - ddof` (default 0). */
  ddof?: number;
  /** Another name of `ddof` (the array API's). */
  correction?: number;
}

/**
 * The axis (positional or the `axis` option) and the checked options of a reduction called as
 * `f(x, axis?, opts?)` or `f(x, opts)`.
 */
export function reductionArgs<O extends ReduceOptions>(op: string, axisOrOpts: Axis | O | undefined, opts: O | undefined, accepted: readonly string[]): O & { axis: Axis } {
  const spec = { accepted: ["axis", ...accepted], signature: `${op}(x, axis?, { ${["keepdims", ...accepted.filter((k) => k !== "keepdims")].join(", ")} })` };
  if (isOptionsObject(axisOrOpts)) {
    if (opts !== undefined) throw new TypeError(`${op}: the axis argument is an options object, but options come last. Call it as ${spec.signature}.`);
    const o = checkOptions<O>(op, axisOrOpts as O, spec);
    return { ...o, axis: o.axis };
  }
  const o = checkOptions<O>(op, opts, spec);
  return { ...o, axis: positionalOrOption(op, "axis", axisOrOpts as Axis, o.axis) };
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((n, i) => (axes.includes(i) ? 1 : n));
}

function reduceBy(op: string, prim: Primitive<{ axes: readonly number[] }>, x: Array, axis: Axis, keepdims: boolean): Array {
  const axes = normalizeAxes(op, axis, x.ndim);
  const out = axes.length === 0 ? x : bind1(prim, [x], { axes });
  return keepdims ? reshapeTo(out, keptShape(x.shape, axes)) : out;
}

/** JAX's sum/prod dtype: bool and the integers narrower than 32 bits widen to int32 (uint32 when unsigned). */
function sumDtype(x: Array, dtype: DType | undefined, promote = true): DType {
  if (dtype) return checkDType("np.sum", dtype);
  if (x.dtype === "bool") return "int32";
  return promote ? wideDType(x.dtype) : x.dtype;
}

/** `x` with the elements where `mask` (broadcast to `x`) is false replaced by `fill`. */
export function masked(op: string, x: Array, mask: ArrayLike | undefined, fill: number | boolean): Array {
  if (mask === undefined) return x;
  const m = asArray(op, mask, x.device);
  const mb = m.dtype === "bool" ? m : notEqual(m, 0);
  if (!mb.shape.every((n, i) => n === 1 || n === x.shape[x.ndim - mb.ndim + i]) || mb.ndim > x.ndim) {
    throw new ShapeError(`${op}: the where mask of shape ${fmtShape(mb.shape)} does not broadcast to the input's shape ${fmtShape(x.shape)}.`);
  }
  return select(broadcastTo(op, mb, x.shape), x, scalarLike(op, fill, { dtype: x.dtype, weakType: false }, x.device));
}

/** Combines the reduced value with a scalar `initial` (JAX: `op(initial, result)` in the result's dtype). */
function withInitial(op: string, out: Array, initial: number | boolean | undefined, combine: (a: Array, b: Array) => Array): Array {
  if (initial === undefined) return out;
  if (typeof initial !== "number" && typeof initial !== "boolean") {
    throw new TypeError(`${op}: initial must be a scalar (a number or a boolean), got ${initial === null ? "null" : typeof initial}.`);
  }
  return convert(combine(out, scalarLike(op, initial, { dtype: out.dtype, weakType: false }, out.device)), out.dtype, out.weakType);
}

function sumLike(name: "sum" | "prod", prim: Primitive<{ axes: readonly number[] }>, identity: number, combine: (a: Array, b: Array) => Array) {
  return (x: ArrayLike, axis?: Axis | SumOptions, opts?: SumOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<SumOptions>(op, axis, opts, ["keepdims", "dtype", "where", "initial", "promoteIntegers"]);
    const a = asArray(op, x);
    const dtype = sumDtype(a, o.dtype, o.promoteIntegers ?? true);
    const c = masked(op, convert(a, dtype, a.weakType && !o.dtype), o.where, dtype === "bool" ? identity !== 0 : identity);
    return withInitial(op, reduceBy(op, prim, c, o.axis, o.keepdims ?? false), o.initial, combine);
  };
}

/**
 * Sum of elements over `axis` (all axes when omitted). bools count as int32; `where` leaves
 * elements out, `initial` is added.
 *
 * @example
 * np.sum(np.array([[1, 2], [3, 4]]), 0); // [4, 6]
 * x.sum({ axis: -1, keepdims: true });
 * np.sum(x, { where: x.gt(0), initial: 1 });
 */
export const sum = sumLike("sum", reduceSum, 0, add);

/**
 * Product of elements over `axis`.
 *
 * @example
 * np.prod(np.array([1, 2, 3, 4])); // 24
 */
export const prod = sumLike("prod", reduceProd, 1, multiply);

/** The identity of max (`lowest`) or min: -inf/+inf for floats, the integer range's ends, false/true. */
function extremeIdentity(dtype: DType, lowest: boolean): number | boolean {
  if (dtype === "bool") return !lowest;
  if (isIntDType(dtype)) return intRange(dtype)[lowest ? 0 : 1];
  return lowest ? -Infinity : Infinity;
}

function extreme(name: "max" | "min", prim: Primitive<{ axes: readonly number[] }>) {
  const combine = name === "max" ? maximum : minimum;
  return (x: ArrayLike, axis?: Axis | ExtremeOptions, opts?: ExtremeOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<ExtremeOptions>(op, axis, opts, ["keepdims", "where", "initial"]);
    const a = asArray(op, x);
    const axes = normalizeAxes(op, o.axis, a.ndim);
    if (o.initial === undefined) {
      if (o.where !== undefined) {
        throw new TypeError(`${op}: reduction operation ${name} has no identity, so a where mask needs an initial value: ${op}(x, { where, initial }).`);
      }
      if (axes.some((i) => a.shape[i] === 0)) {
        throw new IndexError(
          `${op}: zero-size array of shape ${fmtShape(a.shape)} to reduction operation ${name}, which has no identity; give { initial } to reduce empty axes.`,
        );
      }
    }
    const c = masked(op, a, o.where, extremeIdentity(a.dtype, name === "max"));
    return withInitial(op, reduceBy(op, prim, c, axes, o.keepdims ?? false), o.initial, combine);
  };
}

/**
 * Maximum over `axis`; NaN when any element is NaN.
 *
 * @example
 * np.max(np.array([[1, 5], [3, 2]]), 1); // [5, 3]
 * np.max(x, { where: x.lt(10), initial: -Infinity });
 */
export const max = extreme("max", reduceMax);
/**
 * Minimum over `axis`; NaN when any element is NaN.
 *
 * @example
 * np.min(np.array([3, 1, 2])); // 1
 */
export const min = extreme("min", reduceMin);
/** Alias of `max`. @example np.amax(x, 0) */
export const amax = max;
/** Alias of `min`. @example np.amin(x, 0) */
export const amin = min;

function count(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, i) => n * shape[i]!, 1);
}

/** The number of elements each output of a (masked) reduction averages: a number, or an array with `where`. */
function normalizer(op: string, a: Array, axes: readonly number[], where: ArrayLike | undefined, keepdims: boolean): Array | number {
  if (where === undefined) return count(a.shape, axes);
  const ones = broadcastTo(op, scalarLike(op, 1, { dtype: "float32", weakType: false }, a.device), a.shape);
  return reduceBy(op, reduceSum, masked(op, ones, where, 0), axes, keepdims);
}

/** The dtype a mean is returned in: the input's when inexact (float16, float32, complex64), else float32. */
function meanResultDtype(op: string, a: Array, dtype: DType | undefined): DType {
  if (dtype) return checkDType(op, dtype);
  return isInexactDType(a.dtype) ? a.dtype : "float32";
}

/** The dtype sums of a mean or variance accumulate in. */
const accDtype = (a: Array): DType => (a.dtype === "complex64" ? "complex64" : "float32");

/**
 * Arithmetic mean over `axis` (integers average as float32; empty gives NaN). `where` averages
 * only the selected elements.
 *
 * @example
 * np.mean(np.array([1, 2, 3, 4])); // 2.5
 * np.mean(x, 0, { where: x.gt(0) });
 */
export function mean(x: ArrayLike, axis?: Axis | MeanOptions, opts?: MeanOptions): Array {
  const op = "np.mean";
  const o = reductionArgs<MeanOptions>(op, axis, opts, ["keepdims", "dtype", "where"]);
  const a = asArray(op, x);
  const out = meanResultDtype(op, a, o.dtype);
  const axes = normalizeAxes(op, o.axis, a.ndim);
  const keep = o.keepdims ?? false;
  const s = reduceBy(op, reduceSum, masked(op, convert(a, accDtype(a), a.weakType), o.where, 0), axes, keep);
  return convert(divide(s, normalizer(op, a, axes, o.where, keep)), out, a.weakType && !o.dtype);
}

/**
 * Variance over `axis`: `mean(|x - mean(x)|**2) * n / (n - ddof)`.
 *
 * @example
 * np.var_(np.array([1, 2, 3, 4])); // 1.25
 * np.var_(x, 0, { ddof: 1 });
 */
export function var_(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  return varImpl("np.var", x, axis, opts);
}
export { var_ as var };

function varImpl(op: string, x: ArrayLike, axis: Axis | VarOptions | undefined, opts: VarOptions | undefined): Array {
  const o = reductionArgs<VarOptions>(op, axis, opts, ["keepdims", "dtype", "where", "ddof", "correction"]);
  if (o.ddof !== undefined && o.correction !== undefined) throw new TypeError(`${op}: give ddof or correction, not both.`);
  const ddof = o.ddof ?? o.correction ?? 0;
  const a = asArray(op, x);
  // complex: mean(|x - mean(x)|**2), a float32 result (as JAX)
  const out = o.dtype ? checkDType(op, o.dtype) : realDType(meanResultDtype(op, a, undefined));
  const axes = normalizeAxes(op, o.axis, a.ndim);
  const keep = o.keepdims ?? false;
  const f = convert(a, accDtype(a), a.weakType);
  const n = normalizer(op, a, axes, o.where, true);
  const centered = subtract(f, divide(reduceBy(op, reduceSum, masked(op, f, o.where, 0), axes, true), n));
  const sq = a.dtype === "complex64" ? real(multiply(centered, conjugate(centered))) : multiply(centered, centered);
  const ss = reduceBy(op, reduceSum, masked(op, sq, o.where, 0), axes, keep);
  const dof = typeof n === "number" ? Math.max(n - ddof, 0) : maximum(subtract(keep ? n : reshapeTo(n, ss.shape), ddof), 0);
  return convert(divide(ss, dof), out, a.weakType && !o.dtype);
}

/**
 * Standard deviation over `axis` (square root of `var`).
 *
 * @example
 * np.std(np.array([1, 2, 3, 4])); // 1.118034
 */
export function std(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  const v = varImpl("np.std", x, axis, opts);
  return isInexactDType(v.dtype) ? sqrt(v) : convert(sqrt(v), v.dtype);
}

function toBoolArray(op: string, x: ArrayLike): Array {
  const a = asArray(op, x);
  return a.dtype === "bool" ? a : notEqual(a, 0);
}

function logicalReduce(name: "any" | "all", prim: Primitive<{ axes: readonly number[] }>) {
  return (x: ArrayLike, axis?: Axis | LogicalReduceOptions, opts?: LogicalReduceOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<LogicalReduceOptions>(op, axis, opts, ["keepdims", "where"]);
    return reduceBy(op, prim, masked(op, toBoolArray(op, x), o.where, name === "all"), o.axis, o.keepdims ?? false);
  };
}

/**
 * True where any element over `axis` is nonzero.
 *
 * @example
 * np.any(np.array([0, 0, 3])); // true
 */
export const any = logicalReduce("any", reduceMax);

/**
 * True where all elements over `axis` are nonzero.
 *
 * @example
 * np.all(np.array([1, 2, 0])); // false
 */
export const all = logicalReduce("all", reduceMin);

/** Options of `argmax` and `argmin`. */
export interface ArgReduceOptions {
  axis?: number | null;
  keepdims?: boolean;
}

function argExtreme(name: "argmax" | "argmin", prim: Primitive<{ axis: number }>) {
  return (x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<ArgReduceOptions>(op, axis as Axis, options, ["keepdims"]);
    const ax0 = o.axis as number | null | undefined;
    const orig = asArray(op, x);
    const flat = ax0 === undefined || ax0 === null;
    const ax = flat ? 0 : normalizeAxis(op, ax0, orig.ndim);
    const out = bind1(prim, [flat ? reshapeTo(orig, [orig.size]) : orig], { axis: ax });
    if (!o.keepdims) return out;
    return reshapeTo(out, flat ? orig.shape.map(() => 1) : keptShape(orig.shape, [ax]));
  };
}

/**
 * Index of the (first) maximum along `axis`, of the flattened array when omitted. NaN counts
 * as the maximum.
 *
 * @example
 * np.argmax(np.array([[1, 9], [7, 2]]), 1); // [1, 0]
 */
export const argmax = argExtreme("argmax", argmaxP);
/**
 * Index of the (first) minimum along `axis`.
 *
 * @example
 * np.argmin(np.array([3, 1, 2])); // 1
 */
export const argmin = argExtreme("argmin", argminP);

/** Options of `cumsum` and `cumprod`. */
export interface CumulativeOptions {
  axis?: number | null;
  dtype?: DType;
}

/** The dtype of a cumulative op: JAX keeps 8- and 16-bit integers (unlike sum); bool becomes int32. */
export function cumulativeDtype(a: Array, dtype: DType | undefined): DType {
  return dtype ?? (a.dtype === "bool" ? "int32" : a.dtype);
}

function cumulative(name: string, prim: Primitive<{ axis: number; reverse: boolean }>) {
  return (x: ArrayLike, axis?: number | null | CumulativeOptions, options?: CumulativeOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<CumulativeOptions>(op, axis as Axis, options, ["dtype"]);
    const ax0 = o.axis as number | null | undefined;
    let a = asArray(op, x);
    a = convert(a, cumulativeDtype(a, o.dtype && checkDType(op, o.dtype)), a.weakType && !o.dtype);
    let ax: number;
    if (ax0 === undefined || ax0 === null) {
      a = reshapeTo(a, [a.size]);
      ax = 0;
    } else ax = normalizeAxis(op, ax0, a.ndim);
    return bind1(prim, [a], { axis: ax, reverse: false });
  };
}

/**
 * Cumulative sum along `axis` (of the flattened array when omitted).
 *
 * @example
 * np.cumsum(np.array([1, 2, 3])); // [1, 3, 6]
 */
export const cumsum = cumulative("cumsum", cumsumP);
/**
 * Cumulative product along `axis`.
 *
 * @example
 * np.cumprod(np.array([1, 2, 3])); // [1, 2, 6]
 */
export const cumprod = cumulative("cumprod", cumprodP);
