/**
 * `np.linalg`: `jax.numpy.linalg` with JAX's semantics and defaults, batched over leading axes
 * and differentiable where JAX differentiates. The decompositions, solves and norms promote
 * integer and bool operands to float32; the products (matmul, vecdot, trace, ...) keep them.
 */
export {
  type CholeskyOptions, type EighOptions, type QrMode, type SvdOptions,
  cholesky, eig, eigh, eigvals, eigvalsh, qr, svd, svdvals,
} from "./decompositions.js";
export { det, slogdet, type SlogdetOptions } from "./det.js";
export { inv, solve, tensorinv, tensorsolve } from "./solve.js";
export type { EighResult, QRResult, SVDResult, SlogdetResult } from "./named.js";
export { type LstsqOptions, type PinvOptions, lstsq, pinv } from "./lstsq.js";
export { type MatrixNormOptions, type MatrixRankOptions, type NormOptions, type NormOrd, cond, matrixNorm, matrixRank, norm, vectorNorm } from "./norms.js";
export {
  type AxisOption, type DiagonalOptions, type TensordotOptions, type TraceOptions,
  cross, diagonal, matmul, matrixPower, matrixTranspose, multiDot, outer, tensordot, trace, vecdot,
} from "./products.js";
