/**
 * Diagonals, triangles and grids: diag/diagflat/diagonal/trace, tri and the tril/triu/diag index
 * helpers, meshgrid/indices, vander, kron and cross, as JAX.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import type { DeviceName } from "../backend/backend.js";
import { asArray, deviceOf } from "./convert.js";
import { arange, array, eye, zeros } from "./creation.js";
import { greaterEqual, multiply, power, subtract, where } from "./elementwise.js";
import { sum } from "./reductions.js";
import { broadcastTo, concatenate, expandDims, flip, moveaxis, ravel, reshape, stack } from "./shape-ops.js";
import { diagonal as linalgDiagonal } from "./linalg/products.js";
import { range } from "../util.js";

function intArg(op: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${op}: ${name} must be an integer, got ${String(v)}.`);
  return v;
}

/**
 * A 1-D `v` placed on diagonal `k` of a square matrix, or diagonal `k` of a 2-D `v`.
 *
 * @example
 * np.diag(np.array([1, 2])); // [[1, 0], [0, 2]]
 * np.diag(np.array([[1, 2], [3, 4]]), 1); // [2]
 */
export function diag(v: ArrayLike, k = 0): Array {
  const op = "np.diag";
  const a = asArray(op, v);
  k = intArg(op, "k", k, 0);
  if (a.ndim === 2) return linalgDiagonal(a, { offset: k });
  if (a.ndim !== 1) throw new ShapeError(`${op}: needs a 1-D or 2-D array, got shape ${fmtShape(a.shape)}.`);
  const n = a.shape[0]! + Math.abs(k);
  // Row i holds v on column i + k: pad v by |k| on the side the diagonal starts from.
  const padded = concatenate([zeros([Math.abs(k)], { dtype: a.dtype, device: a.device }), a]);
  const mask = eye(n, n, k, { dtype: "bool", device: a.device });
  const spread = k >= 0 ? expandDims(padded, 0) : expandDims(padded, 1);
  return where(mask, spread, zeros([], { dtype: a.dtype, device: a.device }));
}

/**
 * The flattened `v` on diagonal `k` of a square matrix.
 *
 * @example
 * np.diagflat(np.array([[1, 2]])); // [[1, 0], [0, 2]]
 */
export function diagflat(v: ArrayLike, k = 0): Array {
  return diag(ravel(asArray("np.diagflat", v)), k);
}

interface DiagonalArgs {
  offset?: number;
  axis1?: number;
  axis2?: number;
  dtype?: DType;
}

