/**
 * `np.linalg` least squares and the pseudo-inverse, both from the SVD (as JAX). `pinv` has
 * JAX's derivative rule (Golub and Pereyra), valid where the rank does not change.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape } from "../../shape.js";
import { customJvp } from "../../transforms/custom.js";
import { astype, divide, where } from "../elementwise.js";
import { zeros } from "../creation.js";
import { matmul as npMatmul } from "../linalg.js";
import { sum } from "../reductions.js";
import { expandDims, reshape, swapaxes } from "../shape-ops.js";
import { floatOperand, floatOperands, requireMatrix } from "./args.js";
import { checkOptions } from "../../util/options.js";
import { svd } from "./decompositions.js";
import { norm } from "./norms.js";

const EPS = 2 ** -23;

/** Zeros of `shape` with `like`'s dtype and device (JAX's empty results). */
const empty = (shape: readonly number[], like: Array): Array => zeros(shape, { dtype: like.dtype, device: like.device });
const mT = (x: Array) => swapaxes(x, -1, -2);

/** Options of `np.linalg.pinv`. */
export interface PinvOptions {
  /** Singular values <= rtol * the largest count as zero (default 10 * max(m, n) * eps). */
  rtol?: ArrayLike | null;
  /** Alias of `rtol`. */
  rcond?: ArrayLike | null;
  /** Symmetric input (the SVD from the eigen-decomposition). */
  hermitian?: boolean;
}

function pinvValue(a: Array, rtol: ArrayLike | null, hermitian: boolean): Array {
  const [m, n] = a.shape.slice(-2) as [number, number];
  const tol = rtol ?? 10 * Math.max(m, n) * EPS;
  const [u, s, vh] = svd(a, { fullMatrices: false, hermitian });
  const tolA = floatOperand("np.linalg.pinv", tol);
  const cutoff = expandDims(tolA, tolA.ndim).mul(s.get("...", { start: 0, stop: 1, step: 1 }));
  const sKept = where(s.gt(cutoff), s, Infinity);
  return npMatmul(mT(vh), divide(mT(u), expandDims(sKept, -1)));
}

/**
 * Moore-Penrose pseudo-inverse `[..., n, m]` of matrices `[..., m, n]`, as `jnp.linalg.pinv`
 * (from the SVD; small singular values are dropped, see `rtol`). Differentiable (JAX's rule).
 *
 * @example
 * np.linalg.pinv(np.array([[1, 2], [3, 4], [5, 6]])); // shape [2, 3]
 */
export function pinv(a: ArrayLike, opts: PinvOptions = {}): Array {
  const op = "np.linalg.pinv";
  checkOptions(op, opts, { accepted: ["rtol", "rcond", "hermitian"] });
  const given = [opts.rtol, opts.rcond].filter((v) => v !== undefined && v !== null);
  if (given.length > 1) throw new TypeError(`${op}: give only one of rtol and rcond.`);
  const x = floatOperand(op, a);
  requireMatrix(op, x);
  const [m, n] = x.shape.slice(-2) as [number, number];
  if (m === 0 || n === 0) return empty([...x.shape.slice(0, -2), n, m], x);
  const rtol = (given[0] ?? null) as ArrayLike | null;
  const hermitian = opts.hermitian ?? false;
  const f = customJvp((y: Array) => pinvValue(y, rtol, hermitian));
  f.defjvp(([y], [dy]) => {
    const p = pinvValue(y, rtol, hermitian);
    const sym = (z: Array) => z.add(mT(z)).div(2);
    const aa = hermitian ? sym(y) : y;
    const da = hermitian ? sym(dy) : dy;
    const mm = npMatmul;
    let dp: Array;
    if (m >= n) {
      const s = mm(mm(p, mT(p)), mT(da));
      const t = mm(mm(mT(da), mT(p)), p);
      dp = mm(mm(p, da), p).neg().add(s).sub(mm(mm(s, aa), p)).add(t).sub(mm(mm(p, aa), t));
    } else {
      const s = mm(p, mm(mT(p), mT(da)));
      const t = mm(mT(da), mm(mT(p), p));
      dp = mm(p, mm(da, p)).neg().add(s).sub(mm(s, mm(aa, p))).add(t).sub(mm(p, mm(aa, t)));
    }
    return [p, dp];
  });
  return f(x);
}

/** Options of `np.linalg.lstsq`. */
export interface LstsqOptions {
  /** Singular values < rcond * the largest count as zero (default eps * max(m, n); negative: eps). */
  rcond?: number | null;
  /** NumPy's residuals (empty when rank < n or m <= n): not offered, as its shape depends on values. */
  numpyResid?: false;
}

/**
 * Least-squares solution of `a x = b`, as `jnp.linalg.lstsq`: `[x, resid, rank, s]` with
 * `x [n]` or `[n, k]`, the squared residual norms `resid [1]` or `[k]` (as JAX), the int32 `rank` and the
 * singular values `s` of `a [m, n]` (2-D; `b [m]` or `[m, k]`).
 *
 * @example
 * const [x] = np.linalg.lstsq(np.array([[1, 1], [1, 2], [1, 3]]), np.array([1, 2, 2])); // [0.667, 0.5]
 */
export function lstsq(a: ArrayLike, b: ArrayLike, opts: LstsqOptions = {}): [Array, Array, Array, Array] {
  const op = "np.linalg.lstsq";
  checkOptions(op, opts, { accepted: ["rcond", "numpyResid"] });
  if (opts.numpyResid) throw new TypeError(`${op}: numpyResid=true is not offered (NumPy's residuals have a value-dependent shape); use the default.`);
  const [x0, y0] = floatOperands(op, a, b) as [Array, Array];
  if (x0.ndim !== 2) throw new ShapeError(`${op}: a must be 2-D, got shape ${fmtShape(x0.shape)}.`);
  if (y0.ndim !== 1 && y0.ndim !== 2) throw new ShapeError(`${op}: b must be 1-D or 2-D, got shape ${fmtShape(y0.shape)}.`);
  if (x0.shape[0] !== y0.shape[0]) throw new ShapeError(`${op}: a ${fmtShape(x0.shape)} and b ${fmtShape(y0.shape)} must have the same number of rows.`);
  const [m, n] = x0.shape as [number, number];
  const vector = y0.ndim === 1;
  const y = vector ? reshape(y0, [m, 1]) : y0;
  let rcond: number;
  if (opts.rcond === undefined || opts.rcond === null) rcond = EPS * Math.max(m, n);
  else rcond = opts.rcond < 0 ? EPS : opts.rcond;
  let x: Array;
  let rank: Array;
  let s: Array;
  if (x0.size === 0) {
    s = empty([0], x0);
    rank = zeros([], { dtype: "int32", device: x0.device });
    x = empty([n, y.shape[1]!], x0);
  } else {
    const [u, sv, vt] = svd(x0, { fullMatrices: false });
    s = sv;
    const mask = s.gt(0).and(s.ge(s.get(0).mul(rcond)));
    rank = sum(astype(mask, "int32"));
    const safe = where(mask, s, 1);
    const sInv = expandDims(where(mask, divide(1, safe), 0), 1);
    x = npMatmul(mT(vt), sInv.mul(npMatmul(mT(u), y)));
  }
  const resid = norm(y.sub(npMatmul(x0, x)), { axis: 0 }).square();
  return [vector ? reshape(x, [n]) : x, resid, rank, s];
}
