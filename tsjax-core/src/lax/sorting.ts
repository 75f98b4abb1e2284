/**
 * `jax.lax.sort` over several operands (lexicographic keys), `sortKeyVal` and `topK`, built on
 * the one-operand stable `sort` primitive: keys are sorted from the last to the first (each pass
 * stable), and every operand is permuted by the resulting permutation, so gradients flow through
 * the gathers as JAX's sort JVP does.
 */
import type { Array } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { takeAlongAxis } from "../primitives/ops.js";
import { scalarLike } from "../numpy/convert.js";
import { bitcastConvertType, bitwiseXor, eq, ge, not, select, sortWithIndices } from "./lax.js";
import { sliceInDim } from "./in-dim.js";

/** Options of `sort`. */
export interface SortOptions {
  /** The axis to sort along (default -1). */
  dimension?: number;
  /** Accepted for JAX compatibility; the sort is always stable. */
  isStable?: boolean;
  /** How many leading operands are keys, compared lexicographically (default 1). */
  numKeys?: number;
}

/** A float key with -0 made +0: JAX's sort treats them as equal (a stable sort keeps their order). */
function zeroSignless(x: Array): Array {
  if (!isFloatDType(x.dtype)) return x;
  const zero = scalarLike("lax.sort", 0, { dtype: x.dtype, weakType: false }, x.device).broadcastTo(x.shape);
  return select(eq(x, zero), zero, x);
}

/** The permutation that stably sorts `keys` lexicographically along `dim` (-0 equal to +0, NaN last). */
export function lexsortPermutation(keys: readonly Array[], dim: number): Array {
  let perm: Array | undefined;
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = zeroSignless(perm ? takeAlongAxis(keys[k]!, perm, dim) : keys[k]!);
    const [, p] = sortWithIndices(key, dim);
    perm = perm ? takeAlongAxis(perm, p, dim) : p;
  }
  return perm!;
}

/**
 * Sorts several operands of one shape together along `dimension`: the first `numKeys` are keys
 * compared lexicographically (first key primary), the rest follow the same permutation
 * (`jax.lax.sort` with a sequence of operands). Stable; NaNs sort last; -0 and +0 are equal keys.
 *
 * @example
 * const [k, v] = lax.sortMulti([np.array([2, 1, 2]), np.array([10, 20, 30])]); // [1, 2, 2], [20, 10, 30]
 */
export function sortMulti(operands: readonly Array[], options: SortOptions = {}): Array[] {
  const op = "lax.sort";
  if (operands.length === 0) throw new TypeError(`${op}: needs at least one operand.`);
  const numKeys = options.numKeys ?? 1;
  if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > operands.length) {
    throw new TypeError(`${op}: numKeys must be between 1 and the number of operands (${operands.length}), got ${numKeys}.`);
  }
  const shape = operands[0]!.shape;
  if (operands.some((o) => o.shape.join() !== shape.join())) {
    throw new ShapeError(`${op}: operands must share one shape, got ${operands.map((o) => fmtShape(o.shape)).join(", ")}.`);
  }
  const dim = normalizeAxis(op, options.dimension ?? -1, shape.length);
  const perm = lexsortPermutation(operands.slice(0, numKeys), dim);
  return operands.map((o) => takeAlongAxis(o, perm, dim));
}

/**
 * Sorts `keys` and permutes `values` the same way (`jax.lax.sort_key_val`); stable.
 *
 * @example
 * lax.sortKeyVal(np.array([3, 1, 2]), np.array([30, 10, 20])); // [[1, 2, 3], [10, 20, 30]]
 */
export function sortKeyVal(keys: Array, values: Array, dimension = -1, isStable = true): [Array, Array] {
  const [k, v] = sortMulti([keys, values], { dimension, isStable });
  return [k!, v!];
}

/** An int32 key whose ascending order is the descending total order of `x` (NaN first, +0 before -0). */
function descendingKey(x: Array): Array {
  if (x.dtype === "bool") return not(x);
  if (!isFloatDType(x.dtype)) return not(x);
  const bits = bitcastConvertType(x.dtype === "float32" ? x : x.astype("float32"), "int32");
  const i32 = (v: number) => scalarLike("lax.topK", v, { dtype: "int32", weakType: false }, x.device).broadcastTo(x.shape);
  // Negative floats' bits flipped below zero give an int order equal to the float order.
  const ordered = select(ge(bits, i32(0)), bits, bitwiseXor(bits, i32(0x7fffffff)));
  return not(ordered);
}

/** Options of `topK`. */
export interface TopKOptions {
  /** The axis to take the top entries along (default -1). */
  axis?: number;
}

/**
 * The `k` largest entries along an axis and their int32 indices (`jax.lax.top_k`), largest
 * first; equal entries keep index order; NaN counts as the largest. Differentiable in the values.
 *
 * @example
 * lax.topK(np.array([9, 3, 6, 4, 10]), 3); // [[10, 9, 6], [4, 0, 2]]
 */
export function topK(operand: Array, k: number, options: TopKOptions = {}): [Array, Array] {
  const op = "lax.topK";
  const axis = normalizeAxis(op, options.axis ?? -1, operand.ndim);
  const n = operand.shape[axis]!;
  if (!Number.isInteger(k) || k < 0) throw new TypeError(`${op}: k must be a non-negative integer, got ${k}.`);
  if (k > n) throw new ShapeError(`${op}: k (${k}) is larger than axis ${axis} of ${fmtShape(operand.shape)}.`);
  const [, perm] = sortWithIndices(descendingKey(operand), axis);
  const idx = sliceInDim(perm, 0, k, 1, axis);
  return [takeAlongAxis(operand, idx, axis), idx];
}

/**
 * Stable sort along `dimension` (`jax.lax.sort`). A list of operands of one shape sorts them
 * together: the first `numKeys` are keys compared lexicographically, the rest follow.
 *
 * @example
 * lax.sort(x);
 * const [keys, vals] = lax.sort([k, v], -1, true, 1);
 */
export function sort(x: Array, dimension?: number, isStable?: boolean, numKeys?: 1): Array;
export function sort(x: readonly Array[], dimension?: number, isStable?: boolean, numKeys?: number): Array[];
export function sort(x: Array | readonly Array[], dimension = -1, isStable = true, numKeys = 1): Array | Array[] {
  if (!(x instanceof Object && "dtype" in x)) return sortMulti(x, { dimension, isStable, numKeys });
  if (numKeys !== 1) throw new TypeError(`lax.sort: numKeys must be 1 for a single operand, got ${numKeys}.`);
  return sortWithIndices(x, dimension)[0];
}
