/**
 * Order statistics, as `jnp.quantile` computes them: `quantile`, `percentile`, `median` and their
 * NaN-ignoring forms. The reduced axes are sorted and the two order statistics around each
 * quantile read with a gather, so everything works under `jit`, `vmap` and `grad` (the gradient
 * flows to the elements picked).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType, isFloatDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxes } from "../shape.js";
import { checkOptions } from "../util/options.js";
import { formatValue } from "../util/format.js";
import { asArray, broadcastTo, convert, reshapeTo } from "./convert.js";
import { add, ceil, divide, floor, isnan, lessEqual, logicalNot, logicalOr, maximum, minimum, multiply, subtract, where } from "./elementwise.js";
import { any, cumsum, sum } from "./reductions.js";
import { moveaxis, expandDims, squeeze } from "./shape-ops.js";
import { takeAlongAxis } from "./indexing.js";
import { argsort, sort } from "./sorting.js";
import { full } from "./creation.js";

/** How a quantile between two order statistics is taken. */
export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest" | "inverted_cdf";
const METHODS: readonly QuantileMethod[] = ["linear", "lower", "higher", "midpoint", "nearest", "inverted_cdf"];

/** Options of `quantile`, `percentile` and their NaN forms. */
export interface QuantileOptions {
  axis?: number | readonly number[] | null;
  /** "linear" (default), "lower", "higher", "midpoint", "nearest" or "inverted_cdf". */
  method?: QuantileMethod;
  keepdims?: boolean;
  /** Weights of the elements (method "inverted_cdf" only), of the input's shape or the reduced axes'. */
  weights?: ArrayLike;
}

/** Options of `median` and `nanmedian`. */
export interface MedianOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}

const float = (a: Array): Array => (isFloatDType(a.dtype) ? a : convert(a, "float32"));

/**
 * The core: `a`'s reduced axes moved last and flattened, sorted, and the quantiles `q` (0-d or
 * 1-d) read off. Returns the result with q's axis first (when 1-d), the kept axes after.
 */
function quantileImpl(op: string, x: ArrayLike, qArg: ArrayLike, o: QuantileOptions, squashNans: boolean): Array {
  const method = o.method ?? "linear";
  if (!METHODS.includes(method)) throw new TypeError(`${op}: unknown method ${formatValue(method)}; accepted: ${METHODS.join(", ")}.`);
  let a = float(asArray(op, x));
  let q = float(asArray(op, qArg, a.device));
  if (q.ndim > 1) throw new ShapeError(`${op}: q must be a scalar or 1-D, got shape ${fmtShape(q.shape)}.`);
  if (o.weights !== undefined && method !== "inverted_cdf") throw new TypeError(`${op}: weights need method "inverted_cdf", got "${method}".`);
  const dtype: DType = a.dtype;
  q = convert(q, dtype);
  const axes = normalizeAxes(op, o.axis ?? null, a.ndim);
  const keptShape = a.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  const rest = a.shape.filter((_, i) => !axes.includes(i));
  const moveLast = (v: Array) => reshapeTo(moveaxis(v, axes, axes.map((_, k) => a.ndim - axes.length + k)), [...rest, axes.reduce((p, i) => p * a.shape[i]!, 1)]);
  let w: Array | undefined;
  if (o.weights !== undefined) {
    let wt = float(asArray(op, o.weights, a.device));
    const reduced = axes.map((i) => a.shape[i]!);
    if (wt.shape.join() !== a.shape.join()) {
      if (o.axis === undefined || o.axis === null || wt.shape.join() !== reduced.join()) {
        throw new ShapeError(`${op}: weights of shape ${fmtShape(wt.shape)} must have the input's shape ${fmtShape(a.shape)} or the reduced axes' ${fmtShape(reduced)}.`);
      }
      wt = broadcastTo(op, reshapeTo(wt, keptShape.map((n, i) => (axes.includes(i) ? a.shape[i]! : 1))), a.shape);
    }
    w = moveLast(wt);
  }
  a = moveLast(a);
  const n = a.shape[a.ndim - 1]!;
  const qn = q.ndim;
  // index arrays of shape q.shape + rest + [1]
  const qb = reshapeTo(q, [...q.shape, ...rest.map(() => 1), 1]);
  let result: Array;
  if (method === "inverted_cdf") {
    result = invertedCdf(a, w, qb, squashNans);
  } else {
    let lowV: Array;
    let highV: Array;
    let hw: Array;
    const pick = (idx: Array) => takeAlongAxis(expandDimsN(a, qn), convert(idx, "int32"), -1);
    if (squashNans) {
      a = sort(a, -1); // NaNs sort last
      const counts = convert(sum(logicalNot(isnan(a)), -1, { keepdims: true }), dtype); // rest + [1]
      const qq = multiply(qb, subtract(counts, 1));
      const low = floor(qq);
      hw = subtract(qq, low);
      const hi = subtract(counts, 1);
      lowV = pick(maximum(0, minimum(low, hi)));
      highV = pick(maximum(0, minimum(ceil(qq), hi)));
    } else {
      a = sort(where(any(isnan(a), -1, { keepdims: true }), NaN, a), -1);
      const qq = multiply(qb, n - 1);
      const low = floor(qq);
      hw = subtract(qq, low);
      lowV = pick(maximum(0, minimum(low, n - 1)));
      highV = pick(maximum(0, minimum(ceil(qq), n - 1)));
    }
    result = combine(method, lowV, highV, hw);
  }
  result = squeeze(result, -1);
  if (o.keepdims) result = reshapeTo(result, [...q.shape, ...keptShape]);
  return convert(result, dtype);
}

