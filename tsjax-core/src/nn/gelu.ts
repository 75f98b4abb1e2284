/**
 * GELU, as `jax.nn.gelu`: the tanh approximation by default, or the exact `x * Phi(x)`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { logistic } from "../lax/lax.js";
import { ndtr } from "../special/index.js";
import { inFloat32 } from "./util.js";
import { checkOptions } from "../util/options.js";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit. With `approximate` (the default, as JAX) it is
 * `x * 0.5 * (1 + tanh(u))`, `u = sqrt(2/pi) * (x + 0.044715 x^3)`; with `approximate: false`
 * it is the exact `x * Phi(x)`, Phi the standard normal CDF. Both are evaluated in forms that
 * keep their relative accuracy for negative x: `x * sigmoid(2u)` (the same function as the
 * tanh form) and `x * special.ndtr(x)` (JAX uses `0.5 * x * erfc(-x / sqrt 2)`). float16 inputs are computed in
 * float32. As in JAX, `-Infinity` gives NaN (`-inf * 0`).
 *
 * @example
 * nn.gelu(np.array([-1, 0, 1]));                          // [-0.15880796, 0, 0.841192]
 * nn.gelu(np.array([-1, 0, 1]), { approximate: false });  // [-0.15865526, 0, 0.8413447]
 * nn.gelu(x, false);                                      // the same, positionally (as JAX)
 */
export function gelu(x: ArrayLike, approximate: boolean | { approximate?: boolean } = true): Array {
  const approx =
    typeof approximate === "boolean"
      ? approximate
      : checkOptions("nn.gelu", approximate, { accepted: ["approximate"], signature: "nn.gelu(x, approximate?) or nn.gelu(x, { approximate })" }).approximate ?? true;
  if (!approx) return inFloat32("nn.gelu", x, (a) => exactGelu(a));
  return inFloat32("nn.gelu", x, (a) => {
    // 0.5 * (1 + tanh(u)) == sigmoid(2u), which keeps its relative accuracy for negative x.
    const twoU = a.add(a.mul(a).mul(a).mul(0.044715)).mul(2 * SQRT_2_OVER_PI);
    return a.mul(logistic(twoU));
  });
}

/**
 * `x * Phi(x)` with `Phi = special.ndtr` (`(1 + erf(x / sqrt 2)) / 2`, evaluated without the
 * cancellation of `1 + erf` for negative x, and without the error that rounding `x / sqrt 2`
 * costs in the lower tail).
 */
function exactGelu(a: Array): Array {
  return a.mul(ndtr(a));
}
