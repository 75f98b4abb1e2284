/**
 * Exponentially scaled modified Bessel functions of the first kind, `i0e` and `i1e`.
 *
 * float32 algorithm, with w = (x/8)^2 and t = 8/|x|:
 * - `|x| <= 8`: the power series `I0(x) = sum (x^2/4)^k / k!^2` and
 *   `I1(x) / x = 1/2 sum (x^2/4)^k / (k! (k+1)!)`, 20 terms in w (all positive, truncation
 *   below 1e-11 relative), times `exp(-|x|)`;
 * - `|x| > 8`: `sqrt(|x|) i0e(x)` and `sqrt(|x|) |i1e(x)|` as polynomials of degree 10 in t
 *   (Chebyshev fits made with mpmath, relative error below 7e-12).
 * Derivatives (customJvp, as JAX's primitives): `i0e' = i1e - sign(x) i0e` and
 * `i1e' = i0e - sign(x) i1e - i1e / x` (with `i1e / x` from the series near 0, so
 * `i1e'(0) = 1/2` exactly).
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { scan } from "../lax/control-flow.js";
import { checkOptions } from "../util/options.js";
import { floatCall, guard, poly } from "./util.js";

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** I0(x) as a polynomial in w = (x/8)^2. */
const I0_SERIES = globalThis.Array.from({ length: 20 }, (_, k) => 16 ** k / factorial(k) ** 2);
/** I1(x) / x as a polynomial in w = (x/8)^2. */
const I1_SERIES = globalThis.Array.from({ length: 20 }, (_, k) => (0.5 * 16 ** k) / (factorial(k) * factorial(k + 1)));
/** sqrt(x) i0e(x) as a polynomial in t = 8/x, x >= 8 (fit error 5.9e-12). */
const I0_FAR = [0.39894228039926066, 0.006233473660823592, 0.0004382698628374122, 5.7398011729817816e-05, 8.339383947286544e-06, 1.4410837889371603e-05, -3.1030309610414014e-05, 5.426444369765024e-05, -5.465078955259355e-05, 3.051573162013996e-05, -6.928877326959923e-06];
/** sqrt(x) i1e(x) as a polynomial in t = 8/x, x >= 8 (fit error 6.7e-12). */
const I1_FAR = [0.3989422804038313, -0.018700419976889888, -0.0007304618383107566, -8.025682021708102e-05, -1.1224043239902086e-05, -1.6051545868312526e-05, 3.357461584267508e-05, -5.869571716866727e-05, 5.888224162855266e-05, -3.2766701413122426e-05, 7.405991022285764e-06];

/** `[near, xn, af]`: the regime, the guarded input of the series and |x| guarded for the far form. */
function split(x: Array): [Array, Array, Array] {
  const near = np.abs(x).le(8);
  return [near, guard(near, x, 1), np.abs(guard(near.not(), x, 16))];
}

function i0eF32(x: Array): Array {
  const [near, xn, af] = split(x);
  const vNear = np.exp(np.negative(np.abs(xn))).mul(poly(xn.mul(0.125).square(), I0_SERIES));
  const vFar = poly(np.reciprocal(af).mul(8), I0_FAR).div(np.sqrt(af));
  return np.where(near, vNear, vFar);
}

/** `i1e(x) / x` (even; 1/2 at 0). */
function i1eOverX(x: Array): Array {
  const [near, xn, af] = split(x);
  const vNear = np.exp(np.negative(np.abs(xn))).mul(poly(xn.mul(0.125).square(), I1_SERIES));
  const vFar = poly(np.reciprocal(af).mul(8), I1_FAR).div(np.sqrt(af).mul(af));
  return np.where(near, vNear, vFar);
}

function i1eF32(x: Array): Array {
  const [near, xn, af] = split(x);
  const vNear = xn.mul(np.exp(np.negative(np.abs(xn))).mul(poly(xn.mul(0.125).square(), I1_SERIES)));
  const vFar = poly(np.reciprocal(af).mul(8), I1_FAR).div(np.sqrt(af)).mul(np.sign(x));
  return np.where(near, vNear, vFar);
}

const i0eCore = customJvp((x: Array) => i0eF32(x));
const i1eCore = customJvp((x: Array) => i1eF32(x));
i0eCore.defjvp(([x], [t]) => {
  const y = i0eCore(x);
  return [y, t.mul(i1eCore(x).sub(np.sign(x).mul(y)))];
});
i1eCore.defjvp(([x], [t]) => {
  const y = i1eCore(x);
  return [y, t.mul(i0eCore(x).sub(np.sign(x).mul(y)).sub(i1eOverX(x)))];
});

