/** Shared helpers of the losses. @internal */
import { type Array, type ArrayLike, np } from "tsjax-core";

/** An axis argument: one axis, several, or all (null). */
export type LossAxis = number | readonly number[] | null;

/** `x` as a reduction axis argument. @internal */
export function ax(axis: LossAxis): number | number[] | null {
  return axis === null ? null : typeof axis === "number" ? axis : [...axis];
}

/** `mask` expanded to `x`'s rank along `axis` (as optax when `where.ndim != logits.ndim`), as a boolean array. @internal */
export function maskLike(mask: ArrayLike, x: Array, axis: LossAxis): Array {
  let m = np.asarray(mask);
  if (m.ndim !== x.ndim && axis !== null) m = np.expandDims(m, typeof axis === "number" ? axis : [...axis]);
  return (m.dtype === "bool" ? m : np.notEqual(m, 0));
}

/** `sum(x, axis, where=mask)`: the sum over the entries where `mask` holds. @internal */
export function sumWhere(x: Array, axis: LossAxis, mask?: Array | null, keepdims = false): Array {
  const v = mask ? np.where(mask, x, 0) : x;
  return v.sum(ax(axis), { keepdims });
}

/** Throws unless `a` and `b` have the same shape. @internal */
export function sameShape(op: string, a: Array, b: Array, an: string, bn: string): void {
  if (a.shape.join(",") !== b.shape.join(",")) throw new RangeError(`${op}: ${an} of shape [${a.shape.join(",")}] and ${bn} of shape [${b.shape.join(",")}] differ.`);
}

/** Throws unless `x` is a float array. @internal */
export function checkFloat(op: string, x: Array, name: string): void {
  if (x.dtype !== "float32" && x.dtype !== "float16") throw new TypeError(`${op}: ${name} must be a float array, got ${x.dtype}.`);
}

/** `jax.nn.sparse_plus`: 0 below -1, x above 1, (x + 1)^2 / 4 between. @internal */
export function sparsePlus(x: Array): Array {
  return np.where(np.lessEqual(x, -1), 0, np.where(np.greaterEqual(x, 1), x, np.divide(np.square(np.add(x, 1)), 4)));
}

/**
 * The Euclidean projection of each row (last axis) of `x` onto the probability simplex
 * (optax `_projection_unit_simplex`, batched over leading axes). @internal
 */
export function projectRowsOnSimplex(x: Array): Array {
  const n = x.shape[x.ndim - 1]!;
  const u = np.flip(np.sort(x, -1), -1);
  const cs = np.cumsum(u, -1);
  const ind = np.arange(1, n + 1).astype(x.dtype);
  const cond = np.greater(np.add(np.divide(1, ind), np.subtract(u, np.divide(cs, ind))), 0);
  const idx = cond.astype("int32").sum(-1, { keepdims: true });
  const tau = np.takeAlongAxis(cs, np.subtract(idx, 1), -1);
  const k = idx.astype(x.dtype);
  return np.maximum(np.add(np.divide(1, k), np.subtract(x, np.divide(tau, k))), 0);
}
