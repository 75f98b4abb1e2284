/**
 * Index arithmetic and functional updates: ravelMultiIndex/unravelIndex, ix_, fillDiagonal, put,
 * delete, insert, compress/extract, choose, lexsort, as JAX. Updates return new arrays (`inplace`
 * must be false, as JAX requires).
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, isIntDType } from "../dtype.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray, promoteAndBroadcast } from "./convert.js";
import { arange, array } from "./creation.js";
import { add, equal, floorDivide, greater, less, mod, multiply, notEqual, where } from "./elementwise.js";
import { sum } from "./reductions.js";
import { broadcastArrays, broadcastTo, concatenate, moveaxis, ravel, reshape } from "./shape-ops.js";
import { take, takeAlongAxis } from "./indexing.js";
import { argsort } from "./sorting.js";
import { hostValues } from "./host-values.js";
import { nonzero } from "./nonzero.js";
import { range } from "../util.js";

type IndexMode = "raise" | "wrap" | "clip";

function intArray(op: string, name: string, x: ArrayLike): Array {
  const a = asArray(op, x);
  if (!isIntDType(a.dtype)) throw new DTypeError(`${op}: ${name} must be integers, got ${a.dtype}.`);
  return a;
}

/** `i` brought into [0, n) by `mode`; "raise" reads the values (outside jit) and throws when one is out of range. */
function fitIndex(op: string, i: Array, n: number, mode: IndexMode, negative: boolean): Array {
  switch (mode) {
    case "wrap":
      return mod(i, n);
    case "clip":
      return where(less(i, 0), 0, where(greater(i, n - 1), n - 1, i)).astype(i.dtype);
    case "raise": {
      const v = hostValues(op, i, 'mode "raise" checks the values; use mode "clip" or "wrap" under jit.');
      for (let k = 0; k < v.length; k++) {
        const x = Number(v[k]);
        if (x >= n || x < (negative ? -n : 0)) throw new IndexError(`${op}: index ${x} is out of bounds for size ${n}; use mode "clip" or "wrap".`);
      }
      return negative ? where(less(i, 0), add(i, n), i).astype(i.dtype) : i;
    }
    default:
      throw new TypeError(`${op}: unknown mode ${JSON.stringify(mode)}; accepted: "raise", "wrap", "clip".`);
  }
}

/**
 * Flat indices of the coordinate arrays `multiIndex` in an array of shape `dims` (C order).
 *
 * @example
 * np.ravelMultiIndex([np.array([1, 2]), np.array([0, 3])], [3, 4]); // [4, 11]
 */
export function ravelMultiIndex(multiIndex: readonly ArrayLike[], dims: readonly number[], ...rest: unknown[]): Array {
  const op = "np.ravelMultiIndex";
  const o = namedArgs<{ mode?: IndexMode; order?: "C" | "F"; dtype?: DType }>(op, rest, ["mode", "order"], ["dtype"], `${op}(multiIndex, dims, mode?, order?)`);
  if (multiIndex.length !== dims.length) throw new ShapeError(`${op}: needs one index array per dimension (${dims.length}), got ${multiIndex.length}.`);
  const order = o.order ?? "C";
  if (order !== "C" && order !== "F") throw new TypeError(`${op}: unknown order ${JSON.stringify(order)}; accepted: "C", "F".`);
  const idx = broadcastArrays(...multiIndex.map((m) => intArray(op, "multiIndex", m)));
  const axes = order === "C" ? range(dims.length) : range(dims.length).reverse();
  let out: Array | null = null;
  for (const d of axes) {
    const i = fitIndex(op, idx[d]!.astype("int32"), dims[d]!, o.mode ?? "raise", false);
    out = out ? add(multiply(out, dims[d]!), i) : i;
  }
  return (out ?? asArray(op, 0)).astype(o.dtype ?? "int32");
}

/**
 * Coordinates of flat `indices` in an array of `shape` (C order; out-of-range indices are
 * clipped, negative ones count from the end).
 *
 * @example
 * np.unravelIndex(np.array([5, 11]), [3, 4]); // [[1, 2], [1, 3]]
 */
export function unravelIndex(indices: ArrayLike, shape: readonly number[]): Array[] {
  const op = "np.unravelIndex";
  let i = intArray(op, "indices", indices).astype("int32");
  const size = shape.reduce((a, b) => a * b, 1);
  i = where(less(i, 0), add(i, size), i);
  i = where(less(i, 0), 0, where(greater(i, size - 1), size - 1, i)).astype("int32");
  const out: Array[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(mod(i, shape[d]!));
    i = floorDivide(i, shape[d]!);
  }
  return out;
}

