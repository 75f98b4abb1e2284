/**
 * The Fresnel integrals, as `jax.scipy.special.fresnel` for float32 (Cephes' single-precision
 * polynomials for x^2 < 2.5625, the auxiliary functions f and g up to 36974, 1/2 beyond), with
 * `sin(pi x^2 / 2)` and `cos(pi x^2 / 2)` reduced exactly as JAX; derivatives those two.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { floatCall2, guard, polyval } from "./util.js";

const SN = [1.6476294637887e-9, -1.522754752581096e-7, 8.4247488085024e-6, -3.120693124703272e-4, 7.244727626597022e-3, -9.228055941124598e-2, 5.235987735681432e-1];
const CN = [1.416802502367354e-8, -1.157231412229871e-6, 5.387223446683264e-5, -1.604381798862293e-3, 2.818489036795073e-2, -2.467398198317899e-1, 9.999999760004487e-1];
const FN = [-1.903009855649792e12, 1.355942388050252e11, -4.158143148511033e9, 7.343848463587323e7, -8.732356681548485e5, 8.56051546627547e3, -1.032877601091159e2, 2.999401847870011e0];
const GN = [-1.86084399762465e11, 1.278350673393208e10, -3.779387713202229e8, 6.492611570598858e6, -7.787789623358162e4, 8.602931494734327e2, -1.493439396592284e1, 9.999841934744914e-1];

/** `[sin(pi x^2 / 2), cos(pi x^2 / 2)]`, reduced mod 2 before the multiplication by pi (JAX's). */
function sinCosPiSquaredHalf(x0: Array): [Array, Array] {
  const x = np.abs(x0);
  const s = np.fmod(x, 2);
  const r = np.fmod(s.mul(x.sub(s.div(2))), 2);
  const sinpi = np.where(r.lt(0.5), np.sin(r.mul(Math.PI)), np.where(r.gt(1.5), np.sin(r.sub(2).mul(Math.PI)), np.sin(r.sub(1).mul(Math.PI)).neg()));
  const cospi = np.where(r.eq(0.5), 0, np.where(r.lt(1), np.sin(r.sub(0.5).mul(Math.PI)).neg(), np.sin(r.sub(1.5).mul(Math.PI))));
  return [sinpi, cospi];
}

function fresnelF32(x0: Array): [Array, Array] {
  const x = np.abs(x0);
  const x2 = x.square();
  const small = x2.lt(2.5625);
  const large = x.gt(36974);
  const inf = np.isinf(x0);
  const t4 = x2.square();
  const sSmall = x.mul(x2).mul(polyval(SN, t4));
  const cSmall = x.mul(polyval(CN, t4));
  const xo = guard(small.or(large).or(inf).not(), x, 2);
  const [sinpi, cospi] = sinCosPiSquaredHalf(xo);
  const tt = xo.square().mul(Math.PI);
  const u = np.reciprocal(tt.square());
  const f = np.subtract(1, u.mul(polyval(FN, u)));
  const g = np.reciprocal(tt).mul(polyval(GN, u));
  const px = xo.mul(Math.PI);
  const cOther = np.add(0.5, f.mul(sinpi).sub(g.mul(cospi)).div(px));
  const sOther = np.subtract(0.5, f.mul(cospi).add(g.mul(sinpi)).div(px));
  let s = np.where(inf, 0.5, np.where(small, sSmall, np.where(large, 0.5, sOther)));
  let c = np.where(inf, 0.5, np.where(small, cSmall, np.where(large, 0.5, cOther)));
  const neg = x0.lt(0);
  s = np.where(neg, s.neg(), s);
  c = np.where(neg, c.neg(), c);
  return [s, c];
}

const fresnelCore = customJvp((x: Array): [Array, Array] => fresnelF32(x));
fresnelCore.defjvp(([x], [t]) => {
  const [sinpi, cospi] = sinCosPiSquaredHalf(x);
  return [fresnelCore(x), [sinpi.mul(t), cospi.mul(t)]];
});

/**
 * The Fresnel integrals `[S(x), C(x)]` of `sin(pi t^2 / 2)` and `cos(pi t^2 / 2)` from 0 to x
 * (`jax.scipy.special.fresnel`; odd in x).
 *
 * @example
 * const [s, c] = special.fresnel(np.array([0.5, 2])); // s [0.06473243, 0.34341568], c [0.49234423, 0.48825341]
 */
export function fresnel(x: ArrayLike): [Array, Array] {
  return floatCall2("fresnel", [x], (a) => fresnelCore(a));
}