function diagonalOf(op: string, a: Array, o: DiagonalArgs): Array {
  if (a.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${fmtShape(a.shape)}.`);
  const ax1 = normalizeAxis(op, o.axis1 ?? 0, a.ndim);
  const ax2 = normalizeAxis(op, o.axis2 ?? 1, a.ndim);
  if (ax1 === ax2) throw new ShapeError(`${op}: axis1 and axis2 must differ, both are ${ax1}.`);
  return linalgDiagonal(moveaxis(a, [ax1, ax2], [-2, -1]), { offset: intArg(op, "offset", o.offset, 0) });
}

/**
 * Diagonal `offset` of the (axis1, axis2) planes, as a last axis.
 *
 * @example
 * np.diagonal(np.arange(9).reshape([3, 3])); // [0, 4, 8]
 * np.diagonal(x, 1, 1, 2); // offset 1 of axes 1 and 2
 */
export function diagonal(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.diagonal";
  return diagonalOf(op, asArray(op, a), namedArgs<DiagonalArgs>(op, rest, ["offset", "axis1", "axis2"], [], `${op}(a, offset?, axis1?, axis2?)`));
}

/**
 * Sum along diagonal `offset` of the (axis1, axis2) planes.
 *
 * @example
 * np.trace(np.array([[1, 2], [3, 4]])); // 5
 */
export function trace(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.trace";
  const o = namedArgs<DiagonalArgs>(op, rest, ["offset", "axis1", "axis2", "dtype"], [], `${op}(a, offset?, axis1?, axis2?, dtype?)`);
  return sum(diagonalOf(op, asArray(op, a), o), -1, o.dtype ? { dtype: o.dtype } : {});
}

/** Options of `tri`. */
export interface TriOptions {
  dtype?: DType;
  device?: DeviceName;
}

/**
 * An `n x m` array with ones at and below diagonal `k`.
 *
 * @example
 * np.tri(3, 3, -1); // [[0, 0, 0], [1, 0, 0], [1, 1, 0]]
 */
export function tri(n: number, ...rest: unknown[]): Array {
  const op = "np.tri";
  const o = namedArgs<{ M?: number | null; k?: number } & TriOptions>(op, rest, ["M", "k", "dtype"], ["device"], `${op}(N, M?, k?, { dtype })`);
  const m = intArg(op, "M", o.M, n);
  const k = intArg(op, "k", o.k, 0);
  const rows = expandDims(arange(n, { device: o.device }), 1);
  const cols = expandDims(arange(m, { device: o.device }), 0);
  return greaterEqual(rows.add(k), cols).astype(o.dtype ?? "float32");
}

function triIndices(op: string, n: number, k: number, m: number, lower: boolean, device?: DeviceName): [Array, Array] {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (lower ? j - i <= k : j - i >= k) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const opts = { dtype: "int32" as const, device };
  return [array(rows, opts), array(cols, opts)];
}

/**
 * Row and column indices of the lower triangle (diagonal `k` and below) of an `n x m` array.
 *
 * @example
 * const [r, c] = np.trilIndices(3); // r [0, 1, 1, 2, 2, 2], c [0, 0, 1, 0, 1, 2]
 */
export function trilIndices(n: number, k = 0, m?: number): [Array, Array] {
  const op = "np.trilIndices";
  return triIndices(op, intArg(op, "n", n, 0), intArg(op, "k", k, 0), intArg(op, "m", m, n), true);
}

/**
 * Row and column indices of the upper triangle (diagonal `k` and above) of an `n x m` array.
 *
 * @example
 * const [r, c] = np.triuIndices(3, 1); // r [0, 0, 1], c [1, 2, 2]
 */
export function triuIndices(n: number, k = 0, m?: number): [Array, Array] {
  const op = "np.triuIndices";
  return triIndices(op, intArg(op, "n", n, 0), intArg(op, "k", k, 0), intArg(op, "m", m, n), false);
}

function from2d(op: string, arr: ArrayLike): [number, number] {
  const a = asArray(op, arr);
  if (a.ndim !== 2) throw new ShapeError(`${op}: needs a 2-D array, got shape ${fmtShape(a.shape)}.`);
  return [a.shape[0]!, a.shape[1]!];
}

/**
 * `trilIndices` for the shape of the 2-D `arr`.
 *
 * @example
 * np.trilIndicesFrom(np.ones([2, 3])); // [[0, 1, 1], [0, 0, 1]]
 */
export function trilIndicesFrom(arr: ArrayLike, k = 0): [Array, Array] {
  const [n, m] = from2d("np.trilIndicesFrom", arr);
  return trilIndices(n, k, m);
}

/**
 * `triuIndices` for the shape of the 2-D `arr`.
 *
 * @example
 * np.triuIndicesFrom(np.ones([2, 3])); // [[0, 0, 0, 1, 1], [0, 1, 2, 1, 2]]
 */
export function triuIndicesFrom(arr: ArrayLike, k = 0): [Array, Array] {
  const [n, m] = from2d("np.triuIndicesFrom", arr);
  return triuIndices(n, k, m);
}

/**
 * Indices of the main diagonal of an `n x n x ...` (`ndim` axes) array: `ndim` copies of `arange(n)`.
 *
 * @example
 * np.diagIndices(3); // [[0, 1, 2], [0, 1, 2]]
 */
export function diagIndices(n: number, ndim = 2): Array[] {
  const op = "np.diagIndices";
  const idx = arange(intArg(op, "n", n, 0));
  return range(intArg(op, "ndim", ndim, 2)).map(() => idx);
}

/**
 * `diagIndices` of an array whose axes all have the same length.
 *
 * @example
 * np.diagIndicesFrom(np.ones([2, 2])); // [[0, 1], [0, 1]]
 */
export function diagIndicesFrom(arr: ArrayLike): Array[] {
  const op = "np.diagIndicesFrom";
  const a = asArray(op, arr);
  if (a.ndim < 2 || a.shape.some((n) => n !== a.shape[0])) throw new ShapeError(`${op}: needs at least 2 axes of equal length, got shape ${fmtShape(a.shape)}.`);
  return diagIndices(a.shape[0]!, a.ndim);
}

/** Options of `meshgrid`. */
export interface MeshgridOptions {
  /** Accepted for numpy compatibility (arrays are immutable). */
  copy?: boolean;
  /** Grids with length-1 axes that broadcast, instead of full ones (default false). */
  sparse?: boolean;
  /** `"xy"` (default; the first two axes swapped, as for plotting) or `"ij"` (matrix indexing). */
  indexing?: "xy" | "ij";
}

/**
 * Coordinate grids from 1-D coordinate vectors: `np.meshgrid(x, y, { indexing: "ij" })`.
 *
 * @example
 * const [X, Y] = np.meshgrid(np.arange(3), np.arange(2)); // shapes [2, 3]
 */
export function meshgrid(...args: (ArrayLike | MeshgridOptions)[]): Array[] {
  const op = "np.meshgrid";
  const n = args.length && !isArrayLike(args[args.length - 1]) ? args.length - 1 : args.length;
  const o = namedArgs<MeshgridOptions>(op, args.slice(n), [], ["copy", "sparse", "indexing"], `${op}(x1, x2, ..., { indexing, sparse })`);
  const indexing = o.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new TypeError(`${op}: unknown indexing ${JSON.stringify(indexing)}; accepted: "xy", "ij".`);
  const xs = (args.slice(0, n) as ArrayLike[]).map((x) => ravel(asArray(op, x)));
  const shape = xs.map((x) => x.shape[0]!);
  if (indexing === "xy" && xs.length >= 2) [shape[0], shape[1]] = [shape[1]!, shape[0]!];
  return xs.map((x, i) => {
    const at = indexing === "xy" && xs.length >= 2 && i < 2 ? 1 - i : i;
    const s = shape.map((_, j) => (j === at ? x.shape[0]! : 1));
    const g = reshape(x, s);
    return o.sparse ? g : broadcastTo(g, shape);
  });
}

function isArrayLike(x: unknown): boolean {
  return typeof x === "number" || typeof x === "boolean" || (typeof x === "object" && x !== null && "shape" in x);
}

/**
 * An array of index grids, `[ndim, ...dimensions]`: element `[i, ...p]` is `p[i]`.
 *
 * @example
 * np.indices([2, 3]).shape; // [2, 2, 3]
 */
export function indices(dimensions: readonly number[], ...rest: unknown[]): Array | Array[] {
  const op = "np.indices";
  const o = namedArgs<{ dtype?: DType; sparse?: boolean }>(op, rest, ["dtype", "sparse"], [], `${op}(dimensions, dtype?, sparse?)`);
  const grids = dimensions.map((n, i) => {
    const g = reshape(arange(n, { dtype: o.dtype ?? "int32" }), dimensions.map((m, j) => (j === i ? m : 1)));
    return o.sparse ? g : broadcastTo(g, dimensions);
  });
  return o.sparse ? grids : stack(grids);
}

/**
 * The Vandermonde matrix of `x`: columns `x**(N-1), ..., x, 1` (or increasing powers).
 *
 * @example
 * np.vander(np.array([1, 2, 3]), 3); // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 */
export function vander(x: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.vander";
  const o = namedArgs<{ N?: number | null; increasing?: boolean }>(op, rest, ["N", "increasing"], [], `${op}(x, N?, increasing?)`);
  const a = asArray(op, x);
  if (a.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got shape ${fmtShape(a.shape)}.`);
  const n = intArg(op, "N", o.N, a.shape[0]!);
  let p = arange(n, { device: a.device });
  if (!o.increasing) p = flip(p);
  return power(expandDims(a, 1), expandDims(p, 0).astype(a.dtype === "bool" ? "int32" : a.dtype));
}