/**
 * Open-mesh index arrays from 1-D sequences: the k-th has shape 1 except along axis k.
 *
 * @example
 * const [r, c] = np.ix_(np.array([0, 2]), np.array([1, 3])); // shapes [2, 1] and [1, 2]
 */
export function ix_(...args: ArrayLike[]): Array[] {
  const op = "np.ix_";
  return args.map((x, k) => {
    const a = asArray(op, x);
    if (a.ndim !== 1) throw new ShapeError(`${op}: every argument must be 1-D, argument ${k} has shape ${fmtShape(a.shape)}.`);
    return reshape(a, args.map((_, j) => (j === k ? a.shape[0]! : 1)));
  });
}

function requireCopy(op: string, inplace: boolean | undefined): void {
  if (inplace !== false) throw new TypeError(`${op}: JAX arrays are immutable; pass { inplace: false } to get the updated copy.`);
}

/**
 * A copy of `a` with its main diagonal set to `val` (cycled), as `jnp.fill_diagonal(..., inplace=False)`.
 *
 * @example
 * np.fillDiagonal(np.zeros([3, 3]), 5, { inplace: false });
 */
export function fillDiagonal(a: ArrayLike, val: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.fillDiagonal";
  const o = namedArgs<{ wrap?: boolean; inplace?: boolean }>(op, rest, ["wrap"], ["inplace"], `${op}(a, val, { inplace: false })`);
  requireCopy(op, o.inplace);
  if (o.wrap) throw new TypeError(`${op}: wrap=true is not implemented (as in JAX); use wrap=false.`);
  const x = asArray(op, a);
  if (x.ndim < 2 || (x.ndim > 2 && x.shape.some((n) => n !== x.shape[0]))) {
    throw new ShapeError(`${op}: needs a 2-D array or one whose axes all have the same length, got shape ${fmtShape(x.shape)}.`);
  }
  const n = Math.min(...x.shape);
  const v = ravel(asArray(op, val, x.device));
  const vals = take(v, mod(arange(n, { device: x.device }), Math.max(v.size, 1)));
  const idx = arange(n, { device: x.device });
  return x.at(...x.shape.map(() => idx)).set(vals);
}

/**
 * A copy of `a` with the flat positions `ind` set to `v` (cycled); out-of-range indices are
 * clipped (the default; negative ones count from the end first) or wrapped.
 *
 * @example
 * np.put(np.zeros([5]), np.array([0, 2], { dtype: "int32" }), 1, { inplace: false }); // [1, 0, 1, 0, 0]
 */
export function put(a: ArrayLike, ind: ArrayLike, v: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.put";
  const o = namedArgs<{ mode?: "clip" | "wrap" | null; inplace?: boolean }>(op, rest, ["mode"], ["inplace"], `${op}(a, ind, v, mode?, { inplace: false })`);
  requireCopy(op, o.inplace);
  const x = asArray(op, a);
  const i = ravel(intArray(op, "ind", ind)).astype("int32");
  const mode = o.mode ?? "clip";
  if (mode !== "clip" && mode !== "wrap") throw new TypeError(`${op}: unknown mode ${JSON.stringify(mode)}; accepted: "clip", "wrap" (JAX has no "raise").`);
  // as x.at[ind]: negative indices count from the end before clipping
  const fi = fitIndex(op, mode === "clip" ? where(less(i, 0), add(i, x.size), i).astype("int32") : i, x.size, mode, false);
  const vals = ravel(asArray(op, v, x.device));
  const cyc = take(vals, mod(arange(i.size, { device: x.device }), Math.max(vals.size, 1)));
  return reshape(ravel(x).at(fi).set(cyc), x.shape);
}

