/**
 * The general solve, built on LU factors (shared by `np.linalg` and `scipy.linalg`).
 *
 * `solveSquare` differentiates as JAX's `custom_linear_solve` does: `ẋ = A⁻¹ (ḃ - Ȧ x)`,
 * reusing the factorization (a `customJvp`); the tangent is made of row gathers and triangular
 * solves, which are linear and transpose, so reverse mode needs no differentiated loop.
 */
import type { Array } from "../../array/array.js";
import { customJvp } from "../../transforms/custom.js";
import * as lax from "../../lax/linalg.js";
import { matmul } from "../../primitives/linalg/matrix.js";
import { luSolveCore } from "../../primitives/linalg/lu.js";
import * as O from "../../primitives/ops.js";

export { luSolveCore };

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
