/**
 * `betaln(a, b) = log|B(a, b)| = lgamma(a) + lgamma(b) - lgamma(a + b)`.
 *
 * With x = min(a, b), y = max(a, b), the large lgamma values that cancel are never formed:
 * - x >= 6: `log sqrt(2 pi) - log(y)/2 + (x - 1/2) log(x/(x+y)) + y log1p(-x/(x+y))
 *   + d(x) + d(y) - d(x+y)`, d the Stirling correction;
 * - 0 < x < 6 <= y: `lgamma(x) - (y - 1/2) log1p(x/y) - x log(x+y) + x + d(y) - d(x+y)`;
 * - otherwise (both small, or x <= 0): the direct sum.
 * Every branch is guarded, so betaln is differentiated through its formula (the derivatives of
 * these forms are accurate, unlike `digamma(a) - digamma(a + b)` for a >> b).
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { lgammaF32Jvp as lgamma } from "./gamma.js";
import { LOG_SQRT_2PI, floatCall, guard, stirlingCorrection as delta } from "./util.js";

/** betaln on float32 arrays of one shape. */
export function betalnF32(a: Array, b: Array): Array {
  // A swap, not min/max: at a == b derivatives then stay exact to every order.
  const swap = a.gt(b);
  const x = np.where(swap, b, a);
  const y = np.where(swap, a, b);
  const large = x.ge(6);
  const mixed = x.gt(0).and(x.lt(6)).and(y.ge(6));
  const direct = large.or(mixed).not();
  // both large
  const xl = guard(large, x, 6);
  const yl = guard(large, y, 6);
  const sl = xl.add(yl);
  const r = xl.div(sl);
  const vLarge = np.log(yl).mul(-0.5).add(LOG_SQRT_2PI)
    .add(xl.sub(0.5).mul(np.log(r)))
    .add(yl.mul(np.log1p(r.neg())))
    .add(delta(xl)).add(delta(yl)).sub(delta(sl));
  // x small, y large
  const xm = guard(mixed, x, 1);
  const ym = guard(mixed, y, 6);
  const sm = xm.add(ym);
  const vMixed = lgamma(xm)
    .sub(ym.sub(0.5).mul(np.log1p(xm.div(ym))))
    .sub(xm.mul(np.log(sm)))
    .add(xm)
    .add(delta(ym)).sub(delta(sm));
  // direct
  const ad = guard(direct, a, 1);
  const bd = guard(direct, b, 1);
  const vDirect = lgamma(ad).add(lgamma(bd)).sub(lgamma(ad.add(bd)));
  const v = np.where(large, vLarge, np.where(mixed, vMixed, vDirect));
  // B(x, inf) = 0 for x > 0.
  return np.where(y.eq(Infinity).and(x.gt(0)), -Infinity, v);
}

/**
 * The log of the absolute value of the beta function, `log|B(a, b)|`, as
 * `jax.scipy.special.betaln`. Accurate (relative error of a few float32 ulps) for positive
 * arguments, including very unequal ones (`betaln(1e6, 1) = -log(1e6)`); negative
 * non-integers use the direct sum of lgammas. Differentiable in a and b.
 *
 * @example
 * special.betaln(np.array([1, 2, 1e6]), np.array([1, 3, 1])); // [0, -2.4849067, -13.815511]
 */
export function betaln(a: ArrayLike, b: ArrayLike): Array {
  return floatCall("betaln", [a, b], betalnF32);
}