/** Static positions along an axis of length `n` from an integer, a list, a 1-D int array (concrete) or a slice. */
function staticPositions(op: string, obj: ArrayLike | readonly number[] | { start?: number | null; stop?: number | null; step?: number | null }, n: number): number[] {
  if (typeof obj === "number") return [obj];
  if (globalThis.Array.isArray(obj)) return obj as number[];
  if (obj instanceof Array) return globalThis.Array.from(hostValues(op, obj, "Give the positions as numbers (a static list)."), Number);
  if (typeof obj === "object" && obj !== null) {
    const s = obj as { start?: number | null; stop?: number | null; step?: number | null };
    const step = s.step ?? 1;
    const norm = (v: number | null | undefined, d: number) => (v === undefined || v === null ? d : v < 0 ? Math.max(v + n, step > 0 ? 0 : -1) : Math.min(v, step > 0 ? n : n - 1));
    const out: number[] = [];
    for (let i = norm(s.start, step > 0 ? 0 : n - 1); step > 0 ? i < norm(s.stop, n) : i > norm(s.stop, -1); i += step) out.push(i);
    return out;
  }
  throw new TypeError(`${op}: positions must be an integer, a list, an int array or a slice {start, stop, step}.`);
}

/**
 * `arr` without the entries at positions `obj` along `axis` (flattened when null); positions are
 * static (numbers, a list, a slice or a concrete int array).
 *
 * @example
 * np.delete(np.arange(6), [1, 3]); // [0, 2, 4, 5]
 */
export function deleteEntries(arr: ArrayLike, obj: ArrayLike | readonly number[] | { start?: number | null; stop?: number | null; step?: number | null }, ...rest: unknown[]): Array {
  const op = "np.delete";
  const o = namedArgs<{ axis?: number | null; assumeUniqueIndices?: boolean }>(op, rest, ["axis"], ["assumeUniqueIndices"], `${op}(arr, obj, axis?)`);
  let a = asArray(op, arr);
  if (o.axis === undefined || o.axis === null) a = ravel(a);
  const ax = normalizeAxis(op, o.axis ?? 0, a.ndim);
  const n = a.shape[ax]!;
  const drop = new Set(staticPositions(op, obj, n).map((p) => {
    if (p < -n || p >= n) throw new IndexError(`${op}: position ${p} is out of bounds for axis ${ax} of size ${n}.`);
    return p < 0 ? p + n : p;
  }));
  const keep = range(n).filter((i) => !drop.has(i));
  return take(a, array(keep, { dtype: "int32", device: a.device }), ax);
}
export { deleteEntries as delete };

/**
 * `arr` with `values` inserted before the positions `obj` along `axis` (flattened when null).
 *
 * @example
 * np.insert(np.arange(4), 2, 9); // [0, 1, 9, 2, 3]
 */
