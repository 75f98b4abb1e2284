/**
 * Matrix helpers for the linear-algebra primitives: batched products, transposes, triangles,
 * diagonals and dynamic rows/columns of arrays `[...batch, m, n]`. They bind primitives
 * directly (no numpy promotion), so the expansions and rules built on them are exact about
 * shapes and dtypes.
 */
import type { Array } from "../../array/array.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { fmtShape } from "../../shape.js";
import type { ShapedArray } from "../../core/primitive.js";
import { bind1 } from "../../core/trace.js";
import { dotGeneral } from "../dot.js";
import { dynamicSlice, dynamicUpdateSlice } from "../structural.js";
import { reduceSum } from "../reduce.js";
import { binaryPrims, convertElementType, unaryPrims } from "../elementwise.js";
import * as O from "../ops.js";
import { range } from "../../util.js";

/** Checks a linear-algebra operand: float32, at least 2-D (square when asked). */
export function checkMatrix(op: string, x: ShapedArray, square = false): void {
  if (x.dtype !== "float32") {
    throw new DTypeError(`${op}: needs float32 matrices, got ${x.dtype}${x.dtype === "float16" ? " (float16 is not accurate enough here)" : ""}; convert with x.astype("float32").`);
  }
  const r = x.shape.length;
  if (r < 2) throw new ShapeError(`${op}: needs a matrix (or a batch of matrices [..., m, n]), got shape ${fmtShape(x.shape)}.`);
  if (square && x.shape[r - 1] !== x.shape[r - 2]) {
    throw new ShapeError(`${op}: needs square matrices [..., n, n], got shape ${fmtShape(x.shape)}.`);
  }
}

/** The leading (batch) axes of a matrix or vector stack with `core` trailing axes. */
export const batchShape = (x: { shape: readonly number[] }, core = 2): number[] => x.shape.slice(0, x.shape.length - core);

/** Swaps the last two axes. */
export function mT(x: Array): Array {
  const r = x.ndim;
  return O.transposeTo(x, [...range(r - 2), r - 1, r - 2]);
}

/** `(x + xᵀ) / 2`. */
export function symmetrize(x: Array): Array {
  return O.div(O.add(x, mT(x)), O.full(x, 2));
}

/** Batched matrix product `[..., m, k] @ [..., k, n]` (equal batch axes). */
export function matmul(a: Array, b: Array): Array {
  const nb = a.ndim - 2;
  return bind1(dotGeneral, [a, b], { contracting: [[nb + 1], [nb]], batch: [range(nb), range(nb)] });
}

/** A scalar constant of `x`'s dtype, broadcast to `shape`. */
export function constant(x: Array, value: number, shape: readonly number[] = x.shape): Array {
  return O.full({ shape, dtype: x.dtype, weakType: false, device: x.device }, value);
}

/** int32 positions along `axis` of an array of `shape`. */
export function positions(x: Array, shape: readonly number[], axis: number): Array {
  return O.iotaLike(shape, axis, x.device);
}

/** Boolean mask `[m, n]`: `col - row <= k` (the lower triangle from diagonal `k`). */
function lowerMask(x: Array, m: number, n: number, k = 0): Array {
  const rows = positions(x, [m, n], 0);
  const cols = positions(x, [m, n], 1);
  return O.le(O.sub(cols, rows), O.full(rows, k));
}

/** Broadcasts a `[m, n]` mask (or any trailing-aligned array) to `x`'s shape. */
function along(x: Array, t: Array): Array {
  return O.broadcastTo(t, x.shape);
}

/** `x` where `mask` (broadcast over the leading axes), else zero. */
function selectOrZero(mask: Array, x: Array): Array {
  return O.select(along(x, mask), x, constant(x, 0));
}

/** The lower triangle of `x` from diagonal `k` (zeros above), as `jnp.tril`. */
export function tril(x: Array, k = 0): Array {
  const [m, n] = x.shape.slice(-2) as [number, number];
  return selectOrZero(lowerMask(x, m, n, k), x);
}

/** The upper triangle of `x` from diagonal `k` (zeros below), as `jnp.triu`. */
export function triu(x: Array, k = 0): Array {
  const [m, n] = x.shape.slice(-2) as [number, number];
  return O.select(along(x, lowerMask(x, m, n, k - 1)), constant(x, 0), x);
}

