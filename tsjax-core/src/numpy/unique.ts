/**
 * `unique` and the array API's `uniqueAll`/`uniqueCounts`/`uniqueInverse`/`uniqueValues`, as
 * JAX: sort, mark the first of each run of equal values, and gather. Their size depends on the
 * data, so they need a static `size` under jit (and on devices that read asynchronously); with
 * `size`, missing slots hold `fillValue` (default the smallest value) and count 0.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import { namedArgs } from "../util/options.js";
import { asArray } from "./convert.js";
import { arange, ones, zeros } from "./creation.js";
import { equal, isnan, less, logicalAnd, logicalNot, logicalOr, subtract, where } from "./elementwise.js";
import { cumsum, sum } from "./reductions.js";
import { concatenate, ravel, reshape } from "./shape-ops.js";
import { take } from "./indexing.js";
import { argsort } from "./sorting.js";
import { hostValues } from "./host-values.js";
import { nonzero } from "./nonzero.js";
import { named } from "./linalg/named.js";

/** Options of `unique`. */
export interface UniqueOptions {
  /** Also return the index of each value's first occurrence. */
  returnIndex?: boolean;
  /** Also return, for each element of `ar`, the index of its value in the result (`ar`'s shape). */
  returnInverse?: boolean;
  /** Also return how often each value occurs. */
  returnCounts?: boolean;
  /** Only `null` (the flattened array) is supported. */
  axis?: number | null;
  /** NaNs count as one value (default true). */
  equalNan?: boolean;
  /** The static number of values returned (needed under jit). */
  size?: number | null;
  /** The value in the slots past the last unique value (default the smallest value). */
  fillValue?: ArrayLike | null;
  /** Accepted for JAX compatibility: the values are always sorted. */
  sorted?: boolean;
}

interface Parts {
  values: Array;
  indices: Array;
  inverse: Array;
  counts: Array;
}

function uniqueParts(op: string, ar: ArrayLike, o: UniqueOptions): Parts {
  if (o.axis !== undefined && o.axis !== null) throw new TypeError(`${op}: only axis=null (the flattened array) is supported; got axis ${o.axis}.`);
  const x = asArray(op, ar);
  const { sorted: aux, perm, first: mask } = sortedRuns(x, o.equalNan ?? true);
  const n = aux.size;
  const size = staticCount(op, mask, o.size);
  const [ind] = nonzero(mask, { size, fillValue: 0 });
  let values = take(aux, ind!, { mode: "clip" });
  if (o.fillValue !== undefined && o.fillValue !== null) {
    const count = sum(mask);
    values = where(less(arange(size, { device: x.device }), count), values, asArray(op, o.fillValue, x.device)).astype(aux.dtype);
  }
  const indices = take(perm, ind!, { mode: "clip" });
  const imask = subtract(cumsum(mask), 1);
  const inverse = reshape(zeros([n], { dtype: "int32", device: x.device }).at(perm).set(imask), x.shape);
  const [ends] = nonzero(concatenate([mask, ones([1], { dtype: "bool", device: x.device })]), { size: size + 1, fillValue: n });
  const counts = subtract(ends!.get("1:"), ends!.get(":-1"));
  return { values, indices, inverse, counts };
}

/** Sorted flat values, the sorting permutation, and a mask of the first of each run of equal values (NaNs equal when `equalNan`). */
export function sortedRuns(x: Array, equalNan = true): { sorted: Array; perm: Array; first: Array } {
  const flat = ravel(x);
  const perm = argsort(flat);
  const sorted = take(flat, perm);
  let same = equal(sorted.get("1:"), sorted.get(":-1"));
  if (equalNan && isFloatDType(sorted.dtype)) same = logicalOr(same, logicalAnd(isnan(sorted.get("1:")), isnan(sorted.get(":-1"))));
  const first = concatenate([ones([Math.min(flat.size, 1)], { dtype: "bool", device: x.device }), logicalNot(same)]);
  return { sorted, perm, first };
}

/** `size` when given (static), else the number of true values of `mask`, read on the host. */
export function staticCount(op: string, mask: Array, size: number | null | undefined): number {
  if (size !== undefined && size !== null) return size;
  const m = hostValues(op, mask, "Give a static { size } (and optionally { fillValue }).");
  let count = 0;
  for (let i = 0; i < m.length; i++) count += Number(m[i]);
  return count;
}

