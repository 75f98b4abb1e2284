/** numpy sorting: `sort` and `argsort` (stable; NaNs last in ascending order, as JAX). */
import type { Array, ArrayLike } from "../array/array.js";
import { normalizeAxis } from "../shape.js";
import { bind } from "../core/bind.js";
import { sort as sortP } from "../primitives/sort.js";
import { rev } from "../primitives/structural.js";
import { asArray, deviceOf, reshapeTo, scalarLike } from "./convert.js";
import { subtract } from "./elementwise.js";

/** Options of `sort` and `argsort`. */
export interface SortOptions {
  /** Largest first (NaNs first). Ties keep their original order. */
  descending?: boolean;
}

function prepare(op: string, x: ArrayLike, axis: number | null): [Array, number] {
  const a = asArray(op, x);
  if (axis === null) return [reshapeTo(a, [a.size]), 0];
  // A 0-d array is trivially sorted along its (implicit) last axis.
  if (a.ndim === 0 && (axis === -1 || axis === 0)) return [a, 0];
  return [a, normalizeAxis(op, axis, a.ndim)];
}

/**
 * Sorted copy along `axis` (default last; `null` flattens first).
 *
 * @example
 * np.sort(np.array([3, 1, 2])); // [1, 2, 3]
 */
export function sort(x: ArrayLike, axis: number | null = -1, opts: SortOptions = {}): Array {
  const [a, ax] = prepare("np.sort", x, axis);
  if (a.ndim === 0) return a;
  const sorted = bind(sortP, [a], { dimension: ax })[0]!;
  return opts.descending ? bind(rev, [sorted], { dimensions: [ax] })[0]! : sorted;
}

/**
 * Indices that sort `x` along `axis` (stable: equal elements keep their order).
 *
 * @example
 * np.argsort(np.array([3, 1, 2])); // [1, 2, 0]
 */
export function argsort(x: ArrayLike, axis: number | null = -1, opts: SortOptions = {}): Array {
  const [a, ax] = prepare("np.argsort", x, axis);
  if (a.ndim === 0) return scalarLike("np.argsort", 0, { dtype: "int32", weakType: false }, deviceOf([a]));
  if (!opts.descending) return bind(sortP, [a], { dimension: ax })[1]!;
  // Descending and stable: sort the reversed array, map positions back, reverse.
  const n = a.shape[ax]!;
  const r = bind(sortP, [bind(rev, [a], { dimensions: [ax] })[0]!], { dimension: ax })[1]!;
  return bind(rev, [subtract(n - 1, r)], { dimensions: [ax] })[0]!;
}
