/**
 * `lax.linalg`: the decompositions and solves of `jax.lax.linalg`, batched over leading axes,
 * with JAX's options, defaults and derivative rules. float32 operands (convert integers with
 * `astype` first, or use `np.linalg`, which promotes them).
 */
import type { Array } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { bind1 } from "../core/trace.js";
import { type TriangularSolveParams, cholesky as choleskyP, triangularSolve as triangularSolveP } from "../primitives/linalg.js";
import { checkMatrix, mT } from "../primitives/linalg/matrix.js";
import * as O from "../primitives/ops.js";
import { checkOptions } from "../numpy/linalg/args.js";

/** `(x + xᵀ) / 2`. */
export function symmetrize(x: Array): Array {
  return O.div(O.add(x, mT(x)), O.full(x, 2));
}

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
  checkOptions("lax.linalg.cholesky", opts, ["symmetrizeInput"]);
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
  checkOptions(op, opts, TRIANGULAR_KEYS);
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
