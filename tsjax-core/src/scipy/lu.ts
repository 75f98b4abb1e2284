/**
 * `scipy.linalg` LU-based routines and general solves: luFactor, luSolve, lu, solve, inv, det.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as lax from "../lax/linalg.js";
import * as npl from "../numpy/linalg/index.js";
import { luSolveCore } from "../numpy/linalg/lu-solve.js";
import { customJvp } from "../transforms/custom.js";
import { matmul, mT, positions, tril, triu } from "../primitives/linalg/matrix.js";
import * as O from "../primitives/ops.js";
import { floatOperands, requireMatrix } from "../numpy/linalg/args.js";
import { checkOptions } from "../util/options.js";
import { vectorizedSolve } from "./solve-args.js";

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
  checkOptions(op, opts, { accepted: ["overwriteA", "checkFinite"] });
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
  checkOptions(op, opts, { accepted: ["trans", "overwriteB", "checkFinite"] });
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
  checkOptions(op, opts, { accepted: ["permuteL", "overwriteA", "checkFinite"] });
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
  checkOptions(op, opts, { accepted: ["lower", "assumeA", "overwriteA", "overwriteB", "checkFinite", "debug"] });
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
  checkOptions("scipy.linalg.inv", opts, { accepted: ["overwriteA", "checkFinite"] });
  return npl.inv(a);
}

/**
 * Determinants, as `jax.scipy.linalg.det`.
 *
 * @example
 * scipy.linalg.det(np.array([[1, 2], [3, 4]])); // -2
 */
export function det(a: ArrayLike, opts: OverwriteAOptions = {}): Array {
  checkOptions("scipy.linalg.det", opts, { accepted: ["overwriteA", "checkFinite"] });
  return npl.det(a);
}
