/**
 * Standardization to zero mean and unit variance, as `jax.nn.standardize`.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { asArray } from "../numpy/convert.js";
import { rsqrt, square, subtract, where } from "../numpy/elementwise.js";
import { mean as npMean, sum } from "../numpy/reductions.js";
import { broadcastTo } from "../numpy/shape-ops.js";
import { normalizeAxes } from "../shape.js";
import { inFloat32, parseAxisOpts, toMask, upcast } from "./util.js";

/** Options of `standardize`. */
export interface StandardizeOptions {
  /** Axis or axes the statistics are taken over (default -1; null for all). */
  axis?: Axis;
  /** A precomputed mean (broadcast against `x`, e.g. with kept axes). */
  mean?: ArrayLike;
  /** A precomputed variance (broadcast against `x`). */
  variance?: ArrayLike;
  /** Added to the variance before the square root (default 1e-5). */
  epsilon?: number;
  /** Which entries the statistics are computed from (every entry is standardized). */
  where?: ArrayLike;
}

/**
 * `(x - mean) / sqrt(variance + epsilon)` with the statistics over `axis` (default -1).
 * The variance defaults to `mean(x**2) - mean**2`, computed as `mean((x - mean)**2)` when the
 * mean is computed here too (the same value without cancellation, never negative). float16
 * inputs are computed in float32.
 *
 * @example
 * nn.standardize(np.array([1, 2, 3]));                  // [-1.2247357, 0, 1.2247357]
 * nn.standardize(x, { axis: [1, 2], epsilon: 1e-6 });
 * nn.standardize(x, 0, { mean: 0, variance: 4 });       // x / sqrt(4 + 1e-5)
 */
export function standardize(x: ArrayLike, axis?: Axis | StandardizeOptions, opts?: StandardizeOptions): Array {
  const op = "nn.standardize";
  const o = parseAxisOpts<StandardizeOptions>(axis, opts, -1, { op: "nn.standardize", accepted: ["axis", "mean", "variance", "epsilon", "where"] });
  const eps = o.epsilon ?? 1e-5;
  return inFloat32(op, x, (a) => {
    const axes = normalizeAxes(op, o.axis, a.ndim);
    const mask = o.where === undefined || o.where === null ? undefined : broadcastTo(toMask(op, o.where), a.shape);
    const avg = (v: Array): Array => {
      if (!mask) return npMean(v, axes, { keepdims: true });
      const n = sum(mask, axes, { keepdims: true }).astype(v.dtype);
      return sum(where(mask, v, 0), axes, { keepdims: true }).div(n);
    };
    const given = (v: ArrayLike) => upcast(asArray(op, v));
    let mu: Array;
    let variance: Array;
    if (o.mean === undefined || o.mean === null) {
      mu = avg(a);
      variance = o.variance === undefined || o.variance === null ? avg(square(a.sub(mu))) : given(o.variance);
    } else {
      mu = given(o.mean);
      variance = o.variance === undefined || o.variance === null ? avg(square(a)).sub(square(mu)) : given(o.variance);
    }
    return subtract(a, mu).mul(rsqrt(variance.add(eps)));
  });
}
