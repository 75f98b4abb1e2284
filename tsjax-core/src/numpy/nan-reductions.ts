/**
 * The nan* reductions (NaNs left out), `ptp`, `countNonzero` and `average`, as JAX: each
 * replaces NaNs by the reduction's identity and calls the plain reduction, so `where`,
 * `initial`, `keepdims` and `dtype` work as there, and so do grad, vmap and jit.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray, promoteToFloat } from "./convert.js";
import { divide, isnan, logicalNot, multiply, notEqual, sqrt, subtract, where } from "./elementwise.js";
import {
  type ArgReduceOptions, type CumulativeOptions, type ExtremeOptions, type MeanOptions, type SumOptions, type VarOptions,
  all, argmax, argmin, cumprod, cumsum, max, mean, min, prod, reductionArgs, sum,
} from "./reductions.js";
import { broadcastTo, reshape } from "./shape-ops.js";

const isFloat = (a: Array) => isFloatDType(a.dtype);
/** `a` with NaNs replaced by `fill` (non-float arrays unchanged). */
const noNan = (a: Array, fill: number) => (isFloat(a) ? where(isnan(a), fill, a) : a);

function nanSumLike(name: string, plain: typeof sum, fill: number) {
  return (x: ArrayLike, axis?: Axis | SumOptions, opts?: SumOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<SumOptions>(op, axis, opts, ["keepdims", "dtype", "where", "initial", "promoteIntegers"]);
    return plain(noNan(asArray(op, x), fill), o);
  };
}

/**
 * Sum over `axis` with NaNs counted as 0.
 *
 * @example
 * np.nansum(np.array([1, NaN, 2])); // 3
 */
export const nansum = nanSumLike("nansum", sum, 0);
/**
 * Product over `axis` with NaNs counted as 1.
 *
 * @example
 * np.nanprod(np.array([2, NaN, 3])); // 6
 */
export const nanprod = nanSumLike("nanprod", prod, 1);

function nanExtreme(name: "nanmax" | "nanmin", plain: typeof max, fill: number) {
  return (x: ArrayLike, axis?: Axis | ExtremeOptions, opts?: ExtremeOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<ExtremeOptions>(op, axis, opts, ["keepdims", "where", "initial"]);
    const a = asArray(op, x);
    if (!isFloat(a)) return plain(a, o);
    const out = plain(noNan(a, fill), o);
    const { initial: _i, ...rest } = o;
    return where(all(isnan(a), rest), NaN, out);
  };
}

/**
 * Maximum over `axis` ignoring NaNs (NaN where every element is NaN).
 *
 * @example
 * np.nanmax(np.array([1, NaN, 3])); // 3
 */
export const nanmax = nanExtreme("nanmax", max, -Infinity);
/**
 * Minimum over `axis` ignoring NaNs (NaN where every element is NaN).
 *
 * @example
 * np.nanmin(np.array([1, NaN, 3])); // 1
 */
export const nanmin = nanExtreme("nanmin", min, Infinity);

/** The number of non-NaN elements each output of a reduction counts. */
function nanCount(a: Array, o: { axis: Axis; keepdims?: boolean; where?: ArrayLike }): Array {
  return sum(logicalNot(isnan(a)), { axis: o.axis, keepdims: o.keepdims, where: o.where, dtype: "float32" });
}

/**
 * Mean over `axis` ignoring NaNs.
 *
 * @example
 * np.nanmean(np.array([1, NaN, 3])); // 2
 */
export function nanmean(x: ArrayLike, axis?: Axis | MeanOptions, opts?: MeanOptions): Array {
  const op = "np.nanmean";
  const o = reductionArgs<MeanOptions>(op, axis, opts, ["keepdims", "dtype", "where"]);
  const a = asArray(op, x);
  if (!isFloat(a)) return mean(a, o);
  const total = sum(noNan(a, 0), o);
  return divide(total, nanCount(a, o)).astype(total.dtype);
}

/**
 * Variance over `axis` ignoring NaNs (`ddof` as `var`; NaN where fewer than `ddof + 1` remain).
 *
 * @example
 * np.nanvar(np.array([1, NaN, 3])); // 1
 */
export function nanvar(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  const op = "np.nanvar";
  const o = reductionArgs<VarOptions>(op, axis, opts, ["keepdims", "dtype", "where", "ddof", "correction"]);
  if (o.ddof !== undefined && o.correction !== undefined) throw new TypeError(`${op}: give ddof or correction, not both.`);
  const [a] = promoteToFloat(op, [x]);
  const centre = nanmean(a!, { axis: o.axis, keepdims: true, where: o.where });
  const d = noNan(subtract(a!, centre), 0);
  const n = subtract(nanCount(a!, o), o.ddof ?? o.correction ?? 0);
  const total = sum(multiply(d, d), { axis: o.axis, keepdims: o.keepdims, where: o.where, dtype: o.dtype });
  return where(n.gt(0), divide(total, n), NaN).astype(total.dtype);
}

/**
 * Standard deviation over `axis` ignoring NaNs.
 *
 * @example
 * np.nanstd(np.array([1, NaN, 3])); // 1
 */
export function nanstd(x: ArrayLike, axis?: Axis | VarOptions, opts?: VarOptions): Array {
  const op = "np.nanstd";
  const o = reductionArgs<VarOptions>(op, axis, opts, ["keepdims", "dtype", "where", "ddof", "correction"]);
  return sqrt(nanvar(x, o));
}

