/**
 * `jax.lax`'s one-axis conveniences (the `*InDim` family) and shape helpers: each a thin
 * composition of `slice`, `dynamicSlice`, `dynamicUpdateSlice`, `reshape` and `broadcastInDim`,
 * with JAX's defaults (axis 0, stride 1) and axis checks that name the call.
 */
import type { Array } from "../array/array.js";
import { IndexError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { range } from "../util.js";
import { broadcastInDim, dynamicSlice, dynamicUpdateSlice, reshape, slice } from "./lax.js";

/**
 * `x[..., start:limit:stride, ...]` along `axis` (`jax.lax.slice_in_dim`; negative `start` and
 * `limit` count from the end, `limit` defaults to the axis length).
 *
 * @example
 * lax.sliceInDim(np.arange(10), 2, 8, 3); // [2, 5]
 */
export function sliceInDim(x: Array, startIndex: number | null = 0, limitIndex: number | null = null, stride = 1, axis = 0): Array {
  const op = "lax.sliceInDim";
  const ax = normalizeAxis(op, axis, x.ndim);
  const n = x.shape[ax]!;
  let start = startIndex ?? 0;
  let limit = limitIndex ?? n;
  if (start < 0) start += n;
  if (limit < 0) limit += n;
  if (!(0 <= start && start <= limit && limit <= n) || !Number.isInteger(stride) || stride < 1) {
    throw new IndexError(`${op}: start ${startIndex}, limit ${limitIndex}, stride ${stride} do not fit axis ${axis} of ${fmtShape(x.shape)}.`);
  }
  const starts = x.shape.map(() => 0);
  const limits = [...x.shape];
  const strides = x.shape.map(() => 1);
  starts[ax] = start;
  limits[ax] = limit;
  strides[ax] = stride;
  return slice(x, starts, limits, strides);
}

/**
 * `x[..., index, ...]` along `axis` (`jax.lax.index_in_dim`; negative `index` counts from the
 * end; `keepdims` keeps the axis with size 1, the default as in JAX).
 *
 * @example
 * lax.indexInDim(np.ones([3, 4]), 1, 1, false); // shape [3]
 */
export function indexInDim(x: Array, index: number, axis = 0, keepdims = true): Array {
  const op = "lax.indexInDim";
  const ax = normalizeAxis(op, axis, x.ndim);
  const n = x.shape[ax]!;
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new IndexError(`${op}: index ${index} is out of bounds for axis ${axis} of ${fmtShape(x.shape)}.`);
  const out = sliceInDim(x, i, i + 1, 1, ax);
  return keepdims ? out : reshape(out, x.shape.filter((_, d) => d !== ax));
}

function startsAt(x: Array, ax: number, start: Array | number): (Array | number)[] {
  return x.shape.map((_, d) => (d === ax ? start : 0));
}

/**
 * A slice of `sliceSize` elements along `axis` starting at a dynamic index
 * (`jax.lax.dynamic_slice_in_dim`; clamped to stay in bounds, as `dynamicSlice`).
 *
 * @example
 * lax.dynamicSliceInDim(x, i, 2, 1);
 */
export function dynamicSliceInDim(x: Array, startIndex: Array | number, sliceSize: number, axis = 0): Array {
  const ax = normalizeAxis("lax.dynamicSliceInDim", axis, x.ndim);
  const sizes = [...x.shape];
  sizes[ax] = sliceSize;
  return dynamicSlice(x, startsAt(x, ax, startIndex), sizes);
}

/**
 * Element `index` (dynamic) along `axis` (`jax.lax.dynamic_index_in_dim`; `keepdims` default true).
 *
 * @example
 * lax.dynamicIndexInDim(x, i, 0, false);
 */
export function dynamicIndexInDim(x: Array, index: Array | number, axis = 0, keepdims = true): Array {
  const ax = normalizeAxis("lax.dynamicIndexInDim", axis, x.ndim);
  const out = dynamicSliceInDim(x, index, 1, ax);
  return keepdims ? out : reshape(out, x.shape.filter((_, d) => d !== ax));
}

/**
 * `x` with `update` written along `axis` at a dynamic start (`jax.lax.dynamic_update_slice_in_dim`).
 *
 * @example
 * lax.dynamicUpdateSliceInDim(x, rows, i, 0);
 */
export function dynamicUpdateSliceInDim(x: Array, update: Array, startIndex: Array | number, axis: number): Array {
  const ax = normalizeAxis("lax.dynamicUpdateSliceInDim", axis, x.ndim);
  return dynamicUpdateSlice(x, update, startsAt(x, ax, startIndex));
}

/**
 * `x` with `update` (without the indexed axis, or with it of size 1) written at a dynamic index
 * along `axis` (`jax.lax.dynamic_update_index_in_dim`).
 *
 * @example
 * lax.dynamicUpdateIndexInDim(x, row, i, 0);
 */
export function dynamicUpdateIndexInDim(x: Array, update: Array, index: Array | number, axis: number): Array {
  const ax = normalizeAxis("lax.dynamicUpdateIndexInDim", axis, x.ndim);
  const u = update.ndim === x.ndim ? update : reshape(update, [...update.shape.slice(0, ax), 1, ...update.shape.slice(ax)]);
  return dynamicUpdateSliceInDim(x, u, index, ax);
}

/**
 * Inserts size-1 axes at `dimensions` (`jax.lax.expand_dims`; negative ones count in the result).
 *
 * @example
 * lax.expandDims(np.ones([3]), [0, 2]); // shape [1, 3, 1]
 */
export function expandDims(x: Array, dimensions: readonly number[]): Array {
  const nd = x.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis("lax.expandDims", d, nd));
  if (new Set(dims).size !== dims.length) throw new ShapeError(`lax.expandDims: repeated dimensions ${fmtShape(dimensions)}.`);
  const shape: number[] = [];
  let k = 0;
  for (let d = 0; d < nd; d++) shape.push(dims.includes(d) ? 1 : x.shape[k++]!);
  return reshape(x, shape);
}