/** Identity matrices `[...batch, n, n]` of `like`'s dtype. */
export function eye(like: Array, n: number, batch: readonly number[] = []): Array {
  const m = lowerMask(like, n, n, 0);
  const diag = O.and(m, O.eq(positions(like, [n, n], 0), positions(like, [n, n], 1)));
  const out = O.convert(diag, like.dtype);
  return batch.length ? O.broadcastTo(out, [...batch, n, n]) : out;
}

/** The main diagonal `[..., min(m, n)]`. */
export function diagonal(x: Array): Array {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const r = x.ndim;
  const sq = m === k && n === k ? x : O.sliceAxis(O.sliceAxis(x, r - 2, 0, k), r - 1, 0, k);
  const mask = O.eq(positions(x, [k, k], 0), positions(x, [k, k], 1));
  return O.sumAxes(selectOrZero(mask, sq), [r - 1]);
}

/** Element `(i, j)` (static) of each matrix: `[...batch]`. */
export function entry(x: Array, i: number, j: number): Array {
  const r = x.ndim;
  return O.reshapeTo(O.sliceAxis(O.sliceAxis(x, r - 2, i, i + 1), r - 1, j, j + 1), x.shape.slice(0, r - 2));
}

/** Sum of the main diagonal: `[...batch]`. */
export function trace(x: Array): Array {
  return sumLast(diagonal(x));
}

/** Diagonal matrices `[..., k, k]` from vectors `[..., k]`. */
export function diagMatrix(d: Array): Array {
  const k = d.shape[d.ndim - 1]!;
  const full = O.broadcastDims(d, [...d.shape, k], [...range(d.ndim - 1), d.ndim]);
  const mask = O.eq(positions(d, [k, k], 0), positions(d, [k, k], 1));
  return selectOrZero(mask, full);
}

/** Elementwise `a || b` of bool arrays. */
export function or(a: Array, b: Array): Array {
  return bind1(binaryPrims.or, [a, b], {});
}

/** `|x|`. */
export function abs(x: Array): Array {
  return bind1(unaryPrims.abs, [x], {});
}

/** Sum over the last axis. */
export function sumLast(x: Array): Array {
  return bind1(reduceSum, [x], { axes: [x.ndim - 1] });
}

/** `x` converted to `dtype`. */
export function cast(x: Array, dtype: Array["dtype"]): Array {
  return x.dtype === dtype ? x : bind1(convertElementType, [x], { newDtype: dtype, weakType: false });
}

/** A scalar int32 zero (start index of unsliced axes). */
function zeroIndex(x: Array): Array {
  return O.scalar(0, "int32", x.device);
}

/** Rows `[i, i + size)` of `x [B, m, n]` at a traced index `i`: `[B, size, n]`. */
export function rowsAt(x: Array, i: Array, size = 1): Array {
  const [B, , n] = x.shape as [number, number, number];
  return bind1(dynamicSlice, [x, zeroIndex(x), i, zeroIndex(x)], { sliceSizes: [B, size, n] });
}

/** Columns `[j, j + size)` of `x [B, m, n]` at a traced index `j`: `[B, m, size]`. */
export function colsAt(x: Array, j: Array, size = 1): Array {
  const [B, m] = x.shape as [number, number, number];
  return bind1(dynamicSlice, [x, zeroIndex(x), zeroIndex(x), j], { sliceSizes: [B, m, size] });
}

/** Element `(i, j)` of each matrix of `x [B, m, n]`: `[B, 1, 1]`. */
export function entryAt(x: Array, i: Array, j: Array): Array {
  return bind1(dynamicSlice, [x, zeroIndex(x), i, j], { sliceSizes: [x.shape[0]!, 1, 1] });
}

/** `x [B, m, n]` with `u [B, r, c]` written at rows `i`, columns `j` (traced). */
export function writeAt(x: Array, u: Array, i: Array | number, j: Array | number): Array {
  const idx = (v: Array | number) => (typeof v === "number" ? O.scalar(v, "int32", x.device) : v);
  return bind1(dynamicUpdateSlice, [x, u, zeroIndex(x), idx(i), idx(j)], {});
}

/** Flattens the batch axes of `x [...batch, m, n]` into one: `[B, m, n]`. */
export function flattenBatch(x: Array, core = 2): Array {
  const batch = batchShape(x, core);
  return O.reshapeTo(x, [batch.reduce((p, d) => p * d, 1), ...x.shape.slice(batch.length)]);
}
