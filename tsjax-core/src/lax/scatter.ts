/**
 * `jax.lax.scatter_add` / `scatter_sub` / `scatter_mul` / `scatter_min` / `scatter_max` (and
 * `scatterWithDims`, `jax.lax.scatter` with dimension numbers) on the `scatter` primitive: JAX's
 * `ScatterDimensionNumbers` where every indexed operand axis is an inserted window axis and the
 * other axes are taken whole (the layout of `x.at[idx].add(u)`), with JAX's modes.
 */
import type { Array } from "../array/array.js";
import { isIntDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { scatter as scatterP } from "../primitives/indexing.js";
import type { ScatterMode } from "../compile/kernel.js";
import { checkOptions } from "../util/options.js";
import { array } from "../numpy/creation.js";
import { range } from "../util.js";
import { clamp, convertElementType, neg, transpose } from "./lax.js";

/** JAX's `ScatterDimensionNumbers` (the index vector is the last axis of the indices). */
export interface ScatterDimensionNumbers {
  /** Axes of `updates` that are window axes (ascending). */
  updateWindowDims: readonly number[];
  /** Operand axes each index selects one position of (ascending). */
  insertedWindowDims: readonly number[];
  /** For each entry of an index vector, the operand axis it indexes. */
  scatterDimsToOperandDims: readonly number[];
  /** Batching axes (not supported here; must be empty). */
  operandBatchingDims?: readonly number[];
  /** Batching axes of the indices (not supported here; must be empty). */
  scatterIndicesBatchingDims?: readonly number[];
}

/** Options of the scatter functions. */
export interface ScatterOptions {
  /** A hint in JAX; accepted and unused. */
  indicesAreSorted?: boolean;
  /** A hint in JAX; accepted and unused. */
  uniqueIndices?: boolean;
  /** Out-of-bounds indices: dropped ("fill", "drop", the default, as JAX), clamped ("clip"), or "promiseInBounds" (treated as dropped). */
  mode?: "clip" | "fill" | "drop" | "promiseInBounds" | "promise_in_bounds" | null;
}

const ACCEPTED = ["indicesAreSorted", "uniqueIndices", "mode"];

/** `lax.scatter*` with JAX's dimension numbers, on the primitive's layout. */
function scatterWith(op: string, mode: ScatterMode, operand: Array, indices: Array, updates: Array, dn: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  const o = checkOptions(op, options, { accepted: ACCEPTED, signature: `${op}(operand, indices, updates, dimensionNumbers, { ${ACCEPTED.join(", ")} })` });
  const m = o.mode ?? "fill";
  if (!["clip", "fill", "drop", "promiseInBounds", "promise_in_bounds"].includes(m)) {
    throw new TypeError(`${op}: mode must be "clip", "fill", "drop" or "promiseInBounds", got ${JSON.stringify(m)}.`);
  }
  if ((dn.operandBatchingDims?.length ?? 0) > 0 || (dn.scatterIndicesBatchingDims?.length ?? 0) > 0) {
    throw new ShapeError(`${op}: batching dimension numbers are not supported; vmap the scatter instead.`);
  }
  if (!isIntDType(indices.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${indices.dtype}.`);
  const axes = dn.scatterDimsToOperandDims;
  const inserted = [...dn.insertedWindowDims].sort((a, b) => a - b);
  if (inserted.join() !== [...axes].sort((a, b) => a - b).join()) {
    throw new ShapeError(
      `${op}: insertedWindowDims ${fmtShape(dn.insertedWindowDims)} must be the axes scatterDimsToOperandDims ${fmtShape(axes)} indexes (partial windows are not supported).`,
    );
  }
  if (indices.ndim === 0 || indices.shape[indices.ndim - 1] !== axes.length) {
    throw new ShapeError(`${op}: indices ${fmtShape(indices.shape)} must end in an axis of size ${axes.length} (one coordinate per indexed axis).`);
  }
  const windowShape = operand.shape.filter((_, d) => !inserted.includes(d));
  const scatterDims = range(updates.ndim).filter((d) => !dn.updateWindowDims.includes(d));
  const want = [...indices.shape.slice(0, -1), ...windowShape];
  const perm = [...scatterDims, ...dn.updateWindowDims];
  if (perm.length !== updates.ndim || perm.map((d) => updates.shape[d]).join() !== want.join()) {
    throw new ShapeError(
      `${op}: updates ${fmtShape(updates.shape)} with updateWindowDims ${fmtShape(dn.updateWindowDims)} must hold indices' batch ${fmtShape(indices.shape.slice(0, -1))} and windows ${fmtShape(windowShape)} (whole operand axes).`,
    );
  }
  if (updates.dtype !== operand.dtype) throw new DTypeError(`${op}: updates (${updates.dtype}) must have the operand's dtype ${operand.dtype}.`);
  const u = perm.every((d, i) => d === i) ? updates : transpose(updates, perm);
  let idx = indices.dtype === "int32" || indices.dtype === "uint32" ? indices : convertElementType(indices, "int32");
  if (m === "clip") {
    const lo = array(axes.map(() => 0), { dtype: idx.dtype, device: idx.device }).broadcastTo(idx.shape);
    const hi = array(axes.map((a) => operand.shape[a]! - 1), { dtype: idx.dtype, device: idx.device }).broadcastTo(idx.shape);
    idx = clamp(lo, idx, hi);
  }
  return bind1(scatterP, [operand, idx, u], { axes, mode });
}

/**
 * Adds `updates` into `operand` at `indices` (`jax.lax.scatter_add`; repeated indices
 * accumulate; out-of-bounds updates are dropped by default).
 *
 * @example
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
 * lax.scatterAdd(np.zeros([4]), np.array([[1], [1], [3]], { dtype: "int32" }), np.array([1, 2, 3]), dn); // [0, 3, 0, 3]
 */
export function scatterAdd(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatterAdd", "add", operand, indices, updates, dimensionNumbers, options);
}

/** Subtracts `updates` at `indices` (`jax.lax.scatter_sub`). @example lax.scatterSub(x, idx, u, dn) */
export function scatterSub(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatterSub", "add", operand, indices, neg(updates), dimensionNumbers, options);
}

/** Multiplies by `updates` at `indices` (`jax.lax.scatter_mul`). @example lax.scatterMul(x, idx, u, dn) */
export function scatterMul(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatterMul", "mul", operand, indices, updates, dimensionNumbers, options);
}

/** Elementwise minimum with `updates` at `indices` (`jax.lax.scatter_min`). @example lax.scatterMin(x, idx, u, dn) */
export function scatterMin(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatterMin", "min", operand, indices, updates, dimensionNumbers, options);
}

/** Elementwise maximum with `updates` at `indices` (`jax.lax.scatter_max`). @example lax.scatterMax(x, idx, u, dn) */
export function scatterMax(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatterMax", "max", operand, indices, updates, dimensionNumbers, options);
}

/**
 * Writes `updates` at `indices` with JAX's dimension numbers (`jax.lax.scatter`; with repeated
 * indices one of the updates wins). `lax.scatter` keeps tsjax's short form `(x, indices,
 * updates, axes, mode)`.
 *
 * @example
 * lax.scatterWithDims(x, idx, u, { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
 */
export function scatterWithDims(operand: Array, indices: Array, updates: Array, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): Array {
  return scatterWith("lax.scatter", "set", operand, indices, updates, dimensionNumbers, options);
}
