/**
 * `lgamma` (alias `gammaln`): the log of the absolute value of the gamma function.
 *
 * float32 algorithm, for z = x (x >= -0.5) or z = 1 - x (x < -0.5, then the reflection
 * `lgamma(x) = log(pi) - log|sin(pi x)| - lgamma(1 - x)` with `pi x` reduced exactly):
 * - |z| <= 0.5: `lgamma(1 + z) - log|z|`; 0.5 < z < 1.5: `lgamma(1 + t)` with t = z - 1 (exact);
 *   1.5 <= z < 6: `lgamma(2 + t) + log((z-1)...(z-k))` with t = z - k - 2 (exact);
 *   where `lgamma(2 + t) = t P(t)` (minimax fit, error 3e-11) and
 *   `lgamma(1 + t) = t P(t) - log1p(t)`, so the zeros at 1 and 2 keep full relative accuracy;
 * - z >= 6: Stirling's series `(z - 1/2)(log z - 1) + log sqrt(2 pi) - 1/2 + 1/(12z) - ...`
 *   (overflows to inf only where the result does, near 4e36).
 * Derivative (customJvp): digamma.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { polygammaCore } from "./digamma.js";
import { LOG_PI, LOG_SQRT_2PI, floatCall, guard, poly, stirlingCorrection } from "./util.js";

/** lgamma(2 + t) / t as a polynomial in t on [-0.5, 0.5] (fit error 3.1e-11). */
const LGAMMA2 = [0.42278433510634866, 0.32246703366143914, -0.06735230274564842, 0.02058078915663414, -0.007385491345151873, 0.0028909443299816057, -0.0011935240660168956, 0.0005057205907839472, -0.00021872455477411684, 0.00011489141447270246, -5.621912818530524e-05];

/** `lgamma(2 + t)` for |t| <= 0.5 (callers guard). */
export function lgamma2p(t: Array): Array {
  return t.mul(poly(t, LGAMMA2));
}

/** lgamma for z >= -0.5 (float32). */
function lgammaUpper(z: Array): Array {
  const a = np.abs(z).le(0.5);
  const b = z.gt(0.5).and(z.lt(1.5));
  const stir = z.ge(6);
  const c = a.or(b).or(stir).not();
  // Region C: k = floor(z - 1.5) steps (0 to 4) into [1.5, 2.5).
  const zc = guard(c, z, 2);
  const k = np.floor(zc.sub(1.5));
  let prod: Array = zc.sub(1);
  for (let j = 2; j <= 4; j++) prod = prod.mul(np.where(k.ge(j), zc.sub(j), 1));
  const logProd = np.where(k.ge(1), np.log(np.where(k.ge(1), prod, 1)), 0);
  const za = guard(a, z, 0.25);
  const t = np.where(a, za, np.where(b, z.sub(1), zc.sub(k).sub(2)));
  const base = lgamma2p(t);
  const near = np.where(c, base.add(logProd), base.sub(np.log1p(t)).sub(np.where(a, np.log(np.abs(za)), 0)));
  // Stirling.
  const zs = guard(stir, z, 6);
  const far = zs.sub(0.5).mul(np.log(zs).sub(1)).add(LOG_SQRT_2PI - 0.5).add(stirlingCorrection(zs));
  return np.where(stir, far, near);
}

/** lgamma (float32) without custom derivatives. */
function lgammaF32(x: Array): Array {
  const neg = x.lt(-0.5);
  const z = np.where(neg, np.negative(x).add(1), x);
  const upper = lgammaUpper(z);
  const xn = guard(neg, x, -0.75);
  const r = xn.sub(np.round(xn));
  const reflected = np.negative(np.log(np.abs(np.sin(r.mul(Math.PI))))).add(LOG_PI).sub(upper);
  return np.where(x.eq(-Infinity), -Infinity, np.where(neg, reflected, upper));
}

const lgammaCore = customJvp((x: Array) => lgammaF32(x));
lgammaCore.defjvp(([x], [t]) => [lgammaCore(x), t.mul(polygammaCore(0)(x))]);

/** lgamma on float32 arrays, with its custom derivative (for use inside `special`). */
export function lgammaF32Jvp(x: Array): Array {
  return lgammaCore(x);
}

/**
 * `log|Gamma(x)|`, as `jax.scipy.special.gammaln`. Accurate to a few float32 ulps for x > 0
 * (including the zeros at 1 and 2, tiny x where it is `-log x`, and huge x up to the overflow
 * near 4e36); for negative non-integers by reflection (absolute error of a few ulps of the
 * terms, so relative accuracy drops only next to its zeros there). `+inf` at 0 and the negative
 * integers, `lgamma(inf) = inf`, `lgamma(-inf) = -inf` (as scipy). Derivative: digamma.
 *
 * @example
 * special.lgamma(np.array([0.5, 1, 10, -0.5])); // [0.5723649, 0, 12.801827, 1.2655121]
 */
export function lgamma(x: ArrayLike): Array {
  return floatCall("lgamma", [x], (a) => lgammaCore(a));
}

/**
 * Alias of `lgamma` (the name used by `jax.scipy.special` and scipy).
 *
 * @example
 * special.gammaln(5); // 3.1780539 = log(24)
 */
export function gammaln(x: ArrayLike): Array {
  return floatCall("gammaln", [x], (a) => lgammaCore(a));
}
