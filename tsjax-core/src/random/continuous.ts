/**
 * Continuous samplers by inverse CDF of one uniform draw, as JAX: `exponential`, `laplace`,
 * `logistic`, `gumbel`, `cauchy`.
 */
import type { Array } from "../array/array.js";
import * as np from "../numpy/index.js";
import { type ShapeLike, checkKey, toShape } from "./keys.js";
import { type FloatDType, finfo, floatDType, uniformRaw } from "./uniform.js";
import type { DTypeOptions } from "./normal.js";
import { samplerArgs } from "./args.js";

function prepare(op: string, k: Array, shape: ShapeLike | DTypeOptions | undefined, opts: DTypeOptions | undefined): [number[], FloatDType] {
  checkKey(op, k);
  const a = samplerArgs(op, `${op}(key, shape?, { dtype })`, ["shape", "dtype"], shape, opts);
  return [toShape(op, a.shape), floatDType(op, a.opts.dtype)];
}

/** Standard exponential samples of `shape` from one key (no checks): `-log1p(-u)`. */
export function exponentialRaw(k: Array, shape: readonly number[], dtype: FloatDType): Array {
  return np.log1p(uniformRaw(k, shape, dtype).neg()).neg();
}

/**
 * Standard exponential samples, density `e^-x` on `x >= 0` (`jax.random.exponential`:
 * `-log1p(-u)`).
 *
 * @example
 * const waits = random.exponential(random.key(0), [100]).div(rate);
 */
export function exponential(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const [s, dtype] = prepare("random.exponential", k, shape, opts);
  return exponentialRaw(k, s, dtype);
}

/**
 * Standard Laplace samples, density `e^-|x| / 2` (`jax.random.laplace`:
 * `sign(u) * log1p(-|u|)` for `u` uniform in `(-1, 1)`).
 *
 * @example
 * const noise = random.laplace(random.key(0), [10]).mul(scale);
 */
export function laplace(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const [s, dtype] = prepare("random.laplace", k, shape, opts);
  const u = uniformRaw(k, s, dtype, -1 + finfo(dtype).epsneg, 1);
  return np.sign(u).mul(np.log1p(np.abs(u).neg()));
}

/**
 * Standard logistic samples, density `e^-x / (1 + e^-x)^2` (`jax.random.logistic`:
 * `log(u / (1 - u))` for `u` uniform in `[eps, 1)`).
 *
 * @example
 * const x = random.logistic(random.key(0), [5]);
 */
export function logistic(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const [s, dtype] = prepare("random.logistic", k, shape, opts);
  const u = uniformRaw(k, s, dtype, finfo(dtype).eps, 1);
  return np.log(u.div(np.subtract(1, u)));
}

/** Standard Gumbel samples of `shape` from one key (no checks): `-log(-log(u))`. */
export function gumbelRaw(k: Array, shape: readonly number[], dtype: FloatDType): Array {
  const u = uniformRaw(k, shape, dtype, finfo(dtype).tiny, 1);
  return np.log(np.log(u).neg()).neg();
}

/**
 * Standard Gumbel samples, density `e^-(x + e^-x)` (`jax.random.gumbel`: `-log(-log(u))` for
 * `u` uniform in `[tiny, 1)`).
 *
 * @example
 * const g = random.gumbel(random.key(0), [4]);
 */
export function gumbel(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const [s, dtype] = prepare("random.gumbel", k, shape, opts);
  return gumbelRaw(k, s, dtype);
}

/**
 * Standard Cauchy samples, density `1 / (pi (1 + x^2))` (`jax.random.cauchy`:
 * `tan(pi (u - 1/2))` for `u` uniform in `[eps, 1)`).
 *
 * @example
 * const c = random.cauchy(random.key(0), [3]);
 */
export function cauchy(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const [s, dtype] = prepare("random.cauchy", k, shape, opts);
  const u = uniformRaw(k, s, dtype, finfo(dtype).eps, 1);
  return np.tan(u.sub(0.5).mul(Math.PI));
}
