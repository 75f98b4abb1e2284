/**
 * More of numpy's shape functions: atleast1d/2d/3d, columnStack, dstack, hsplit/vsplit/dsplit,
 * append, unstack, fliplr/flipud/rot90, and the shape queries ndim/shape/size.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray } from "./convert.js";
import { concatenate, flip, moveaxis, ravel, reshape, split, transpose } from "./shape-ops.js";
import { range } from "../util.js";

function atleast(op: string, xs: readonly ArrayLike[], f: (a: Array) => Array): Array | Array[] {
  const out = xs.map((x) => f(asArray(op, x)));
  return out.length === 1 ? out[0]! : out;
}

/**
 * Each input with at least one axis (scalars become `[1]`); one input gives one array.
 *
 * @example
 * np.atleast1d(3).shape; // [1]
 */
export function atleast1d(...xs: ArrayLike[]): Array | Array[] {
  return atleast("np.atleast1d", xs, (a) => (a.ndim === 0 ? reshape(a, [1]) : a));
}

/**
 * Each input with at least two axes (`[n]` becomes `[1, n]`).
 *
 * @example
 * np.atleast2d(np.array([1, 2])).shape; // [1, 2]
 */
export function atleast2d(...xs: ArrayLike[]): Array | Array[] {
  return atleast("np.atleast2d", xs, (a) => (a.ndim === 0 ? reshape(a, [1, 1]) : a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a));
}

function to3d(a: Array): Array {
  if (a.ndim === 0) return reshape(a, [1, 1, 1]);
  if (a.ndim === 1) return reshape(a, [1, a.shape[0]!, 1]);
  if (a.ndim === 2) return reshape(a, [...a.shape, 1]);
  return a;
}

/**
 * Each input with at least three axes (`[n]` becomes `[1, n, 1]`, `[m, n]` becomes `[m, n, 1]`).
 *
 * @example
 * np.atleast3d(np.ones([2, 3])).shape; // [2, 3, 1]
 */
export function atleast3d(...xs: ArrayLike[]): Array | Array[] {
  return atleast("np.atleast3d", xs, to3d);
}

/**
 * 1-D arrays as the columns of a 2-D array (2-D arrays are joined along axis 1).
 *
 * @example
 * np.columnStack([np.array([1, 2]), np.array([3, 4])]); // [[1, 3], [2, 4]]
 */
export function columnStack(tup: readonly ArrayLike[]): Array {
  return concatenate(tup.map((x) => {
    const a = asArray("np.columnStack", x);
    return a.ndim < 2 ? reshape(a, [a.size, 1]) : a;
  }), 1);
}

/**
 * Arrays joined along the third axis (after `atleast3d`).
 *
 * @example
 * np.dstack([np.ones([2, 2]), np.zeros([2, 2])]).shape; // [2, 2, 2]
 */
export function dstack(tup: readonly ArrayLike[]): Array {
  return concatenate(tup.map((x) => to3d(asArray("np.dstack", x))), 2);
}

/**
 * `split` along axis 1 (axis 0 for 1-D arrays).
 *
 * @example
 * np.hsplit(np.ones([2, 4]), 2); // two [2, 2] arrays
 */
export function hsplit(x: ArrayLike, sections: number | readonly number[]): Array[] {
  const a = asArray("np.hsplit", x);
  if (a.ndim === 0) throw new ShapeError("np.hsplit: needs at least 1 axis, got a scalar.");
  return split(a, sections, a.ndim === 1 ? 0 : 1);
}

/**
 * `split` along axis 0 (needs at least 2 axes).
 *
 * @example
 * np.vsplit(np.ones([4, 2]), 2); // two [2, 2] arrays
 */
export function vsplit(x: ArrayLike, sections: number | readonly number[]): Array[] {
  const a = asArray("np.vsplit", x);
  if (a.ndim < 2) throw new ShapeError(`np.vsplit: needs at least 2 axes, got shape ${fmtShape(a.shape)}.`);
  return split(a, sections, 0);
}

/**
 * `split` along axis 2 (needs at least 3 axes).
 *
 * @example
 * np.dsplit(np.ones([1, 1, 4]), 2); // two [1, 1, 2] arrays
 */
export function dsplit(x: ArrayLike, sections: number | readonly number[]): Array[] {
  const a = asArray("np.dsplit", x);
  if (a.ndim < 3) throw new ShapeError(`np.dsplit: needs at least 3 axes, got shape ${fmtShape(a.shape)}.`);
  return split(a, sections, 2);
}

/**
 * `values` appended to `arr` along `axis` (both flattened when `axis` is null, the default).
 *
 * @example
 * np.append(np.array([1, 2]), np.array([3])); // [1, 2, 3]
 */
export function append(arr: ArrayLike, values: ArrayLike, ...rest: unknown[]): Array {
  const { axis } = namedArgs<{ axis?: number | null }>("np.append", rest, ["axis"]);
  const a = asArray("np.append", arr);
  const v = asArray("np.append", values, a.device);
  if (axis === undefined || axis === null) return concatenate([ravel(a), ravel(v)]);
  return concatenate([a, v], axis);
}

/**
 * The slices of `x` along `axis`, as a list.
 *
 * @example
 * np.unstack(np.array([[1, 2], [3, 4]])); // [[1, 2], [3, 4]]
 */