/**
 * Kronecker product: blocks `a[i, j] * b`.
 *
 * @example
 * np.kron(np.eye(2), np.ones([2, 2])).shape; // [4, 4]
 */
export function kron(a: ArrayLike, b: ArrayLike): Array {
  const op = "np.kron";
  const device = deviceOf([a, b]);
  let x = asArray(op, a, device);
  let y = asArray(op, b, device);
  const nd = Math.max(x.ndim, y.ndim);
  x = reshape(x, [...range(nd - x.ndim).map(() => 1), ...x.shape]);
  y = reshape(y, [...range(nd - y.ndim).map(() => 1), ...y.shape]);
  // interleave: x[i0, 1, i1, 1, ...] * y[1, j0, 1, j1, ...]
  const xs = reshape(x, x.shape.flatMap((n) => [n, 1]));
  const ys = reshape(y, y.shape.flatMap((n) => [1, n]));
  return reshape(multiply(xs, ys), x.shape.map((n, i) => n * y.shape[i]!));
}

interface CrossArgs {
  axisa?: number;
  axisb?: number;
  axisc?: number;
  axis?: number | null;
}

/**
 * Cross product of 3- (or 2-) vectors along `axisa`/`axisb` (or `axis`); 2-vectors have z = 0,
 * and two 2-vectors give the scalar z component.
 *
 * @example
 * np.cross(np.array([1, 0, 0]), np.array([0, 1, 0])); // [0, 0, 1]
 */
