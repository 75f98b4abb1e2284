/**
 * partition/argpartition, place, trimZeros, maskIndices, broadcastShapes, and the
 * multi-dimensional histograms, as JAX.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes as broadcastShapesImpl, fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray, promoteToFloat } from "./convert.js";
import { ones } from "./creation.js";
import { divide, equal, less, notEqual, subtract, where } from "./elementwise.js";
import { cumsum, sum } from "./reductions.js";
import { concatenate, flip, moveaxis, ravel, reshape, swapaxes } from "./shape-ops.js";
import { take } from "./indexing.js";
import { argsort, sort } from "./sorting.js";
import { hostValues } from "./host-values.js";
import { nonzero } from "./nonzero.js";
import { diff } from "./differences.js";
import { ravelMultiIndex } from "./index-tricks.js";
import { binEdges, bincount, searchsorted } from "./searching.js";
import { range } from "../util.js";

function kthOf(op: string, kth: number, n: number): number {
  if (!Number.isInteger(kth) || kth < -n || kth >= n) throw new TypeError(`${op}: kth must be an integer in [${-n}, ${n}), got ${kth}.`);
  return kth < 0 ? kth + n : kth;
}

/**
 * `a` rearranged along `axis` so that position `kth` holds the value a sort would put there:
 * the `kth + 1` smallest first (ascending), then the rest (descending), as JAX.
 *
 * @example
 * np.partition(np.array([5, 1, 4, 2, 8]), 1); // [1, 2, 8, 5, 4]
 */
export function partition(a: ArrayLike, kth: number, axis = -1): Array {
  const op = "np.partition";
  const x = asArray(op, a);
  const ax = normalizeAxis(op, axis, x.ndim);
  const s = sort(swapaxes(x, ax, -1));
  const n = s.shape[s.ndim - 1]!;
  const k = kthOf(op, kth, n);
  const out = concatenate([s.get("...", `0:${k + 1}`), flip(s.get("...", `${k + 1}:${n}`), -1)], -1);
  return swapaxes(out, ax, -1);
}

/**
 * Indices that `partition` `a` along `axis`: those of the `kth + 1` smallest (ascending), then
 * the others in their original order, as JAX.
 *
 * @example
 * np.argpartition(np.array([5, 1, 4, 2, 8]), 1); // [1, 3, 0, 2, 4]
 */
export function argpartition(a: ArrayLike, kth: number, axis = -1): Array {
  const op = "np.argpartition";
  const x = swapaxes(asArray(op, a), normalizeAxis(op, axis, asArray(op, a).ndim), -1);
  const n = x.shape[x.ndim - 1]!;
  const k = kthOf(op, kth, n);
  const order = argsort(x, -1);
  const bottom = order.get("...", `0:${k + 1}`);
  // rank of each position in the sort; the others keep their original order
  const rank = argsort(order, -1);
  const isBottom = less(rank, k + 1);
  const rest = argsort(isBottom.astype("int32"), -1).get("...", `0:${n - k - 1}`);
  return swapaxes(concatenate([bottom, rest], -1), normalizeAxis(op, axis, asArray(op, a).ndim), -1);
}

/**
 * The shape that `shapes` broadcast to.
 *
 * @example
 * np.broadcastShapes([3, 1], [4]); // [3, 4]
 */
export function broadcastShapes(...shapes: (number | readonly number[])[]): number[] {
  return broadcastShapesImpl("np.broadcastShapes", ...shapes.map((s) => (typeof s === "number" ? [s] : [...s])));
}

/**
 * A copy of `arr` with the positions where `mask` holds set to `vals` in order (cycled), as
 * `jnp.place(..., inplace=False)`.
 *
 * @example
 * np.place(np.arange(4), np.array([false, true, true, false]), np.array([9]), { inplace: false }); // [0, 9, 9, 3]
 */
export function place(arr: ArrayLike, mask: ArrayLike, vals: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.place";
  const o = namedArgs<{ inplace?: boolean }>(op, rest, [], ["inplace"], `${op}(arr, mask, vals, { inplace: false })`);
  if (o.inplace !== false) throw new TypeError(`${op}: JAX arrays are immutable; pass { inplace: false } to get the updated copy.`);
  const x = asArray(op, arr);
  const m = ravel(asArray(op, mask, x.device));
  if (m.size !== x.size) throw new ShapeError(`${op}: mask must have arr's size ${x.size}, got ${m.size}.`);
  const mb = notEqual(m, 0);
  const v = ravel(asArray(op, vals, x.device));
  if (v.size === 0) throw new ShapeError(`${op}: vals must not be empty.`);
  const idx = subtract(cumsum(mb), 1).astype("int32");
  const picked = take(v, where(less(idx, 0), 0, idx).astype("int32"), { mode: "wrap" });
  return reshape(where(mb, picked, ravel(x)).astype(x.dtype), x.shape);
}

/**
 * `filt` without its leading (`"f"`) and/or trailing (`"b"`) zeros; reads the values (outside jit).
 *
 * @example
 * np.trimZeros(np.array([0, 0, 1, 2, 0, 3, 0])); // [1, 2, 0, 3]
 */
export function trimZeros(filt: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.trimZeros";
  const o = namedArgs<{ trim?: string; axis?: null }>(op, rest, ["trim", "axis"], [], `${op}(filt, trim?)`);
  const x = asArray(op, filt);
  if (x.ndim !== 1) throw new ShapeError(`${op}: needs a 1-D array, got shape ${fmtShape(x.shape)}.`);
  const trim = (o.trim ?? "fb").toLowerCase();
  if (!/^[fb]+$/.test(trim)) throw new TypeError(`${op}: trim must be made of "f" and "b", got ${JSON.stringify(o.trim)}.`);
  const v = hostValues(op, x, "Slice it yourself with static bounds under jit.");
  let start = 0;
  let end = v.length;
  if (trim.includes("f")) while (start < end && Number(v[start]) === 0) start++;
  if (trim.includes("b")) while (end > start && Number(v[end - 1]) === 0) end--;
  return x.get(`${start}:${end}`);
}

