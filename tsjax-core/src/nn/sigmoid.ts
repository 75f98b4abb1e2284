/**
 * Sigmoid-family activations: sigmoid, logSigmoid, softplus, silu (swish), softSign.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { customJvp } from "../transforms/custom.js";
import { logistic } from "../lax/lax.js";
import { abs, exp, log1p, maximum, negative } from "../numpy/elementwise.js";
import { inFloat32, toFloat } from "./util.js";

/**
 * Logistic sigmoid `1 / (1 + exp(-x))` (`lax.logistic`); 0 and 1 at the infinities.
 *
 * @example
 * nn.sigmoid(np.array([0, 2])); // [0.5, 0.8807971]
 */
export function sigmoid(x: ArrayLike): Array {
  return logistic(toFloat("nn.sigmoid", x));
}

/**
 * softplus as `logaddexp(x, 0)` = `max(x, 0) + log1p(exp(-|x|))`: no overflow for large `x`,
 * no underflow loss for very negative `x`. Its JVP is `t * sigmoid(x)`, like JAX's logaddexp
 * (smooth to every order, also at 0 where `max` and `|x|` have kinks).
 */
const softplusImpl = customJvp((x: Array) =>
  inFloat32("nn.softplus", x, (a) => maximum(a, 0).add(log1p(exp(negative(abs(a)))))),
);
softplusImpl.defjvp(([x], [t]) => [softplusImpl(x), t.mul(logistic(x))]);

/**
 * softplus `log(1 + exp(x))`, computed stably (as `jnp.logaddexp(x, 0)`): `x` for large `x`,
 * `exp(x)` for very negative `x`, `Infinity` at `Infinity`, 0 at `-Infinity`. Its derivative is
 * `sigmoid(x)`.
 *
 * @example
 * nn.softplus(np.array([0, 100, -100])); // [0.6931472, 100, 3.7e-44]
 */
export function softplus(x: ArrayLike): Array {
  return softplusImpl(toFloat("nn.softplus", x));
}

/**
 * `log(sigmoid(x))`, computed stably as `-softplus(-x)`.
 *
 * @example
 * nn.logSigmoid(np.array([0, -100])); // [-0.6931472, -100]
 */
export function logSigmoid(x: ArrayLike): Array {
  return negative(softplus(negative(toFloat("nn.logSigmoid", x))));
}

/**
 * SiLU (swish): `x * sigmoid(x)`. As in JAX, `-Infinity` gives NaN (`-inf * 0`).
 *
 * @example
 * nn.silu(np.array([0, 1])); // [0, 0.7310586]
 */
export function silu(x: ArrayLike): Array {
  const a = toFloat("nn.silu", x);
  return a.mul(logistic(a));
}

/**
 * Alias of {@link silu} (`jax.nn.swish`).
 *
 * @example
 * nn.swish(np.array([1])); // [0.7310586]
 */
export const swish = silu;

/**
 * Soft sign: `x / (|x| + 1)`.
 *
 * @example
 * nn.softSign(np.array([-3, 1])); // [-0.75, 0.5]
 */
export function softSign(x: ArrayLike): Array {
  const a = toFloat("nn.softSign", x);
  return a.div(abs(a).add(1));
}
