/**
 * `np.linalg` products and matrix views (the array API's linalg): matmul, outer, tensordot,
 * vecdot, cross, multiDot, matrixPower, matrixTranspose, diagonal, trace.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape, normalizeAxis } from "../../shape.js";
import type { DType } from "../../dtype.js";
import { asArray } from "../convert.js";
import { eye } from "../creation.js";
import { multiply, subtract } from "../elementwise.js";
import { matmul as npMatmul, tensordot as npTensordot } from "../linalg.js";
import { sum } from "../reductions.js";
import { broadcastTo, moveaxis, reshape, stack, swapaxes } from "../shape-ops.js";
import { checkOptions } from "../../util/options.js";
import { inv } from "./solve.js";

/**
 * Matrix product, as `jnp.linalg.matmul` (the same as `np.matmul`).
 *
 * @example
 * np.linalg.matmul(np.ones([2, 3]), np.ones([3, 4])); // shape [2, 4]
 */
export function matmul(x1: ArrayLike, x2: ArrayLike): Array {
  return npMatmul(x1, x2);
}

/**
 * Outer product of two 1-D arrays, as `jnp.linalg.outer`.
 *
 * @example
 * np.linalg.outer(np.array([1, 2]), np.array([3, 4, 5])); // shape [2, 3]
 */
export function outer(x1: ArrayLike, x2: ArrayLike): Array {
  const a = asArray("np.linalg.outer", x1);
  const b = asArray("np.linalg.outer", x2);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`np.linalg.outer: needs 1-D arrays, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use np.outer to flatten first.`);
  }
  return multiply(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

/** Options of `np.linalg.tensordot`. */
export interface TensordotOptions {
  /** Contract the last `axes` axes of x1 with the first of x2 (default 2), or the listed pairs. */
  axes?: number | readonly [number | readonly number[], number | readonly number[]];
}

/**
 * Tensor dot product, as `jnp.linalg.tensordot` (`axes` as an option).
 *
 * @example
 * np.linalg.tensordot(np.ones([2, 3]), np.ones([3, 4]), { axes: 1 }); // shape [2, 4]
 */
export function tensordot(x1: ArrayLike, x2: ArrayLike, opts: TensordotOptions = {}): Array {
  checkOptions("np.linalg.tensordot", opts, { accepted: ["axes"] });
  return npTensordot(x1, x2, opts.axes ?? 2);
}

/** Options of `np.linalg.vecdot` and `cross`. */
export interface AxisOption {
  /** The axis of the vectors (default -1). */
  axis?: number;
}

/**
 * Dot products of vectors along `axis` (default -1), batch axes broadcast, as
 * `jnp.linalg.vecdot`.
 *
 * @example
 * np.linalg.vecdot(np.array([[1, 2, 3], [4, 5, 6]]), np.array([2, 3, 4])); // [20, 47]
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, opts: AxisOption = {}): Array {
  const op = "np.linalg.vecdot";
  checkOptions(op, opts, { accepted: ["axis"] });
  const a = asArray(op, x1);
  const b = asArray(op, x2);
  const axis = opts.axis ?? -1;
  const ka = a.shape[normalizeAxis(op, axis, a.ndim)];
  const kb = b.shape[normalizeAxis(op, axis, b.ndim)];
  if (ka !== kb) throw new ShapeError(`${op}: the vectors along axis ${axis} have lengths ${ka} and ${kb} (shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}).`);
  const prod = multiply(moveaxis(a, axis, -1), moveaxis(b, axis, -1));
  return sum(prod, -1);
}

/**
 * Cross products of 3-vectors along `axis` (default -1), batch axes broadcast, as
 * `jnp.linalg.cross`.
 *
 * @example
 * np.linalg.cross(np.array([1, 0, 0]), np.array([0, 1, 0])); // [0, 0, 1]
 */
export function cross(x1: ArrayLike, x2: ArrayLike, opts: AxisOption = {}): Array {
  const op = "np.linalg.cross";
  checkOptions(op, opts, { accepted: ["axis"] });
  const axis = opts.axis ?? -1;
  const a = moveaxis(asArray(op, x1), axis, -1);
  const b = moveaxis(asArray(op, x2), axis, -1);
  if (a.shape[a.ndim - 1] !== 3 || b.shape[b.ndim - 1] !== 3) {
    throw new ShapeError(`${op}: both arrays must hold 3-vectors along axis ${axis}, got shapes ${fmtShape(asArray(op, x1).shape)} and ${fmtShape(asArray(op, x2).shape)}.`);
  }
  const at = (x: Array, i: number) => x.get("...", i);
  const c = (i: number, j: number) => subtract(multiply(at(a, i), at(b, j)), multiply(at(a, j), at(b, i)));
  return moveaxis(stack([c(1, 2), c(2, 0), c(0, 1)], -1), -1, axis);
}

/**
 * Product of a chain of matrices in the cheapest order (fewest multiplications, by dynamic
 * programming), as `jnp.linalg.multi_dot`. The first and last arrays may be 1-D.
 *
 * @example
 * np.linalg.multiDot([a, b, c]); // a @ b @ c
 */
export function multiDot(arrays: readonly ArrayLike[]): Array {
  const op = "np.linalg.multiDot";
  const xs = arrays.map((x) => asArray(op, x));
  if (xs.length < 2) throw new ShapeError(`${op}: needs at least two arrays, got ${xs.length}.`);
  const shapes = xs.map((x) => fmtShape(x.shape)).join(", ");
  const okRanks = xs.every((x, i) => x.ndim === 2 || ((i === 0 || i === xs.length - 1) && x.ndim === 1));
  if (!okRanks) throw new ShapeError(`${op}: arrays must be 2-D (the first and last may be 1-D); got shapes ${shapes}.`);
  const mats = xs.map((x, i) => (x.ndim === 2 ? x : i === 0 ? reshape(x, [1, x.size]) : reshape(x, [x.size, 1])));
  for (let i = 0; i + 1 < mats.length; i++) {
    if (mats[i]!.shape[1] !== mats[i + 1]!.shape[0]) throw new ShapeError(`${op}: inner dimensions do not match in shapes ${shapes}.`);
  }
  const dims = [mats[0]!.shape[0]!, ...mats.map((m) => m.shape[1]!)];
  const n = mats.length;
  const cost: number[][] = globalThis.Array.from({ length: n }, () => new globalThis.Array<number>(n).fill(0));
  const split: number[][] = globalThis.Array.from({ length: n }, () => new globalThis.Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + dims[i]! * dims[k + 1]! * dims[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = k;
        }
      }
    }
  }
  const build = (i: number, j: number): Array => (i === j ? mats[i]! : npMatmul(build(i, split[i]![j]!), build(split[i]![j]! + 1, j)));
  let out = build(0, n - 1);
  if (xs[n - 1]!.ndim === 1) out = reshape(out, out.shape.slice(0, -1));
  if (xs[0]!.ndim === 1) out = reshape(out, out.shape.slice(1));
  return out;
}

