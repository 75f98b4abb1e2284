/**
 * Tree math (optax `optax.tree` / `optax.tree_utils`): arithmetic over pytrees of arrays, leaf
 * by leaf. `null` leaves (empty nodes, e.g. masked-out leaves) are kept as they are.
 */
import { type Array, type ArrayLike, type DType, np, promoteTypes, tree } from "tsjax-core";
import { options } from "./options.js";

const arrs = (t: unknown): Array[] => tree.leaves(t) as Array[];

/**
 * `a + b (+ ...others)`, leaf by leaf.
 * @example treeAdd({ w: x }, { w: y }); // { w: x + y }
 */
export function treeAdd<T>(a: T, b: T, ...others: T[]): T {
  return tree.map((...xs: Array[]) => xs.reduce((s, x) => np.add(s, x)), a, b, ...others);
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
 * `s * t` for a scalar `s`.
 * @example treeScale(0.5, grads);
 */
export function treeScale<T>(s: ArrayLike, t: T): T {
  return tree.map((x: Array) => np.multiply(s, x), t);
}

/**
 * `a + s * b` (optax `tree_add_scale`, a.k.a. axpy).
 * @example treeAddScale(params, -0.1, grads);
 */
export function treeAddScale<T>(a: T, s: ArrayLike, b: T): T {
  return tree.map((x: Array, y: Array) => np.add(x, np.multiply(s, y)), a, b);
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
 * The largest element over all leaves (-Infinity for an empty tree).
 * @example treeMax({ a: np.array([1, 5]), b: np.array(3) }); // 5
 */
export function treeMax(t: unknown): Array {
  return arrs(t).filter((x) => x.size > 0).reduce<Array>((a, x) => np.maximum(a, x.max()), np.array(-Infinity));
}

/**
 * The smallest element over all leaves (Infinity for an empty tree).
 * @example treeMin({ a: np.array([1, 5]), b: np.array(3) }); // 1
 */
export function treeMin(t: unknown): Array {
  return arrs(t).filter((x) => x.size > 0).reduce<Array>((a, x) => np.minimum(a, x.min()), np.array(Infinity));
}

/**
 * The number of elements over all leaves.
 * @example treeSize({ a: np.ones([2, 3]), b: np.ones([4]) }); // 10
 */
export function treeSize(t: unknown): number {
  return arrs(t).reduce((n, x) => n + x.size, 0);
}

/**
 * The complex conjugate of each leaf: the tree itself, as tsjax has real dtypes only.
 * @example treeConj(grads);
 */
export function treeConj<T>(t: T): T {
  return t;
}

/**
 * The real part of each leaf: the tree itself, as tsjax has real dtypes only.
 * @example treeReal(grads);
 */
export function treeReal<T>(t: T): T {
  return t;
}

/** Options of `treeNorm`. */
export interface TreeNormOptions {
  /** 2 (default, also `null`), 1, or Infinity (also "inf" / "infinity"). */
  ord?: 1 | 2 | number | "inf" | "infinity" | null;
  /** Return the square of the norm (default false). */
  squared?: boolean;
}

/**
 * The norm of a tree seen as one flat vector (optax `tree_norm`).
 * @example treeNorm(grads); treeNorm(grads, { ord: 1 }); treeNorm(grads, { squared: true });
 */
export function treeNorm(t: unknown, opts: TreeNormOptions = {}): Array {
  const { ord, squared } = options("treeNorm", opts, { ord: null as TreeNormOptions["ord"], squared: false });
  const l = arrs(t);
  if (ord === null || ord === 2) {
    const sq = l.reduce<Array>((acc, x) => np.add(acc, np.square(x).sum()), np.array(0));
    return squared ? sq : np.sqrt(sq);
  }
  let r: Array;
  if (ord === 1) r = l.reduce<Array>((acc, x) => np.add(acc, np.abs(x).sum()), np.array(0));
  else if (ord === Infinity || ord === "inf" || ord === "infinity") r = treeMax(tree.map((x: Array) => np.abs(x), t));
  else throw new RangeError(`treeNorm: ord must be 1, 2, Infinity, "inf" or null, got ${String(ord)}.`);
  return squared ? np.square(r) : r;
}

/**
 * The L2 norm of a tree (optax's deprecated `tree_l2_norm`; use `treeNorm`).
 * @example treeL2Norm(grads, true); // squared
 */
export function treeL2Norm(t: unknown, squared = false): Array {
  return treeNorm(t, { squared });
}

/**
 * Each leaf broadcast to `[...shape, ...leaf.shape]` (optax `tree_batch_shape`).
 * @example treeBatchShape(params, [8]); // a batch of 8 copies
 */
export function treeBatchShape<T>(t: T, shape: readonly number[] = []): T {
  return tree.map((x: Array) => np.broadcastTo(x, [...shape, ...x.shape]), t);
}

/**
 * Zeros shaped like each leaf (optionally of another dtype).
 * @example treeZerosLike(params);
 */
export function treeZerosLike<T>(t: T, dtype?: DType | null): T {
  return tree.map((x: Array) => np.zerosLike(x, dtype ? { dtype } : {}), t);
}

/**
 * Ones shaped like each leaf.
 * @example treeOnesLike(params);
 */
export function treeOnesLike<T>(t: T, dtype?: DType | null): T {
  return tree.map((x: Array) => np.onesLike(x, dtype ? { dtype } : {}), t);
}

/**
 * `value` shaped like each leaf, in the leaf's dtype unless `dtype` is given (optax `tree_full_like`).
 * @example treeFullLike(params, 0.1);
 */
export function treeFullLike<T>(t: T, value: ArrayLike, dtype?: DType | null): T {
  return tree.map((x: Array) => {
    const d = dtype ?? x.dtype;
    return typeof value === "number" || typeof value === "boolean"
      ? np.full(x.shape, value, { dtype: d, device: x.device })
      : np.broadcastTo(np.asarray(value).astype(d), x.shape);
  }, t);
}

/**
 * Each leaf clipped to `[min, max]` (either bound may be omitted) (optax `tree_clip`).
 * @example treeClip(grads, -1, 1);
 */
export function treeClip<T>(t: T, min?: ArrayLike | null, max?: ArrayLike | null): T {
  return tree.map((x: Array) => {
    let y = x;
    if (min !== undefined && min !== null) y = np.maximum(y, min);
    if (max !== undefined && max !== null) y = np.minimum(y, max);
    return y;
  }, t);
}

/** `x ** n` for a small non-negative integer `n` by multiplications, as `lax.integer_pow`; `np.power` otherwise. @internal */
export function intPow(x: Array, n: number): Array {
  if (!Number.isInteger(n) || n < 0 || n > 16) return np.power(x, n);
  if (n === 0) return np.onesLike(x);
  let acc: Array | null = null;
  let base = x;
  for (let k = n; k > 0; k >>= 1) {
    if (k & 1) acc = acc === null ? base : np.multiply(acc, base);
    if (k > 1) base = np.multiply(base, base);
  }
  return acc!;
}

/**
 * Moving average of `order`-th powers: `(1 - decay) * g ** order + decay * t` (optax `tree_update_moment`).
 * @example mu = treeUpdateMoment(grads, mu, 0.9, 1);
 */
export function treeUpdateMoment<T>(updates: T, moments: T, decay: ArrayLike, order: number): T {
  return tree.map((g: Array, t: Array) => np.add(np.multiply(oneMinus(decay), intPow(g, order)), np.multiply(decay, t)), updates, moments);
}

/**
 * Moving average of `g ** order` for real leaves (optax `tree_update_moment_per_elem_norm`).
 * @example nu = treeUpdateMomentPerElemNorm(grads, nu, 0.999, 2);
 */
export function treeUpdateMomentPerElemNorm<T>(updates: T, moments: T, decay: ArrayLike, order: number): T {
  return treeUpdateMoment(updates, moments, decay, order);
}

/**
 * Infinity-norm moment: `max(|g| + eps, decay * t)` (optax `tree_update_infinity_moment`).
 * @example nu = treeUpdateInfinityMoment(grads, nu, 0.999, 1e-8);
 */
export function treeUpdateInfinityMoment<T>(updates: T, moments: T, decay: ArrayLike, eps: ArrayLike): T {
  return tree.map((g: Array, t: Array) => np.maximum(np.add(np.abs(g), eps), np.multiply(decay, t)), updates, moments);
}

/**
 * `base ** n` for an integer count `n` (an int32 array), as XLA computes a float to an integer
 * power: by squaring, over the bits of `n` from the lowest (JAX's `0.9 ** count`), so that the
 * float32 roundings are the same.
 * @example powInt(0.999, count);
 */
export function powInt(base: ArrayLike, n: Array | number): Array {
  if (typeof n === "number") {
    let acc = 1, b = typeof base === "number" ? Math.fround(base) : NaN;
    if (typeof base !== "number") return np.power(base, n);
    for (let k = Math.trunc(n); k > 0; k = Math.floor(k / 2)) {
      if (k % 2) acc = Math.fround(acc * b);
      b = Math.fround(b * b);
    }
    return np.array(acc);
  }
  if (n.dtype !== "int32" && n.dtype !== "uint32") return np.power(base, n);
  let acc: Array = np.onesLike(n, { dtype: "float32" });
  let b = np.asarray(base).astype("float32");
  let k = n;
  for (let i = 0; i < 31; i++) {
    acc = np.where(np.equal(np.bitwiseAnd(k, 1), 1), np.multiply(acc, b), acc);
    b = np.multiply(b, b);
    k = np.rightShift(k, 1);
  }
  return acc;
}

/**
 * Divides by `1 - decay ** count` (optax `tree_bias_correction`).
 * @example muHat = treeBiasCorrection(mu, 0.9, count);
 */
export function treeBiasCorrection<T>(moments: T, decay: ArrayLike, count: Array | number): T {
  const correction = oneMinus(powInt(decay, count));
  return tree.map((t: Array) => np.divide(t, np.asarray(correction).astype(t.dtype)), moments);
}

/**
 * Selects leaf by leaf: `cond ? a : b`, where `cond` is one boolean (array) for all leaves.
 * @example treeWhere(isFinite, newParams, params);
 */
export function treeWhere<T>(cond: ArrayLike, a: T, b: T): T {
  return tree.map((x: Array, y: Array) => np.where(cond, x, y), a, b);
}

/** Options of `treeAllclose`. */
export interface TreeAllcloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/**
 * Whether every leaf of `a` is close to the same leaf of `b`: `|a - b| <= atol + rtol * |b|`
 * (a boolean scalar array; optax `tree_allclose`).
 * @example treeAllclose(params, expected, { rtol: 1e-5 });
 */
export function treeAllclose(a: unknown, b: unknown, opts: TreeAllcloseOptions = {}): Array {
  const { rtol, atol, equalNan } = options("treeAllclose", opts, { rtol: 1e-5, atol: 1e-8, equalNan: false });
  const la = arrs(a), lb = arrs(b);
  if (la.length !== lb.length) throw new TypeError(`treeAllclose: the trees have ${la.length} and ${lb.length} leaves.`);
  return la.reduce<Array>((acc, x, i) => {
    const y = lb[i]!;
    let ok = np.lessEqual(np.abs(np.subtract(x, y)), np.add(atol, np.multiply(rtol, np.abs(y))));
    ok = np.logicalOr(ok, np.equal(x, y));
    if (equalNan) ok = np.logicalOr(ok, np.logicalAnd(np.isnan(x), np.isnan(y)));
    return np.logicalAnd(acc, ok.all());
  }, np.array(true));
}

/**
 * Casts each leaf to `dtype` (nothing when `dtype` is null).
 * @example treeCast(params, "float16");
 */
export function treeCast<T>(t: T, dtype: DType | null | undefined): T {
  if (!dtype) return t;
  return tree.map((x: Array) => castTo(x, dtype), t);
}

/**
 * Casts each leaf to the dtype of the same leaf of `other` (optax `tree_cast_like`).
 * @example state = treeCastLike(newState, state);
 */
export function treeCastLike<T>(t: T, other: unknown): T {
  return tree.map((x: Array, o: Array) => (o && typeof o === "object" && "dtype" in o ? castTo(x, o.dtype) : x), t, other as T);
}

/**
 * The dtype of the leaves (optax `tree_dtype`): with no handler all leaves must share it;
 * "promote" gives their promoted dtype, "highest"/"lowest" the widest/narrowest.
 * @example treeDtype(params); // "float32"
 */
export function treeDtype(t: unknown, mixedDtypeHandler: "promote" | "highest" | "lowest" | null = null): DType {
  const dts = arrs(t).map((x) => x.dtype);
  if (dts.length === 0) return "float32";
  if (mixedDtypeHandler === null) {
    const bad = dts.find((d) => d !== dts[0]);
    if (bad) throw new TypeError(`treeDtype: the leaves have different dtypes (${dts[0]} and ${bad}); pass a mixedDtypeHandler ("promote", "highest" or "lowest").`);
    return dts[0]!;
  }
  const promote = (a: DType, b: DType): DType => promoteTypes({ dtype: a, weakType: false }, { dtype: b, weakType: false }).dtype as DType;
  if (mixedDtypeHandler === "promote") return dts.reduce(promote);
  if (mixedDtypeHandler !== "highest" && mixedDtypeHandler !== "lowest") throw new RangeError(`treeDtype: mixedDtypeHandler must be null, "promote", "highest" or "lowest", got ${String(mixedDtypeHandler)}.`);
  const lower = (a: DType, b: DType): DType => {
    const p = promote(a, b);
    if (p === a) return b;
    if (p === b) return a;
    throw new TypeError(`treeDtype: cannot order ${a} and ${b}: neither promotes to the other.`);
  };
  return dts.reduce((a, b) => (mixedDtypeHandler === "lowest" ? lower(a, b) : lower(a, b) === a ? b : a));
}

/**
 * The global L2 norm of a tree (optax `global_norm`, deprecated there in favour of `treeNorm`).
 * @example const n = globalNorm(grads);
 */
export function globalNorm(t: unknown): Array {
  return treeNorm(t);
}

/** `1 - x`, in JS when `x` is a number. @internal */
export function oneMinus(x: ArrayLike): ArrayLike {
  return typeof x === "number" ? 1 - x : np.subtract(1, x);
}

/** Casts when the dtype differs. @internal */
export function castTo(x: Array, dtype: DType): Array {
  return x.dtype === dtype ? x : x.astype(dtype);
}
