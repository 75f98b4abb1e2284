/**
 * The array API's products and cumulative reductions in `np`: vecdot, matvec, vecmat,
 * cumulativeSum and cumulativeProd (with `includeInitial`), as JAX.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray } from "./convert.js";
import { cumprod, cumsum } from "./reductions.js";
import { concatenate, expandDims } from "./shape-ops.js";
import { ones, zeros } from "./creation.js";
import { matmul } from "./linalg.js";
import { vecdot as linalgVecdot } from "./linalg/products.js";

/**
 * Dot products of vectors along `axis` (default -1), other axes broadcast.
 *
 * @example
 * np.vecdot(np.ones([4, 3]), np.array([1, 2, 3])); // [6, 6, 6, 6]
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, ...rest: unknown[]): Array {
  const o = namedArgs<{ axis?: number; precision?: unknown; preferredElementType?: unknown }>("np.vecdot", rest, [], ["axis", "precision", "preferredElementType"], "np.vecdot(x1, x2, { axis })");
  return linalgVecdot(x1, x2, o.axis === undefined ? {} : { axis: o.axis });
}

/**
 * Matrix-vector products: `[..., m, n] x [..., n] -> [..., m]`, batch axes broadcast.
 *
 * @example
 * np.matvec(np.eye(2), np.array([3, 4])); // [3, 4]
 */
export function matvec(x1: ArrayLike, x2: ArrayLike): Array {
  const op = "np.matvec";
  const a = asArray(op, x1);
  const v = asArray(op, x2, a.device);
  if (a.ndim < 2 || v.ndim < 1) throw new ShapeError(`${op}: needs a matrix [..., m, n] and a vector [..., n], got shapes ${fmtShape(a.shape)} and ${fmtShape(v.shape)}.`);
  return matmul(a, expandDims(v, -1)).get("...", 0);
}

/**
 * Vector-matrix products: `[..., n] x [..., n, m] -> [..., m]`, batch axes broadcast.
 *
 * @example
 * np.vecmat(np.array([3, 4]), np.eye(2)); // [3, 4]
 */
export function vecmat(x1: ArrayLike, x2: ArrayLike): Array {
  const op = "np.vecmat";
  const v = asArray(op, x1);
  const a = asArray(op, x2, v.device);
  if (a.ndim < 2 || v.ndim < 1) throw new ShapeError(`${op}: needs a vector [..., n] and a matrix [..., n, m], got shapes ${fmtShape(v.shape)} and ${fmtShape(a.shape)}.`);
  return matmul(expandDims(v, -2), a).get("...", 0, ":");
}

/** Options of `cumulativeSum` and `cumulativeProd`. */
export interface CumulativeApiOptions {
  /** The axis (needed unless `x` is 1-D). */
  axis?: number | null;
  dtype?: DType;
  /** Start with the identity (0 or 1): the result is one longer along `axis`. */
  includeInitial?: boolean;
}

function cumulativeApi(name: string, plain: typeof cumsum, identity: number) {
  return (x: ArrayLike, options?: CumulativeApiOptions): Array => {
    const op = `np.${name}`;
    const o = namedArgs<CumulativeApiOptions>(op, options === undefined ? [] : [options], [], ["axis", "dtype", "includeInitial"], `${op}(x, { axis, dtype, includeInitial })`);
    const a = asArray(op, x);
    if ((o.axis === undefined || o.axis === null) && a.ndim > 1) {
      throw new ShapeError(`${op}: axis is required for arrays with more than one axis, got shape ${fmtShape(a.shape)}.`);
    }
    const ax = a.ndim === 0 ? 0 : normalizeAxis(op, o.axis ?? 0, a.ndim);
    const out = plain(a.ndim === 0 ? a.reshape([1]) : a, ax, o.dtype ? { dtype: o.dtype } : {});
    if (!o.includeInitial) return out;
    const shape = out.shape.map((n, i) => (i === ax ? 1 : n));
    const init = identity === 0 ? zeros(shape, { dtype: out.dtype, device: out.device }) : ones(shape, { dtype: out.dtype, device: out.device });
    return concatenate([init, out], ax);
  };
}

/**
 * Cumulative sum along `axis` (the array API's version of `cumsum`).
 *
 * @example
 * np.cumulativeSum(np.array([1, 2, 3]), { includeInitial: true }); // [0, 1, 3, 6]
 */
export const cumulativeSum = cumulativeApi("cumulativeSum", cumsum, 0);
/**
 * Cumulative product along `axis` (the array API's version of `cumprod`).
 *
 * @example
 * np.cumulativeProd(np.array([1, 2, 3])); // [1, 2, 6]
 */
export const cumulativeProd = cumulativeApi("cumulativeProd", cumprod, 1);

