/**
 * Searching and counting: searchsorted, digitize, interp, bincount, histogram, select and
 * putAlongAxis, as JAX. Results whose size depends on the data (bincount without `length`)
 * read the values on the host, as `nonzero` does.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { isFloatDType, isIntDType, resultType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray, deviceOf, kindOf, promoteAndBroadcast, promoteInexact, promoteToFloat, toArrayOf } from "./convert.js";
import { arange, zeros } from "./creation.js";
import {
  abs, add, divide, equal, greater, greaterEqual, isnan, less, lessEqual, logicalAnd, logicalNot, logicalOr, multiply, remainder, subtract, where,
} from "./elementwise.js";
import { argsort } from "./sorting.js";
import { max, min, sum } from "./reductions.js";
import { broadcastTo, concatenate, expandDims, flip, ravel, reshape } from "./shape-ops.js";
import { take } from "./indexing.js";
import { hostValues } from "./host-values.js";
import { range } from "../util.js";

/** `x < y` in the order sorting uses: NaNs after everything. */
function sortLess(x: Array, y: Array): Array {
  if (!isFloatDType(x.dtype)) return less(x, y);
  return logicalOr(less(x, y), logicalAnd(isnan(y), logicalNot(isnan(x))));
}

/** Options of `searchsorted`. */
export interface SearchsortedOptions {
  /** `"left"` (default): the first position where `v` fits; `"right"`: the last. */
  side?: "left" | "right";
  /** Indices that sort `a` (when `a` itself is not sorted). */
  sorter?: ArrayLike | null;
  /** JAX's implementation choice; every method gives the same result here. */
  method?: "scan" | "scan_unrolled" | "sort" | "compare_all";
}

/**
 * Where to insert `v` in the sorted 1-D `a` to keep it sorted (int32, `v`'s shape). NaNs sort
 * last.
 *
 * @example
 * np.searchsorted(np.array([1, 2, 3]), np.array([2, 4])); // [1, 3]
 * np.searchsorted(a, v, { side: "right" });
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.searchsorted";
  const o = namedArgs<SearchsortedOptions>(op, rest, ["side", "sorter", "method"], [], `${op}(a, v, { side, sorter, method })`);
  const side = o.side ?? "left";
  if (side !== "left" && side !== "right") throw new TypeError(`${op}: unknown side ${JSON.stringify(side)}; accepted: "left", "right".`);
  const method = o.method ?? "scan";
  if (!["scan", "scan_unrolled", "sort", "compare_all"].includes(method)) {
    throw new TypeError(`${op}: unknown method ${JSON.stringify(method)}; accepted: "scan", "scan_unrolled", "sort", "compare_all".`);
  }
  const [x0, y] = promoteAndBroadcastNoShape(op, a, v);
  let x = x0;
  if (x.ndim !== 1) throw new ShapeError(`${op}: a must be 1-D, got shape ${fmtShape(x.shape)}.`);
  if (o.sorter !== undefined && o.sorter !== null) x = take(x, asArray(op, o.sorter, x.device) as Array);
  const ax = expandDims(x, 0);
  const vy = expandDims(y, -1);
  // left: how many a[i] < v; right: how many a[i] <= v (= not v < a[i]).
  const before = side === "left" ? sortLess(ax, vy) : logicalNot(sortLess(vy, ax));
  return sum(before, -1, { dtype: "int32" });
}

/** Two operands promoted to one dtype, shapes kept. */
function promoteAndBroadcastNoShape(op: string, a: ArrayLike, v: ArrayLike): [Array, Array] {
  const device = deviceOf([a, v]);
  const kind = resultType(kindOf(op, a), kindOf(op, v));
  return [toArrayOf(op, a, kind, device), toArrayOf(op, v, kind, device)];
}

/**
 * The bin of each `x` (int32): `i` such that `bins[i-1] <= x < bins[i]` (`<` and `<=` swapped
 * with `right`); `bins` increasing or decreasing.
 *
 * @example
 * np.digitize(np.array([0.5, 1.5, 3]), np.array([1, 2])); // [0, 1, 2]
 */
