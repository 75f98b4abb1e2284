/** `stop_gradient`: the identity whose derivative is zero. */
import type { Array } from "../array/array.js";
import { type Primitive, definePrimitive } from "../core/primitive.js";
import { bind1 } from "../core/trace.js";
import * as tree from "../tree/index.js";

export const stopGradientP: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "stop_gradient",
  abstractEval: ([x]) => [x!],
  impl: ([x]) => [x!.view(x!.shape, x!.strides, x!.offset)],
  lower: ([x]) => [x!],
  jvp: ([x]) => [[bind1(stopGradientP, [x!], {})], [null]],
  batch: ([x], [d]) => [[bind1(stopGradientP, [x!], {})], [d!]],
});

/**
 * The same values, with derivatives cut: no gradient flows through the result.
 *
 * @example
 * const target = stopGradient(model(params, x)); // treated as a constant by grad
 */
export function stopGradient<T>(t: T): T {
  return tree.map((x: unknown) => {
    const a = x as Array;
    return a && typeof a === "object" && "shape" in a && "dtype" in a ? bind1(stopGradientP, [a], {}) : x;
  }, t);
}
