/**
 * numpy reductions: sum, prod, max, min, mean, var, std, any, all, argmax, argmin, cumsum,
 * cumprod. `axis` may be a number, a list, negative, or omitted (all axes); `keepdims` keeps
 * reduced axes with size 1. Both `np.sum(x, 1, { keepdims })` and `np.sum(x, { axis: 1 })` work.
 */
import { Array, type ArrayLike, type Axis, type ReduceOptions } from "../array/array.js";
import { type DType, isInexactDType, realDType, wideDType } from "../dtype.js";
import { IndexError } from "../errors.js";
import { fmtShape, normalizeAxes, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import type { Primitive } from "../core/primitive.js";
import { argmax as argmaxP, argmin as argminP, cumprod as cumprodP, cumsum as cumsumP, reduceMax, reduceMin, reduceProd, reduceSum } from "../primitives/reduce.js";
import { asArray, convert, reshapeTo } from "./convert.js";
import { divide, multiply, notEqual, sqrt, subtract } from "./elementwise.js";
import { isList } from "../util.js";
import { conjugate, real } from "./complex.js";

/** Reduction options with an optional output dtype. */
export interface SumOptions extends ReduceOptions {
  dtype?: DType;
}

function parse<O extends ReduceOptions>(axisOrOpts: Axis | O | undefined, opts: O | undefined): O & { axis: Axis } {
  if (axisOrOpts !== null && typeof axisOrOpts === "object" && !isList(axisOrOpts)) {
    return { ...(axisOrOpts as O), axis: (axisOrOpts as O).axis };
  }
  return { ...(opts ?? ({} as O)), axis: axisOrOpts as Axis };
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
function sumDtype(x: Array, dtype?: DType): DType {
  return dtype ?? (x.dtype === "bool" ? "int32" : wideDType(x.dtype));
}

/**
 * Sum of elements over `axis` (all axes when omitted). bools count as int32.
 *
 * @example
 * np.sum(np.array([[1, 2], [3, 4]]), 0); // [4, 6]
 * x.sum({ axis: -1, keepdims: true });
 */
export function sum(x: ArrayLike, axis?: Axis | SumOptions, opts?: SumOptions): Array {
  const o = parse(axis, opts);
  const a = asArray("np.sum", x);
  return reduceBy("np.sum", reduceSum, convert(a, sumDtype(a, o.dtype), a.weakType && !o.dtype), o.axis, o.keepdims ?? false);
}

/**
 * Product of elements over `axis`.
 *
 * @example
 * np.prod(np.array([1, 2, 3, 4])); // 24
 */
export function prod(x: ArrayLike, axis?: Axis | SumOptions, opts?: SumOptions): Array {
  const o = parse(axis, opts);
  const a = asArray("np.prod", x);
  return reduceBy("np.prod", reduceProd, convert(a, sumDtype(a, o.dtype), a.weakType && !o.dtype), o.axis, o.keepdims ?? false);
}

function extreme(name: "max" | "min", prim: Primitive<{ axes: readonly number[] }>) {
  return (x: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array => {
    const o = parse(axis, opts);
    const a = asArray(`np.${name}`, x);
    const axes = normalizeAxes(`np.${name}`, o.axis, a.ndim);
    if (axes.some((i) => a.shape[i] === 0)) {
      throw new IndexError(
        `np.${name}: zero-size array of shape ${fmtShape(a.shape)} to reduction operation ${name}, which has no identity.`,
      );
    }
    return reduceBy(`np.${name}`, prim, a, o.axis, o.keepdims ?? false);
  };
}

/**
 * Maximum over `axis`; NaN when any element is NaN.
 *
 * @example
 * np.max(np.array([[1, 5], [3, 2]]), 1); // [5, 3]
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

/** float dtype that means are computed in (float16 accumulates in float32; complex64 stays). */
function meanDtype(a: Array): DType {
  return isInexactDType(a.dtype) ? a.dtype : "float32";
}

/** The dtype sums of a mean or variance accumulate in. */
const accDtype = (a: Array): DType => (a.dtype === "complex64" ? "complex64" : "float32");

/**
 * Arithmetic mean over `axis` (integers average as float32; empty gives NaN).
 *
 * @example
 * np.mean(np.array([1, 2, 3, 4])); // 2.5
 */
export function mean(x: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array {
  const o = parse(axis, opts);
  const a = asArray("np.mean", x);
  const out = meanDtype(a);
  const axes = normalizeAxes("np.mean", o.axis, a.ndim);
  const s = reduceBy("np.mean", reduceSum, convert(a, accDtype(a), a.weakType), axes, o.keepdims ?? false);
  return convert(divide(s, count(a.shape, axes)), out, a.weakType);
}

/** Options of `var` and `std`. */
export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by `n - ddof` (default 0). */
  ddof?: number;
}

/**
 * Variance over `axis`: `mean(|x - mean(x)|**2) * n / (n - ddof)`.
 *
 * @example
 * np.var_(np.array([1, 2, 3, 4])); // 1.25
 * np.var_(x, 0, { ddof: 1 });
 */
export function var_(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  const o = parse(axis, opts);
  const a = asArray("np.var", x);
  // complex: mean(|x - mean(x)|**2), a float32 result (as JAX)
  const out = realDType(meanDtype(a));
  const axes = normalizeAxes("np.var", o.axis, a.ndim);
  const f = convert(a, accDtype(a), a.weakType);
  const centered = subtract(f, reduceBy("np.var", reduceSum, f, axes, true).div(count(a.shape, axes)));
  const sq = a.dtype === "complex64" ? real(multiply(centered, conjugate(centered))) : multiply(centered, centered);
  const ss = reduceBy("np.var", reduceSum, sq, axes, o.keepdims ?? false);
  return convert(divide(ss, Math.max(count(a.shape, axes) - (o.ddof ?? 0), 0)), out, a.weakType);
}
export { var_ as var };

/**
 * Standard deviation over `axis` (square root of `var`).
 *
 * @example
 * np.std(np.array([1, 2, 3, 4])); // 1.118034
 */
export function std(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  return sqrt(var_(x, axis, opts));
}

function toBoolArray(op: string, x: ArrayLike): Array {
  const a = asArray(op, x);
  return a.dtype === "bool" ? a : notEqual(a, 0);
}

/**
 * True where any element over `axis` is nonzero.
 *
 * @example
 * np.any(np.array([0, 0, 3])); // true
 */
export function any(x: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array {
  const o = parse(axis, opts);
  return reduceBy("np.any", reduceMax, toBoolArray("np.any", x), o.axis, o.keepdims ?? false);
}

/**
 * True where all elements over `axis` are nonzero.
 *
 * @example
 * np.all(np.array([1, 2, 0])); // false
 */
export function all(x: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array {
  const o = parse(axis, opts);
  return reduceBy("np.all", reduceMin, toBoolArray("np.all", x), o.axis, o.keepdims ?? false);
}

function argExtreme(name: "argmax" | "argmin", prim: Primitive<{ axis: number }>) {
  return (x: ArrayLike, axis?: number | null, opts: { keepdims?: boolean } = {}): Array => {
    const orig = asArray(`np.${name}`, x);
    const flat = axis === undefined || axis === null;
    const ax = flat ? 0 : normalizeAxis(`np.${name}`, axis, orig.ndim);
    const out = bind1(prim, [flat ? reshapeTo(orig, [orig.size]) : orig], { axis: ax });
    if (!opts.keepdims) return out;
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

function cumulative(name: string, prim: Primitive<{ axis: number; reverse: boolean }>) {
  return (x: ArrayLike, axis?: number | null, opts: { dtype?: DType } = {}): Array => {
    let a = asArray(`np.${name}`, x);
    // (JAX: cumulative ops keep 8- and 16-bit integers, unlike sum and prod; bool becomes int32)
    a = convert(a, opts.dtype ?? (a.dtype === "bool" ? "int32" : a.dtype), a.weakType && !opts.dtype);
    let ax: number;
    if (axis === undefined || axis === null) {
      a = reshapeTo(a, [a.size]);
      ax = 0;
    } else ax = normalizeAxis(`np.${name}`, axis, a.ndim);
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
