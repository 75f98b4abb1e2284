/** Sizes of parameter trees. */
import { type Array as JArray, tree } from "tsjax-core";

/**
 * The number of scalars in a tree of arrays (a model's parameters).
 *
 * @example
 * parameterCount({ w: np.zeros([784, 10]), b: np.zeros([10]) }); // 7850
 */
export function parameterCount(params: unknown): number {
  return tree.reduce((n: number, leaf: JArray) => n + leaf.size, params, 0);
}
