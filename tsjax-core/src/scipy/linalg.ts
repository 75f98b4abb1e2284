/**
 * `scipy.linalg`: `jax.scipy.linalg`'s solves and factorizations, batched over leading axes
 * (broadcast, as JAX's `vectorize`). Operands are promoted to float. SciPy's `overwrite_*`
 * and `check_finite` flags are accepted and ignored, as in JAX.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import * as lax from "../lax/linalg.js";
import * as npl from "../numpy/linalg/index.js";
import { luSolveCore } from "../numpy/linalg/lu-solve.js";
import { customJvp } from "../transforms/custom.js";
import { zeros as npZeros } from "../numpy/creation.js";
import { concatenate as npConcatenate, pad as npPad } from "../numpy/shape-ops.js";

export { type ExpmOptions, expm } from "./expm.js";
import { matmul, mT, positions, tril, triu } from "../primitives/linalg/matrix.js";
import * as O from "../primitives/ops.js";
import { broadcastBatch, checkOptions, floatOperands, requireMatrix } from "../numpy/linalg/args.js";

/** SciPy's `trans`: 0/"N" (a x = b), 1/"T" (aᵀ x = b), 2/"C" (aᴴ x = b, the same for real a). */
export type Trans = 0 | 1 | 2 | "N" | "T" | "C";

function transposeOf(op: string, trans: Trans | undefined): boolean {
  switch (trans ?? 0) {
    case 0:
    case "N":
      return false;
    case 1:
    case "T":
    case 2:
    case "C":
      return true;
    default:
      throw new TypeError(`${op}: invalid trans ${JSON.stringify(trans)}; use 0 ("N"), 1 ("T") or 2 ("C").`);
  }
}

/**
 * Left-side solves `op(a) x = b` with `a [..., n, n]` against `b [n]`, `[..., n]` (one vector
 * per matrix, when `a.ndim == b.ndim + 1`) or `[..., n, k]`; batch axes broadcast.
 */
function vectorizedSolve(op: string, a: Array, b: Array, solve: (a: Array, b: Array) => Array): Array {
  requireMatrix(op, a, true);
  const n = a.shape[a.ndim - 1]!;
  const vector = b.ndim === 1 || (a.ndim === b.ndim + 1 && b.shape[b.ndim - 1] === n);
  if (b.ndim === 0 || b.shape[b.ndim - (vector ? 1 : 2)] !== n) {
    throw new ShapeError(`${op}: b ${fmtShape(b.shape)} does not fit a ${fmtShape(a.shape)}: b must be [n], [..., n] or [..., n, k] with n = ${n}.`);
  }
  const bm = vector ? O.reshapeTo(b, [...b.shape, 1]) : b;
  const [aa, bb] = broadcastBatch(op, [a, bm], [2, 2]);
  const x = solve(aa!, bb!);
  return vector ? O.reshapeTo(x, x.shape.slice(0, -1)) : x;
}

/** Options of `scipy.linalg.solveTriangular`. */
export interface SolveTriangularOptions {
  /** 0/"N": `a x = b` (default); 1/"T" and 2/"C": `aᵀ x = b`. */
  trans?: Trans;
  /** Read the lower triangle of `a` (default false: the upper one). */
  lower?: boolean;
  /** Take the diagonal of `a` as ones (not read). */
  unitDiagonal?: boolean;
  /** Accepted and ignored (arrays are immutable). */
  overwriteB?: boolean;
  /** Accepted and ignored, as in JAX (values are not checked). */
  checkFinite?: boolean;
}

/**
 * Solves `a x = b` for triangular `a`, as `jax.scipy.linalg.solve_triangular` (upper
 * triangular by default).
 *
 * @example
 * const L = np.array([[2, 0], [1, 1]]);
 * scipy.linalg.solveTriangular(L, np.array([2, 3]), { lower: true }); // [1, 2]
 */
