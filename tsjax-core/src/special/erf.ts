/**
 * The error function family: `erf`, `erfc`, `erfcx`.
 *
 * float32 algorithm (coefficients are minimax fits made with mpmath; the relative error of each
 * fit is below 1e-9, far under float32 rounding):
 * - `|x| < 0.5`: `erf(x) = x P(x^2)`;
 * - `0.5 <= x < 2`: `erfcx(x) = Q(x - 1.25)`;
 * - `x >= 2`: `erfcx(x) = R(1/x^2) / x` (the asymptotic form, so `erfc` keeps its relative
 *   accuracy down to the smallest float32 values, about x = 10.05);
 * - `erfc(x) = exp(-x^2) erfcx(x)`, with `x^2` split into an exact head and a small tail so
 *   that `exp(-x^2)` is not spoiled by the rounding of `x^2`.
 * Derivatives of erf and erfc come from the closed form `2/sqrt(pi) exp(-x^2)` (customJvp);
 * erfcx is differentiated through its (guarded) formula.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { floatCall, guard, poly } from "./util.js";

/** 2 / sqrt(pi). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erf(x) / x as a polynomial in x^2 on |x| <= 0.5 (fit error 1.2e-11). */
const ERF_SMALL = [1.1283791670821626, -0.3761263851971373, 0.11283773817523562, -0.026863120861083473, 0.005200311704238963, -0.0007692894555632922];
/** erfcx(x) as a polynomial in x - 1.25 on [0.5, 2] (fit error 2.5e-10). */
const ERFCX_MID = [0.3678229163618439, -0.2088218762174875, 0.10679558332156534, -0.05021826786439972, 0.022011116118578193, -0.009081654412364276, 0.003554999792876108, -0.001325936060396252, 0.00046752351452720303, -0.0001617638855060605, 6.40117220463577e-05, -1.985848757040179e-05];
/** x erfcx(x) as a polynomial in 1/x^2 on [2, inf) (fit error 3.3e-10). */
const ERFCX_BIG = [0.5641895833644404, -0.2820945936309491, 0.4231066435917789, -1.0553270295982216, 3.6073735421982613, -14.461194904660621, 56.95171064545938, -186.18391033037813, 437.7462924250603, -633.0166363567762, 415.78294130534823];

/**
 * `exp(s * x^2 / d)` for s = -1 or 1 and d = 1 or 2, accurate to a few ulps: `x = xh + xl` with
 * `xh` a multiple of 1/16 (so `xh^2` is exact for |x| < 256) and `x^2 = xh^2 + (x - xh)(x + xh)`.
 */
export function expSq(x: Array, sign: 1 | -1, div: 1 | 2 = 1): Array {
  const xh = np.round(x.mul(16)).div(16);
  const head = xh.square().mul(sign / div);
  const tail = x.sub(xh).mul(x.add(xh)).mul(sign / div);
  return np.exp(head).mul(np.exp(tail));
}

/** `exp(-x^2)` for any x (inf gives 0). */
function gaussian(x: Array): Array {
  return expSq(np.minimum(np.abs(x), 20), -1);
}

/** `erf(x)` for |x| < 0.5 (callers guard larger x). */
export function erfSmall(x: Array): Array {
  return x.mul(poly(x.square(), ERF_SMALL));
}

/** `erfcx(x)` for x >= 0.5 (callers guard smaller x); 0 at inf. */
export function erfcxLarge(x: Array): Array {
  const mid = x.lt(2);
  const xm = guard(mid, x, 1.25);
  const xb = guard(mid.not(), x, 2);
  const vMid = poly(xm.sub(1.25), ERFCX_MID);
  const vBig = poly(np.reciprocal(xb.square()), ERFCX_BIG).div(xb);
  return np.where(mid, vMid, vBig);
}

/** `[erf(x), erfc(x)]` without custom derivatives (float32). */
function erfPair(x: Array): [Array, Array] {
  const ax = np.abs(x);
  const small = ax.lt(0.5);
  const e0 = erfSmall(guard(small, x, 0));
  // Beyond 12, erfc is 0 in float32; the clamp keeps exp(-x^2) away from inf - inf.
  const xl = np.minimum(guard(small.not(), ax, 1), 12);
  const tail = expSq(xl, -1).mul(erfcxLarge(xl));
  const pos = x.gt(0);
  const erf = np.where(small, e0, np.where(pos, np.negative(tail).add(1), tail.sub(1)));
  const erfc = np.where(small, np.negative(e0).add(1), np.where(pos, tail, np.negative(tail).add(2)));
  return [erf, erfc];
}

const erfCore = customJvp((x: Array) => erfPair(x)[0]);
erfCore.defjvp(([x], [t]) => [erfCore(x), t.mul(gaussian(x)).mul(TWO_OVER_SQRT_PI)]);

const erfcCore = customJvp((x: Array) => erfPair(x)[1]);
erfcCore.defjvp(([x], [t]) => [erfcCore(x), t.mul(gaussian(x)).mul(-TWO_OVER_SQRT_PI)]);

/** erfcx for all x (float32). Every branch is guarded, so its plain derivative is accurate. */
export function erfcxF32(x: Array): Array {
  const small = np.abs(x).lt(0.5);
  const neg = x.le(-0.5);
  const xs = guard(small, x, 0);
  const vSmall = expSq(xs, 1).mul(np.negative(erfSmall(xs)).add(1));
  const big = erfcxLarge(np.abs(np.where(small, 1, x)));
  // x <= -0.5: erfcx(x) = 2 exp(x^2) - erfcx(-x); exp(x^2) overflows to inf below about -9.4.
  const xn = np.maximum(guard(neg, x, -1), -20);
  const vNeg = expSq(xn, 1).mul(2).sub(big);
  return np.where(small, vSmall, np.where(neg, vNeg, big));
}

/**
 * The error function `erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt`, as
 * `jax.scipy.special.erf`. Accurate to a few float32 ulps everywhere; derivative
 * `2/sqrt(pi) exp(-x^2)`.
 *
 * @example
 * special.erf(np.array([0, 0.5, 3])); // [0, 0.5204999, 0.9999779]
 * special.erf(1);                       // 0.8427008
 */
export function erf(x: ArrayLike): Array {
  return floatCall("erf", [x], (a) => erfCore(a));
}

/**
 * The complementary error function `erfc(x) = 1 - erf(x)`, computed without cancellation: keeps
 * its relative accuracy for large x (erfc(9) = 4.1e-37) until it underflows near x = 10.05.
 *
 * @example
 * special.erfc(np.array([0, 2, 9])); // [1, 0.004677735, 4.1370e-37]
 */
export function erfc(x: ArrayLike): Array {
  return floatCall("erfc", [x], (a) => erfcCore(a));
}

/**
 * The scaled complementary error function `erfcx(x) = exp(x^2) erfc(x)` (as
 * `scipy.special.erfcx`): about `1 / (x sqrt(pi))` for large x, and no underflow; overflows to
 * inf for x below about -9.4.
 *
 * @example
 * special.erfcx(np.array([0, 1, 100])); // [1, 0.4275836, 0.005641613]
 */
export function erfcx(x: ArrayLike): Array {
  return floatCall("erfcx", [x], erfcxF32);
}
