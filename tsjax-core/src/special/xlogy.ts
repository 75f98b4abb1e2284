/**
 * Elementary functions of `special`: `xlogy`, `xlog1py`, `logit`, `expit`.
 *
 * - `xlogy` / `xlog1py` are 0 wherever x == 0 (whatever y is, as scipy and JAX); their
 *   derivatives (customJvp, as JAX's) are `d/dx = log(y)` (`log1p(y)`) and
 *   `d/dy = x / y` (`x / (1 + y)`), the latter taken as 0 where x == 0, so that a zero weight
 *   never produces NaN gradients (not even at y == 0).
 * - `logit(p) = log(p / (1 - p))`, computed as `log1p((2p - 1) / (1 - p))` for p >= 1/4 (both
 *   `2p - 1` and, for p >= 1/2, `1 - p` are exact), so it keeps its relative accuracy next to
 *   its root at 1/2 and next to 1; derivative `1 / (p (1 - p))` (customJvp, as JAX).
 * - `expit` is `lax.logistic`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { logistic } from "../lax/lax.js";
import { customJvp } from "../transforms/custom.js";
import { floatCall, guard } from "./util.js";

const xlogyCore = customJvp((x: Array, y: Array) => np.where(x.eq(0), 0, x.mul(np.log(y))));
xlogyCore.defjvp(([x, y], [tx, ty]) => {
  const zero = x.eq(0);
  const dy = np.where(zero, 0, x.div(guard(zero.not(), y, 1)));
  return [xlogyCore(x, y), tx.mul(np.log(y)).add(ty.mul(dy))];
});

const xlog1pyCore = customJvp((x: Array, y: Array) => np.where(x.eq(0), 0, x.mul(np.log1p(y))));
xlog1pyCore.defjvp(([x, y], [tx, ty]) => {
  const zero = x.eq(0);
  const dy = np.where(zero, 0, x.div(guard(zero.not(), y, 0).add(1)));
  return [xlog1pyCore(x, y), tx.mul(np.log1p(y)).add(ty.mul(dy))];
});

/**
 * `x * log(y)`, and 0 wherever `x == 0` (even for y = 0 or NaN), as
 * `jax.scipy.special.xlogy`. Its gradient is finite at x = 0: `d/dx = log(y)`,
 * `d/dy = x / y` (0 where x == 0).
 *
 * @example
 * special.xlogy(np.array([0, 2, 3]), np.array([0, Math.E, 1])); // [0, 2, 0]
 */
export function xlogy(x: ArrayLike, y: ArrayLike): Array {
  return floatCall("xlogy", [x, y], (a, b) => xlogyCore(a, b));
}

/**
 * `x * log1p(y)`, and 0 wherever `x == 0` (even for y = -1), as `jax.scipy.special.xlog1py`.
 * Derivatives `d/dx = log1p(y)`, `d/dy = x / (1 + y)` (0 where x == 0).
 *
 * @example
 * special.xlog1py(np.array([0, 2, 1]), np.array([-1, Math.E - 1, 1e-10])); // [0, 2, 1e-10]
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): Array {
  return floatCall("xlog1py", [x, y], (a, b) => xlog1pyCore(a, b));
}

function logitF32(p: Array): Array {
  const hi = p.ge(0.25);
  const ph = guard(hi, p, 0.5);
  const vHi = np.log1p(ph.mul(2).sub(1).div(np.negative(ph).add(1)));
  const pl = guard(hi.not(), p, 0.1);
  const vLo = np.log(pl).sub(np.log1p(np.negative(pl)));
  return np.where(hi, vHi, vLo);
}

const logitCore = customJvp((p: Array) => logitF32(p));
logitCore.defjvp(([p], [t]) => [logitCore(p), t.div(p.mul(np.negative(p).add(1)))]);

/**
 * The logit function `log(p / (1 - p))`, the inverse of `expit`, as
 * `jax.scipy.special.logit`: `-inf` at 0, `inf` at 1, NaN outside [0, 1]. Accurate to a few
 * float32 ulps everywhere, including next to 1/2 and 1. Derivative `1 / (p (1 - p))`.
 *
 * @example
 * special.logit(np.array([0.5, 0.75, 1e-10])); // [0, 1.0986123, -23.02585]
 */
export function logit(p: ArrayLike): Array {
  return floatCall("logit", [p], (a) => logitCore(a));
}

/**
 * The logistic sigmoid `1 / (1 + exp(-x))`, the inverse of `logit`, as
 * `jax.scipy.special.expit` (`lax.logistic`).
 *
 * @example
 * special.expit(np.array([0, 2, -100])); // [0.5, 0.8807971, 3.7200760e-44]
 */
export function expit(x: ArrayLike): Array {
  return floatCall("expit", [x], (a) => logistic(a));
}
