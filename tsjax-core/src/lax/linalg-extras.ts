/**
 * `lax.linalg`'s smaller routines: tridiagonalSolve, symmetricProduct, choleskyUpdate and
 * householderProduct (re-exported by `lax/linalg.ts`).
 */
import type { Array } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { bind1 } from "../core/trace.js";
import { tridiagonalSolve as tridiagonalSolveP } from "../primitives/linalg.js";
import { checkMatrix, constant, eye, matmul, mT, positions, rowsAt, colsAt, flattenBatch, writeAt, tril } from "../primitives/linalg/matrix.js";
import * as O from "../primitives/ops.js";
import { checkOptions } from "../util/options.js";
import { scan } from "./control-flow.js";

/** Options of `lax.linalg.tridiagonalSolve`. */
export interface TridiagonalSolveOptions {
  /** Perturb tiny pivots of singular systems (not supported here: only false). */
  perturbSingular?: boolean;
}

/**
 * Solves `A x = b` for tridiagonal `A` given by its diagonals `dl`, `d`, `du` (`[..., m]`;
 * `dl[0]` and `du[m-1]` unused) and `b [..., m, n]`, as `jax.lax.linalg.tridiagonal_solve`.
 * Thomas elimination without pivoting (for diagonally dominant systems, say).
 *
 * @example
 * lax.linalg.tridiagonalSolve(np.array([0, 1, 1]), np.array([4, 4, 4]), np.array([1, 1, 0]), b);
 */
export function tridiagonalSolve(dl: Array, d: Array, du: Array, b: Array, opts: TridiagonalSolveOptions = {}): Array {
  const op = "lax.linalg.tridiagonalSolve";
  checkOptions(op, opts, { accepted: ["perturbSingular"] });
  if (opts.perturbSingular) throw new TypeError(`${op}: perturbSingular=true is not supported (JAX offers it only with LAPACK/cuSPARSE); use false.`);
  return bind1(tridiagonalSolveP, [dl, d, du, b], {});
}

/** Options of `lax.linalg.symmetricProduct`. */
export interface SymmetricProductOptions {
  /** Scale of `a aᵀ` (default 1). */
  alpha?: number;
  /** Scale of `c` (default 0). */
  beta?: number;
  /** Copy the lower triangle over the upper one (default false; the result is symmetric anyway here). */
  symmetrizeOutput?: boolean;
}

/**
 * `alpha a aᵀ + beta c` for `a [..., m, n]` and symmetric `c [..., m, m]`, as
 * `jax.lax.linalg.symmetric_product`.
 *
 * @example
 * lax.linalg.symmetricProduct(a, np.eye(3), { alpha: 2, beta: 1 }); // 2 a aᵀ + I
 */
export function symmetricProduct(a: Array, c: Array, opts: SymmetricProductOptions = {}): Array {
  const op = "lax.linalg.symmetricProduct";
  checkOptions(op, opts, { accepted: ["alpha", "beta", "symmetrizeOutput"] });
  checkMatrix(op, a);
  checkMatrix(op, c, true);
  const m = a.shape[a.ndim - 2]!;
  if (c.shape[c.ndim - 1] !== m || fmtShape(c.shape.slice(0, -2)) !== fmtShape(a.shape.slice(0, -2))) {
    throw new ShapeError(`${op}: a ${fmtShape(a.shape)} and c ${fmtShape(c.shape)} do not fit: c must be [..., ${m}, ${m}] with a's batch axes.`);
  }
  const out = O.add(O.mul(matmul(a, mT(a)), constant(a, opts.alpha ?? 1, c.shape)), O.mul(c, constant(c, opts.beta ?? 0)));
  return opts.symmetrizeOutput ? O.add(tril(out), mT(tril(out, -1))) : out;
}

/**
 * The upper Cholesky factor of `rᵀ r + w wᵀ` given the upper factor `r [..., n, n]` of a matrix
 * and `w [..., n]`, in O(n²) by Givens rotations, as `jax.lax.linalg.cholesky_update`.
 *
 * @example
 * const r2 = lax.linalg.choleskyUpdate(r, w); // r2ᵀ r2 = rᵀ r + w wᵀ
 */
