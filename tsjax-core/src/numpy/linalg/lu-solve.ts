/**
 * Solves from LU factors, and the general solve built on them (shared by `np.linalg` and
 * `scipy.linalg`).
 *
 * `solveSquare` differentiates as JAX's `custom_linear_solve` does: `ẋ = A⁻¹ (ḃ - Ȧ x)`,
 * reusing the factorization (a `customJvp`); the tangent is made of row gathers and triangular
 * solves, which are linear and transpose, so reverse mode needs no differentiated loop.
 */
import type { Array } from "../../array/array.js";
import { bind } from "../../core/trace.js";
import { customJvp } from "../../transforms/custom.js";
import * as lax from "../../lax/linalg.js";
import { matmul } from "../../primitives/linalg/matrix.js";
import { sort } from "../../primitives/sort.js";
import * as O from "../../primitives/ops.js";
import { range } from "../../util.js";

/** Rows of `b [..., m, k]` in the order `perm [..., m]`. */
function permuteRows(b: Array, perm: Array): Array {
  const r = b.ndim;
  const idx = O.broadcastDims(perm, b.shape, [...range(r - 2), r - 2]);
  return O.takeAlongAxis(b, idx, r - 2);
}

/**
 * Solves `a x = b` (`trans` 0) or `aᵀ x = b` (1 or 2) from `lax.linalg.lu(a)`'s packed factors and
 * permutation, for `b [..., m, k]` with the factors' batch axes (JAX's `lu_solve`).
 */
export function luSolveCore(lu: Array, perm: Array, b: Array, trans: 0 | 1 | 2 = 0): Array {
  if (trans === 0) {
    const pb = permuteRows(b, perm);
    const y = lax.triangularSolve(lu, pb, { leftSide: true, lower: true, unitDiagonal: true });
    return lax.triangularSolve(lu, y, { leftSide: true, lower: false });
  }
  const y = lax.triangularSolve(lu, b, { leftSide: true, lower: false, transposeA: true });
  const z = lax.triangularSolve(lu, y, { leftSide: true, lower: true, unitDiagonal: true, transposeA: true });
  const [, inverse] = bind(sort, [perm], { dimension: perm.ndim - 1 }); // argsort of a permutation: its inverse
  return permuteRows(z, inverse!);
}

/**
 * `a⁻¹ b` for `a [..., m, m]`, `b [..., m, k]` with equal batch axes, by LU with partial
 * pivoting; singular matrices give infinities or NaNs.
 */
export const solveSquare = customJvp((a: Array, b: Array): Array => {
  const [lu, , perm] = lax.lu(a);
  return luSolveCore(lu, perm, b);
});
solveSquare.defjvp(([a, b], [ta, tb]) => {
  const [lu, , perm] = lax.lu(a);
  const x = luSolveCore(lu, perm, b);
  return [x, luSolveCore(lu, perm, O.sub(tb, matmul(ta, x)))];
});
