/**
 * Smooth and sparse activations added in recent JAX: mish, squareplus, sparsePlus,
 * sparseSigmoid, log1mexp, and the trivial `identity` / `tanh` of `jax.nn`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { customJvp } from "../transforms/custom.js";
import { clip, exp, expm1, log, log1p, sqrt, square, tanh as npTanh, where } from "../numpy/elementwise.js";
import { asArray } from "../numpy/convert.js";
import { inFloat32, toFloat } from "./util.js";
import { softplus } from "./sigmoid.js";

/**
 * The identity function (`jax.nn.identity`): returns `x` as an array.
 *
 * @example
 * nn.identity(np.array([1, 2])); // [1, 2]
 */
export function identity(x: ArrayLike): Array {
  return asArray("nn.identity", x);
}

/**
 * Hyperbolic tangent (`jax.nn.tanh`, the same as `np.tanh`).
 *
 * @example
 * nn.tanh(np.array([0, 1])); // [0, 0.7615942]
 */
export function tanh(x: ArrayLike): Array {
  return npTanh(toFloat("nn.tanh", x));
}

/**
 * Mish: `x * tanh(softplus(x))` (Misra 2019).
 *
 * @example
 * nn.mish(np.array([-1, 0, 1])); // [-0.30340144, 0, 0.86509836]
 */
export function mish(x: ArrayLike): Array {
  const a = toFloat("nn.mish", x);
  return a.mul(npTanh(softplus(a)));
}

/**
 * Squareplus: `(x + sqrt(x^2 + b)) / 2` (So 2021), a smooth ReLU; `b` (default 4) sets the
 * smoothness.
 *
 * @example
 * nn.squareplus(np.array([-1, 0, 1])); // [0.618034, 1, 1.618034]
 * nn.squareplus(x, 1);
 */
export function squareplus(x: ArrayLike, b: ArrayLike = 4): Array {
  const a = toFloat("nn.squareplus", x);
  return a.add(sqrt(square(a).add(asArray("nn.squareplus", b)))).div(2);
}

/**
 * Sparse plus: 0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)^2 / 4` between (Martins & Astudillo's
 * sparsemax-style softplus).
 *
 * @example
 * nn.sparsePlus(np.array([-2, 0, 2])); // [0, 0.25, 2]
 */
export function sparsePlus(x: ArrayLike): Array {
  const a = toFloat("nn.sparsePlus", x);
  return where(a.le(-1), 0, where(a.ge(1), a, square(a.add(1)).div(4)));
}

/**
 * Sparse sigmoid, the derivative of {@link sparsePlus}: `clip((x + 1) / 2, 0, 1)`.
 *
 * @example
 * nn.sparseSigmoid(np.array([-2, 0, 0.5])); // [0, 0.5, 0.75]
 */
export function sparseSigmoid(x: ArrayLike): Array {
  const a = toFloat("nn.sparseSigmoid", x);
  return clip(a.add(1), 0, 2).mul(0.5);
}

const log1mexpImpl = customJvp((x: Array) =>
  inFloat32("nn.log1mexp", x, (a) => where(a.lt(Math.LN2), log(expm1(a.neg()).neg()), log1p(exp(a.neg()).neg()))),
);
log1mexpImpl.defjvp(([x], [t]) => [log1mexpImpl(x), t.div(expm1(x))]);

/**
 * `log(1 - exp(-x))`, accurate for all `x > 0` (Mächler's switch at `log 2` between
 * `log(-expm1(-x))` and `log1p(-exp(-x))`); its derivative is `1 / expm1(x)`. Undefined (NaN)
 * for `x < 0`.
 *
 * @example
 * nn.log1mexp(np.array([0.1, 1, 20])); // [-2.3521893, -0.45867515, -2.0611537e-9]
 */
export function log1mexp(x: ArrayLike): Array {
  return log1mexpImpl(toFloat("nn.log1mexp", x));
}
