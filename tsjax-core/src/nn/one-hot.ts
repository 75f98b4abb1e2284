/**
 * One-hot encoding, as `jax.nn.one_hot`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType, checkDType } from "../dtype.js";
import { bind1 } from "../core/bind.js";
import { iota } from "../primitives/structural.js";
import { convert } from "../numpy/convert.js";
import { checkOptions } from "../util/options.js";
import { equal } from "../numpy/elementwise.js";
import { expandDims } from "../numpy/shape-ops.js";
import { normalizeAxis } from "../shape.js";
import { toArray } from "./util.js";

/** Options of `oneHot`. */
export interface OneHotOptions {
  /** Result dtype (default float32). */
  dtype?: DType;
  /** Where the class axis goes in the result (default -1, the last). */
  axis?: number;
}

/**
 * One-hot encoding: a new axis of size `numClasses` (at `axis`, default last) holding 1 at
 * position `x` and 0 elsewhere. Indices outside `[0, numClasses)` (negative ones included)
 * and non-integral float indices give all-zero rows.
 *
 * @example
 * nn.oneHot(np.array([0, 2, 5], { dtype: "int32" }), 3);
 * // [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
 * nn.oneHot(labels, 10, { dtype: "int32", axis: 0 });   // classes first
 */
export function oneHot(x: ArrayLike, numClasses: number, options?: OneHotOptions): Array {
  const op = "nn.oneHot";
  const opts = checkOptions(op, options, { accepted: ["dtype", "axis"], signature: "nn.oneHot(x, numClasses, { dtype, axis })" });
  if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new RangeError(`${op}: numClasses must be a non-negative integer, got ${numClasses}.`);
  }
  const dtype = checkDType(op, opts.dtype ?? "float32");
  let a = toArray(op, x);
  if (a.dtype === "bool") a = convert(a, "int32");
  const ax = normalizeAxis(op, opts.axis ?? -1, a.ndim + 1);
  const shape = a.shape.map(() => 1);
  shape.splice(ax, 0, numClasses);
  const classes = bind1(iota, [], { dtype: a.dtype, shape, dimension: ax, device: a.device });
  return convert(equal(expandDims(a, ax), classes), dtype);
}
