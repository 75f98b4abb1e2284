/** numpy sorting: `sort` and `argsort` (stable; NaNs last in ascending order, as JAX). */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { normalizeAxis } from "../shape.js";
import { bind } from "../core/bind.js";
import { sort as sortP } from "../primitives/sort.js";
import { rev } from "../primitives/structural.js";
import { asArray, deviceOf, reshapeTo, scalarLike } from "./convert.js";
import { subtract } from "./elementwise.js";
import { reductionArgs } from "./reductions.js";
import { formatValue } from "../util/format.js";

/** Options of `sort` and `argsort`. */
export interface SortOptions {
  /** The axis to sort along (the positional `axis`; default -1, `null` flattens). */
  axis?: number | null;
  /** Largest first (NaNs first). Ties keep their original order. */
  descending?: boolean;
  /** Accepted for JAX compatibility: the sort is always stable. */
  stable?: boolean;
  /** Accepted for JAX compatibility (deprecated there): the sort is always stable. */
  kind?: "stable" | "quicksort" | "mergesort" | "heapsort";
}

function prepare(op: string, x: ArrayLike, axisArg: number | null | SortOptions | undefined, options: SortOptions | undefined): [Array, number, SortOptions] {
  const o = reductionArgs<SortOptions>(op, axisArg as Axis | SortOptions, options, ["descending", "stable", "kind", "order"]);
  if ((o as { order?: unknown }).order !== undefined) throw new TypeError(`${op}: order (sorting structured arrays by field) is not supported; tsjax arrays have no fields.`);
  if (o.kind !== undefined && !["stable", "quicksort", "mergesort", "heapsort"].includes(o.kind)) {
    throw new TypeError(`${op}: unknown kind ${formatValue(o.kind)}; accepted: stable, quicksort, mergesort, heapsort (the sort is always stable).`);
  }
  const axis = o.axis === undefined ? -1 : (o.axis as number | null);
  const a = asArray(op, x);
  if (axis === null) return [reshapeTo(a, [a.size]), 0, o];
  // A 0-d array is trivially sorted along its (implicit) last axis.
  if (a.ndim === 0 && (axis === -1 || axis === 0)) return [a, 0, o];
  return [a, normalizeAxis(op, axis, a.ndim), o];
}

/**
 * Sorted copy along `axis` (default last; `null` flattens first). Stable; NaNs sort last.
 *
 * @example
 * np.sort(np.array([3, 1, 2])); // [1, 2, 3]
 * np.sort(x, 0, { descending: true });
 */
export function sort(x: ArrayLike, axis?: number | null | SortOptions, options?: SortOptions): Array {
  const [a, ax, opts] = prepare("np.sort", x, axis, options);
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
export function argsort(x: ArrayLike, axis?: number | null | SortOptions, options?: SortOptions): Array {
  const [a, ax, opts] = prepare("np.argsort", x, axis, options);
  if (a.ndim === 0) return scalarLike("np.argsort", 0, { dtype: "int32", weakType: false }, deviceOf([a]));
  if (!opts.descending) return bind(sortP, [a], { dimension: ax })[1]!;
  // Descending and stable: sort the reversed array, map positions back, reverse.
  const n = a.shape[ax]!;
  const r = bind(sortP, [bind(rev, [a], { dimensions: [ax] })[0]!], { dimension: ax })[1]!;
  return bind(rev, [subtract(n - 1, r)], { dimensions: [ax] })[0]!;
}