/** `a` with `k` leading axes of size 1 (so it broadcasts against the quantiles' axis). */
function expandDimsN(a: Array, k: number): Array {
  return k === 0 ? a : expandDims(a, 0);
}

function combine(method: QuantileMethod, lowV: Array, highV: Array, hw: Array): Array {
  switch (method) {
    case "lower": return lowV;
    case "higher": return highV;
    case "nearest": return where(lessEqual(hw, 0.5), lowV, highV);
    case "midpoint": return multiply(add(lowV, highV), 0.5);
    default: return add(multiply(lowV, subtract(1, hw)), multiply(highV, hw));
  }
}

/** Method "inverted_cdf": the first element whose cumulative weight reaches q of the total. */
function invertedCdf(a: Array, w: Array | undefined, qb: Array, squashNans: boolean): Array {
  const n = a.shape[a.ndim - 1]!;
  const ones = full(a.shape, 1, { dtype: a.dtype, device: a.device });
  const weights = w ?? ones;
  // sort the values, carrying the weights along
  const [sa, sw] = sortPair(a, weights);
  const bad = logicalOr(sw.lt(0), isnan(sw));
  const nanData = isnan(sa);
  const clean = where(logicalOr(bad, nanData), 0, sw);
  const cum = cumsum(clean, -1);
  const total = cum.get("...", "-1:"); // rest + [1]
  const target = multiply(qb, total); // q + rest + [1]
  const less = convert(cum.lt(target), "int32"); // q + rest + [n]
  let idx = sum(less, -1, { keepdims: true });
  const valid = squashNans ? sum(logicalNot(nanData), -1, { keepdims: true }) : full(total.shape, n, { dtype: "int32", device: a.device });
  idx = maximum(0, minimum(idx, subtract(valid, 1)));
  let result = takeAlongAxis(expandDimsN(sa, qb.ndim - sa.ndim), idx, -1);
  const anyBad = any(bad, -1, { keepdims: true });
  const force = squashNans ? logicalOr(anyBad, valid.eq(0)) : logicalOr(anyBad, any(nanData, -1, { keepdims: true }));
  result = where(force, NaN, result);
  return result;
}

/** Sorts `a` along its last axis and applies the same permutation to `b`. */
function sortPair(a: Array, b: Array): [Array, Array] {
  const order = argsort(a, -1);
  return [takeAlongAxis(a, order, -1), takeAlongAxis(b, order, -1)];
}

const QUANTILE_SPEC = ["axis", "method", "keepdims", "weights"];

function quantileFn(name: string, squash: boolean, scale: number) {
  return (a: ArrayLike, q: ArrayLike, options?: QuantileOptions): Array => {
    const op = `np.${name}`;
    const o = checkOptions(op, options, { accepted: QUANTILE_SPEC, signature: `${op}(a, q, { axis, method, keepdims, weights })` });
    const qq = scale === 1 ? q : divide(q, scale);
    return quantileImpl(op, a, qq, o, squash);
  };
}

/**
 * The `q`-th quantiles (0 <= q <= 1; a number or a 1-D array, whose axis comes first in the
 * result) over `axis` (all axes when omitted). NaN anywhere in a reduced slice gives NaN.
 *
 * @example
 * np.quantile(np.array([1, 2, 3, 4]), 0.25);                          // 1.75
 * np.quantile(x, np.array([0.1, 0.9]), { axis: 0, method: "nearest" });
 */
export const quantile = quantileFn("quantile", false, 1);
/**
 * Like `quantile`, with NaNs ignored (a slice of only NaNs gives NaN).
 *
 * @example
 * np.nanquantile(np.array([1, NaN, 3]), 0.5); // 2
 */
export const nanquantile = quantileFn("nanquantile", true, 1);
/**
 * The `q`-th percentiles (0 <= q <= 100): `quantile(a, q / 100)`.
 *
 * @example
 * np.percentile(np.array([1, 2, 3, 4]), 50); // 2.5
 */
export const percentile = quantileFn("percentile", false, 100);
/**
 * Like `percentile`, with NaNs ignored.
 *
 * @example
 * np.nanpercentile(np.array([1, NaN, 3]), 50); // 2
 */
export const nanpercentile = quantileFn("nanpercentile", true, 100);

function medianFn(name: string, squash: boolean) {
  return (a: ArrayLike, axis?: number | readonly number[] | null | MedianOptions, options?: MedianOptions): Array => {
    const op = `np.${name}`;
    const isOpts = axis !== null && typeof axis === "object" && !globalThis.Array.isArray(axis);
    const o = checkOptions(op, isOpts ? (axis as MedianOptions) : options, { accepted: ["axis", "keepdims"], signature: `${op}(a, axis?, { keepdims })` });
    const ax = isOpts ? o.axis : (axis as number | readonly number[] | null | undefined) ?? o.axis;
    return quantileImpl(op, a, 0.5, { axis: ax, keepdims: o.keepdims, method: "midpoint" }, squash);
  };
}

/**
 * The median over `axis` (all axes when omitted): the midpoint of the two middle values.
 *
 * @example
 * np.median(np.array([3, 1, 4, 1])); // 2
 */
export const median = medianFn("median", false);
/**
 * The median with NaNs ignored.
 *
 * @example
 * np.nanmedian(np.array([3, NaN, 1])); // 2
 */
export const nanmedian = medianFn("nanmedian", true);
