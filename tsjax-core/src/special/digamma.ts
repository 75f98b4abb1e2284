/**
 * `digamma` and `polygamma`.
 *
 * digamma (float32), for z = x (x >= 0) or z = 1 - x (x < 0, then the reflection
 * `psi(x) = psi(1 - x) - pi cot(pi x)`, with `pi x` reduced exactly to (-pi/2, pi/2]):
 * - `z < 6`: recurrence into [1, 2) (`psi(z) = psi(z - k) + sum 1/(z - j)`, or `- 1/z` below 1)
 *   and a minimax polynomial (fit error 3.7e-9) in `z - x0`, where x0 = 1.4616... is the
 *   positive root of digamma, so the result keeps its relative accuracy next to the root;
 * - `z >= 6`: the asymptotic series `log z - 1/(2z) - sum B_2k / (2k z^2k)`.
 * polygamma(n, x), n >= 1 a JS integer: `(-1)^(n+1) n! sum_k 1/(x+k)^(n+1)` shifting x up to
 * at least max(6, n + 3), then the asymptotic series (7 Bernoulli terms, relative truncation
 * error below 3e-10); reflection for x < 0 with the polynomial in `cot(pi x)` of the n-th
 * derivative of `cot`.
 * Derivatives (customJvp): `digamma' = polygamma(1, x)`, `polygamma(n)' = polygamma(n + 1)`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp, type CustomJvpFunction } from "../transforms/custom.js";
import { floatCall, guard, poly } from "./util.js";

/** The positive root of digamma, split into a float32 head and a tail. */
const ROOT = 1.4616321449683623;
const ROOT_HI = Math.fround(ROOT);
const ROOT_LO = ROOT - ROOT_HI;
/** ROOT - 1, split the same way. */
const ROOT_M1_HI = Math.fround(ROOT - 1);
const ROOT_M1_LO = ROOT - 1 - ROOT_M1_HI;

/** digamma(x0 + u) / u as a polynomial in u, for x0 + u in [1, 2] (fit error 3.7e-9). */
const DIGAMMA_ROOT = [0.9676722478716383, -0.44276322957737485, 0.25849920497612433, -0.16393757413056348, 0.10784346664591593, -0.07232322553075067, 0.04858611635925235, -0.031936478294305994, 0.023374695371123515, -0.020650519056818053, 0.011118705677671906];

/** Bernoulli numbers B_2, B_4, ..., B_14. */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6];

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * `cot(pi x)`, from `s = |x - round(x)|` (exact): `1/tan(pi s)` for s <= 1/4, else
 * `tan(pi (1/2 - s))` (exact argument), so it keeps its relative accuracy next to its zeros.
 */
function cotPi(x: Array): Array {
  const r = x.sub(np.round(x));
  const s = np.abs(r);
  const low = s.le(0.25);
  const c = np.where(low, np.reciprocal(np.tan(s.mul(Math.PI))), np.tan(np.negative(s).add(0.5).mul(Math.PI)));
  return np.where(r.lt(0), np.negative(c), c);
}

/** digamma for z >= 0 (callers guard negative z). */
function digammaNonNeg(z: Array): Array {
  const below1 = z.lt(1);
  const asym = z.ge(6);
  // Recurrence into [1, 2): k = floor(z) - 1 steps down (0 to 4).
  const zr = guard(below1.or(asym).not(), z, 1.5);
  const k = np.floor(zr).sub(1);
  let sum: Array | undefined;
  for (let j = 1; j <= 4; j++) {
    const use = k.ge(j);
    const term = np.where(use, np.reciprocal(guard(use, zr, j + 1).sub(j)), 0);
    sum = sum ? sum.add(term) : term;
  }
  const r = zr.sub(k);
  const zb = guard(below1, z, 0.5);
  const u = np.where(below1, zb.sub(ROOT_M1_HI).sub(ROOT_M1_LO), r.sub(ROOT_HI).sub(ROOT_LO));
  const near = u.mul(poly(u, DIGAMMA_ROOT)).add(np.where(below1, np.reciprocal(zb).neg(), sum!));
  // Asymptotic series.
  const za = guard(asym, z, 6);
  const t = np.reciprocal(za.square());
  const series = t.mul(poly(t, BERNOULLI.slice(0, 5).map((b, i) => b / (2 * (i + 1)))));
  const far = np.log(za).sub(np.reciprocal(za).mul(0.5)).sub(series);
  return np.where(asym, far, near);
}