export function choleskyUpdate(r: Array, w: Array): Array {
  const op = "lax.linalg.choleskyUpdate";
  checkMatrix(op, r, true);
  const n = r.shape[r.ndim - 1]!;
  if (fmtShape(w.shape) !== fmtShape(r.shape.slice(0, -1)) || w.dtype !== r.dtype) {
    throw new ShapeError(`${op}: w ${fmtShape(w.shape)} ${w.dtype} must be [..., ${n}] ${r.dtype} to match r ${fmtShape(r.shape)}.`);
  }
  if (r.size === 0) return r;
  const rr = flattenBatch(r);
  const B = rr.shape[0]!;
  const zz = O.reshapeTo(w, [B, 1, n]);
  const [[out]] = scan(
    ([R, z]: readonly [Array, Array], k: Array) => {
      const row = rowsAt(R, k); // [B, 1, n]
      const x = colsAt(row, k); // [B, 1, 1]
      const y = colsAt(z, k);
      // LAPACK's drotg, as JAX: (1, 0) when y is 0
      const ax = O.select(O.ge(x, constant(x, 0)), x, O.neg(x));
      const ay = O.select(O.ge(y, constant(y, 0)), y, O.neg(y));
      const den = O.select(O.gt(ax, ay), ax, ay);
      const zeroY = O.eq(y, constant(y, 0));
      const safe = O.select(zeroY, constant(den, 1), den);
      const xs = O.div(x, safe);
      const ys = O.div(y, safe);
      const rh = O.div(constant(xs, 1), O.sqrt(O.add(O.mul(xs, xs), O.mul(ys, ys))));
      const c = O.broadcastTo(O.select(zeroY, constant(x, 1), O.mul(xs, rh)), row.shape);
      const s = O.broadcastTo(O.select(zeroY, constant(x, 0), O.neg(O.mul(ys, rh))), row.shape);
      const newRow = O.sub(O.mul(c, row), O.mul(s, z));
      const newZ = O.add(O.mul(c, z), O.mul(s, row));
      return [[writeAt(R, newRow, k, 0), newZ] as const, null] as const;
    },
    [rr, zz] as const,
    positions(r, [n], 0),
  );
  return O.reshapeTo(out, r.shape);
}

/**
 * The product `H_0 H_1 ... H_{k-1}` of Householder reflectors `H_i = I - taus[i] v_i v_iᵀ`
 * (`v_i` has a 1 at row i and `a[i+1:, i]` below), the first n columns of it, as
 * `jax.lax.linalg.householder_product` (LAPACK's orgqr): `a [..., m, n]` (m >= n),
 * `taus [..., k]` (k <= n).
 *
 * @example
 * const q = lax.linalg.householderProduct(packed, taus);
 */
export function householderProduct(a: Array, taus: Array): Array {
  const op = "lax.linalg.householderProduct";
  checkMatrix(op, a);
  const [m, n] = a.shape.slice(-2) as [number, number];
  const k = taus.shape[taus.ndim - 1] ?? 0;
  if (m < n || taus.ndim !== a.ndim - 1 || k > n || fmtShape(taus.shape.slice(0, -1)) !== fmtShape(a.shape.slice(0, -2)) || taus.dtype !== a.dtype) {
    throw new ShapeError(`${op}: needs a [..., m, n] with m >= n and taus [..., k] (k <= n, a's batch axes and dtype); got a ${fmtShape(a.shape)}, taus ${fmtShape(taus.shape)} ${taus.dtype}.`);
  }
  const aa = flattenBatch(a);
  const B = aa.shape[0]!;
  const q0 = O.sliceAxis(eye(a, m, [B]), 2, 0, n);
  if (k === 0 || a.size === 0) return O.reshapeTo(q0, a.shape);
  const t = O.transposeTo(O.reshapeTo(taus, [B, k]), [1, 0]); // [k, B]
  const rows = positions(a, [B, m, 1], 1);
  const [q] = scan(
    (q: Array, [i, tau]: readonly [Array, Array]) => {
      const im = O.broadcastDims(i, [B, m, 1], []);
      const col = colsAt(aa, i); // [B, m, 1]
      const v = O.select(O.eq(rows, im), constant(col, 1), O.select(O.gt(rows, im), col, constant(col, 0)));
      const vq = matmul(mT(v), q); // [B, 1, n]
      const tv = O.mul(v, O.broadcastDims(tau, [B, m, 1], [0]));
      return [O.sub(q, O.mul(O.broadcastTo(tv, [B, m, n]), O.broadcastTo(vq, [B, m, n]))), null] as const;
    },
    q0,
    [positions(a, [k], 0), t] as const,
    { reverse: true },
  );
  return O.reshapeTo(q, a.shape);
}