export function digitize(x: ArrayLike, bins: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.digitize";
  const o = namedArgs<{ right?: boolean; method?: SearchsortedOptions["method"] }>(op, rest, ["right"], ["method"]);
  const b = asArray(op, bins);
  if (b.ndim !== 1) throw new ShapeError(`${op}: bins must be 1-D, got shape ${fmtShape(b.shape)}.`);
  const side = o.right ? "left" : "right";
  const xa = asArray(op, x, b.device);
  if (b.shape[0] === 0) return zeros(xa.shape, { dtype: "int32", device: b.device });
  const up = searchsorted(b, xa, { side, method: o.method });
  const down = subtract(b.shape[0]!, searchsorted(flip(b), xa, { side, method: o.method }));
  return where(greaterEqual(b.get(-1), b.get(0)), up, down).astype("int32");
}

/** Options of `interp`. */
export interface InterpOptions {
  /** The value below `xp[0]` (default `fp[0]`). */
  left?: ArrayLike | null;
  /** The value above `xp[-1]` (default `fp[-1]`). */
  right?: ArrayLike | null;
  /** The period of periodic x-coordinates (then `left` and `right` are not allowed). */
  period?: ArrayLike | null;
}

/**
 * Piecewise-linear interpolation of the points `(xp, fp)` (xp increasing) at `x`.
 *
 * @example
 * np.interp(np.array([0.5, 2]), np.array([0, 1]), np.array([0, 10])); // [5, 10]
 */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.interp";
  const o = namedArgs<InterpOptions>(op, rest, ["left", "right", "period"], [], `${op}(x, xp, fp, { left, right, period })`);
  let [xa, xpa, fpa] = promoteInexact(op, [x, xp, fp]) as [Array, Array, Array];
  if (xpa.ndim !== 1 || fpa.ndim !== 1 || xpa.shape[0] !== fpa.shape[0]) {
    throw new ShapeError(`${op}: xp and fp must be 1-D of the same length, got shapes ${fmtShape(xpa.shape)} and ${fmtShape(fpa.shape)}.`);
  }
  if (xpa.shape[0] === 0) throw new ShapeError(`${op}: xp and fp must not be empty.`);
  const hasPeriod = o.period !== undefined && o.period !== null;
  if (hasPeriod) {
    if ((o.left ?? null) !== null || (o.right ?? null) !== null) throw new TypeError(`${op}: left and right cannot be given with period.`);
    const period = abs(asArray(op, o.period!, xa.device));
    xa = remainder(xa, period);
    xpa = remainder(xpa, period);
    const order = argsort(xpa);
    xpa = take(xpa, order);
    fpa = take(fpa, order);
    xpa = concatenate([subtract(xpa.get("-1:"), period), xpa, add(xpa.get(":1"), period)]);
    fpa = concatenate([fpa.get("-1:"), fpa, fpa.get(":1")]);
  }
  const n = xpa.shape[0]!;
  const i = clipInt(searchsorted(xpa, xa, { side: "right" }), 1, Math.max(n - 1, 1));
  const im1 = subtract(i, 1);
  const xp0 = take(xpa, im1, { mode: "clip" });
  const fp0 = take(fpa, im1, { mode: "clip" });
  const df = subtract(take(fpa, i, { mode: "clip" }), fp0);
  const dx = subtract(take(xpa, i, { mode: "clip" }), xp0);
  const delta = subtract(xa, xp0);
  const eps = 1.1920928955078125e-7;
  const flat = lessEqual(abs(dx), eps);
  let f = where(flat, fp0, add(fp0, multiply(divide(delta, where(flat, 1, dx)), df)));
  if (!hasPeriod) {
    f = where(less(xa, xpa.get(0)), o.left ?? fpa.get(0), f);
    f = where(greater(xa, xpa.get(-1)), o.right ?? fpa.get(-1), f);
  }
  return f.astype(fpa.dtype);
}

function clipInt(a: Array, lo: number, hi: number): Array {
  return where(less(a, lo), lo, where(greater(a, hi), hi, a)).astype("int32");
}

/** Options of `bincount`. */
export interface BincountOptions {
  /** Weights of the elements (default 1 each). */
  weights?: ArrayLike | null;
  /** The least number of bins (default 0). */
  minlength?: number;
  /** The number of bins, static (needed under jit and on devices that read asynchronously). */
  length?: number | null;
}

/**
 * Counts (or sums of `weights`) of each non-negative integer in the 1-D `x` (negatives count in
 * bin 0, values past `length` are dropped, as JAX).
 *
 * @example
 * np.bincount(np.array([0, 1, 1, 3], { dtype: "int32" })); // [1, 2, 0, 1]
 * jit((x) => np.bincount(x, { length: 5 }))
 */
