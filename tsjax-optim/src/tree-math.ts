/**
 * Tree math (optax's `optax.tree_utils`): arithmetic over pytrees of arrays, leaf by leaf.
 * `null` leaves (empty nodes) are kept as they are.
 */
import { type Array, type ArrayLike, type DType, np, tree } from "tsjax-core";

const arrs = (t: unknown): Array[] => tree.leaves(t) as Array[];

/**
 * `a + b`, leaf by leaf.
 * @example treeAdd({ w: x }, { w: y }); // { w: x + y }
 */
export function treeAdd<T>(a: T, b: T): T {
  return tree.map((x: Array, y: Array) => np.add(x, y), a, b);
}

/**
 * `a - b`, leaf by leaf.
 * @example treeSub(params, target);
 */
export function treeSub<T>(a: T, b: T): T {
  return tree.map((x: Array, y: Array) => np.subtract(x, y), a, b);
}

/**
 * `a * b`, leaf by leaf.
 * @example treeMul(grads, grads);
 */
export function treeMul<T>(a: T, b: T): T {
  return tree.map((x: Array, y: Array) => np.multiply(x, y), a, b);
}

/**
 * `a / b`, leaf by leaf.
 * @example treeDiv(mu, nu);
 */
export function treeDiv<T>(a: T, b: T): T {
  return tree.map((x: Array, y: Array) => np.divide(x, y), a, b);
}

/**
 * `s * t` for a scalar `s` (each leaf keeps its dtype).
 * @example treeScale(0.5, grads);
 */
export function treeScale<T>(s: ArrayLike, t: T): T {
  return tree.map((x: Array) => castTo(np.multiply(s, x), x.dtype), t);
}

/**
 * `a + s * b` (optax `tree_add_scale`, a.k.a. axpy).
 * @example treeAddScale(params, -0.1, grads);
 */
export function treeAddScale<T>(a: T, s: ArrayLike, b: T): T {
  return tree.map((x: Array, y: Array) => castTo(np.add(x, np.multiply(s, y)), x.dtype), a, b);
}

/**
 * The inner product of two trees, summed over all leaves (a scalar array).
 * @example treeVdot(grads, grads); // squared norm
 */
export function treeVdot(a: unknown, b: unknown): Array {
  const la = arrs(a);
  const lb = arrs(b);
  if (la.length !== lb.length) throw new TypeError(`treeVdot: the trees have ${la.length} and ${lb.length} leaves.`);
  return la.reduce<Array>((acc, x, i) => np.add(acc, np.multiply(x, lb[i]!).sum()), np.array(0));
}

/**
 * The sum of every element of every leaf.
 * @example treeSum({ a: np.ones([2]), b: np.ones([3]) }); // 5
 */
export function treeSum(t: unknown): Array {
  return arrs(t).reduce<Array>((acc, x) => np.add(acc, x.sum()), np.array(0));
}

/**
 * The largest element over all leaves.
 * @example treeMax({ a: np.array([1, 5]), b: np.array(3) }); // 5
 */
export function treeMax(t: unknown): Array {
  const l = arrs(t);
  if (l.length === 0) return np.array(-Infinity);
  return l.map((x) => x.max()).reduce((a, b) => np.maximum(a, b));
}

/**
 * Norm of a tree seen as one flat vector: `ord` 2 (default), 1 or Infinity.
 * @example treeNorm(grads); treeNorm(grads, { ord: 1 }); treeNorm(grads, { squared: true });
 */
export function treeNorm(t: unknown, opts: { ord?: 1 | 2 | typeof Infinity; squared?: boolean } = {}): Array {
  const ord = opts.ord ?? 2;
  const l = arrs(t);
  if (ord === 2) {
    const sq = l.reduce<Array>((acc, x) => np.add(acc, np.square(x).sum()), np.array(0));
    return opts.squared ? sq : np.sqrt(sq);
  }
  if (ord === 1) return l.reduce<Array>((acc, x) => np.add(acc, np.abs(x).sum()), np.array(0));
  if (ord === Infinity) return l.length ? l.map((x) => np.abs(x).max()).reduce((a, b) => np.maximum(a, b)) : np.array(0);
  throw new RangeError(`treeNorm: ord must be 1, 2 or Infinity, got ${ord}.`);
}

