/**
 * `scipy.linalg`: `jax.scipy.linalg`'s solves, factorizations and the matrix exponential,
 * batched over leading axes (broadcast, as JAX's `vectorize`). Operands are promoted to float.
 * SciPy's `overwrite_*` and `check_finite` flags are accepted and ignored, as in JAX.
 */
export type { Trans } from "./solve-args.js";
export { type ChoSolveOptions, type CholeskyOptions, type SolveTriangularOptions, choFactor, choSolve, cholesky, solveTriangular } from "./cholesky.js";
export { type LuOptions, type LuSolveOptions, type OverwriteAOptions, type SolveOptions, det, inv, lu, luFactor, luSolve, solve } from "./lu.js";
export { type EighOptions, type QrOptions, type SvdOptions, blockDiag, eigh, qr, svd } from "./decompositions.js";
export { type ExpmOptions, expm } from "./expm.js";