export function solveTriangular(a: ArrayLike, b: ArrayLike, opts: SolveTriangularOptions = {}): Array {
  const op = "scipy.linalg.solveTriangular";
  checkOptions(op, opts, ["trans", "lower", "unitDiagonal", "overwriteB", "checkFinite"]);
  const transposeA = transposeOf(op, opts.trans);
  const [x, y] = floatOperands(op, a, b);
  return vectorizedSolve(op, x!, y!, (aa, bb) =>
    lax.triangularSolve(aa, bb, { leftSide: true, lower: opts.lower ?? false, transposeA, unitDiagonal: opts.unitDiagonal ?? false }),
  );
}

/** Options of `scipy.linalg.cholesky` and `choFactor`. */
export interface CholeskyOptions {
  /** Return the lower factor (default false: the upper one, `a = Uᵀ U`). */
  lower?: boolean;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

const CHOLESKY_KEYS = ["lower", "overwriteA", "checkFinite"];

/**
 * Cholesky factor, as `jax.scipy.linalg.cholesky`: upper `U` with `a = Uᵀ U` by default, or
 * lower `L` with `a = L Lᵀ`. Reads one triangle of `a` (the one named by `lower`).
 *
 * @example
 * scipy.linalg.cholesky(np.array([[4, 2], [2, 3]])); // [[2, 1], [0, 1.414]]
 */
export function cholesky(a: ArrayLike, opts: CholeskyOptions = {}): Array {
  const op = "scipy.linalg.cholesky";
  checkOptions(op, opts, CHOLESKY_KEYS);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!, true);
  const lower = opts.lower ?? false;
  const l = lax.cholesky(lower ? x! : mT(x!), { symmetrizeInput: false });
  return lower ? l : mT(l);
}

/**
 * Cholesky factorization for `choSolve`, as `jax.scipy.linalg.cho_factor`: `[c, lower]`.
 *
 * @example
 * const cf = scipy.linalg.choFactor(a);
 * const x = scipy.linalg.choSolve(cf, b);
 */
export function choFactor(a: ArrayLike, opts: CholeskyOptions = {}): [Array, boolean] {
  checkOptions("scipy.linalg.choFactor", opts, CHOLESKY_KEYS);
  const lower = opts.lower ?? false;
  return [cholesky(a, { lower }), lower];
}

