/**
 * Entropy-style functions and Box-Cox transforms, as `jax.scipy.special`: `entr`, `relEntr`,
 * `klDiv`, `boxcox`, `boxcox1p`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { xlogy } from "./xlogy.js";
import { floatCall } from "./util.js";

/** `x log x` (0 at 0), with derivative `log x + 1` (JAX's `_xlogx`). */
const xlogx = customJvp((x: Array) => xlogy(x, x));
xlogx.defjvp(([x], [t]) => [xlogx(x), t.mul(np.log(x).add(1))]);

/**
 * Elementwise entropy `-x log x` (0 at 0, `-Infinity` for x < 0), as `jax.scipy.special.entr`.
 *
 * @example
 * special.entr(np.array([0, 0.5, 1, -1])); // [0, 0.34657359, 0, -Infinity]
 */
export function entr(x: ArrayLike): Array {
  return floatCall("entr", [x], (a) => np.where(a.lt(0), -Infinity, xlogx(a).neg()));
}

function relEntrF32(p: Array, q: Array): Array {
  const both = p.gt(0).and(q.gt(0));
  const oneZero = p.eq(0).and(q.ge(0));
  const sp = np.where(both, p, 1);
  const sq = np.where(both, q, 1);
  const v = xlogx(sp).sub(xlogy(sp, sq));
  return np.where(both, v, np.where(oneZero, 0, Infinity));
}

/**
 * Relative entropy `p log(p / q)` elementwise (`jax.scipy.special.rel_entr`): 0 where p = 0 and
 * q >= 0, `Infinity` for other non-positive inputs.
 *
 * @example
 * special.relEntr(np.array([0.5, 0, 1]), np.array([0.25, 1, 0])); // [0.34657359, 0, Infinity]
 */
export function relEntr(p: ArrayLike, q: ArrayLike): Array {
  return floatCall("relEntr", [p, q], relEntrF32);
}

/**
 * Kullback-Leibler divergence terms `p log(p / q) - p + q` (`jax.scipy.special.kl_div`).
 *
 * @example
 * special.klDiv(np.array([0.5, 0]), np.array([0.25, 1])); // [0.59657359, 1]
 */
export function klDiv(p: ArrayLike, q: ArrayLike): Array {
  return floatCall("klDiv", [p, q], (a, b) => relEntrF32(a, b).sub(a).add(b));
}

function boxcoxOf(logX: Array, lmbda: Array): Array {
  const zero = lmbda.eq(0);
  const safe = np.where(zero, 1, lmbda);
  return np.where(zero, logX, np.expm1(safe.mul(logX)).div(safe));
}

/**
 * The Box-Cox transform `(x^lambda - 1) / lambda`, `log x` at lambda = 0
 * (`jax.scipy.special.boxcox`, computed as `expm1(lambda log x) / lambda`).
 *
 * @example
 * special.boxcox(np.array([1, 2, 4]), 0.5); // [0, 0.8284271, 2]
 */
export function boxcox(x: ArrayLike, lmbda: ArrayLike): Array {
  return floatCall("boxcox", [x, lmbda], (a, l) => boxcoxOf(np.log(a), l));
}

/**
 * The Box-Cox transform of `1 + x` (`jax.scipy.special.boxcox1p`), accurate for small x.
 *
 * @example
 * special.boxcox1p(np.array([0, 1e-4]), 2); // [0, 1.00005e-4]
 */
export function boxcox1p(x: ArrayLike, lmbda: ArrayLike): Array {
  return floatCall("boxcox1p", [x, lmbda], (a, l) => boxcoxOf(np.log1p(a), l));
}
