/**
 * Piecewise-linear activations: relu, relu6, leakyRelu, hardTanh, hardSigmoid, hardSilu.
 * Derivatives at the kinks follow JAX: relu and relu6 have custom JVPs that give 0 at their
 * corners (x = 0, and x = 6 for relu6).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { customJvp } from "../transforms/custom.js";
import { logicalAnd, maximum, minimum, multiply, where } from "../numpy/elementwise.js";
import { inFloat32, toArray, toFloat } from "./util.js";

const reluImpl = customJvp((x: Array) => maximum(x, 0));
reluImpl.defjvp(([x], [t]) => [reluImpl(x), where(x.gt(0), t, 0)]);

/**
 * Rectified linear unit, `max(x, 0)`. Its derivative is 1 for `x > 0` and 0 elsewhere, including
 * at 0 (as JAX). NaN stays NaN; integer inputs keep their dtype.
 *
 * @example
 * nn.relu(np.array([-2, 0, 3])); // [0, 0, 3]
 */
export function relu(x: ArrayLike): Array {
  return reluImpl(toArray("nn.relu", x));
}

const relu6Impl = customJvp((x: Array) => minimum(maximum(x, 0), 6));
relu6Impl.defjvp(([x], [t]) => [relu6Impl(x), where(logicalAnd(x.gt(0), x.lt(6)), t, 0)]);

/**
 * `min(max(x, 0), 6)`. Its derivative is 1 on `(0, 6)` and 0 elsewhere, including at 0 and 6
 * (as JAX).
 *
 * @example
 * nn.relu6(np.array([-1, 3, 8])); // [0, 3, 6]
 */
export function relu6(x: ArrayLike): Array {
  return relu6Impl(toArray("nn.relu6", x));
}

/**
 * Leaky relu: `x` where `x >= 0`, else `negativeSlope * x` (default 0.01). Derivative 1 at 0
 * (as JAX).
 *
 * @example
 * nn.leakyRelu(np.array([-2, 3]));       // [-0.02, 3]
 * nn.leakyRelu(np.array([-2, 3]), 0.2);  // [-0.4, 3]
 */
export function leakyRelu(x: ArrayLike, negativeSlope: ArrayLike = 0.01): Array {
  const a = toFloat("nn.leakyRelu", x);
  return where(a.ge(0), a, multiply(negativeSlope, a));
}

/**
 * Hard tanh: `x` clipped to `[-1, 1]`. Derivative 1 on `[-1, 1]` (as JAX), 0 outside. NaN stays
 * NaN.
 *
 * @example
 * nn.hardTanh(np.array([-3, 0.5, 2])); // [-1, 0.5, 1]
 */
export function hardTanh(x: ArrayLike): Array {
  const a = toArray("nn.hardTanh", x);
  return where(a.gt(1), 1, where(a.lt(-1), -1, a));
}

/**
 * Hard sigmoid: `relu6(x + 3) / 6`, a piecewise-linear sigmoid.
 *
 * @example
 * nn.hardSigmoid(np.array([-4, 0, 1.5, 4])); // [0, 0.5, 0.75, 1]
 */
export function hardSigmoid(x: ArrayLike): Array {
  return inFloat32("nn.hardSigmoid", x, (a) => relu6(a.add(3)).div(6));
}

/**
 * Hard SiLU (hard swish): `x * hardSigmoid(x)`. As in JAX, `-Infinity` gives NaN
 * (`-inf * 0`).
 *
 * @example
 * nn.hardSilu(np.array([-4, 1, 4])); // [-0, 0.6666667, 4]
 */
export function hardSilu(x: ArrayLike): Array {
  return inFloat32("nn.hardSilu", x, (a) => a.mul(hardSigmoid(a)));
}

/**
 * Alias of {@link hardSilu} (`jax.nn.hard_swish`).
 *
 * @example
 * nn.hardSwish(np.array([1])); // [0.6666667]
 */
export const hardSwish = hardSilu;
