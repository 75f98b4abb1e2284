/**
 * The standard normal CDF `ndtr` and its logarithm `logNdtr`.
 *
 * Both are built on the pieces of `erf.ts` with the argument `x / sqrt(2)`, but the Gaussian
 * factor `exp(-x^2/2)` is computed from `x` itself (an exact head plus a small tail), so the
 * rounding of `x / sqrt(2)` does not cost relative accuracy in the tails:
 * - `ndtr(x) = 0.5 exp(-x^2/2) erfcx(-x/sqrt 2)` for `x <= -1/sqrt 2`, `1 - ndtr(-x)` above
 *   `1/sqrt 2`, and `0.5 + 0.5 erf(x/sqrt 2)` in between;
 * - `logNdtr(x) = log 0.5 - x^2/2 + log erfcx(-x/sqrt 2)` for `x <= -1/sqrt 2` (this is the
 *   asymptotic form: no underflow, finite down to about -2.6e19), and `log1p(-ndtr(-x))` above.
 * Derivatives (customJvp): `ndtr' = exp(-x^2/2)/sqrt(2 pi)`;
 * `logNdtr' = sqrt(2/pi) / erfcx(-x/sqrt 2)` for negative x (no 0/0), `ndtr'/ndtr` otherwise.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { erfSmall, erfcxF32, erfcxLarge, expSq } from "./erf.js";
import { SQRT_2PI, floatCall, guard } from "./util.js";

const SQRT1_2 = Math.SQRT1_2;
const LOG_HALF = -Math.LN2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The standard normal density `exp(-x^2/2) / sqrt(2 pi)` (0 at +-inf). */
function normPdf(x: Array): Array {
  return expSq(np.clip(x, -40, 40), -1, 2).div(SQRT_2PI);
}

/** `ndtr(x)` for x <= -1/sqrt(2) (callers guard larger x); x is clamped at -40 (result 0). */
function lowerTail(x: Array): Array {
  const xc = np.maximum(x, -40);
  return expSq(xc, -1, 2).mul(erfcxLarge(xc.mul(-SQRT1_2))).mul(0.5);
}

/** ndtr without custom derivatives (float32). */
function ndtrF32(x: Array): Array {
  const small = np.abs(x).lt(SQRT1_2);
  const vSmall = erfSmall(guard(small, x, 0).mul(SQRT1_2)).mul(0.5).add(0.5);
  const tail = lowerTail(np.negative(np.abs(guard(small.not(), x, 1))));
  return np.where(small, vSmall, np.where(x.lt(0), tail, np.negative(tail).add(1)));
}

const ndtrCore = customJvp((x: Array) => ndtrF32(x));
ndtrCore.defjvp(([x], [t]) => [ndtrCore(x), t.mul(normPdf(x))]);

function logNdtrF32(x: Array): Array {
  const low = x.lt(-SQRT1_2);
  const xl = guard(low, x, -1);
  const vLow = xl.mul(-0.5).mul(xl).add(LOG_HALF).add(np.log(erfcxLarge(xl.mul(-SQRT1_2))));
  const vHigh = np.log1p(np.negative(ndtrF32(np.negative(guard(low.not(), x, 0)))));
  return np.where(low, vLow, vHigh);
}

const logNdtrCore = customJvp((x: Array) => logNdtrF32(x));
logNdtrCore.defjvp(([x], [t]) => {
  const low = x.lt(-SQRT1_2);
  const dLow = np.reciprocal(erfcxF32(guard(low, x, -1).mul(-SQRT1_2))).mul(SQRT_2_OVER_PI);
  const xh = guard(low.not(), x, 0);
  const dHigh = normPdf(xh).div(ndtrCore(xh));
  return [logNdtrCore(x), t.mul(np.where(low, dLow, dHigh))];
});

/**
 * The standard normal cumulative distribution function
 * `ndtr(x) = (1 + erf(x / sqrt 2)) / 2`, as `jax.scipy.special.ndtr`. Keeps full relative
 * accuracy in the lower tail down to the float32 underflow (x about -14).
 *
 * @example
 * special.ndtr(np.array([0, 1.96, -5])); // [0.5, 0.9750021, 2.8665157e-7]
 */
export function ndtr(x: ArrayLike): Array {
  return floatCall("ndtr", [x], (a) => ndtrCore(a));
}

/**
 * `log(ndtr(x))`, accurate for every x: an asymptotic form for negative x (finite where
 * `ndtr` underflows: `logNdtr(-40) = -804.6`), `log1p(-ndtr(-x))` for positive x (tiny
 * negative values, not 0, up to about x = 14).
 *
 * @example
 * special.logNdtr(np.array([-40, 0, 5])); // [-804.6084, -0.6931472, -2.8665157e-7]
 */
export function logNdtr(x: ArrayLike): Array {
  return floatCall("logNdtr", [x], (a) => logNdtrCore(a));
}
