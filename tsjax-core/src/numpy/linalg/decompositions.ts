/**
 * `np.linalg` decompositions: cholesky, qr, eigh, eigvalsh, svd, svdvals (and eig/eigvals,
 * which need complex results).
 */
import type { Array, ArrayLike } from "../../array/array.js";
import * as lax from "../../lax/linalg.js";
import { mT } from "../../primitives/linalg/matrix.js";
import { checkOptions, floatOperand, requireMatrix } from "./args.js";

/** Options of `np.linalg.cholesky`. */
export interface CholeskyOptions {
  /** Return the upper factor `U` (`a = Uᵀ U`) instead of the lower one (default false). */
  upper?: boolean;
  /** Use `(a + aᵀ) / 2` (default true); false reads one triangle only. */
  symmetrizeInput?: boolean;
}

/**
 * Cholesky factor of symmetric positive-definite matrices `[..., n, n]`, as
 * `jnp.linalg.cholesky`: lower `L` with `a = L Lᵀ` (or upper `U = Lᵀ`). Matrices that are not
 * positive definite give NaNs.
 *
 * @example
 * np.linalg.cholesky(np.array([[4, 2], [2, 3]])); // [[2, 0], [1, 1.414]]
 */
export function cholesky(a: ArrayLike, opts: CholeskyOptions = {}): Array {
  const op = "np.linalg.cholesky";
  checkOptions(op, opts, ["upper", "symmetrizeInput"]);
  const x = floatOperand(op, a);
  requireMatrix(op, x, true);
  const l = lax.cholesky(x, { symmetrizeInput: opts.symmetrizeInput ?? true });
  return opts.upper ? mT(l) : l;
}
