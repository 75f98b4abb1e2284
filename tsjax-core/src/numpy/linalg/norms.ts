/**
 * `np.linalg` norms and spectral quantities: norm, vectorNorm, matrixNorm, cond, matrixRank.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape, normalizeAxis } from "../../shape.js";
import { abs, astype, isnan, notEqual, power, sqrt, where } from "../elementwise.js";
import { any, max, min, sum } from "../reductions.js";
import { expandDims, moveaxis } from "../shape-ops.js";
import { floatOperand, requireMatrix } from "./args.js";
import { checkOptions } from "../../util/options.js";
import { svd } from "./decompositions.js";
import { inv } from "./solve.js";

/** A norm's order: a number (±Infinity included) or "fro", "f", "nuc" for matrices. */
export type NormOrd = number | "fro" | "f" | "nuc" | null;

/** Options of `np.linalg.norm`. */
export interface NormOptions {
  /** The order (default: 2 for vectors, Frobenius for matrices). */
  ord?: NormOrd;
  /** One axis (a vector norm), two (a matrix norm), or all axes when omitted. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean;
}

function sqrtSumSquares(x: Array, axis: number | readonly number[] | null, keepdims: boolean): Array {
  return sqrt(sum(x.mul(x), axis, { keepdims }));
}

/**
 * Vector norm over `axis` (all axes by default), as `jnp.linalg.vector_norm`: `ord` 2 (default),
 * ±Infinity (max/min magnitude), 0 (count of nonzeros), or any p (`(Σ|x|^p)^(1/p)`).
 *
 * @example
 * np.linalg.vectorNorm(np.array([3, 4])); // 5
 */
export function vectorNorm(x: ArrayLike, opts: NormOptions = {}): Array {
  const op = "np.linalg.vectorNorm";
  checkOptions(op, opts, { accepted: ["ord", "axis", "keepdims"] });
  const a = floatOperand(op, x);
  const axis = opts.axis ?? null;
  const keepdims = opts.keepdims ?? false;
  const ord = opts.ord ?? 2;
  if (typeof ord === "string") throw new TypeError(`${op}: invalid order "${ord}" for a vector norm; use a number (Infinity for the max norm).`);
  if (ord === 2) return sqrtSumSquares(a, axis, keepdims);
  if (ord === Infinity) return max(abs(a), axis, { keepdims });
  if (ord === -Infinity) return min(abs(a), axis, { keepdims });
  if (ord === 0) return sum(astype(notEqual(a, 0), a.dtype), axis, { keepdims });
  if (ord === 1) return sum(abs(a), axis, { keepdims });
  return power(sum(power(abs(a), ord), axis, { keepdims }), 1 / ord);
}

/**
 * Matrix or vector norm, as `jnp.linalg.norm`. With one axis, a vector norm (see
 * `vectorNorm`); with two, a matrix norm: "fro" (default), "nuc" (sum of singular values),
 * 1/-1 (max/min column sum), Infinity/-Infinity (max/min row sum), 2/-2 (largest/smallest
 * singular value). With no axis and no order, the 2-norm of all elements.
 *
 * @example
 * np.linalg.norm(np.array([[1, 2], [3, 4]]));          // 5.477 (Frobenius)
 * np.linalg.norm(np.array([[1, 2], [3, 4]]), { ord: 1 }); // 6
 */
export function norm(x: ArrayLike, ordOrOpts?: NormOrd | NormOptions, opts: Omit<NormOptions, "ord"> = {}): Array {
  const op = "np.linalg.norm";
  const o: NormOptions = ordOrOpts !== null && typeof ordOrOpts === "object" ? ordOrOpts : { ...opts, ord: ordOrOpts ?? null };
  checkOptions(op, o, { accepted: ["ord", "axis", "keepdims"] });
  const a = floatOperand(op, x);
  const keepdims = o.keepdims ?? false;
  const ord = o.ord ?? null;
  if (o.axis === undefined || o.axis === null) {
    if (ord === null) return sqrtSumSquares(a, null, keepdims);
  }
  const axes = o.axis === undefined || o.axis === null ? a.shape.map((_, i) => i) : typeof o.axis === "number" ? [o.axis] : [...o.axis];
  const ax = axes.map((v) => normalizeAxis(op, v, a.ndim));
  if (ax.length === 1) return vectorNorm(a, { ord: ord ?? 2, axis: ax[0]!, keepdims });
  if (ax.length !== 2) {
    throw new ShapeError(`${op}: give one axis (a vector norm) or two (a matrix norm); got axes ${fmtShape(ax)} of shape ${fmtShape(a.shape)}.`);
  }
  let [rowAxis, colAxis] = ax as [number, number];
  if (ord === null || ord === "fro" || ord === "f") return sqrtSumSquares(a, ax, keepdims);
  if (ord === 1 || ord === -1) {
    if (!keepdims && colAxis > rowAxis) colAxis -= 1;
    const sums = sum(abs(a), rowAxis, { keepdims });
    return ord === 1 ? max(sums, colAxis, { keepdims }) : min(sums, colAxis, { keepdims });
  }
  if (ord === Infinity || ord === -Infinity) {
    if (!keepdims && rowAxis > colAxis) rowAxis -= 1;
    const sums = sum(abs(a), colAxis, { keepdims });
    return ord === Infinity ? max(sums, rowAxis, { keepdims }) : min(sums, rowAxis, { keepdims });
  }
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const s = svd(moveaxis(a, ax, [-2, -1]), { computeUv: false });
    const y = ord === 2 ? max(s, -1) : ord === -2 ? min(s, -1) : sum(s, -1);
    return keepdims ? expandDims(y, [...ax].sort((p, q) => p - q)) : y;
  }
  throw new TypeError(`${op}: invalid order ${JSON.stringify(ord)} for a matrix norm; accepted: "fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity.`);
}

