/**
 * `np.linalg` solves: solve, inv, tensorsolve, tensorinv.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape } from "../../shape.js";
import { eye } from "../../primitives/linalg/matrix.js";
import * as O from "../../primitives/ops.js";
import { broadcastBatch, floatOperand, floatOperands, requireMatrix } from "./args.js";
import { solveSquare } from "./lu-solve.js";

/**
 * Solves `a x = b`, as `jnp.linalg.solve`: `a [..., n, n]` with `b [n]` (a vector) or
 * `[..., n, k]`; batch axes broadcast. LU with partial pivoting; a singular `a` gives
 * infinities or NaNs. Differentiable in both operands (`ẋ = a⁻¹ (ḃ - ȧ x)`).
 *
 * @example
 * np.linalg.solve(np.array([[3, 1], [1, 2]]), np.array([9, 8])); // [2, 3]
 */
export function solve(a: ArrayLike, b: ArrayLike): Array {
  const op = "np.linalg.solve";
  const [x, y] = floatOperands(op, a, b);
  requireMatrix(op, x!, true);
  const n = x!.shape[x!.ndim - 1]!;
  if (y!.ndim === 0) throw new ShapeError(`${op}: b must be a vector [${n}] or matrices [..., ${n}, k], got a scalar.`);
  if (y!.ndim > 1 && x!.ndim === y!.ndim + 1 && y!.shape[y!.ndim - 1] === n && y!.shape[y!.ndim - 2] !== n) {
    throw new ShapeError(
      `${op}: shapes ${fmtShape(x!.shape)} and ${fmtShape(y!.shape)} are ambiguous: b is a batch of matrices [..., n, k] (a 1-D b is one vector). ` +
        "For a batch of vectors, solve with b[..., None] and drop the last axis (np.linalg.solve(a, np.expandDims(b, -1)).squeeze(-1)).",
    );
  }
  const vector = y!.ndim === 1;
  if (y!.shape[y!.ndim - (vector ? 1 : 2)] !== n) {
    throw new ShapeError(`${op}: a ${fmtShape(x!.shape)} and b ${fmtShape(y!.shape)} do not fit: b needs ${n} rows (b is [${n}] or [..., ${n}, k]).`);
  }
  const bm = vector ? O.reshapeTo(y!, [n, 1]) : y!;
  const [aa, bb] = broadcastBatch(op, [x!, bm], [2, 2]);
  const out = solveSquare(aa!, bb!);
  return vector ? O.reshapeTo(out, out.shape.slice(0, -1)) : out;
}

/**
 * Inverse of square matrices `[..., n, n]`, as `jnp.linalg.inv` (a solve against the
 * identity). Prefer `solve` for `inv(a) @ b`.
 *
 * @example
 * np.linalg.inv(np.array([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: ArrayLike): Array {
  const op = "np.linalg.inv";
  const x = floatOperand(op, a);
  requireMatrix(op, x, true);
  const n = x.shape[x.ndim - 1]!;
  return solveSquare(x, eye(x, n, x.shape.slice(0, -2)));
}

const prod = (xs: readonly number[]) => xs.reduce((p, d) => p * d, 1);

/**
 * Solves the tensor equation `tensordot(a, x, x.ndim) = b` for `x`, as `jnp.linalg.tensorsolve`
 * (`axes` are moved to the end of `a` first).
 *
 * @example
 * const x = np.linalg.tensorsolve(a, b); // a [2, 3, 6], b [2, 3] -> x [6]
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike, axes?: readonly number[] | null): Array {
  const op = "np.linalg.tensorsolve";
  let [x, y] = floatOperands(op, a, b) as [Array, Array];
  if (axes !== undefined && axes !== null) {
    const norm = axes.map((ax) => (ax < 0 ? ax + x.ndim : ax));
    const rest = x.shape.map((_, i) => i).filter((i) => !norm.includes(i));
    x = O.transposeTo(x, [...rest, ...norm]);
  }
  const outShape = x.shape.slice(y.ndim);
  const n = prod(outShape);
  if (prod(x.shape.slice(0, y.ndim)) !== n || fmtShape(x.shape.slice(0, y.ndim)) !== fmtShape(y.shape)) {
    throw new ShapeError(
      `${op}: a ${fmtShape(x.shape)} must start with b's shape ${fmtShape(y.shape)} and be square overall (${fmtShape(x.shape.slice(0, y.ndim))} and ${fmtShape(outShape)} of equal size).`,
    );
  }
  return O.reshapeTo(solve(O.reshapeTo(x, [n, n]), O.reshapeTo(y, [n])), outShape);
}

/**
 * Inverse of a tensor with respect to `tensordot` over its first `ind` axes, as
 * `jnp.linalg.tensorinv`: shape `[...a.shape[ind:], ...a.shape[:ind]]`.
 *
 * @example
 * np.linalg.tensorinv(np.eye(6).reshape([6, 2, 3]), 1).shape; // [2, 3, 6]
 */
export function tensorinv(a: ArrayLike, ind = 2): Array {
  const op = "np.linalg.tensorinv";
  const x = floatOperand(op, a);
  if (!Number.isInteger(ind) || ind <= 0 || ind > x.ndim) throw new ShapeError(`${op}: ind=${ind} must be an integer from 1 to ${x.ndim}.`);
  const head = x.shape.slice(0, ind);
  const tail = x.shape.slice(ind);
  if (prod(head) !== prod(tail)) {
    throw new ShapeError(`${op}: a ${fmtShape(x.shape)} is not square with ind=${ind}: ${fmtShape(head)} and ${fmtShape(tail)} have different sizes.`);
  }
  return O.reshapeTo(inv(O.reshapeTo(x, [prod(head), prod(tail)])), [...tail, ...head]);
}
