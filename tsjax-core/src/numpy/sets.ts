/**
 * Set operations on flattened arrays: isin, union1d, intersect1d, setdiff1d, setxor1d, as JAX.
 * Results are sorted unique values; their number depends on the data, so under jit they need a
 * static `size` (missing slots hold `fillValue`).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { namedArgs } from "../util/options.js";
import { asArray, deviceOf } from "./convert.js";
import { arange } from "./creation.js";
import { equal, less, logicalAnd, logicalNot, notEqual, where } from "./elementwise.js";
import { any, sum } from "./reductions.js";
import { concatenate, expandDims, ravel } from "./shape-ops.js";
import { take } from "./indexing.js";
import { nonzero } from "./nonzero.js";
import { sortedRuns, staticCount } from "./unique.js";
import { searchsorted } from "./searching.js";

/** Options of `isin`. */
export interface IsinOptions {
  /** Accepted for numpy compatibility (no effect). */
  assumeUnique?: boolean;
  /** Return the negation (elements not in `testElements`). */
  invert?: boolean;
  /** JAX's implementation choice ("auto", "compare_all", "binary_search", "sort"); all give the same result. */
  method?: "auto" | "compare_all" | "binary_search" | "sort";
}

/**
 * True where an element of `element` occurs in `testElements` (`element`'s shape).
 *
 * @example
 * np.isin(np.array([1, 2, 3]), np.array([2, 5])); // [false, true, false]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.isin";
  const o = namedArgs<IsinOptions>(op, rest, ["assumeUnique", "invert"], ["method"], `${op}(element, testElements, { invert })`);
  if (o.method !== undefined && !["auto", "compare_all", "binary_search", "sort"].includes(o.method)) {
    throw new TypeError(`${op}: unknown method ${JSON.stringify(o.method)}; accepted: "auto", "compare_all", "binary_search", "sort".`);
  }
  const device = deviceOf([element, testElements]);
  const e = asArray(op, element, device);
  const t = ravel(asArray(op, testElements, device));
  const found = any(equal(expandDims(e, -1), t), -1);
  return o.invert ? logicalNot(found) : found;
}

interface SizeOptions {
  size?: number | null;
  fillValue?: ArrayLike | null;
}

/** The entries of `values` where `keep` holds: `size` of them (static; else read on the host), padded with `fill` (default the first one kept). */
function pick(op: string, values: Array, keep: Array, o: SizeOptions, fill?: ArrayLike): [Array, Array] {
  const size = staticCount(op, keep, o.size);
  const [idx] = nonzero(keep, { size, fillValue: 0 });
  let out = take(values, idx!, { mode: "clip" });
  const valid = less(arange(size, { device: values.device }), sum(keep));
  const f = o.fillValue ?? fill ?? (size > 0 ? out.get(0) : 0);
  out = where(valid, out, f).astype(values.dtype);
  return [out, idx!];
}

const SET_SPEC = ["size", "fillValue"];

/**
 * Sorted unique values of both arrays.
 *
 * @example
 * np.union1d(np.array([3, 1]), np.array([2, 3])); // [1, 2, 3]
 */
export function union1d(ar1: ArrayLike, ar2: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.union1d";
  const o = namedArgs<SizeOptions>(op, rest, [], SET_SPEC, `${op}(ar1, ar2, { size, fillValue })`);
  const device = deviceOf([ar1, ar2]);
  const r = sortedRuns(concatenate([ravel(asArray(op, ar1, device)), ravel(asArray(op, ar2, device))]));
  return pick(op, r.sorted, r.first, o)[0];
}

/**
 * Sorted unique values of `ar1` that are not in `ar2` (padding defaults to 0, as JAX).
 *
 * @example
 * np.setdiff1d(np.array([5, 1, 3]), np.array([3])); // [1, 5]
 */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.setdiff1d";
  const o = namedArgs<SizeOptions & { assumeUnique?: boolean }>(op, rest, ["assumeUnique"], SET_SPEC, `${op}(ar1, ar2, { size, fillValue })`);
  const device = deviceOf([ar1, ar2]);
  const r = sortedRuns(asArray(op, ar1, device));
  const keep = logicalAnd(r.first, isin(r.sorted, asArray(op, ar2, device), { invert: true }));
  return pick(op, r.sorted, keep, o, 0)[0];
}

/**
 * Sorted values in exactly one of the arrays.
 *
 * @example
 * np.setxor1d(np.array([1, 2]), np.array([2, 3])); // [1, 3]
 */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.setxor1d";
  const o = namedArgs<SizeOptions & { assumeUnique?: boolean }>(op, rest, ["assumeUnique"], SET_SPEC, `${op}(ar1, ar2, { size, fillValue })`);
  const device = deviceOf([ar1, ar2]);
  const a = asArray(op, ar1, device);
  const b = asArray(op, ar2, device);
  const r = sortedRuns(concatenate([ravel(a), ravel(b)]));
  const keep = logicalAnd(r.first, notEqual(isin(r.sorted, a), isin(r.sorted, b)));
  return pick(op, r.sorted, keep, o)[0];
}

/**
 * Sorted values in both arrays; with `returnIndices`, also the index of each value's first
 * occurrence in `ar1` and in `ar2`.
 *
 * @example
 * np.intersect1d(np.array([5, 1, 3]), np.array([3, 5, 9])); // [3, 5]
 */
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, ...rest: unknown[]): Array | [Array, Array, Array] {
  const op = "np.intersect1d";
  const o = namedArgs<SizeOptions & { assumeUnique?: boolean; returnIndices?: boolean }>(op, rest, ["assumeUnique", "returnIndices"], SET_SPEC, `${op}(ar1, ar2, { returnIndices, size, fillValue })`);
  const device = deviceOf([ar1, ar2]);
  const ra = sortedRuns(asArray(op, ar1, device));
  const rb = sortedRuns(asArray(op, ar2, device));
  const keep = logicalAnd(ra.first, isin(ra.sorted, rb.sorted));
  const [values, pos] = pick(op, ra.sorted, keep, o);
  if (!o.returnIndices) return values;
  const ia = take(ra.perm, pos, { mode: "clip" });
  const ib = take(rb.perm, searchsorted(rb.sorted, values), { mode: "clip" });
  return [values, ia, ib];
}
