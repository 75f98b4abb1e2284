/**
 * `jax.lax.scatter_apply`: applies an elementwise function to the operand elements that the
 * indices select, once per time each is selected (as XLA's scatter with a unary combiner).
 */
import type { Array } from "../array/array.js";
import { checkOptions } from "../util/options.js";
import { zeros, ones } from "../numpy/creation.js";
import { gt, reduceMax, select } from "./lax.js";
import { whileLoop } from "./control-flow.js";
import { type ScatterDimensionNumbers, type ScatterOptions, scatterAdd } from "./scatter.js";

/** Options of `scatterApply`. */
export interface ScatterApplyOptions extends ScatterOptions {
  /** Shape of the (implicit) updates, as for `lax.scatter` (default `[]`). */
  updateShape?: readonly number[];
}

const ACCEPTED = ["updateShape", "indicesAreSorted", "uniqueIndices", "mode"];

/**
 * Applies `func` to the elements of `operand` that `indices` selects (`jax.lax.scatter_apply`):
 * an element selected `k` times gets `func` applied `k` times; out-of-bounds indices are dropped
 * (mode "fill"/"drop", the default) or clamped (mode "clip"). `func` must be elementwise (JAX
 * calls it on scalars). Like JAX, it has no derivative (`grad` through it is an error).
 *
 * @example
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
 * lax.scatterApply(np.arange(6), np.array([[1], [3], [1]], { dtype: "int32" }), (v) => np.add(np.multiply(v, 2), 1), dn, { updateShape: [3] });
 * // [0, 7, 2, 7, 4, 5]
 */
export function scatterApply(operand: Array, indices: Array, func: (x: Array) => Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterApplyOptions): Array {
  const op = "lax.scatterApply";
  const { updateShape = [], ...rest } = checkOptions(op, options, {
    accepted: ACCEPTED,
    signature: `${op}(operand, indices, func, dimensionNumbers, { ${ACCEPTED.join(", ")} })`,
  });
  if (typeof func !== "function") throw new TypeError(`${op}: func must be a function of one array, got ${typeof func}.`);
  const device = operand.device;
  const counts = scatterAdd(zeros(operand.shape, { dtype: "int32", device }), indices, ones(updateShape, { dtype: "int32", device }), dimensionNumbers, rest);
  const times = reduceMax(counts, counts.shape.map((_, i) => i));
  const [, out] = whileLoop(
    ([k]: [Array, Array]) => gt(times, k),
    ([k, y]: [Array, Array]): [Array, Array] => [k.add(1), select(gt(counts, k), func(y), y)],
    [zeros([], { dtype: "int32", device }), operand] as [Array, Array],
  );
  return out;
}
