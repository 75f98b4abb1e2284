/**
 * `lax.linalg`: the decompositions and solves of `jax.lax.linalg`, batched over leading axes,
 * with JAX's options, defaults and derivative rules. float32 operands (convert integers with
 * `astype` first, or use `np.linalg`, which promotes them).
 */
import type { Array } from "../array/array.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { bind, bind1 } from "../core/trace.js";
import { type TriangularSolveParams, cholesky as choleskyP, eigh as eighP, lu as luP, qr as qrP, svd as svdP, triangularSolve as triangularSolveP } from "../primitives/linalg.js";
import { checkMatrix, positions, symmetrize } from "../primitives/linalg/matrix.js";
import { scan } from "./control-flow.js";

export {
  type SymmetricProductOptions, type TridiagonalSolveOptions,
  choleskyUpdate, householderProduct, symmetricProduct, tridiagonalSolve,
} from "./linalg-extras.js";
import * as O from "../primitives/ops.js";
import { checkOptions } from "../util/options.js";

/** Options of `lax.linalg.cholesky`. */
export interface CholeskyOptions {
  /** Use `(x + xᵀ) / 2` (default true); false reads only the lower triangle. */
  symmetrizeInput?: boolean;
}

/**
 * Lower Cholesky factor `L` of symmetric positive-definite matrices `[..., n, n]`
 * (`x = L Lᵀ`), as `jax.lax.linalg.cholesky`. A matrix that is not positive definite gives
 * NaNs (in the lower triangle).
 *
 * @example
 * const L = lax.linalg.cholesky(np.array([[4, 2], [2, 3]])); // [[2, 0], [1, 1.414]]
 */
export function cholesky(x: Array, opts: CholeskyOptions = {}): Array {
  checkOptions("lax.linalg.cholesky", opts, { accepted: ["symmetrizeInput"] });
  checkMatrix("lax.linalg.cholesky", x, true);
  return bind1(choleskyP, [opts.symmetrizeInput ?? true ? symmetrize(x) : x], {});
}

/** Options of `lax.linalg.triangularSolve` (JAX's defaults: all false). */
export interface TriangularSolveOptions {
  /** Solve `op(a) x = b` (true) or `x op(a) = b` (false, the default). */
  leftSide?: boolean;
  /** Read the lower triangle of `a` (true) or the upper one (false, the default). */
  lower?: boolean;
  /** Use `aᵀ` for `op(a)`. */
  transposeA?: boolean;
  /** Conjugate `a` (no effect on real matrices). */
  conjugateA?: boolean;
  /** Take the diagonal of `a` as ones (it is not read). */
  unitDiagonal?: boolean;
}

const TRIANGULAR_KEYS = ["leftSide", "lower", "transposeA", "conjugateA", "unitDiagonal"] as const;

/**
 * Solves a triangular system `op(a) x = b` (`leftSide`) or `x op(a) = b`, as
 * `jax.lax.linalg.triangular_solve` (whose defaults are `leftSide: false, lower: false`).
 * `a` is `[..., m, m]`; `b` is `[..., m, n]` (left side) or `[..., n, m]`, or one vector per
 * matrix (`b.ndim == a.ndim - 1`).
 *
 * @example
 * const L = np.array([[2, 0], [1, 1]]);
 * lax.linalg.triangularSolve(L, np.array([[2], [3]]), { leftSide: true, lower: true }); // [[1], [2]]
 */
export function triangularSolve(a: Array, b: Array, opts: TriangularSolveOptions = {}): Array {
  const op = "lax.linalg.triangularSolve";
  checkOptions(op, opts, { accepted: TRIANGULAR_KEYS });
  checkMatrix(op, a, true);
  const params: TriangularSolveParams = {
    leftSide: opts.leftSide ?? false,
    lower: opts.lower ?? false,
    transposeA: opts.transposeA ?? false,
    conjugateA: false, // real matrices only: conjugation is the identity (JAX drops it too)
    unitDiagonal: opts.unitDiagonal ?? false,
  };
  const singleton = b.ndim === a.ndim - 1;
  if (b.ndim !== a.ndim && !singleton) {
    throw new ShapeError(`${op}: b ${fmtShape(b.shape)} must have a's rank (${a.ndim}) or one less; a is ${fmtShape(a.shape)}.`);
  }
  const bm = singleton ? O.reshapeTo(b, params.leftSide ? [...b.shape, 1] : [...b.shape.slice(0, -1), 1, b.shape[b.ndim - 1]!]) : b;
  const out = bind1(triangularSolveP, [a, bm], params);
  return singleton ? O.reshapeTo(out, b.shape) : out;
}