function nanArg(name: "nanargmax" | "nanargmin", plain: typeof argmax, fill: number) {
  return (x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<ArgReduceOptions>(op, axis as Axis, options, ["keepdims"]);
    const a = asArray(op, x);
    if (!isFloat(a)) return plain(a, o as ArgReduceOptions);
    const res = plain(noNan(a, fill), o as ArgReduceOptions);
    return where(all(isnan(a), { axis: o.axis, keepdims: o.keepdims }), -1, res).astype("int32");
  };
}

/**
 * Index of the maximum along `axis` ignoring NaNs (-1 where every element is NaN).
 *
 * @example
 * np.nanargmax(np.array([1, NaN, 3])); // 2
 */
export const nanargmax = nanArg("nanargmax", argmax, -Infinity);
/**
 * Index of the minimum along `axis` ignoring NaNs (-1 where every element is NaN).
 *
 * @example
 * np.nanargmin(np.array([NaN, 2, 1])); // 2
 */
export const nanargmin = nanArg("nanargmin", argmin, Infinity);

function nanCumulative(name: string, plain: typeof cumsum, fill: number) {
  return (x: ArrayLike, axis?: number | null | CumulativeOptions, options?: CumulativeOptions): Array => {
    const op = `np.${name}`;
    const o = reductionArgs<CumulativeOptions>(op, axis as Axis, options, ["dtype"]);
    return plain(noNan(asArray(op, x), fill), o as CumulativeOptions);
  };
}

/**
 * Cumulative sum along `axis` with NaNs counted as 0.
 *
 * @example
 * np.nancumsum(np.array([1, NaN, 2])); // [1, 1, 3]
 */
export const nancumsum = nanCumulative("nancumsum", cumsum, 0);
/**
 * Cumulative product along `axis` with NaNs counted as 1.
 *
 * @example
 * np.nancumprod(np.array([2, NaN, 3])); // [2, 2, 6]
 */
export const nancumprod = nanCumulative("nancumprod", cumprod, 1);

/** Options of `ptp` and `countNonzero`. */
export interface PtpOptions {
  axis?: Axis;
  keepdims?: boolean;
}

/**
 * Range (`max - min`) over `axis`.
 *
 * @example
 * np.ptp(np.array([[1, 5], [3, 2]]), 1); // [4, 1]
 */
export function ptp(x: ArrayLike, axis?: Axis | PtpOptions, opts?: PtpOptions): Array {
  const o = reductionArgs<PtpOptions>("np.ptp", axis, opts, ["keepdims"]);
  const a = asArray("np.ptp", x);
  return subtract(max(a, o), min(a, o));
}

/**
 * The number of nonzero elements over `axis` (int32).
 *
 * @example
 * np.countNonzero(np.array([[0, 1], [2, 0]]), 0); // [1, 1]
 */
export function countNonzero(x: ArrayLike, axis?: Axis | PtpOptions, opts?: PtpOptions): Array {
  const o = reductionArgs<PtpOptions>("np.countNonzero", axis, opts, ["keepdims"]);
  return sum(notEqual(asArray("np.countNonzero", x), 0), { ...o, dtype: "int32" });
}

/** Options of `average`. */
export interface AverageOptions {
  axis?: Axis;
  /** Weights of the elements: `x`'s shape, or 1-D along a single `axis`. */
  weights?: ArrayLike | null;
  /** Also return the sum of the weights (default false). */
  returned?: boolean;
  keepdims?: boolean;
}

/**
 * Weighted mean over `axis`: `sum(x * w) / sum(w)`; with `returned`, `[average, sumOfWeights]`.
 *
 * @example
 * np.average(np.array([1, 2, 3]), { weights: np.array([3, 1, 0]) }); // 1.25
 */
export function average(x: ArrayLike, ...rest: unknown[]): Array | [Array, Array] {
  const op = "np.average";
  const o = namedArgs<AverageOptions>(op, rest, ["axis", "weights", "returned", "keepdims"], [], `${op}(x, axis?, { weights, returned, keepdims })`);
  const [a] = promoteToFloat(op, [x]);
  const axis = o.axis ?? null;
  const keepdims = o.keepdims ?? false;
  let avg: Array;
  let wsum: Array;
  if (o.weights === undefined || o.weights === null) {
    avg = mean(a!, { axis, keepdims });
    wsum = broadcastTo(divide(a!.size, avg.size === 0 ? 1 : avg.size).astype(avg.dtype), avg.shape);
  } else {
    let w = promoteToFloat(op, [o.weights])[0]!;
    if (w.ndim !== a!.ndim) {
      if (axis === null || typeof axis !== "number") throw new ShapeError(`${op}: weights of shape ${fmtShape(w.shape)} differ from x's ${fmtShape(a!.shape)}; give an axis for 1-D weights.`);
      const ax = normalizeAxis(op, axis, a!.ndim);
      if (w.ndim !== 1 || w.shape[0] !== a!.shape[ax]) throw new ShapeError(`${op}: 1-D weights must have length ${a!.shape[ax]} (x's axis ${axis}), got shape ${fmtShape(w.shape)}.`);
      w = reshape(w, a!.shape.map((n, i) => (i === ax ? n : 1)));
    }
    wsum = sum(broadcastTo(w, a!.shape), { axis, keepdims });
    avg = divide(sum(multiply(a!, w), { axis, keepdims }), wsum);
  }
  return o.returned ? [avg, wsum] : avg;
}