/** digamma (float32), without custom derivatives. */
function digammaF32(x: Array): Array {
  const neg = x.lt(0);
  const z = np.where(neg, np.negative(x).add(1), x);
  const psi = digammaNonNeg(z);
  const xn = guard(neg, x, -0.5);
  const reflected = psi.sub(cotPi(xn).mul(Math.PI));
  const pole = neg.and(np.floor(x).eq(x)); // negative integers and -inf
  return np.where(pole, NaN, np.where(neg, reflected, psi));
}

/**
 * Coefficients (increasing) of P_n with `d^n/dx^n cot(pi x) = pi^n P_n(cot(pi x))`:
 * P_0(c) = c, P_{k+1}(c) = -(1 + c^2) P_k'(c).
 */
function cotDerivativePoly(n: number): number[] {
  let p = [0, 1];
  for (let k = 0; k < n; k++) {
    const d = p.slice(1).map((v, i) => v * (i + 1)); // P'
    const next = new globalThis.Array<number>(d.length + 2).fill(0);
    d.forEach((v, i) => {
      next[i] = next[i]! - v;
      next[i + 2] = next[i + 2]! - v;
    });
    p = next;
  }
  return p;
}

/** polygamma(n, z) for z >= 0 and n >= 1. */
function polygammaNonNeg(n: number, z: Array): Array {
  const N = Math.max(6, n + 3);
  const sign = n % 2 === 1 ? 1 : -1;
  const shift = z.lt(N);
  let sum: Array | undefined;
  for (let k = 0; k < N; k++) {
    const term = np.power(z.add(k), -(n + 1));
    sum = sum ? sum.add(term) : term;
  }
  const y = np.where(shift, z.add(N), z);
  const t = np.reciprocal(y);
  // (n-1)! + n!/2 t + sum_k B_2k (2k+n-1)!/(2k)! t^2k, times t^n
  const coef = BERNOULLI.map((b, i) => (b * factorial(2 * (i + 1) + n - 1)) / factorial(2 * (i + 1)));
  const tail = t.square().mul(poly(t.square(), coef));
  const asym = np.power(t, n).mul(tail.add(t.mul(factorial(n) / 2)).add(factorial(n - 1)));
  const shifted = np.where(shift, sum!.mul(factorial(n)), 0);
  return shifted.add(asym).mul(sign);
}

/** polygamma (float32) without custom derivatives. */
function polygammaF32(n: number, x: Array): Array {
  const neg = x.lt(0);
  const z = np.where(neg, np.negative(x).add(1), x);
  const psi = polygammaNonNeg(n, z);
  const c = cotPi(guard(neg, x, -0.5));
  const reflected = psi.mul(n % 2 === 0 ? 1 : -1).sub(poly(c, cotDerivativePoly(n)).mul(Math.PI ** (n + 1)));
  const pole = neg.and(np.floor(x).eq(x)); // negative integers and -inf: (-1)^(n+1) inf, as scipy
  return np.where(pole, n % 2 === 1 ? Infinity : -Infinity, np.where(neg, reflected, psi));
}

const polygammaCores = new Map<number, CustomJvpFunction<[Array], Array>>();

/** The customJvp'd polygamma of order n (n = 0 is digamma). */
export function polygammaCore(n: number): CustomJvpFunction<[Array], Array> {
  let f = polygammaCores.get(n);
  if (!f) {
    const g = customJvp((x: Array) => (n === 0 ? digammaF32(x) : polygammaF32(n, x)));
    g.defjvp(([x], [t]) => [g(x), t.mul(polygammaCore(n + 1)(x))]);
    polygammaCores.set(n, g);
    f = g;
  }
  return f;
}

/**
 * The digamma function `psi(x) = d/dx log Gamma(x)`, as `jax.scipy.special.digamma`.
 * Accurate to a few float32 ulps for x > 0 (including next to its root 1.4616...); for x < 0
 * (by reflection) accurate to a few ulps of the terms, so relative accuracy is lower only next
 * to its negative roots. `psi(0) = -inf`, `psi(-0) = inf`, NaN at negative integers and -inf.
 * Derivative: `polygamma(1, x)`.
 *
 * @example
 * special.digamma(np.array([1, 0.5, 100])); // [-0.5772157, -1.9635100, 4.6001621]
 */
export function digamma(x: ArrayLike): Array {
  return floatCall("digamma", [x], (a) => polygammaCore(0)(a));
}