/**
 * LU decomposition with partial pivoting, `P x = L U`, as `jax.lax.linalg.lu`: returns
 * `[lu, pivots, permutation]` (L's strict lower triangle and U packed in `lu`; int32 row swaps
 * `pivots [..., min(m, n)]`; int32 `permutation [..., m]` with `x[permutation] = L U`).
 *
 * @example
 * const [lu, pivots, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4]])); // pivots [1, 1], perm [1, 0]
 */
export function lu(x: Array): [Array, Array, Array] {
  checkMatrix("lax.linalg.lu", x);
  const [a, p, q] = bind(luP, [x], {});
  return [a!, p!, q!];
}

/**
 * The permutation `[..., permutationSize]` made by applying the row swaps `pivots [..., k]`
 * (`lu`'s second output) to `0, 1, ...`, as `jax.lax.linalg.lu_pivots_to_permutation`.
 *
 * @example
 * lax.linalg.luPivotsToPermutation(np.array([2, 2, 2], { dtype: "int32" }), 3); // [2, 0, 1]
 */
export function luPivotsToPermutation(pivots: Array, permutationSize: number): Array {
  const op = "lax.linalg.luPivotsToPermutation";
  if (pivots.dtype !== "int32") throw new DTypeError(`${op}: pivots must be int32, got ${pivots.dtype}.`);
  if (pivots.ndim < 1) throw new ShapeError(`${op}: pivots must have at least one axis, got shape ${fmtShape(pivots.shape)}.`);
  const k = pivots.shape[pivots.ndim - 1]!;
  if (!Number.isInteger(permutationSize) || permutationSize < k) {
    throw new ShapeError(`${op}: permutationSize ${permutationSize} must be an integer >= the number of pivots (${k}).`);
  }
  const batch = pivots.shape.slice(0, -1);
  const B = batch.reduce((p, d) => p * d, 1);
  const m = permutationSize;
  const perm0 = positions(pivots, [B, m], 1);
  if (k === 0 || m === 0 || B === 0) return O.reshapeTo(perm0, [...batch, m]);
  const swaps = O.transposeTo(O.reshapeTo(pivots, [B, k]), [1, 0]); // [k, B]
  const pos = positions(pivots, [B, m], 1);
  const [[perm]] = scan(
    ([perm, i]: readonly [Array, Array], j: Array) => {
      const atI = O.eq(pos, O.broadcastDims(i, [B, m], []));
      const atJ = O.eq(pos, O.broadcastDims(j, [B, m], [0]));
      const zero = O.full(perm, 0);
      const pi = O.broadcastDims(O.sumAxes(O.select(atI, perm, zero), [1]), [B, m], [0]);
      const pj = O.broadcastDims(O.sumAxes(O.select(atJ, perm, zero), [1]), [B, m], [0]);
      return [[O.select(atI, pj, O.select(atJ, pi, perm)), O.add(i, O.full(i, 1))] as const, null] as const;
    },
    [perm0, O.scalar(0, "int32", pivots.device)] as const,
    swaps,
  );
  return O.reshapeTo(perm, [...batch, m]);
}

/** Options of `lax.linalg.qr`. */
export interface QrOptions {
  /** Column pivoting (not supported: only false). */
  pivoting?: boolean;
  /** `Q [..., m, m]`, `R [..., m, n]` (true, the default) or `Q [..., m, k]`, `R [..., k, n]`. */
  fullMatrices?: boolean;
  /** Accepted and ignored (a GPU library choice in JAX). */
  useMagma?: boolean;
}

/**
 * QR decomposition by Householder reflections, as `jax.lax.linalg.qr`: `[q, r]` with
 * orthonormal columns in `q` and upper-triangular `r` (full matrices by default). Signs follow
 * LAPACK's (so JAX's on CPU).
 *
 * @example
 * const [q, r] = lax.linalg.qr(np.array([[1, 2], [3, 4], [5, 6]]), { fullMatrices: false });
 */
export function qr(x: Array, opts: QrOptions = {}): [Array, Array] {
  const op = "lax.linalg.qr";
  checkOptions(op, opts, { accepted: ["pivoting", "fullMatrices", "useMagma"] });
  if (opts.pivoting) throw new TypeError(`${op}: pivoting=true (column-pivoted QR) is not supported; use pivoting=false.`);
  checkMatrix(op, x);
  const [q, r] = bind(qrP, [x], { fullMatrices: opts.fullMatrices ?? true });
  return [q!, r!];
}

