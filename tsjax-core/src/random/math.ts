/**
 * Float32 special functions the samplers need, written with array ops (so they run on every
 * device and under every transformation): `erf`, `erfinv`, `lgamma`, `digamma`. They follow
 * XLA's float32 approximations, which `jax.lax` uses, so samples agree with JAX's to a few
 * ulps (bit-exact agreement would need the same `log`, `exp` and `sin` implementations too).
 *
 * @internal Not part of the public API.
 */
import type { Array } from "../array/array.js";
import * as np from "../numpy/index.js";

/** Horner evaluation of a polynomial with coefficients in decreasing order. */
function poly(x: Array, coeffs: readonly number[]): Array {
  let p: Array = np.fullLike(x, coeffs[0]!);
  for (let i = 1; i < coeffs.length; i++) p = p.mul(x).add(coeffs[i]!);
  return p;
}

const ERF_ALPHA = [
  -2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5,
  -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2,
];
const ERF_BETA = [-1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3, -1.42647390514189e-2];

/**
 * The error function for float32 `x` (XLA's `ErfImpl32`: a rational approximation on
 * [-4, 4], where float32 erf reaches +-1).
 */
export function erf(x: Array): Array {
  const c = np.clip(x, -4, 4);
  const x2 = c.mul(c);
  return c.mul(poly(x2, ERF_ALPHA)).div(poly(x2, ERF_BETA));
}

const ERFINV_LT5 = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
  0.246640727, 1.50140941,
];
const ERFINV_GE5 = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
  1.00167406, 2.83297682,
];

/**
 * The inverse error function for float32 `x` in [-1, 1] (Giles' single-precision
 * approximation, as XLA's `ErfInv32`): +-inf at +-1, NaN outside.
 */
export function erfinv(x: Array): Array {
  const w0 = np.log1p(x.mul(x).neg()).neg();
  const small = w0.lt(5);
  const w = np.where(small, w0.sub(2.5), np.sqrt(w0).sub(3));
  let p: Array = np.where(small, ERFINV_LT5[0]!, ERFINV_GE5[0]!).astype(x.dtype);
  for (let i = 1; i < ERFINV_LT5.length; i++) {
    p = np.where(small, ERFINV_LT5[i]!, ERFINV_GE5[i]!).astype(x.dtype).add(p.mul(w));
  }
  return np.where(np.abs(x).eq(1), x.mul(Infinity), p.mul(x));
}

const LANCZOS_G = 7;
const LANCZOS_BASE = 0.99999999999980993227684700473478;
const LANCZOS = [
  676.520368121885098567009190444019, -1259.13921672240287047156078755283, 771.3234287776530788486528258894,
  -176.61502916214059906584551354, 12.507343278686904814458936853, -0.13857109526572011689554707,
  9.984369578019570859563e-6, 1.50563273514931155834e-7,
];
const LOG_SQRT_2PI = 0.91893853320467274178;
const LOG_PI = 1.14472988584940017414;

/** log|Gamma(x)| for float32 `x` (the Lanczos approximation with g = 7, as XLA's `Lgamma`). */
export function lgamma(x: Array): Array {
  const reflect = x.lt(0.5);
  const z = np.where(reflect, x.neg(), x.sub(1));
  let s: Array = np.fullLike(z, LANCZOS_BASE);
  LANCZOS.forEach((c, i) => (s = s.add(np.divide(c, z.add(i + 1)))));
  const t = z.add(LANCZOS_G + 0.5);
  const logT = np.log1p(z.div(LANCZOS_G + 0.5)).add(Math.log(LANCZOS_G + 0.5));
  const logY = z.add(0.5).sub(t.div(logT)).mul(logT).add(LOG_SQRT_2PI).add(np.log(s));
  // Reflection: lgamma(x) = log(pi) - log|sin(pi x)| - lgamma(1 - x).
  const ax = np.abs(x);
  const frac = ax.sub(np.floor(ax));
  const reduced = np.where(frac.gt(0.5), np.subtract(1, frac), frac);
  const denom = np.log(np.sin(reduced.mul(Math.PI)));
  const reflection = np.where(np.isfinite(denom), denom.neg().sub(logY).add(LOG_PI), denom.neg());
  const out = np.where(reflect, reflection, logY);
  return np.where(np.isinf(x), Infinity, out);
}

/** The digamma function psi(x) = d/dx lgamma(x) for float32 `x` (Lanczos, as XLA's `Digamma`). */
export function digamma(x: Array): Array {
  const reflect = x.lt(0.5);
  const z = np.where(reflect, x.neg(), x.sub(1));
  let num: Array = np.zerosLike(z);
  let den: Array = np.fullLike(z, LANCZOS_BASE);
  LANCZOS.forEach((c, i) => {
    const zi = z.add(i + 1);
    num = num.sub(np.divide(c, zi.mul(zi)));
    den = den.add(np.divide(c, zi));
  });
  const t = z.add(LANCZOS_G + 0.5);
  const logT = np.log1p(z.div(LANCZOS_G + 0.5)).add(Math.log(LANCZOS_G + 0.5));
  const y = logT.add(num.div(den)).sub(np.divide(LANCZOS_G, t));
  // Reflection: psi(x) = psi(1 - x) - pi / tan(pi x).
  const reduced = x.add(np.abs(np.floor(x.add(0.5))));
  const reflection = y.sub(np.cos(reduced.mul(Math.PI)).mul(Math.PI).div(np.sin(reduced.mul(Math.PI))));
  const out = np.where(reflect, reflection, y);
  return np.where(x.le(0).and(x.eq(np.floor(x))), NaN, out);
}
