/**
 * Exponential linear units: elu, celu, selu (`x` for positive inputs, a scaled `expm1` below).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { expm1, maximum, minimum, multiply, where } from "../numpy/elementwise.js";
import { inFloat32 } from "./util.js";

/**
 * Exponential linear unit: `x` where `x > 0`, else `alpha * (exp(x) - 1)` (default alpha 1).
 * The unused branch never sees large inputs, so derivatives stay finite everywhere.
 *
 * @example
 * nn.elu(np.array([-1, 0, 2]));       // [-0.6321206, 0, 2]
 * nn.elu(np.array([-1]), 2);          // [-1.2642412]
 */
export function elu(x: ArrayLike, alpha: ArrayLike = 1): Array {
  return inFloat32("nn.elu", x, (a) => {
    const pos = a.gt(0);
    return where(pos, a, multiply(alpha, expm1(where(pos, 0, a))));
  });
}

/**
 * Continuously differentiable elu: `max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1)` (default
 * alpha 1).
 *
 * @example
 * nn.celu(np.array([-1, 2]), 0.5); // [-0.4323324, 2]
 */
export function celu(x: ArrayLike, alpha: ArrayLike = 1): Array {
  return inFloat32("nn.celu", x, (a) => maximum(a, 0).add(multiply(alpha, expm1(minimum(a, 0).div(alpha)))));
}

/** selu's alpha (Klambauer et al., 2017), as in JAX. */
const SELU_ALPHA = 1.6732632423543772848170429916717;
/** selu's scale, as in JAX. */
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * Scaled exponential linear unit: `scale * elu(x, alpha)` with alpha ≈ 1.6733 and
 * scale ≈ 1.0507 (self-normalizing networks).
 *
 * @example
 * nn.selu(np.array([-1, 1])); // [-1.1113307, 1.050701]
 */
export function selu(x: ArrayLike): Array {
  return inFloat32("nn.selu", x, (a) => elu(a, SELU_ALPHA).mul(SELU_SCALE));
}