/** Options of `lax.linalg.eigh`. */
export interface EighOptions {
  /** With `symmetrizeInput: false`, read the lower (true, the default) or upper triangle. */
  lower?: boolean;
  /** Use `(x + xᵀ) / 2` (default true). */
  symmetrizeInput?: boolean;
  /** Ascending eigenvalues (default true); false leaves the algorithm's order. */
  sortEigenvalues?: boolean;
  /** `[start, end)`: only these eigenpairs (of the ascending order). */
  subsetByIndex?: readonly [number, number] | null;
  /** Accepted and ignored (an algorithm choice in JAX; this one is Jacobi). */
  implementation?: unknown;
}

/**
 * Eigen-decomposition of symmetric matrices `[..., n, n]`, as `jax.lax.linalg.eigh`: `[v, w]`
 * with the eigenvectors in the columns of `v` and the eigenvalues `w` ascending. Eigenvector
 * signs are arbitrary (as in JAX); derivatives assume distinct eigenvalues.
 *
 * @example
 * const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
export function eigh(x: Array, opts: EighOptions = {}): [Array, Array] {
  const op = "lax.linalg.eigh";
  checkOptions(op, opts, { accepted: ["lower", "symmetrizeInput", "sortEigenvalues", "subsetByIndex", "implementation"] });
  checkMatrix(op, x, true);
  const input = opts.symmetrizeInput ?? true ? symmetrize(x) : x;
  let [v, w] = bind(eighP, [input], { lower: opts.lower ?? true, sortEigenvalues: opts.sortEigenvalues ?? true }) as [Array, Array];
  const subset = opts.subsetByIndex;
  if (subset) {
    const n = x.shape[x.ndim - 1]!;
    const [lo, hi] = subset;
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= n)) {
      throw new ShapeError(`${op}: subsetByIndex [${lo}, ${hi}) must satisfy 0 <= start <= end <= ${n}.`);
    }
    v = O.sliceAxis(v, v.ndim - 1, lo, hi);
    w = O.sliceAxis(w, w.ndim - 1, lo, hi);
  }
  return [v, w];
}

/** Options of `lax.linalg.svd`. */
export interface SvdOptions {
  /** `u [..., m, m]`, `vh [..., n, n]` (true, the default) or `[..., m, k]`, `[..., k, n]`. */
  fullMatrices?: boolean;
  /** Return `[u, s, vh]` (true, the default) or `s` alone. */
  computeUv?: boolean;
  /** `[start, end)`: only these singular triplets (of the descending order). */
  subsetByIndex?: readonly [number, number] | null;
  /** Accepted and ignored (an algorithm choice in JAX; this one is one-sided Jacobi). */
  algorithm?: unknown;
}

/**
 * Singular value decomposition, as `jax.lax.linalg.svd`: `[u, s, vh]` with `x = u diag(s) vh`
 * and `s` descending, or `s` alone with `computeUv: false`. Singular-vector signs are
 * arbitrary (as in JAX).
 *
 * @example
 * const [u, s, vh] = lax.linalg.svd(np.array([[3, 0], [0, -2]])); // s = [3, 2]
 */
export function svd(x: Array, opts: SvdOptions & { computeUv: false }): Array;
export function svd(x: Array, opts?: SvdOptions & { computeUv?: true }): [Array, Array, Array];
export function svd(x: Array, opts: SvdOptions = {}): [Array, Array, Array] | Array {
  const op = "lax.linalg.svd";
  checkOptions(op, opts, { accepted: ["fullMatrices", "computeUv", "subsetByIndex", "algorithm"] });
  checkMatrix(op, x);
  const computeUv = opts.computeUv ?? true;
  const fullMatrices = opts.fullMatrices ?? true;
  const subset = opts.subsetByIndex;
  const k = Math.min(x.shape[x.ndim - 1]!, x.shape[x.ndim - 2]!);
  if (subset) {
    const [lo, hi] = subset;
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= k)) {
      throw new ShapeError(`${op}: subsetByIndex [${lo}, ${hi}) must satisfy 0 <= start <= end <= ${k}.`);
    }
    if (fullMatrices && computeUv && (lo !== 0 || hi !== k)) throw new ShapeError(`${op}: fullMatrices and subsetByIndex cannot both be set (as in JAX).`);
  }
  const outs = bind(svdP, [x], { fullMatrices: subset ? false : fullMatrices, computeUv });
  const cut = (a: Array, axis: number) => (subset ? O.sliceAxis(a, axis, subset[0], subset[1]) : a);
  if (!computeUv) return cut(outs[0]!, x.ndim - 2);
  return [cut(outs[1]!, x.ndim - 1), cut(outs[0]!, x.ndim - 2), cut(outs[2]!, x.ndim - 2)];
}