/**
 * The exponentially scaled modified Bessel function of order 0, `exp(-|x|) I0(x)`, as
 * `jax.scipy.special.i0e`: even, 1 at 0, about `1 / sqrt(2 pi |x|)` for large |x| (no
 * overflow). Accurate to a few float32 ulps. Derivative `i1e(x) - sign(x) i0e(x)`.
 *
 * @example
 * special.i0e(np.array([0, 1, 100])); // [1, 0.4657596, 0.03994437]
 */
export function i0e(x: ArrayLike): Array {
  return floatCall("i0e", [x], (a) => i0eCore(a));
}

/**
 * The exponentially scaled modified Bessel function of order 1, `exp(-|x|) I1(x)`, as
 * `jax.scipy.special.i1e`: odd, about `x / 2` near 0, about `sign(x) / sqrt(2 pi |x|)` for
 * large |x|. Accurate to a few float32 ulps. Derivative `i0e(x) - (sign(x) + 1/x) i1e(x)`
 * (1/2 at 0).
 *
 * @example
 * special.i1e(np.array([0, 1, -100])); // [0, 0.2079104, -0.03974415]
 */
export function i1e(x: ArrayLike): Array {
  return floatCall("i1e", [x], (a) => i1eCore(a));
}

/**
 * The modified Bessel function of order 0, `I0(x) = exp(|x|) i0e(x)` (`jax.scipy.special.i0`;
 * overflows to Infinity beyond |x| of about 88.7).
 *
 * @example
 * special.i0(np.array([0, 1, 5])); // [1, 1.2660658, 27.239872]
 */
export function i0(x: ArrayLike): Array {
  return floatCall("i0", [x], (a) => np.exp(np.abs(a)).mul(i0eCore(a)));
}

/**
 * The modified Bessel function of order 1, `I1(x) = exp(|x|) i1e(x)` (`jax.scipy.special.i1`).
 *
 * @example
 * special.i1(np.array([0, 1, -5])); // [0, 0.5651591, -24.335642]
 */
export function i1(x: ArrayLike): Array {
  return floatCall("i1", [x], (a) => np.exp(np.abs(a)).mul(i1eCore(a)));
}

/** Options of `besselJn`. */
export interface BesselJnOptions {
  /** The highest order returned (orders 0..v; default 0). */
  v?: number;
  /** Iterations of the backward recurrence (default 50). */
  nIter?: number;
}

/**
 * Bessel functions of the first kind of orders 0..v (`jax.scipy.special.bessel_jn`): an array
 * `[v + 1, ...z.shape]`, by Miller's backward recurrence from order `nIter`, normalized with
 * `J0 + 2 J2 + 2 J4 + ... = 1` (accurate for |z| well below nIter).
 *
 * @example
 * special.besselJn(np.array([1, 2.5]), { v: 2 }); // [[J0(1), J0(2.5)], [J1(1), J1(2.5)], [J2(1), J2(2.5)]]
 */
export function besselJn(z: ArrayLike, options?: BesselJnOptions): Array {
  const op = "special.besselJn";
  const o = checkOptions(op, options, { accepted: ["v", "nIter"], signature: `${op}(z, { v, nIter })` });
  const v = o.v ?? 0;
  const nIter = o.nIter ?? 50;
  for (const [name, val] of [["v", v], ["nIter", nIter]] as const) {
    if (!Number.isInteger(val) || val < 0) throw new TypeError(`${op}: ${name} must be a non-negative integer, got ${String(val)}.`);
  }
  if (v > nIter) throw new TypeError(`${op}: v (${v}) must be at most nIter (${nIter}).`);
  return floatCall("besselJn", [z], (x) => {
    type C = [Array, Array, Array];
    const zero = np.zerosLike(x);
    const ks = np.arange(nIter + 1).astype("float32");
    const [[, , bs], vals] = scan(
      ([f0, f1, b]: C, k: Array): [C, Array] => {
        const f = k.add(1).mul(2).mul(f1).div(x).sub(f0);
        const even = np.fmod(k, 2).eq(0);
        return [[f1, f, np.where(even, b.add(f.mul(2)), b)], f];
      },
      [zero, np.fullLike(x, 1e-16), zero] as C,
      ks,
      { reverse: true },
    );
    const f = vals.get(0);
    return vals.get(`0:${v + 1}`).div(bs.sub(f));
  });
}