export function bincount(x: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.bincount";
  const o = namedArgs<BincountOptions>(op, rest, ["weights", "minlength", "length"], [], `${op}(x, { weights, minlength, length })`);
  const a = asArray(op, x);
  if (!isIntDType(a.dtype) && a.dtype !== "bool") throw new DTypeError(`${op}: x must be an integer array, got ${a.dtype}.`);
  if (a.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got shape ${fmtShape(a.shape)}.`);
  const minlength = o.minlength ?? 0;
  let length = o.length ?? null;
  if (length === null) {
    const values = hostValues(op, a, "Give a static { length }.");
    let hi = -1;
    for (let i = 0; i < values.length; i++) hi = Math.max(hi, Number(values[i]));
    length = Math.max(minlength, hi + 1);
  }
  const w = o.weights === undefined || o.weights === null ? null : asArray(op, o.weights, a.device);
  if (w && w.shape.join() !== a.shape.join()) throw new ShapeError(`${op}: weights must have x's shape ${fmtShape(a.shape)}, got ${fmtShape(w.shape)}.`);
  const dtype = w ? w.dtype : "int32";
  const idx = where(less(a, 0), 0, a).astype("int32");
  return zeros([length], { dtype, device: a.device }).at(idx).add(w ?? 1, { mode: "drop" });
}

/** Options of `histogram` and `histogramBinEdges`. */
export interface HistogramOptions {
  /** The number of equal bins (default 10) or the bin edges. */
  bins?: number | ArrayLike;
  /** The lower and upper edge (default the data's minimum and maximum). */
  range?: readonly [number, number] | null;
  /** Weights of the elements. */
  weights?: ArrayLike | null;
  /** Normalize to a density (the integral over the range is 1). */
  density?: boolean | null;
}

/** Bin edges: given ones (1-D), or `bins` equal bins over `rng` (default the data's range; widened by 0.5 each way when empty). */
export function binEdges(op: string, a: Array, bins: number | ArrayLike, rng: readonly [number, number] | null | undefined): Array {
  if (typeof bins !== "number") {
    const e = promoteToFloat(op, [bins])[0]!;
    if (e.ndim !== 1) throw new ShapeError(`${op}: bin edges must be 1-D, got shape ${fmtShape(e.shape)}.`);
    return e;
  }
  if (!Number.isInteger(bins) || bins < 1) throw new TypeError(`${op}: bins must be a positive integer, got ${bins}.`);
  let lo: Array;
  let hi: Array;
  if (rng) {
    if (rng.length !== 2 || rng[0] > rng[1]) throw new TypeError(`${op}: range must be [min, max] with min <= max, got [${rng.join(", ")}].`);
    [lo, hi] = [asArray(op, rng[0], a.device).astype(a.dtype), asArray(op, rng[1], a.device).astype(a.dtype)];
  } else {
    [lo, hi] = [min(a), max(a)];
  }
  const same = equal(lo, hi);
  lo = where(same, subtract(lo, 0.5), lo);
  hi = where(same, add(hi, 0.5), hi);
  const step = divide(subtract(hi, lo), bins);
  const inner = add(lo, multiply(arange(bins, { device: a.device }).astype(a.dtype), step));
  return concatenate([inner, reshape(hi, [1])]);
}

/**
 * The bin edges `histogram` uses.
 *
 * @example
 * np.histogramBinEdges(np.array([0, 1, 2, 3]), { bins: 3 }); // [0, 1, 2, 3]
 */
export function histogramBinEdges(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.histogramBinEdges";
  const o = namedArgs<HistogramOptions>(op, rest, ["bins", "range", "weights"], [], `${op}(a, { bins, range, weights })`);
  const x = ravel(promoteToFloat(op, [a])[0]!);
  return binEdges(op, x, o.bins ?? 10, o.range);
}

/**
 * Counts (float32, or sums of `weights`, or a density) of `a` in bins, and the bin edges. The
 * last bin includes its right edge.
 *
 * @example
 * const [counts, edges] = np.histogram(np.array([0, 1, 1, 3]), { bins: 3 }); // [1, 2, 1], [0, 1, 2, 3]
 */
export function histogram(a: ArrayLike, ...rest: unknown[]): [Array, Array] {
  const op = "np.histogram";
  const o = namedArgs<HistogramOptions>(op, rest, ["bins", "range", "weights", "density"], [], `${op}(a, { bins, range, weights, density })`);
  const x = ravel(promoteToFloat(op, [a])[0]!);
  const edges = binEdges(op, x, o.bins ?? 10, o.range);
  const nEdges = edges.shape[0]!;
  let w = o.weights === undefined || o.weights === null ? null : ravel(asArray(op, o.weights, x.device));
  if (w && w.size !== x.size) throw new ShapeError(`${op}: weights must have a's shape, got ${w.size} weights for ${x.size} elements.`);
  w = w ?? broadcastTo(asArray(op, 1, x.device).astype(x.dtype), x.shape);
  let idx = searchsorted(edges, x, { side: "right" });
  idx = where(equal(x, edges.get(-1)), nEdges - 1, idx).astype("int32");
  let counts = zeros([nEdges + 1], { dtype: w.dtype, device: x.device }).at(idx).add(w).get(`1:${nEdges}`);
  if (o.density) {
    const widths = subtract(edges.get("1:"), edges.get(":-1"));
    counts = divide(divide(counts, widths), sum(counts));
  }
  return [counts, edges];
}

/**
 * Elementwise choice from `choicelist` by the first true condition in `condlist` (else `default`).
 *
 * @example
 * np.select([x.lt(0), x.gt(5)], [np.negative(x), np.full([3], 5)], 0);
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], ...rest: unknown[]): Array {
  const op = "np.select";
  const o = namedArgs<{ default?: ArrayLike }>(op, rest, ["default"]);
  if (condlist.length !== choicelist.length) {
    throw new TypeError(`${op}: condlist and choicelist must have the same length, got ${condlist.length} and ${choicelist.length}.`);
  }
  if (condlist.length === 0) throw new TypeError(`${op}: condlist must not be empty.`);
  const choices = promoteAndBroadcast(op, [...choicelist, o.default ?? 0]);
  let out = choices[choices.length - 1]!;
  for (let i = condlist.length - 1; i >= 0; i--) {
    const c = asArray(op, condlist[i]!, out.device);
    if (c.dtype !== "bool") throw new DTypeError(`${op}: condition ${i} must be a bool array, got ${c.dtype}.`);
    out = where(c, choices[i]!, out);
  }
  return out;
}

/**
 * A copy of `arr` with `values` written at `indices` along `axis` (the inverse of
 * `takeAlongAxis`; `inplace` must be false, as in JAX).
 *
 * @example
 * np.putAlongAxis(np.zeros([2, 2]), np.array([[1], [0]], { dtype: "int32" }), 5, 1, { inplace: false });
 */
export function putAlongAxis(arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: number | null, ...rest: unknown[]): Array {
  const op = "np.putAlongAxis";
  const o = namedArgs<{ inplace?: boolean; mode?: "promise_in_bounds" | "clip" | "drop" | "fill" }>(op, rest, [], ["inplace", "mode"], `${op}(arr, indices, values, axis, { inplace: false, mode })`);
  if (o.inplace !== false) throw new TypeError(`${op}: JAX arrays are immutable; pass { inplace: false } to get the updated copy.`);
  let a = asArray(op, arr);
  let idx = asArray(op, indices, a.device);
  if (!isIntDType(idx.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${idx.dtype}.`);
  const shape0 = a.shape;
  let ax: number;
  if (axis === null) {
    a = ravel(a);
    idx = ravel(idx);
    ax = 0;
  } else ax = normalizeAxis(op, axis, a.ndim);
  if (idx.ndim !== a.ndim) throw new ShapeError(`${op}: indices need as many axes as arr (${a.ndim}), got shape ${fmtShape(idx.shape)}.`);
  const grids = range(a.ndim).map((d) =>
    d === ax ? idx : broadcastTo(reshape(arange(a.shape[d]!, { device: a.device }), a.shape.map((_, j) => (j === d ? a.shape[d]! : 1))), a.shape.map((n, j) => (j === d ? n : idx.shape[j]!))),
  );
  const shape = grids.reduce<number[]>((s, g) => s.map((n, j) => Math.max(n, g.shape[j]!)), idx.shape.map(() => 1));
  const full = grids.map((g) => broadcastTo(g, shape));
  const out = a.at(...full).set(values, o.mode ? { mode: o.mode } : undefined);
  return axis === null ? reshape(out, shape0) : out;
}