/**
 * Integer power of square matrices by repeated squaring, as `jnp.linalg.matrix_power`
 * (negative powers invert first; power 0 gives identities).
 *
 * @example
 * np.linalg.matrixPower(np.array([[1, 2], [3, 4]]), 2); // [[7, 10], [15, 22]]
 */
export function matrixPower(a: ArrayLike, n: number): Array {
  const op = "np.linalg.matrixPower";
  let x = asArray(op, a);
  if (x.ndim < 2 || x.shape[x.ndim - 1] !== x.shape[x.ndim - 2]) {
    throw new ShapeError(`${op}: needs square matrices [..., m, m], got shape ${fmtShape(x.shape)}.`);
  }
  if (!Number.isInteger(n)) throw new TypeError(`${op}: the exponent must be an integer, got ${n}.`);
  if (n === 0) return broadcastTo(eye(x.shape[x.ndim - 1]!, undefined, 0, { dtype: x.dtype as DType }), x.shape);
  if (n < 0) {
    x = inv(x);
    n = -n;
  }
  if (n === 1) return x;
  if (n === 2) return npMatmul(x, x);
  if (n === 3) return npMatmul(npMatmul(x, x), x);
  let z: Array | undefined;
  let result: Array | undefined;
  while (n > 0) {
    z = z === undefined ? x : npMatmul(z, z);
    const bit = n % 2;
    n = Math.floor(n / 2);
    if (bit) result = result === undefined ? z : npMatmul(result, z);
  }
  return result!;
}

/**
 * Swaps the last two axes, as `jnp.linalg.matrix_transpose`.
 *
 * @example
 * np.linalg.matrixTranspose(np.ones([5, 2, 3])).shape; // [5, 3, 2]
 */
export function matrixTranspose(x: ArrayLike): Array {
  const a = asArray("np.linalg.matrixTranspose", x);
  if (a.ndim < 2) throw new ShapeError(`np.linalg.matrixTranspose: needs at least 2 axes, got shape ${fmtShape(a.shape)}.`);
  return swapaxes(a, -1, -2);
}

/** Options of `np.linalg.diagonal` and `trace`. */
export interface DiagonalOptions {
  /** Diagonal offset: positive above the main diagonal, negative below (default 0). */
  offset?: number;
}

/**
 * Diagonals of the last two axes, as `jnp.linalg.diagonal`: `[..., k]`.
 *
 * @example
 * np.linalg.diagonal(np.array([[1, 2], [3, 4]]), { offset: 1 }); // [2]
 */
export function diagonal(x: ArrayLike, opts: DiagonalOptions = {}): Array {
  const op = "np.linalg.diagonal";
  checkOptions(op, opts, { accepted: ["offset"] });
  const a = asArray(op, x);
  if (a.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${fmtShape(a.shape)}.`);
  const k = opts.offset ?? 0;
  if (!Number.isInteger(k)) throw new TypeError(`${op}: offset must be an integer, got ${k}.`);
  const [m, n] = a.shape.slice(-2) as [number, number];
  const len = k >= 0 ? Math.max(0, Math.min(m, n - k)) : Math.max(0, Math.min(m + k, n));
  const r0 = k >= 0 ? 0 : -k;
  const c0 = k >= 0 ? k : 0;
  // the diagonal of the len x len block at (r0, c0): a flat strided slice of that block
  const block = a.get("...", sliceOf(r0, r0 + len), sliceOf(c0, c0 + len));
  const flat = reshape(block, [...a.shape.slice(0, -2), len * len]);
  return flat.get("...", sliceOf(0, len * len, len + 1));
}

function sliceOf(start: number, stop: number, step = 1) {
  return { start, stop, step };
}

/** Options of `np.linalg.trace`. */
export interface TraceOptions extends DiagonalOptions {
  /** The result dtype (default: x's). */
  dtype?: DType;
}

/**
 * Sums of diagonals of the last two axes, as `jnp.linalg.trace`: `[...batch]`.
 *
 * @example
 * np.linalg.trace(np.array([[1, 2], [3, 4]])); // 5
 */
export function trace(x: ArrayLike, opts: TraceOptions = {}): Array {
  checkOptions("np.linalg.trace", opts, { accepted: ["offset", "dtype"] });
  return sum(diagonal(x, { offset: opts.offset ?? 0 }), -1, opts.dtype ? { dtype: opts.dtype } : {});
}
