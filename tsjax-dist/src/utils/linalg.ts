/** Batched matrix-vector helpers for the linear bijectors. @internal */
import { type Array, lax, np } from "tsjax-core";
import { broadcastShapes } from "./args.js";

/** `A x` for matrices `[..., D, D]` and vectors `[..., D]`, batch axes broadcast. */
export function matvec(a: Array, x: Array): Array {
  return np.matmul(a, x.expandDims(-1)).squeeze(-1);
}

/** The diagonals of matrices `[..., D, D]`, shape `[..., D]`. */
export function diagonal(a: Array): Array {
  return a.mul(np.eye(a.shape[a.ndim - 1]!)).sum(-1);
}

/**
 * Solves `A x = y` for triangular `A [..., D, D]` and vectors `y [..., D]` (batch axes
 * broadcast) by forward or back substitution; never forms an inverse.
 */
export function solveTriangularVec(op: string, a: Array, y: Array, opts: { lower: boolean; unitDiagonal?: boolean }): Array {
  const d = a.shape[a.ndim - 1]!;
  const batch = broadcastShapes(op, { "matrix batch": a.shape.slice(0, -2), "input batch": y.shape.slice(0, -1) });
  const ab = np.broadcastTo(a, [...batch, d, d]);
  const yb = np.broadcastTo(y, [...batch, d]).expandDims(-1);
  return lax.linalg.triangularSolve(ab, yb, { leftSide: true, lower: opts.lower, unitDiagonal: opts.unitDiagonal ?? false }).squeeze(-1);
}

/** Solves `A x = y` for square `A [..., D, D]` and vectors `y [..., D]` (batch axes broadcast; LU with pivoting). */
export function solveVec(op: string, a: Array, y: Array): Array {
  const d = a.shape[a.ndim - 1]!;
  const batch = broadcastShapes(op, { "matrix batch": a.shape.slice(0, -2), "input batch": y.shape.slice(0, -1) });
  return np.linalg.solve(np.broadcastTo(a, [...batch, d, d]), np.broadcastTo(y, [...batch, d]).expandDims(-1)).squeeze(-1);
}

/** `A^T` for matrices `[..., M, N]`. */
export function mT(a: Array): Array {
  return np.swapaxes(a, -1, -2);
}