export function insert(arr: ArrayLike, obj: ArrayLike | readonly number[], values: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.insert";
  const o = namedArgs<{ axis?: number | null }>(op, rest, ["axis"], [], `${op}(arr, obj, values, axis?)`);
  let a = asArray(op, arr);
  if (o.axis === undefined || o.axis === null) a = ravel(a);
  const ax = normalizeAxis(op, o.axis ?? 0, a.ndim);
  const n = a.shape[ax]!;
  const scalarObj = typeof obj === "number" || (obj instanceof Array && obj.ndim === 0);
  const pos = staticPositions(op, obj as ArrayLike, n).map((p) => {
    if (p < -n || p > n) throw new IndexError(`${op}: position ${p} is out of bounds for axis ${ax} of size ${n}.`);
    return p < 0 ? p + n : p;
  });
  let v = asArray(op, values, a.device).astype(a.dtype);
  if (v.ndim < a.ndim) v = reshape(v, [...range(a.ndim - v.ndim).map(() => 1), ...v.shape]);
  if (scalarObj) v = moveaxis(v, 0, ax);
  const m = scalarObj ? v.shape[ax]! : pos.length;
  v = broadcastTo(v, a.shape.map((d, i) => (i === ax ? m : d)));
  // result order: for each old position i, the inserted slices before it, then a[i]
  const src: number[] = [];
  const order = scalarObj ? range(m).map(() => pos[0]!) : pos;
  const sorted = order.map((p, k) => [p, k] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let j = 0;
  for (let i = 0; i <= n; i++) {
    while (j < sorted.length && sorted[j]![0] === i) src.push(n + sorted[j++]![1]);
    if (i < n) src.push(i);
  }
  return take(concatenate([a, v], ax), array(src, { dtype: "int32", device: a.device }), ax);
}

/**
 * The slices of `a` along `axis` (flattened when null) where `condition` is true. With `size`,
 * static: the first `size`, padded with `fillValue`; without it, reads `condition` (outside jit).
 *
 * @example
 * np.compress(np.array([true, false, true]), np.arange(6).reshape([3, 2]), 0); // [[0, 1], [4, 5]]
 */
export function compress(condition: ArrayLike, a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.compress";
  const o = namedArgs<{ axis?: number | null; size?: number | null; fillValue?: ArrayLike }>(op, rest, ["axis"], ["size", "fillValue"], `${op}(condition, a, axis?, { size, fillValue })`);
  let x = asArray(op, a);
  const c = ravel(asArray(op, condition, x.device));
  if (o.axis === undefined || o.axis === null) x = ravel(x);
  const ax = normalizeAxis(op, o.axis ?? 0, x.ndim);
  const n = x.shape[ax]!;
  if (c.size > n) throw new ShapeError(`${op}: condition has ${c.size} entries, more than the ${n} along axis ${ax}.`);
  const cb = c.dtype === "bool" ? c : notEqual(c, 0);
  const [idx] = nonzero(cb, o.size === undefined || o.size === null ? undefined : { size: o.size, fillValue: 0 });
  const out = take(x, idx!, ax);
  if (o.size === undefined || o.size === null) return out;
  const valid = reshape(less(arange(o.size, { device: x.device }), sum(cb)), x.shape.map((_, i) => (i === ax ? o.size! : 1)));
  return where(valid, out, o.fillValue ?? 0).astype(x.dtype);
}

/**
 * The elements of `arr` where `condition` is true (both flattened); `size` as in `compress`.
 *
 * @example
 * np.extract(np.array([true, false, true]), np.array([1, 2, 3])); // [1, 3]
 */
export function extract(condition: ArrayLike, arr: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.extract";
  const o = namedArgs<{ size?: number | null; fillValue?: ArrayLike }>(op, rest, [], ["size", "fillValue"], `${op}(condition, arr, { size, fillValue })`);
  const x = ravel(asArray(op, arr));
  return compress(ravel(asArray(op, condition, x.device)), x, { axis: 0, ...o });
}

/**
 * Elementwise `choices[a]` (broadcast together); `mode` "raise" (default; reads `a`), "wrap" or "clip".
 *
 * @example
 * np.choose(np.array([0, 1, 0], { dtype: "int32" }), [np.zeros([3]), np.ones([3])]); // [0, 1, 0]
 */
export function choose(a: ArrayLike, choices: readonly ArrayLike[], ...rest: unknown[]): Array {
  const op = "np.choose";
  const o = namedArgs<{ out?: null; mode?: IndexMode }>(op, rest, ["out", "mode"], [], `${op}(a, choices, { mode })`);
  if (o.out !== undefined && o.out !== null) throw new TypeError(`${op}: out is not supported (arrays are immutable).`);
  if (choices.length === 0) throw new TypeError(`${op}: choices must not be empty.`);
  const idx = fitIndex(op, intArray(op, "a", a).astype("int32"), choices.length, o.mode ?? "raise", false);
  const cs = promoteAndBroadcast(op, choices);
  const [i, ...bs] = broadcastArrays(idx, ...cs);
  let out = bs[bs.length - 1]!;
  for (let k = bs.length - 2; k >= 0; k--) out = where(equal(i!, k), bs[k]!, out);
  return out;
}

/**
 * Indices that sort by several keys: the last key is the primary one (stable).
 *
 * @example
 * np.lexsort([np.array([1, 2, 1, 2]), np.array([3, 3, 1, 1])]); // [2, 3, 0, 1]
 */
export function lexsort(keys: readonly ArrayLike[] | ArrayLike, ...rest: unknown[]): Array {
  const op = "np.lexsort";
  const { axis } = namedArgs<{ axis?: number }>(op, rest, ["axis"]);
  const list = keys instanceof Array ? (keys.ndim === 0 ? [keys] : range(keys.shape[0]!).map((i) => keys.get(i))) : (globalThis.Array.isArray(keys) ? (keys as ArrayLike[]) : [keys as ArrayLike]);
  if (list.length === 0) throw new TypeError(`${op}: needs at least one key.`);
  const ks = broadcastArrays(...list.map((k) => asArray(op, k)));
  const ax = normalizeAxis(op, axis ?? -1, ks[0]!.ndim);
  let idx = argsort(ks[0]!, ax);
  for (let k = 1; k < ks.length; k++) idx = takeAlongAxis(idx, argsort(takeAlongAxis(ks[k]!, idx, ax), ax), ax);
  return idx;
}
