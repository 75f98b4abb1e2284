/**
 * Shared by `scipy.linalg`'s solves: SciPy's `trans` flag, and left-side solves vectorized over
 * broadcast batch axes with SciPy's vector-or-matrix right-hand sides.
 */
import type { Array } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import * as O from "../primitives/ops.js";
import { broadcastBatch, requireMatrix } from "../numpy/linalg/args.js";

/** SciPy's `trans`: 0/"N" (a x = b), 1/"T" (aᵀ x = b), 2/"C" (aᴴ x = b, the same for real a). */
export type Trans = 0 | 1 | 2 | "N" | "T" | "C";

export function transposeOf(op: string, trans: Trans | undefined): boolean {
  switch (trans ?? 0) {
    case 0:
    case "N":
      return false;
    case 1:
    case "T":
    case 2:
    case "C":
      return true;
    default:
      throw new TypeError(`${op}: invalid trans ${JSON.stringify(trans)}; use 0 ("N"), 1 ("T") or 2 ("C").`);
  }
}

/**
 * Left-side solves `op(a) x = b` with `a [..., n, n]` against `b [n]`, `[..., n]` (one vector
 * per matrix, when `a.ndim == b.ndim + 1`) or `[..., n, k]`; batch axes broadcast.
 */
export function vectorizedSolve(op: string, a: Array, b: Array, solve: (a: Array, b: Array) => Array): Array {
  requireMatrix(op, a, true);
  const n = a.shape[a.ndim - 1]!;
  const vector = b.ndim === 1 || (a.ndim === b.ndim + 1 && b.shape[b.ndim - 1] === n);
  if (b.ndim === 0 || b.shape[b.ndim - (vector ? 1 : 2)] !== n) {
    throw new ShapeError(`${op}: b ${fmtShape(b.shape)} does not fit a ${fmtShape(a.shape)}: b must be [n], [..., n] or [..., n, k] with n = ${n}.`);
  }
  const bm = vector ? O.reshapeTo(b, [...b.shape, 1]) : b;
  const [aa, bb] = broadcastBatch(op, [a, bm], [2, 2]);
  const x = solve(aa!, bb!);
  return vector ? O.reshapeTo(x, x.shape.slice(0, -1)) : x;
}
