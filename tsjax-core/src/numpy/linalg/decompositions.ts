/**
 * `np.linalg` decompositions: cholesky, qr, eigh, eigvalsh, svd, svdvals, and eig/eigvals
 * (which need complex results: not available, see `eig`).
 */
import type { Array, ArrayLike } from "../../array/array.js";
import * as lax from "../../lax/linalg.js";
import { abs, mT } from "../../primitives/linalg/matrix.js";
import { bind } from "../../core/trace.js";
import { sort } from "../../primitives/sort.js";
import * as O from "../../primitives/ops.js";
import { checkOptions, floatOperand, requireMatrix } from "./args.js";
import { type EighResult, type QRResult, type SVDResult, named } from "./named.js";

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

/** Options of `np.linalg.eigh` and `eigvalsh`. */
export interface EighOptions {
  /** With `symmetrizeInput: false`, the triangle read: "L" (default) or "U". */
  UPLO?: "L" | "U" | null;
  /** Use `(a + aᵀ) / 2` (default true). */
  symmetrizeInput?: boolean;
}

function lowerOf(op: string, uplo: EighOptions["UPLO"]): boolean {
  if (uplo === undefined || uplo === null || uplo === "L") return true;
  if (uplo === "U") return false;
  throw new TypeError(`${op}: UPLO must be "L", "U" or null, got ${JSON.stringify(uplo)}.`);
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices, as
 * `jnp.linalg.eigh`: `[eigenvalues, eigenvectors]` (also `.eigenvalues`, `.eigenvectors`).
 *
 * @example
 * const [w, v] = np.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
export function eigh(a: ArrayLike, opts: EighOptions = {}): EighResult {
  const op = "np.linalg.eigh";
  checkOptions(op, opts, ["UPLO", "symmetrizeInput"]);
  const x = floatOperand(op, a);
  requireMatrix(op, x, true);
  const [v, w] = lax.eigh(x, { lower: lowerOf(op, opts.UPLO), symmetrizeInput: opts.symmetrizeInput ?? true });
  return named<EighResult>(["eigenvalues", "eigenvectors"], [w, v]);
}

/**
 * Eigenvalues (ascending) of symmetric matrices, as `jnp.linalg.eigvalsh`.
 *
 * @example
 * np.linalg.eigvalsh(np.array([[2, 1], [1, 2]])); // [1, 3]
 */
export function eigvalsh(a: ArrayLike, opts: EighOptions = {}): Array {
  checkOptions("np.linalg.eigvalsh", opts, ["UPLO", "symmetrizeInput"]);
  return eigh(a, opts)[0];
}

/** Options of `np.linalg.svd`. */
export interface SvdOptions {
  /** `u [..., m, m]`, `vh [..., n, n]` (true, the default) or `[..., m, k]`, `[..., k, n]`. */
  fullMatrices?: boolean;
  /** Return `[u, s, vh]` (true, the default) or `s` alone. */
  computeUv?: boolean;
  /** Symmetric input: the SVD from the eigen-decomposition (default false). */
  hermitian?: boolean;
  /** `[start, end)`: only these singular triplets. */
  subsetByIndex?: readonly [number, number] | null;
}

/**
 * Singular value decomposition, as `jnp.linalg.svd`: `[U, S, Vh]` (also `.U`, `.S`, `.Vh`)
 * with `a = U diag(S) Vh`, `S` descending; or `S` alone with `computeUv: false`.
 *
 * @example
 * const [u, s, vh] = np.linalg.svd(np.array([[1, 2], [3, 4], [5, 6]]), { fullMatrices: false });
 */
export function svd(a: ArrayLike, opts: SvdOptions & { computeUv: false }): Array;
export function svd(a: ArrayLike, opts?: SvdOptions & { computeUv?: true }): SVDResult;
export function svd(a: ArrayLike, opts: SvdOptions = {}): SVDResult | Array {
  const op = "np.linalg.svd";
  checkOptions(op, opts, ["fullMatrices", "computeUv", "hermitian", "subsetByIndex"]);
  const x = floatOperand(op, a);
  requireMatrix(op, x);
  const computeUv = opts.computeUv ?? true;
  if (opts.hermitian) {
    requireMatrix(op, x, true);
    // |eigenvalues| descending; U = eigenvectors in that order, Vh = (U signs)ᵀ
    const [w, s0] = lax.eigh(x, { subsetByIndex: opts.subsetByIndex ?? null });
    const s = abs(s0);
    const last = s.ndim - 1;
    const [negS, idx] = bind(sort, [O.neg(s)], { dimension: last });
    const sDesc = O.neg(negS!);
    if (!computeUv) return sDesc;
    const signs = O.takeAlongAxis(O.sign(s0), idx!, last);
    const u = O.takeAlongAxis(w, O.broadcastDims(idx!, w.shape, [...w.shape.slice(0, -2).map((_, i) => i), w.ndim - 1]), w.ndim - 1);
    const vh = mT(O.mul(u, O.broadcastDims(signs, u.shape, [...u.shape.slice(0, -2).map((_, i) => i), u.ndim - 1])));
    return named<SVDResult>(["U", "S", "Vh"], [u, sDesc, vh]);
  }
  const base = { fullMatrices: opts.fullMatrices ?? true, subsetByIndex: opts.subsetByIndex ?? null };
  if (!computeUv) return lax.svd(x, { ...base, computeUv: false });
  return named<SVDResult>(["U", "S", "Vh"], lax.svd(x, base));
}

/**
 * Singular values (descending), as `jnp.linalg.svdvals`.
 *
 * @example
 * np.linalg.svdvals(np.array([[3, 0], [0, -2]])); // [3, 2]
 */
export function svdvals(x: ArrayLike): Array {
  return svd(x, { computeUv: false });
}

function complexUnavailable(op: string): never {
  throw new TypeError(
    `${op}: not implemented: the eigendecomposition of a general (non-symmetric) matrix, whose eigenvalues are complex, has no algorithm in tsjax yet. ` +
      "For symmetric matrices use np.linalg.eigh / eigvalsh (real results); for singular values use np.linalg.svd.",
  );
}

/**
 * Not available: `jnp.linalg.eig` of a general matrix (complex eigenvalues and eigenvectors)
 * has no algorithm here yet. Throws an error pointing to `eigh` (symmetric matrices).
 *
 * @example
 * np.linalg.eigh(a); // for symmetric a, instead of np.linalg.eig(a)
 */
export function eig(_a: ArrayLike): never {
  return complexUnavailable("np.linalg.eig");
}

/**
 * Not available: `jnp.linalg.eigvals` of a general matrix (complex eigenvalues; no algorithm yet).
 * Throws an error pointing to `eigvalsh` (symmetric matrices).
 *
 * @example
 * np.linalg.eigvalsh(a); // for symmetric a, instead of np.linalg.eigvals(a)
 */
export function eigvals(_a: ArrayLike): never {
  return complexUnavailable("np.linalg.eigvals");
}
