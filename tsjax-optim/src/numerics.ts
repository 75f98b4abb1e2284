/** Numerics (optax `numerics`): safe norms and counters. */
import { Array, type ArrayLike, np, tree } from "tsjax-core";
import { options } from "./options.js";

/** An int32 scalar zero, the initial step count, on the device of the first array leaf of `like`. @internal */
export function zeroCount(like?: unknown): Array {
  const first = like === undefined ? undefined : tree.leaves(like).find((x) => x instanceof Array) as Array | undefined;
  return np.zeros([], { dtype: "int32", ...(first ? { device: first.device } : {}) });
}

/**
 * `count + 1`, saturating at the largest value of the count's dtype (optax `safe_increment`).
 *
 * @example
 * const next = safeIncrement(state.count);
 */
export function safeIncrement(count: Array): Array {
  const max = count.dtype === "int32" ? 2147483647 : count.dtype === "uint32" ? 4294967295 : count.dtype === "float16" ? 65504 : 3.4028234663852886e38;
  if (count.dtype === "bool") throw new TypeError(`safeIncrement: cannot increment a count of dtype bool; use an integer or float count.`);
  return np.where(count.lt(max), count.add(1), count);
}

/**
 * Alias of `safeIncrement` (optax `safe_int32_increment`).
 *
 * @example
 * const next = safeInt32Increment(state.count);
 */
export const safeInt32Increment = safeIncrement;

/** The `ord`-norm of `x` over `axis`, as `jnp.linalg.norm` (vector norms, and matrix norms 1, inf, "fro"). @internal */
export function linalgNorm(x: Array, ord: number | string | null = null, axis: number | readonly number[] | null = null, keepdims = false): Array {
  const axes = axis === null ? null : typeof axis === "number" ? [axis] : [...axis];
  if (ord === null && (axes === null || axes.length === 1)) return np.sqrt(np.square(x).sum(axes, { keepdims }));
  const matrix = axes ? axes.length === 2 : x.ndim === 2;
  if (!matrix) {
    const ax = axes ?? null;
    if (x.ndim !== 1 && axes === null) throw new RangeError(`safeNorm: ord ${String(ord)} over all axes needs a vector or a matrix, got shape [${x.shape.join(",")}].`);
    const a = np.abs(x);
    if (ord === Infinity || ord === "inf") return a.max(ax, { keepdims });
    if (ord === -Infinity || ord === "-inf") return a.min(ax, { keepdims });
    if (ord === 0) return np.notEqual(x, 0).astype(x.dtype).sum(ax, { keepdims });
    if (ord === 1) return a.sum(ax, { keepdims });
    if (ord === 2) return np.sqrt(np.square(x).sum(ax, { keepdims }));
    if (typeof ord === "number") return np.power(np.power(a, ord).sum(ax, { keepdims }), 1 / ord);
    throw new RangeError(`safeNorm: unsupported vector norm ord ${ord}.`);
  }
  const [r, c] = axes ? axes.map((a) => (a < 0 ? a + x.ndim : a)) as [number, number] : [0, 1];
  const a = np.abs(x);
  let out: Array;
  if (ord === null || ord === "fro") out = np.sqrt(np.square(x).sum([r, c], { keepdims: true }));
  else if (ord === 1 || ord === -1) { const s = a.sum(r, { keepdims: true }); out = ord === 1 ? s.max(c, { keepdims: true }) : s.min(c, { keepdims: true }); }
  else if (ord === Infinity || ord === -Infinity || ord === "inf") { const s = a.sum(c, { keepdims: true }); out = ord === -Infinity ? s.min(r, { keepdims: true }) : s.max(r, { keepdims: true }); }
  else throw new RangeError(`safeNorm: matrix norm ord ${String(ord)} is not supported (use 1, Infinity or "fro").`);
  return keepdims ? out : out.squeeze([r, c]);
}

/** Options of `safeNorm`. */
export interface SafeNormOptions {
  /** The norm's order, as `jnp.linalg.norm` (default: 2-norm of the flattened array). */
  ord?: number | string | null;
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}

/**
 * The norm of `x`, `minNorm` where it is at most `minNorm`, with a gradient that is safe at 0
 * (optax `safe_norm`).
 *
 * @example
 * safeNorm(np.zeros([3]), 1e-6); // 1e-6, and finite gradients
 */
export function safeNorm(x: Array, minNorm: ArrayLike, opts: SafeNormOptions = {}): Array {
  const { ord, axis, keepdims } = options("safeNorm", opts, { ord: null as SafeNormOptions["ord"], axis: null as SafeNormOptions["axis"], keepdims: false });
  const norm = linalgNorm(x, ord, axis, true);
  const small = np.lessEqual(norm, minNorm);
  const xs = np.where(small, np.onesLike(x), x);
  const n = keepdims ? norm : axis === null ? norm.reshape([]) : norm.squeeze(typeof axis === "number" ? axis : [...(axis as readonly number[])]);
  const masked = linalgNorm(xs, ord, axis, keepdims);
  return np.where(np.lessEqual(n, minNorm), minNorm, masked);
}

/**
 * The root mean square of `x`, `minRms` where it is at most `minRms`, with a gradient that is
 * safe at 0 (optax `safe_root_mean_squares`).
 *
 * @example
 * safeRootMeanSquares(params.w, 1e-3);
 */
export function safeRootMeanSquares(x: Array, minRms: ArrayLike): Array {
  const rms = np.sqrt(np.square(x).mean());
  const small = np.lessEqual(rms, minRms);
  const xs = np.where(small, np.onesLike(x), x);
  return np.where(small, minRms, np.sqrt(np.square(xs).mean()));
}