export function unstack(x: ArrayLike, ...rest: unknown[]): Array[] {
  const { axis } = namedArgs<{ axis?: number }>("np.unstack", rest, ["axis"]);
  const a = asArray("np.unstack", x);
  if (a.ndim === 0) throw new ShapeError("np.unstack: needs at least 1 axis, got a scalar.");
  const ax = normalizeAxis("np.unstack", axis ?? 0, a.ndim);
  return range(a.shape[ax]!).map((i) => a.get(...range(ax).map(() => ":"), i));
}

/**
 * Columns in reverse order (flip along axis 1).
 *
 * @example
 * np.fliplr(np.array([[1, 2]])); // [[2, 1]]
 */
export function fliplr(m: ArrayLike): Array {
  const a = asArray("np.fliplr", m);
  if (a.ndim < 2) throw new ShapeError(`np.fliplr: needs at least 2 axes, got shape ${fmtShape(a.shape)}.`);
  return flip(a, 1);
}

/**
 * Rows in reverse order (flip along axis 0).
 *
 * @example
 * np.flipud(np.array([1, 2])); // [2, 1]
 */
export function flipud(m: ArrayLike): Array {
  const a = asArray("np.flipud", m);
  if (a.ndim < 1) throw new ShapeError("np.flipud: needs at least 1 axis, got a scalar.");
  return flip(a, 0);
}

/**
 * Rotation by 90 degrees `k` times in the plane of `axes` (from the first axis towards the second).
 *
 * @example
 * np.rot90(np.array([[1, 2], [3, 4]])); // [[2, 4], [1, 3]]
 */
export function rot90(m: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.rot90";
  const o = namedArgs<{ k?: number; axes?: readonly [number, number] }>(op, rest, ["k", "axes"], [], `${op}(m, k?, axes?)`);
  const a = asArray(op, m);
  const [ax1, ax2] = (o.axes ?? [0, 1]).map((ax) => normalizeAxis(op, ax, a.ndim)) as [number, number];
  if (ax1 === ax2) throw new ShapeError(`${op}: the axes must differ, got ${ax1} twice.`);
  const k = ((((o.k ?? 1) % 4) + 4) % 4);
  if (k === 0) return a;
  if (k === 2) return flip(flip(a, ax1), ax2);
  const perm = range(a.ndim);
  [perm[ax1], perm[ax2]] = [perm[ax2]!, perm[ax1]!];
  return k === 1 ? transpose(flip(a, ax2), perm) : flip(transpose(a, perm), ax2);
}

/**
 * The number of axes. @example np.ndim(np.ones([2, 3])) // 2
 */
export function ndim(x: ArrayLike): number {
  return asArray("np.ndim", x).ndim;
}

/**
 * The shape. @example np.shape(np.ones([2, 3])) // [2, 3]
 */
export function shape(x: ArrayLike): number[] {
  return [...asArray("np.shape", x).shape];
}

/**
 * The number of elements (along `axis` when given). @example np.size(np.ones([2, 3])) // 6
 */
export function size(x: ArrayLike, axis?: number): number {
  const a = asArray("np.size", x);
  return axis === undefined ? a.size : a.shape[normalizeAxis("np.size", axis, a.ndim)]!;
}


/**
 * `axis` moved to position `start` (numpy's older form of `moveaxis`).
 *
 * @example
 * np.rollaxis(np.ones([2, 3, 4, 5]), 3, 1).shape; // [2, 5, 3, 4]
 */
export function rollaxis(a: ArrayLike, axis: number, start = 0): Array {
  const op = "np.rollaxis";
  const x = asArray(op, a);
  const ax = normalizeAxis(op, axis, x.ndim);
  let st = start < 0 ? start + x.ndim : start;
  if (st < 0 || st > x.ndim) throw new ShapeError(`${op}: start ${start} is out of range for an array of rank ${x.ndim} (use -${x.ndim}..${x.ndim}).`);
  if (ax < st) st -= 1;
  return moveaxis(x, ax, st);
}

/** Nested lists of arrays for `block`. */
export type BlockInput = ArrayLike | readonly BlockInput[];

function blockDepth(op: string, b: BlockInput): number {
  if (!globalThis.Array.isArray(b)) return 0;
  if (b.length === 0) throw new ShapeError(`${op}: lists must not be empty.`);
  const ds = (b as readonly BlockInput[]).map((x) => blockDepth(op, x));
  if (ds.some((d) => d !== ds[0])) throw new ShapeError(`${op}: the lists are nested to different depths (${ds.join(", ")}).`);
  return ds[0]! + 1;
}

function maxNdim(b: BlockInput): number {
  return globalThis.Array.isArray(b) ? Math.max(...(b as readonly BlockInput[]).map(maxNdim)) : asArray("np.block", b as ArrayLike).ndim;
}

/**
 * An array assembled from nested lists of blocks: the innermost lists join along the last axis,
 * the next along the one before, and so on.
 *
 * @example
 * np.block([[np.eye(2), np.zeros([2, 1])], [np.zeros([1, 3])]]).shape; // [3, 3]
 */
export function block(arrays: BlockInput): Array {
  const op = "np.block";
  const depth = blockDepth(op, arrays);
  const nd = Math.max(depth, maxNdim(arrays));
  const build = (b: BlockInput, level: number): Array => {
    if (!globalThis.Array.isArray(b)) {
      const a = asArray(op, b as ArrayLike);
      return a.ndim < nd ? reshape(a, [...range(nd - a.ndim).map(() => 1), ...a.shape]) : a;
    }
    return concatenate((b as readonly BlockInput[]).map((x) => build(x, level + 1)), -(depth - level));
  };
  return build(arrays, 0);
}