/**
 * Indices of the nonzero entries of `maskFunc(ones([n, n]), k)` (e.g. `np.triu`): `[rows, cols]`.
 *
 * @example
 * np.maskIndices(3, np.triu, 1); // [[0, 0, 1], [1, 2, 2]]
 */
export function maskIndices(n: number, maskFunc: (a: Array, k: number) => Array, ...rest: unknown[]): Array[] {
  const op = "np.maskIndices";
  const o = namedArgs<{ k?: number; size?: number | null }>(op, rest, ["k"], ["size"], `${op}(n, maskFunc, k?, { size })`);
  const m = maskFunc(ones([n, n]), o.k ?? 0);
  return nonzero(notEqual(m, 0), o.size === undefined || o.size === null ? undefined : { size: o.size });
}

/** Options of `histogramdd` and `histogram2d`. */
export interface HistogramddOptions {
  /** Bins per dimension: a count (default 10) or edges, one for all or one per dimension. */
  bins?: number | ArrayLike | readonly (number | ArrayLike)[];
  /** [min, max] per dimension (default the data's). */
  range?: readonly (readonly [number, number] | null)[] | null;
  weights?: ArrayLike | null;
  density?: boolean | null;
}

/**
 * Counts of the points of `sample` (`[N, D]`) in a D-dimensional grid of bins, and the edges
 * per dimension.
 *
 * @example
 * const [H, edges] = np.histogramdd(points, { bins: [4, 3] });
 */
export function histogramdd(sample: ArrayLike, ...rest: unknown[]): [Array, Array[]] {
  const op = "np.histogramdd";
  const o = namedArgs<HistogramddOptions>(op, rest, ["bins", "range", "weights", "density"], [], `${op}(sample, { bins, range, weights, density })`);
  let s = promoteToFloat(op, [sample])[0]!;
  if (s.ndim === 1) s = reshape(s, [s.size, 1]);
  if (s.ndim !== 2) throw new ShapeError(`${op}: sample must be [N, D], got shape ${fmtShape(s.shape)}.`);
  const [N, D] = s.shape as [number, number];
  const binsList = globalThis.Array.isArray(o.bins) ? (o.bins as (number | ArrayLike)[]) : range(D).map(() => (o.bins ?? 10) as number | ArrayLike);
  if (binsList.length !== D) throw new TypeError(`${op}: bins needs one entry per dimension (${D}), got ${binsList.length}.`);
  if (o.range && o.range.length !== D) throw new TypeError(`${op}: range needs one [min, max] per dimension (${D}), got ${o.range.length}.`);
  const edges = range(D).map((d) => binEdges(op, s.get(":", d), binsList[d]!, o.range?.[d]));
  const nb = edges.map((e) => e.shape[0]! + 1);
  const idx = range(D).map((d) => {
    const col = s.get(":", d);
    const e = edges[d]!;
    const i = searchsorted(e, col, { side: "right" });
    return where(equal(col, e.get(-1)), e.shape[0]! - 1, i).astype("int32");
  });
  const flat = ravelMultiIndex(idx, nb, "clip");
  const w = o.weights === undefined || o.weights === null ? null : ravel(promoteToFloat(op, [o.weights], s.device)[0]!);
  if (w && w.size !== N) throw new ShapeError(`${op}: weights must have one value per point (${N}), got ${w.size}.`);
  const counts = bincount(flat, { weights: w, length: nb.reduce((a, b) => a * b, 1) });
  let hist = reshape(counts, nb);
  hist = hist.get(...nb.map((n) => `1:${n - 1}`));
  if (o.density) {
    let vol = divide(hist, sum(hist)).astype("float32");
    for (let d = 0; d < D; d++) {
      const widths = diff(edges[d]!);
      vol = divide(vol, reshape(widths, range(D).map((j) => (j === d ? widths.size : 1))));
    }
    hist = vol;
  }
  return [hist, edges];
}

/**
 * 2-D histogram of the points `(x, y)`: counts, x edges and y edges.
 *
 * @example
 * const [H, xe, ye] = np.histogram2d(x, y, { bins: 4 });
 */
export function histogram2d(x: ArrayLike, y: ArrayLike, ...rest: unknown[]): [Array, Array, Array] {
  const op = "np.histogram2d";
  const o = namedArgs<HistogramddOptions>(op, rest, ["bins", "range", "weights", "density"], [], `${op}(x, y, { bins, range, weights, density })`);
  const [xa, ya] = [ravel(promoteToFloat(op, [x])[0]!), ravel(promoteToFloat(op, [y])[0]!)];
  if (xa.size !== ya.size) throw new ShapeError(`${op}: x and y must have the same size, got ${xa.size} and ${ya.size}.`);
  // a list of two is one entry per axis; a number or other edges apply to both
  const bins = o.bins;
  const binsDD = bins === undefined ? undefined : globalThis.Array.isArray(bins) && bins.length === 2 ? bins : [bins as number | ArrayLike, bins as number | ArrayLike];
  const [h, [ex, ey]] = histogramdd(moveaxis(concatenate([reshape(xa, [1, xa.size]), reshape(ya, [1, ya.size])]), 0, 1), { ...o, bins: binsDD });
  return [h, ex!, ey!];
}
