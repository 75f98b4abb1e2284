/**
 * Linear-algebra primitives, as `jax.lax.linalg`: cholesky, triangular_solve, lu, qr, eigh,
 * svd, tridiagonal_solve (this file is their barrel; one file per primitive under `linalg/`).
 *
 * Implementation strategy (decided for this family):
 *
 * - Each routine is a real primitive (it appears as one equation in a jaxpr, like JAX's
 *   `cholesky_p`) with JAX's derivative rules (JVP; transpose where linear, e.g. the solve in
 *   its right-hand side) and its own batching rule. Transformations never trace through the
 *   algorithm: gradients are the closed-form rules, not differentiated loops.
 * - Its implementation is an *expansion* into existing primitives (`Primitive.expand`,
 *   `core/expand.ts`): a `lax.scan` over columns or rows whose body uses dynamic slices and
 *   updates, matrix-vector products and masks, written for a flattened batch axis. Eagerly
 *   the expansion runs as one compiled program (traced once per signature, like a nested
 *   `jit`); under `jit` it is inlined into the caller's program. So every routine runs on
 *   every backend (CPU/WebAssembly and WebGPU) with no new kernel kind and no new code
 *   generator, and fuses with its neighbours under `jit`.
 * - Dedicated kernels (one workgroup per matrix) would be faster for many small matrices but
 *   need new kernel kinds in both code generators; correctness and coverage came first. The
 *   unblocked algorithms cost O(n) sequential steps of O(n²) work: a 64x64 Cholesky or solve
 *   takes milliseconds on the CPU backend.
 * - Algorithms: left-looking Cholesky, substitution, LU with partial pivoting, Householder QR,
 *   and for eigh and svd the parallel (round-robin) Jacobi methods, two-sided and one-sided
 *   (`linalg/jacobi.ts`): n/2 rotations per round, n - 1 rounds per sweep, sweeps until
 *   converged. They follow LAPACK's conventions where results are otherwise ambiguous, so
 *   values match JAX on CPU (pivot choices, QR signs, NaN factors for matrices that are not
 *   positive definite); eigenvector and singular-vector signs are arbitrary, as in JAX.
 */
export { cholesky } from "./linalg/cholesky.js";
export { type TriangularSolveParams, triangularSolve } from "./linalg/triangular-solve.js";
export { lu } from "./linalg/lu.js";
export {  qr } from "./linalg/qr.js";
export {  eigh } from "./linalg/eigh.js";
export {  svd } from "./linalg/svd.js";
export {  tridiagonalSolve } from "./linalg/tridiagonal-solve.js";
