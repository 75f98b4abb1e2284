/**
 * `np.linalg` decompositions: cholesky, qr, eigh, eigvalsh, svd, svdvals (and eig/eigvals,
 * which need complex results).
 */
import type { Array, ArrayLike } from "../../array/array.js";
import * as lax from "../../lax/linalg.js";
import { mT } from "../../primitives/linalg/matrix.js";
import { checkOptions, floatOperand, requireMatrix } from "./args.js";
import { type QRResult, named } from "./named.js";

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

/** `np.linalg.qr`'s modes. */
export type QrMode = "reduced" | "complete" | "r" | "full";

/**
 * QR decomposition, as `jnp.linalg.qr`: `[Q, R]` (also `.Q`, `.R`) with `Q [..., m, k]`,
 * `R [..., k, n]` for mode "reduced" (default; "full" is the same), `Q [..., m, m]`,
 * `R [..., m, n]` for "complete", or `R` alone for "r". (Mode "raw", LAPACK's packed
 * reflectors, is not offered.)
 *
 * @example
 * const [q, r] = np.linalg.qr(np.array([[1, 2], [3, 4], [5, 6]])); // q [3, 2], r [2, 2]
 */
export function qr(a: ArrayLike, mode: "r"): Array;
export function qr(a: ArrayLike, mode?: "reduced" | "complete" | "full"): QRResult;
export function qr(a: ArrayLike, mode: QrMode = "reduced"): QRResult | Array {
  const op = "np.linalg.qr";
  if (!["reduced", "complete", "r", "full"].includes(mode)) {
    throw new TypeError(`${op}: unsupported mode ${JSON.stringify(mode)}; accepted: "reduced", "complete", "r", "full" ("raw" is not offered).`);
  }
  const x = floatOperand(op, a);
  requireMatrix(op, x);
  const [q, r] = lax.qr(x, { fullMatrices: mode === "complete" });
  return mode === "r" ? r : named<QRResult>(["Q", "R"], [q, r]);
}
