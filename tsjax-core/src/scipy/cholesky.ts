/**
 * `scipy.linalg` triangular and Cholesky solves: solveTriangular, cholesky, choFactor, choSolve.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as lax from "../lax/linalg.js";
import { mT } from "../primitives/linalg/matrix.js";
import { floatOperands, requireMatrix } from "../numpy/linalg/args.js";
import { checkOptions } from "../util/options.js";
import { type Trans, transposeOf, vectorizedSolve } from "./solve-args.js";

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
  checkOptions(op, opts, { accepted: ["trans", "lower", "unitDiagonal", "overwriteB", "checkFinite"] });
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
  checkOptions(op, opts, { accepted: CHOLESKY_KEYS });
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
  checkOptions("scipy.linalg.choFactor", opts, { accepted: CHOLESKY_KEYS });
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
  checkOptions(op, opts, { accepted: ["overwriteB", "checkFinite"] });
  const [c, lower] = cAndLower;
  const [x, y] = floatOperands(op, c, b);
  return vectorizedSolve(op, x!, y!, (cc, bb) => {
    const half = lax.triangularSolve(cc, bb, { leftSide: true, lower, transposeA: !lower });
    return lax.triangularSolve(cc, half, { leftSide: true, lower, transposeA: lower });
  });
}