export function cross(a: ArrayLike, b: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.cross";
  const o = namedArgs<CrossArgs>(op, rest, ["axisa", "axisb", "axisc", "axis"], [], `${op}(a, b, axisa?, axisb?, axisc?, axis?)`);
  const device = deviceOf([a, b]);
  const axisa = o.axis ?? o.axisa ?? -1;
  const axisb = o.axis ?? o.axisb ?? -1;
  const axisc = o.axis ?? o.axisc ?? -1;
  const x = moveaxis(asArray(op, a, device), axisa, -1);
  const y = moveaxis(asArray(op, b, device), axisb, -1);
  const lx = x.shape[x.ndim - 1]!;
  const ly = y.shape[y.ndim - 1]!;
  if (![2, 3].includes(lx) || ![2, 3].includes(ly)) {
    throw new ShapeError(`${op}: the vectors must have 2 or 3 components, got ${lx} and ${ly} (shapes ${fmtShape(x.shape)}, ${fmtShape(y.shape)}).`);
  }
  const comp = (v: Array, i: number, len: number): Array | null => (i < len ? v.get("...", i) : null);
  const [a0, a1, a2] = [0, 1, 2].map((i) => comp(x, i, lx));
  const [b0, b1, b2] = [0, 1, 2].map((i) => comp(y, i, ly));
  const mul = (p: Array | null, q: Array | null): Array | 0 => (p && q ? multiply(p, q) : 0);
  const sub = (p: Array | 0, q: Array | 0): Array => subtract(p, q);
  const cz = sub(mul(a0!, b1!), mul(a1!, b0!));
  if (lx === 2 && ly === 2) return cz;
  const cx = sub(mul(a1!, b2), mul(a2, b1!));
  const cy = sub(mul(a2, b0!), mul(a0!, b2));
  const shape = cz.shape;
  const out = stack([broadcastTo(cx, shape), broadcastTo(cy, shape), cz], -1);
  return moveaxis(out, -1, axisc);
}
