/**
 * Float32 special functions the samplers need, written with array ops (so they run on every
 * device and under every transformation): `erf`, `erfinv`, `lgamma`, `digamma`, and XLA's own
 * float32 `log` and `log1p`. They follow XLA's float32 approximations, which `jax.lax` uses.
 *
 * `erfinv` is bit-exact with XLA's CPU code: its polynomial (Giles') is evaluated with fused
 * multiply-adds, as XLA's compiled kernels do, on XLA's `log1p` (a Cephes rational function
 * near 0, else `log(1 + x)`) and XLA's `log` (the Cephes polynomial of Eigen's `plog`, with
 * the same fused multiply-adds). So `random.normal` gives JAX's bits.
 *
 * @internal Not part of the public API.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/lax.js";
import { bind1 } from "../core/bind.js";
import { fmaPrim } from "../primitives/elementwise.js";
import { promoteAndBroadcast } from "../numpy/convert.js";
import { customJvp } from "../transforms/custom.js";

/** `a * b + c` rounded once (a fused multiply-add, as XLA contracts `add(mul(a, b), c)`). */
export function fma(a: ArrayLike, b: ArrayLike, c: ArrayLike): Array {
  return bind1(fmaPrim, promoteAndBroadcast("fma", [a, b, c]), {});
}

const CEPHES_LOG = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
];
const LOG_Q1 = -2.1219444e-4;
const LOG_Q2 = 0.693359375;

/**
 * Natural log of float32 `y` as XLA's CPU backend computes it (Eigen's Cephes `plog`): `y`'s
 * mantissa `m` in [sqrt(1/2), sqrt(2)) and exponent `e`, then `log(m)` by a degree-8 polynomial
 * in `m - 1` and `e log 2` added in two parts.
 */
export function xlaLog(y: Array): Array {
  const p = CEPHES_LOG;
  const bits = lax.bitcastConvertType(np.maximum(y, 2 ** -126), "int32");
  const e0 = np.rightShift(bits, 23).sub(127).astype("float32").add(1);
  const m = lax.bitcastConvertType(np.bitwiseOr(np.bitwiseAnd(bits, ~0x7f800000), 0x3f000000), "float32");
  const below = m.lt(0.707106781186547524);
  let x = m.sub(1).add(np.where(below, m, 0));
  const e = e0.sub(np.where(below, 1, 0));
  const x2 = x.mul(x);
  const x3 = x2.mul(x);
  let a = fma(x, p[0]!, p[1]!);
  let b = fma(x, p[3]!, p[4]!);
  let c = fma(x, p[6]!, p[7]!);
  a = fma(a, x, p[2]!);
  b = fma(b, x, p[5]!);
  c = fma(c, x, p[8]!);
  a = fma(fma(fma(a, x3, b), x3, c), x3, e.mul(LOG_Q1));
  x = x.sub(x2.mul(0.5)).add(a).add(e.mul(LOG_Q2));
  const special = np.where(y.eq(0), -Infinity, np.where(y.eq(Infinity), Infinity, NaN));
  return np.where(y.gt(0).and(y.lt(Infinity)), x, special);
}

const LOG1P_NUM = [
  4.5270000862445199635215e-5, 4.9854102823193375972212e-1, 6.5787325942061044846969, 2.9911919328553073277375e1,
  6.0949667980987787057556e1, 5.7112963590585538103336e1, 2.0039553499201281259648e1,
];
const LOG1P_DEN = [
  1, 1.5062909083469192043167e1, 8.3047565967967209469434e1, 2.2176239823732856465394e2, 3.0909872225312059774938e2,
  2.1642788614495947685003e2, 6.0118660497603843919306e1,
];

/** Horner evaluation with fused multiply-adds, coefficients in decreasing order. */
function polyFma(x: Array, coeffs: readonly number[]): Array {
  let p: Array = np.fullLike(x, coeffs[0]!);
  for (let i = 1; i < coeffs.length; i++) p = fma(p, x, coeffs[i]!);
  return p;
}

/**
 * `log(1 + x)` of float32 `x` as XLA's CPU backend computes it: for `|x| < sqrt(2) - 1` the
 * Cephes rational approximation `x - x^2/2 + x^3 P(x)/Q(x)`, else `xlaLog(1 + x)`.
 */
export function xlaLog1p(x: Array): Array {
  const small = np.abs(x).lt(0.41421356237309504880);
  const x2 = x.mul(x);
  const r = polyFma(x, LOG1P_NUM).div(polyFma(x, LOG1P_DEN));
  const nearZero = x.add(fma(x2, -0.5, x.mul(x2).mul(r)));
  return np.where(small, nearZero, xlaLog(x.add(1)));
}

/** Odd numerator (x^9 ... x^1) and even denominator (x^12 ... x^0) of XLA's float32 erf (Eigen's). */
const ERF_ALPHA = [0.00022905065861350646, 0.0034082910107109506, 0.050955695062380861, 0.18520832239976145, 1.128379143519084];
const ERF_BETA = [
  -1.1791602954361697e-7, 0.000023547966471313185, 0.0010179625278914885, 0.014070470171167667, 0.11098505178285362,
  0.49746925110067538, 1,
];

/**
 * The error function for float32 `x`, bit for bit as XLA's CPU backend (Eigen's rational
 * interpolant, evaluated with fused multiply-adds): `x P(x^2) / Q(x^2)`, and +-1 from
 * |x| >= 3.8325069 (where erf rounds to 1).
 */
export function erf(x: Array): Array {
  const x2 = x.mul(x);
  const p = x.mul(polyFma(x2, ERF_ALPHA));
  const q = polyFma(x2, ERF_BETA);
  return np.where(np.abs(x).ge(3.832506856900711), np.where(x.lt(0), -1, 1).astype(x.dtype), p.div(q));
}

const ERFINV_LT5 = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
  0.246640727, 1.50140941,
];
const ERFINV_GE5 = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
  1.00167406, 2.83297682,
];

function erfinvXla(x: Array): Array {
  const w0 = xlaLog1p(x.neg().mul(x)).neg();
  const small = w0.lt(5);
  const w = np.where(small, w0.sub(2.5), np.sqrt(w0).sub(3));
  let p: Array = np.where(small, ERFINV_LT5[0]!, ERFINV_GE5[0]!).astype(x.dtype);
  for (let i = 1; i < ERFINV_LT5.length; i++) {
    p = fma(p, w, np.where(small, ERFINV_LT5[i]!, ERFINV_GE5[i]!).astype(x.dtype));
  }
  return np.where(np.abs(x).eq(1), x.mul(Infinity), p.mul(x));
}

const erfinvCore = customJvp((x: Array) => erfinvXla(x));
erfinvCore.defjvp(([x], [t]) => {
  const y = erfinvCore(x);
  return [y, t.mul(np.exp(np.square(np.clip(y, -20, 20)))).mul(Math.sqrt(Math.PI) / 2)];
});

/**
 * The inverse error function for float32 `x` in [-1, 1] (Giles' single-precision
 * approximation, as XLA's `ErfInv32`, bit for bit): +-inf at +-1, NaN outside. Differentiable
 * (`erfinv'(x) = sqrt(pi)/2 exp(erfinv(x)^2)`).
 */
export function erfinv(x: Array): Array {
  return erfinvCore(x);
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