/**
 * The L2 norm of a tree (optax `tree_l2_norm`).
 * @example treeL2Norm(grads, true); // squared
 */
export function treeL2Norm(t: unknown, squared = false): Array {
  return treeNorm(t, { squared });
}

/**
 * Zeros shaped like each leaf (optionally of another dtype).
 * @example treeZerosLike(params);
 */
export function treeZerosLike<T>(t: T, dtype?: DType): T {
  return tree.map((x: Array) => np.zerosLike(x, dtype ? { dtype } : {}), t);
}

/**
 * Ones shaped like each leaf.
 * @example treeOnesLike(params);
 */
export function treeOnesLike<T>(t: T, dtype?: DType): T {
  return tree.map((x: Array) => np.onesLike(x, dtype ? { dtype } : {}), t);
}

/**
 * `value` shaped like each leaf (optax `tree_full_like`).
 * @example treeFull(params, 0.1);
 */
export function treeFull<T>(t: T, value: ArrayLike, dtype?: DType): T {
  return tree.map((x: Array) => {
    const d = dtype ?? x.dtype;
    return typeof value === "number" || typeof value === "boolean"
      ? np.full(x.shape, value, { dtype: d, device: x.device })
      : np.broadcastTo(value.astype(d), x.shape);
  }, t);
}

/**
 * Selects leaf by leaf: `cond ? a : b`, where `cond` is one boolean array or a tree of them.
 * @example treeWhere(isFinite, newParams, params);
 */
export function treeWhere<T>(cond: ArrayLike | unknown, a: T, b: T): T {
  if (typeof cond === "boolean" || typeof cond === "number" || (cond !== null && typeof cond === "object" && "shape" in (cond as object) && "dtype" in (cond as object))) {
    return tree.map((x: Array, y: Array) => np.where(cond as ArrayLike, x, y), a, b);
  }
  return tree.map((c: Array, x: Array, y: Array) => np.where(c, x, y), cond, a, b) as unknown as T;
}

/**
 * Casts each leaf to `dtype`.
 * @example treeCast(params, "float16");
 */
export function treeCast<T>(t: T, dtype: DType): T {
  return tree.map((x: Array) => castTo(x, dtype), t);
}

/**
 * The global L2 norm of a tree (optax `global_norm`).
 * @example const n = globalNorm(grads);
 */
export function globalNorm(t: unknown): Array {
  return treeNorm(t);
}

/**
 * Moving average of `order`-th powers: `(1 - decay) * g**order + decay * t` (optax `tree_update_moment`).
 * @example mu = treeUpdateMoment(grads, mu, 0.9, 1);
 */
export function treeUpdateMoment<T>(updates: T, moments: T, decay: ArrayLike, order: number): T {
  return tree.map((g: Array, t: Array) => {
    const gp = order === 1 ? g : order === 2 ? np.square(g) : np.power(g, order);
    return np.add(np.multiply(oneMinus(decay), gp), np.multiply(decay, t));
  }, updates, moments);
}

/**
 * Moving average of `|g|**order` (optax `tree_update_moment_per_elem_norm`).
 * @example nu = treeUpdateMomentPerElemNorm(grads, nu, 0.999, 2);
 */
export function treeUpdateMomentPerElemNorm<T>(updates: T, moments: T, decay: ArrayLike, order: number): T {
  return tree.map((g: Array, t: Array) => {
    const gp = order === 2 ? np.square(g) : np.power(np.abs(g), order);
    return np.add(np.multiply(oneMinus(decay), gp), np.multiply(decay, t));
  }, updates, moments);
}

/**
 * Divides by `1 - decay**count` (optax `tree_bias_correction`).
 * @example muHat = treeBiasCorrection(mu, 0.9, count);
 */
export function treeBiasCorrection<T>(moments: T, decay: ArrayLike, count: Array): T {
  const correction = oneMinus(np.power(decay, count.astype("float32")));
  return tree.map((t: Array) => castTo(np.divide(t, correction), t.dtype), moments);
}

/** `1 - x`, in JS when `x` is a number. @internal */
export function oneMinus(x: ArrayLike): ArrayLike {
  return typeof x === "number" ? 1 - x : np.subtract(1, x);
}

/** Casts when the dtype differs. @internal */
export function castTo(x: Array, dtype: DType): Array {
  return x.dtype === dtype ? x : x.astype(dtype);
}