/** Options of `scipy.linalg.choSolve`. */
export interface ChoSolveOptions {
  /** Accepted and ignored. */
  overwriteB?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * Solves `a x = b` given `choFactor(a)`, as `jax.scipy.linalg.cho_solve`.
 *
 * @example
 * const x = scipy.linalg.choSolve(scipy.linalg.choFactor(a, { lower: true }), b);
 */
export function choSolve(cAndLower: readonly [ArrayLike, boolean], b: ArrayLike, opts: ChoSolveOptions = {}): Array {
  const op = "scipy.linalg.choSolve";
  checkOptions(op, opts, ["overwriteB", "checkFinite"]);
  const [c, lower] = cAndLower;
  const [x, y] = floatOperands(op, c, b);
  return vectorizedSolve(op, x!, y!, (cc, bb) => {
    const half = lax.triangularSolve(cc, bb, { leftSide: true, lower, transposeA: !lower });
    return lax.triangularSolve(cc, half, { leftSide: true, lower, transposeA: lower });
  });
}

/** Options of `scipy.linalg.luFactor`, `inv` and `det` (SciPy flags, ignored). */
export interface OverwriteAOptions {
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * LU factorization for `luSolve`, as `jax.scipy.linalg.lu_factor`: `[lu, piv]` (packed factors
 * `[..., m, n]` and int32 pivots `[..., min(m, n)]`).
 *
 * @example
 * const [lu, piv] = scipy.linalg.luFactor(a);
 * const x = scipy.linalg.luSolve([lu, piv], b);
 */
export function luFactor(a: ArrayLike, opts: OverwriteAOptions = {}): [Array, Array] {
  const op = "scipy.linalg.luFactor";
  checkOptions(op, opts, ["overwriteA", "checkFinite"]);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const [lu, piv] = lax.lu(x!);
  return [lu, piv];
}

/** Options of `scipy.linalg.luSolve`. */
export interface LuSolveOptions {
  /** 0: `a x = b` (default); 1 or 2: `aᵀ x = b`. */
  trans?: 0 | 1 | 2;
  /** Accepted and ignored. */
  overwriteB?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * Solves `a x = b` (or `aᵀ x = b` with `trans`) from `luFactor(a)`, as
 * `jax.scipy.linalg.lu_solve`.
 *
 * @example
 * const x = scipy.linalg.luSolve(scipy.linalg.luFactor(a), b);
 */
export function luSolve(luAndPiv: readonly [ArrayLike, Array], b: ArrayLike, opts: LuSolveOptions = {}): Array {
  const op = "scipy.linalg.luSolve";
  checkOptions(op, opts, ["trans", "overwriteB", "checkFinite"]);
  const trans = opts.trans ?? 0;
  if (trans !== 0 && trans !== 1 && trans !== 2) throw new TypeError(`${op}: invalid trans ${JSON.stringify(trans)}; use 0, 1 or 2.`);
  const [lu0, piv] = luAndPiv;
  const [lu, y] = floatOperands(op, lu0, b);
  requireMatrix(op, lu!, true);
  const perm = lax.luPivotsToPermutation(piv, lu!.shape[lu!.ndim - 1]!);
  return vectorizedSolve(op, lu!, y!, (l, bb) => {
    const batch = l.shape.slice(0, -2);
    return luSolveCore(l, O.broadcastTo(perm, [...batch, perm.shape[perm.ndim - 1]!]), bb, trans);
  });
}

/** Options of `scipy.linalg.lu`. */
export interface LuOptions extends OverwriteAOptions {
  /** Return `[P @ L, U]` instead of `[P, L, U]` (default false). */
  permuteL?: boolean;
}

/**
 * LU decomposition `a = P L U`, as `jax.scipy.linalg.lu`: `[P, L, U]` with the permutation
 * matrix `P [..., m, m]`, unit lower-triangular `L [..., m, k]` and upper-triangular
 * `U [..., k, n]` (`k = min(m, n)`), or `[P @ L, U]` with `permuteL`.
 *
 * @example
 * const [p, l, u] = scipy.linalg.lu(np.array([[1, 2], [3, 4]]));
 */
export function lu(a: ArrayLike, opts: LuOptions = {}): [Array, Array, Array] | [Array, Array] {
  const op = "scipy.linalg.lu";
  checkOptions(op, opts, ["permuteL", "overwriteA", "checkFinite"]);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const [packed, , perm] = lax.lu(x!);
  const [m, n] = x!.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const r = x!.ndim;
  const batch = x!.shape.slice(0, -2);
  // P[i, j] = 1 where perm[j] == i (a = P L U)
  const rowIds = O.broadcastTo(positions(x!, [m, m], 0), [...batch, m, m]);
  const permCols = O.broadcastDims(perm, [...batch, m, m], [...batch.map((_, i) => i), r - 1]);
  const p = O.convert(O.eq(permCols, rowIds), x!.dtype);
  const l = O.add(tril(O.sliceAxis(packed, r - 1, 0, k), -1), eyeRect(x!, m, k, batch));
  const u = triu(O.sliceAxis(packed, r - 2, 0, k));
  return opts.permuteL ? [matmul(p, l), u] : [p, l, u];
}

/** `eye(m, k)` broadcast over `batch`. */
function eyeRect(like: Array, m: number, k: number, batch: readonly number[]): Array {
  const e = O.convert(O.eq(positions(like, [m, k], 0), positions(like, [m, k], 1)), like.dtype);
  return O.broadcastTo(e, [...batch, m, k]);
}

/** `a⁻¹ b` by Cholesky of the `lower` (or upper) triangle of `a`; `ẋ = a⁻¹ (ḃ - ȧ x)`. */
const solveSymmetricPositive = (lower: boolean) => {
  const choSolveWith = (c: Array, b: Array) => {
    const half = lax.triangularSolve(c, b, { leftSide: true, lower, transposeA: !lower });
    return lax.triangularSolve(c, half, { leftSide: true, lower, transposeA: lower });
  };
  const factor = (a: Array) => (lower ? lax.cholesky(a, { symmetrizeInput: false }) : mT(lax.cholesky(mT(a), { symmetrizeInput: false })));
  const f = customJvp((a: Array, b: Array): Array => choSolveWith(factor(a), b));
  f.defjvp(([a, b], [ta, tb]) => {
    const c = factor(a);
    const x = choSolveWith(c, b);
    return [x, choSolveWith(c, O.sub(tb, matmul(ta, x)))];
  });
  return f;
};
const solvePos = { lower: solveSymmetricPositive(true), upper: solveSymmetricPositive(false) };

/** Options of `scipy.linalg.solve`. */
export interface SolveOptions {
  /** Which triangle of `a` to read when `assumeA` is "pos" (default false: upper). */
  lower?: boolean;
  /** "gen" (default; LU), or "pos" (symmetric positive definite: Cholesky); "sym" and "her" solve as "gen". */
  assumeA?: "gen" | "sym" | "her" | "pos";
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  overwriteB?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
  /** Accepted and ignored. */
  debug?: boolean;
}

/**
 * Solves `a x = b`, as `jax.scipy.linalg.solve`: LU by default, Cholesky with
 * `assumeA: "pos"` (reading the triangle named by `lower`).
 *
 * @example
 * scipy.linalg.solve(np.array([[2, 1], [1, 3]]), np.array([3, 5]), { assumeA: "pos" }); // [0.8, 1.4]
 */
export function solve(a: ArrayLike, b: ArrayLike, opts: SolveOptions = {}): Array {
  const op = "scipy.linalg.solve";
  checkOptions(op, opts, ["lower", "assumeA", "overwriteA", "overwriteB", "checkFinite", "debug"]);
  const assume = opts.assumeA ?? "gen";
  if (!["gen", "sym", "her", "pos"].includes(assume)) {
    throw new TypeError(`${op}: unknown assumeA ${JSON.stringify(assume)}; accepted: "gen", "sym", "her", "pos".`);
  }
  if (assume !== "pos") return npl.solve(a, b);
  const [x, y] = floatOperands(op, a, b);
  return vectorizedSolve(op, x!, y!, opts.lower ? solvePos.lower : solvePos.upper);
}

/**
 * Inverse of square matrices, as `jax.scipy.linalg.inv`.
 *
 * @example
 * scipy.linalg.inv(np.array([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: ArrayLike, opts: OverwriteAOptions = {}): Array {
  checkOptions("scipy.linalg.inv", opts, ["overwriteA", "checkFinite"]);
  return npl.inv(a);
}

/**
 * Determinants, as `jax.scipy.linalg.det`.
 *
 * @example
 * scipy.linalg.det(np.array([[1, 2], [3, 4]])); // -2
 */
export function det(a: ArrayLike, opts: OverwriteAOptions = {}): Array {
  checkOptions("scipy.linalg.det", opts, ["overwriteA", "checkFinite"]);
  return npl.det(a);
}

/** Options of `scipy.linalg.qr`. */
export interface QrOptions {
  /** "full" (default: `Q [..., m, m]`), "economic" (`Q [..., m, k]`) or "r" (R only, full size). */
  mode?: "full" | "economic" | "r";
  /** Column pivoting (not supported: only false). */
  pivoting?: boolean;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  lwork?: unknown;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * QR decomposition, as `jax.scipy.linalg.qr`: `[q, r]`, or `[r]` for mode "r".
 *
 * @example
 * const [q, r] = scipy.linalg.qr(np.array([[1, 2], [3, 4]]));
 */
export function qr(a: ArrayLike, opts: QrOptions = {}): [Array, Array] | [Array] {
  const op = "scipy.linalg.qr";
  checkOptions(op, opts, ["mode", "pivoting", "overwriteA", "lwork", "checkFinite"]);
  const mode = opts.mode ?? "full";
  if (!["full", "economic", "r"].includes(mode)) throw new TypeError(`${op}: unsupported mode ${JSON.stringify(mode)}; accepted: "full", "economic", "r".`);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const [q, r] = lax.qr(x!, { pivoting: opts.pivoting ?? false, fullMatrices: mode !== "economic" });
  return mode === "r" ? [r] : [q, r];
}

/** Options of `scipy.linalg.eigh` (the standard problem only: `b`, `eigvals` and `type` other than 1 are not implemented, as in JAX). */
export interface EighOptions {
  /** The generalized problem's `b` (only null). */
  b?: ArrayLike | null;
  /** Which triangle (the input is symmetrized first, as JAX does). */
  lower?: boolean;
  /** Return the eigenvalues only (default false). */
  eigvalsOnly?: boolean;
  /** Only null. */
  eigvals?: null;
  /** Only 1. */
  type?: 1;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  overwriteB?: boolean;
  /** Accepted and ignored. */
  turbo?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * Eigenvalues (ascending) and eigenvectors of symmetric matrices, as `jax.scipy.linalg.eigh`:
 * `[w, v]`, or `w` with `eigvalsOnly`.
 *
 * @example
 * const [w, v] = scipy.linalg.eigh(np.array([[2, 1], [1, 2]])) as [Array, Array]; // w = [1, 3]
 */
export function eigh(a: ArrayLike, opts: EighOptions = {}): [Array, Array] | Array {
  const op = "scipy.linalg.eigh";
  checkOptions(op, opts, ["b", "lower", "eigvalsOnly", "eigvals", "type", "overwriteA", "overwriteB", "turbo", "checkFinite"]);
  if (opts.b !== undefined && opts.b !== null) throw new TypeError(`${op}: only b=null is implemented (the generalized problem is not), as in JAX.`);
  if (opts.eigvals !== undefined && opts.eigvals !== null) throw new TypeError(`${op}: only eigvals=null is implemented, as in JAX.`);
  if (opts.type !== undefined && opts.type !== 1) throw new TypeError(`${op}: only type=1 is implemented, as in JAX.`);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!, true);
  const [v, w] = lax.eigh(x!, { lower: opts.lower ?? true });
  return opts.eigvalsOnly ? w : [w, v];
}

/** Options of `scipy.linalg.svd`. */
export interface SvdOptions {
  /** Full `u` and `vh` (default true). */
  fullMatrices?: boolean;
  /** Return `[u, s, vh]` (default true) or `s`. */
  computeUv?: boolean;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
  /** Accepted and ignored (LAPACK driver). */
  lapackDriver?: string;
}

/**
 * Singular value decomposition, as `jax.scipy.linalg.svd`: `[u, s, vh]`, or `s` with
 * `computeUv: false`.
 *
 * @example
 * const [u, s, vh] = scipy.linalg.svd(np.array([[3, 0], [0, -2]])) as [Array, Array, Array];
 */
export function svd(a: ArrayLike, opts: SvdOptions = {}): [Array, Array, Array] | Array {
  const op = "scipy.linalg.svd";
  checkOptions(op, opts, ["fullMatrices", "computeUv", "overwriteA", "checkFinite", "lapackDriver"]);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const fullMatrices = opts.fullMatrices ?? true;
  return opts.computeUv ?? true ? lax.svd(x!, { fullMatrices }) : lax.svd(x!, { fullMatrices, computeUv: false });
}

/**
 * A block-diagonal matrix of the given blocks (2-D; a 1-D array is one row, a scalar a 1x1
 * block), as `jax.scipy.linalg.block_diag`.
 *
 * @example
 * scipy.linalg.blockDiag(np.eye(2), np.array([[5]])); // 3x3
 */
export function blockDiag(...arrs: ArrayLike[]): Array {
  const op = "scipy.linalg.blockDiag";
  if (arrs.length === 0) return npZeros([1, 0]);
  const blocks = floatOperands(op, ...arrs).map((b) => {
    if (b.ndim > 2) throw new ShapeError(`${op}: blocks must have at most 2 axes, got shape ${fmtShape(b.shape)}.`);
    return b.ndim === 2 ? b : O.reshapeTo(b, [1, b.size]);
  });
  const cols = blocks.reduce((n, b) => n + b.shape[1]!, 0);
  let left = 0;
  const rows = blocks.map((b) => {
    const w = b.shape[1]!;
    const row = npPad(b, [[0, 0], [left, cols - left - w]]);
    left += w;
    return row;
  });
  return npConcatenate(rows, 0);
}