/**
 * Removes the size-1 axes `dimensions` (`jax.lax.squeeze`; an axis of another size is an error).
 *
 * @example
 * lax.squeeze(np.ones([1, 3, 1]), [0, 2]); // shape [3]
 */
export function squeeze(x: Array, dimensions: readonly number[]): Array {
  const dims = dimensions.map((d) => normalizeAxis("lax.squeeze", d, x.ndim));
  for (const d of dims) {
    if (x.shape[d] !== 1) throw new ShapeError(`lax.squeeze: axis ${d} of ${fmtShape(x.shape)} has size ${x.shape[d]}, not 1.`);
  }
  return reshape(x, x.shape.filter((_, d) => !dims.includes(d)));
}

/**
 * Adds leading axes `sizes` (`jax.lax.broadcast`: the result has shape `[...sizes, ...x.shape]`).
 *
 * @example
 * lax.broadcast(np.ones([3]), [2]); // shape [2, 3]
 */
export function broadcast(x: Array, sizes: readonly number[]): Array {
  return broadcastInDim(x, [...sizes, ...x.shape], range(x.ndim).map((d) => d + sizes.length));
}

/**
 * Adds leading size-1 axes up to rank `rank` (`jax.lax.broadcast_to_rank`).
 *
 * @example
 * lax.broadcastToRank(np.ones([3]), 3); // shape [1, 1, 3]
 */
export function broadcastToRank(x: Array, rank: number): Array {
  if (rank < x.ndim) throw new ShapeError(`lax.broadcastToRank: rank ${rank} is less than the rank ${x.ndim} of ${fmtShape(x.shape)}.`);
  return broadcast(x, range(rank - x.ndim).map(() => 1));
}

/**
 * Merges axes `[startDimension, stopDimension)` into one (`jax.lax.collapse`; `stopDimension`
 * defaults to the rank).
 *
 * @example
 * lax.collapse(np.ones([2, 3, 4]), 1); // shape [2, 12]
 */
export function collapse(x: Array, startDimension: number, stopDimension: number | null = null): Array {
  const op = "lax.collapse";
  const lo = normalizeAxis(op, startDimension, x.ndim + 1);
  const hi = stopDimension === null ? x.ndim : normalizeAxis(op, stopDimension, x.ndim + 1);
  if (hi < lo) throw new ShapeError(`${op}: stop ${stopDimension} is before start ${startDimension} for ${fmtShape(x.shape)}.`);
  const size = x.shape.slice(lo, hi).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, lo), size, ...x.shape.slice(hi)]);
}
