/**
 * Gated linear unit.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { logistic } from "../lax/lax.js";
import { split } from "../numpy/shape-ops.js";
import { normalizeAxis } from "../shape.js";
import { toFloat } from "./util.js";

/**
 * Gated linear unit: splits `x` in two halves along `axis` (default -1) and returns
 * `first * sigmoid(second)`. The axis must have even size.
 *
 * @example
 * nn.glu(np.array([1, 2, 0, 100])); // [0.5, 2]  (= [1, 2] * sigmoid([0, 100]))
 */
export function glu(x: ArrayLike, axis = -1): Array {
  const a = toFloat("nn.glu", x);
  const ax = normalizeAxis("nn.glu", axis, a.ndim);
  const n = a.shape[ax]!;
  if (n % 2 !== 0) {
    throw new ShapeError(`nn.glu: axis ${axis} has size ${n}, which must be even (it is split into a value half and a gate half).`);
  }
  const [value, gate] = split(a, 2, ax);
  return value!.mul(logistic(gate!));
}