/** Options of `np.linalg.matrixNorm`. */
export interface MatrixNormOptions {
  /** "fro" (default), "nuc", 1, -1, 2, -2, Infinity, -Infinity. */
  ord?: NormOrd;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean;
}

/**
 * Norm of the matrices in the last two axes, as `jnp.linalg.matrix_norm` (Frobenius by default).
 *
 * @example
 * np.linalg.matrixNorm(np.ones([5, 2, 2]), { ord: 1 }); // [2, 2, 2, 2, 2]
 */
export function matrixNorm(x: ArrayLike, opts: MatrixNormOptions = {}): Array {
  checkOptions("np.linalg.matrixNorm", opts, { accepted: ["ord", "keepdims"] });
  return norm(x, { ord: opts.ord ?? "fro", keepdims: opts.keepdims ?? false, axis: [-2, -1] });
}

/**
 * Condition number `norm(x, p) * norm(inv(x), p)`, as `jnp.linalg.cond`: by default (p 2) the
 * ratio of the largest to the smallest singular value; a singular matrix gives Infinity.
 *
 * @example
 * np.linalg.cond(np.array([[1, 0], [0, 1e-3]])); // 1000
 */
export function cond(x: ArrayLike, p: NormOrd = null): Array {
  const op = "np.linalg.cond";
  const a = floatOperand(op, x);
  requireMatrix(op, a);
  if (a.shape[a.ndim - 1] === 0 || a.shape[a.ndim - 2] === 0) throw new ShapeError(`${op}: the matrices must not be empty; got shape ${fmtShape(a.shape)}.`);
  if (p === null || p === 2 || p === -2) {
    const s = svd(a, { computeUv: false });
    const first = s.get("...", 0);
    const last = s.get("...", -1);
    if (p !== -2) return first.div(last);
    return nanToInf(last.div(first), a);
  }
  requireMatrix(op, a, true);
  const r = norm(a, { ord: p, axis: [-2, -1] }).mul(norm(inv(a), { ord: p, axis: [-2, -1] }));
  return nanToInf(r, a);
}

/** Infinity where `r` is NaN but `x` has no NaN (a singular matrix), as JAX. */
function nanToInf(r: Array, x: Array): Array {
  return where(isnan(r).and(any(isnan(x), [-2, -1]).not()), Infinity, r);
}

/** Options of `np.linalg.matrixRank`. */
export interface MatrixRankOptions {
  /** Relative tolerance: singular values <= rtol * the largest count as zero (default: max(m, n) * eps). */
  rtol?: ArrayLike | null;
  /** Alias of `rtol`. */
  tol?: ArrayLike | null;
  /** Symmetric input (singular values from the eigenvalues). */
  hermitian?: boolean;
}

/**
 * Rank of matrices from their singular values, as `jnp.linalg.matrix_rank` (int32).
 *
 * @example
 * np.linalg.matrixRank(np.array([[1, 2], [2, 4]])); // 1
 */
export function matrixRank(M: ArrayLike, opts: MatrixRankOptions = {}): Array {
  const op = "np.linalg.matrixRank";
  checkOptions(op, opts, { accepted: ["rtol", "tol", "hermitian"] });
  if (opts.rtol !== undefined && opts.rtol !== null && opts.tol !== undefined && opts.tol !== null) {
    throw new TypeError(`${op}: give only one of rtol and tol.`);
  }
  const a = floatOperand(op, M);
  if (a.ndim < 2) return astype(any(notEqual(a, 0)), "int32");
  const s = svd(a, { computeUv: false, hermitian: opts.hermitian ?? false });
  const given = opts.rtol ?? opts.tol ?? null;
  const eps = 2 ** -23;
  const rtol = given === null ? max(s, -1).mul(Math.max(...a.shape.slice(-2)) * eps) : floatOperand(op, given);
  return sum(astype(s.gt(expandDims(rtol, -1)), "int32"), -1);
}
