/**
 * The Hurwitz zeta function and the Bernoulli numbers, as `jax.scipy.special.zeta` (XLA's
 * algorithm: 10 terms of the sum, then the Euler-Maclaurin tail with 12 Bernoulli terms by
 * Horner's rule; JAX's domain rules) and `jax.scipy.special.bernoulli` (Chowla-Hartung).
 * Derivatives, as JAX's: the JVP of the Euler-Maclaurin expansion with N = M = 8 in both
 * arguments.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { jvp } from "../transforms/api.js";
import { floatCall } from "./util.js";

/** Bernoulli numbers B_2, B_4, ..., B_24 (exact rationals as doubles). */
const B2K = [
  1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330, 854513 / 138,
  -236364091 / 2730,
];

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** `(2k)! / B_2k` for k = 1..12. */
const COEFFS = B2K.map((b, i) => factorial(2 * (i + 1)) / b);

function zetaF32(x: Array, q: Array): Array {
  let a = q;
  const negX = x.neg();
  let initial = np.power(q, negX);
  for (let i = 0; i < 9; i++) {
    a = a.add(1);
    initial = initial.add(np.power(a, negX));
  }
  a = a.add(1);
  const negPower = np.power(a, negX);
  let s = initial.add(negPower.mul(a).div(x.sub(1)));
  const aInvSq = np.reciprocal(a.mul(a));
  let horner = np.zerosLike(a);
  for (let i = 0; i < 11; i++) {
    const factor = x.sub(22 - 2 * i).mul(x.sub(21 - 2 * i));
    horner = factor.mul(aInvSq).mul(horner.add(1 / COEFFS[11 - i]!));
  }
  s = s.add(negPower.mul(x.div(a).mul(horner.add(1 / COEFFS[0]!)).add(0.5)));
  let out = np.where(np.abs(negPower).lt(np.abs(initial).mul(2 ** -23)), initial, s);
  out = np.where(x.lt(1), NaN, out);
  const qLeZero = q.le(0);
  out = np.where(qLeZero.and(x.ne(np.floor(x))), NaN, out);
  const atPole = qLeZero.and(q.eq(np.floor(q)));
  const xEvenInt = np.fmod(x, 2).eq(0).and(x.eq(np.floor(x)));
  out = np.where(atPole, np.where(xEvenInt, Infinity, NaN), out);
  return np.where(x.eq(1), Infinity, out);
}

/** JAX's `_zeta_series_expansion` for float32 (N = M = 8), whose JVP is zeta's. */
function zetaSeries(s: Array, a: Array): Array {
  const N = 8;
  let S = np.zerosLike(a);
  for (let k = 0; k < N; k++) S = S.add(np.power(a.add(k), s.neg()));
  const I = np.power(a.add(N), np.subtract(1, s)).div(s.sub(1));
  const T0 = np.power(a.add(N), s.neg());
  let cum = np.onesLike(a);
  let T1sum = np.zerosLike(a);
  for (let m = 0; m < 2 * N; m++) {
    cum = cum.mul(s.add(m).div(a.add(N)));
    if (m % 2 === 0) T1sum = T1sum.add(np.minimum(cum, 3.4028234663852886e38).div(Math.fround(COEFFS[m / 2]!)));
  }
  const T = T0.mul(T1sum.add(0.5));
  return S.add(I).add(T);
}

const zetaCore = customJvp((x: Array, q: Array) => zetaF32(x, q));
zetaCore.defjvp(([x, q], [tx, tq]) => {
  const [, t] = jvp((a: Array, b: Array) => zetaSeries(a, b), [x, q], [tx, tq]);
  return [zetaCore(x, q), t];
});

/**
 * The Hurwitz zeta function `zeta(x, q) = sum_{k>=0} (k + q)^-x` (`jax.scipy.special.zeta`; q
 * is required, as in JAX). NaN for x < 1, Infinity at x = 1; for q <= 0, x must be an integer
 * (at the poles, the non-positive integer q, it is Infinity for even x and NaN otherwise).
 *
 * @example
 * special.zeta(2, 1); // 1.644934 (pi^2 / 6)
 */
export function zeta(x: ArrayLike, q?: ArrayLike): Array {
  if (q === undefined || q === null) {
    throw new TypeError("special.zeta: the Riemann zeta function is not implemented (as in JAX); pass q (zeta(x, 1) is the Riemann zeta).");
  }
  return floatCall("zeta", [x, q], (a, b) => zetaCore(a, b));
}

/** `zeta` on float32 arrays (for polygamma). */
export function zetaF32Jvp(x: Array, q: Array): Array {
  return zetaCore(x, q);
}

/**
 * The Bernoulli numbers B_0 ... B_n (`jax.scipy.special.bernoulli`, float32, with B_1 = -1/2),
 * by the Chowla-Hartung formula in float32 as JAX computes them.
 *
 * @example
 * special.bernoulli(4); // [1, -0.5, 0.16666667, 0, -0.033333335]
 */
export function bernoulli(n: number): Array {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`special.bernoulli: n must be a non-negative integer, got ${String(n)}.`);
  const b3 = [1, -1 / 2, 1 / 6];
  if (n < 3) return np.array(b3.slice(0, n + 1));
  const f = Math.fround;
  const out = new globalThis.Array<number>(n + 1).fill(0);
  b3.forEach((v, i) => (out[i] = f(v)));
  // float32 as JAX: q1 = (1/pi^2) cumprod(-(m-1) m / 4 / pi^2), q2 = sum_k k^-m for k in 2..49.
  const pi2 = f(Math.PI ** 2);
  let cum = 1;
  for (let m = 4; m <= n; m += 2) {
    cum = f(cum * f(f(f(f(-(m - 1)) * m) / 4) / pi2));
    let q2 = 0;
    for (let k = 2; k < 50; k++) q2 = f(q2 + f(Math.pow(k, -m)));
    out[m] = f(f(f(1 / Math.PI ** 2) * cum) * f(1 + q2));
  }
  return np.array(out);
}