const UNIQUE_KEYS = ["returnIndex", "returnInverse", "returnCounts", "axis"];

/**
 * The sorted unique values of `ar` (flattened), and with `returnIndex`/`returnInverse`/
 * `returnCounts` a list `[values, index?, inverse?, counts?]`.
 *
 * @example
 * np.unique(np.array([3, 1, 3])); // [1, 3] (CPU, outside jit)
 * np.unique(x, { size: 4, fillValue: -1 }); // under jit
 */
export function unique(ar: ArrayLike, ...rest: unknown[]): Array | Array[] {
  const op = "np.unique";
  const o = namedArgs<UniqueOptions>(op, rest, UNIQUE_KEYS, ["equalNan", "size", "fillValue", "sorted"], `${op}(ar, { returnIndex, returnInverse, returnCounts, size, fillValue, equalNan })`);
  const p = uniqueParts(op, ar, o);
  const out = [p.values];
  if (o.returnIndex) out.push(p.indices);
  if (o.returnInverse) out.push(p.inverse);
  if (o.returnCounts) out.push(p.counts);
  return out.length === 1 ? p.values : out;
}

/** Options of `uniqueAll`, `uniqueCounts`, `uniqueInverse` and `uniqueValues`. */
export interface UniqueSizeOptions {
  /** The static number of values returned (needed under jit). */
  size?: number | null;
  /** The value in the slots past the last unique value (default the smallest value). */
  fillValue?: ArrayLike | null;
}

function sized(op: string, x: ArrayLike, opts: UniqueSizeOptions | undefined): Parts {
  const o = namedArgs<UniqueSizeOptions>(op, opts === undefined ? [] : [opts], [], ["size", "fillValue"], `${op}(x, { size, fillValue })`);
  return uniqueParts(op, x, o);
}

/** `uniqueAll`'s result: `[values, indices, inverseIndices, counts]`, also as properties. */
export type UniqueAllResult = [values: Array, indices: Array, inverseIndices: Array, counts: Array] & {
  readonly values: Array; readonly indices: Array; readonly inverseIndices: Array; readonly counts: Array;
};
/** `uniqueCounts`'s result: `[values, counts]`. */
export type UniqueCountsResult = [values: Array, counts: Array] & { readonly values: Array; readonly counts: Array };
/** `uniqueInverse`'s result: `[values, inverseIndices]`. */
export type UniqueInverseResult = [values: Array, inverseIndices: Array] & { readonly values: Array; readonly inverseIndices: Array };

/**
 * Unique values, first indices, inverse indices and counts (the array API's `unique_all`).
 *
 * @example
 * const { values, counts } = np.uniqueAll(np.array([3, 1, 3]));
 */
export function uniqueAll(x: ArrayLike, opts?: UniqueSizeOptions): UniqueAllResult {
  const p = sized("np.uniqueAll", x, opts);
  return named(["values", "indices", "inverseIndices", "counts"], [p.values, p.indices, p.inverse, p.counts]);
}

/**
 * Unique values and their counts.
 *
 * @example
 * const [values, counts] = np.uniqueCounts(np.array([3, 1, 3])); // [1, 3], [1, 2]
 */
export function uniqueCounts(x: ArrayLike, opts?: UniqueSizeOptions): UniqueCountsResult {
  const p = sized("np.uniqueCounts", x, opts);
  return named(["values", "counts"], [p.values, p.counts]);
}

/**
 * Unique values and, per element of `x`, the index of its value.
 *
 * @example
 * const [values, inv] = np.uniqueInverse(np.array([3, 1, 3])); // [1, 3], [1, 0, 1]
 */
export function uniqueInverse(x: ArrayLike, opts?: UniqueSizeOptions): UniqueInverseResult {
  const p = sized("np.uniqueInverse", x, opts);
  return named(["values", "inverseIndices"], [p.values, p.inverse]);
}

/**
 * The sorted unique values.
 *
 * @example
 * np.uniqueValues(np.array([3, 1, 3])); // [1, 3]
 */
export function uniqueValues(x: ArrayLike, opts?: UniqueSizeOptions): Array {
  return sized("np.uniqueValues", x, opts).values;
}
