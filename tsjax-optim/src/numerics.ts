/** Small numeric helpers (optax `optax._src.numerics`). @internal */
import { Array, np, tree } from "tsjax-core";

const INT32_MAX = 2147483647;

/** An int32 scalar zero, the initial step count, on the device of the first array leaf of `like`. @internal */
export function zeroCount(like?: unknown): Array {
  const first = like === undefined ? undefined : tree.leaves(like).find((x) => x instanceof Array) as Array | undefined;
  return np.zeros([], { dtype: "int32", ...(first ? { device: first.device } : {}) });
}

/** `count + 1`, saturating at the largest int32 (optax `safe_increment`). @internal */
export function safeIncrement(count: Array): Array {
  return np.where(count.lt(INT32_MAX), count.add(1), count);
}

/** The L2 norm of `x` clamped below at `minNorm`, with a gradient that is safe at 0. @internal */
export function safeNorm(x: Array, minNorm: number | Array, axis?: number | number[], keepdims = false): Array {
  const sq = np.square(x).sum(axis ?? null, { keepdims });
  const small = sq.le(np.square(np.array(minNorm)));
  const safeSq = np.where(small, 1, sq);
  return np.where(small, minNorm, np.sqrt(safeSq));
}

/** The root mean square of `x` clamped below at `minRms`. @internal */
export function safeRootMeanSquares(x: Array, minRms: number | Array): Array {
  const ms = np.square(x).mean();
  return np.maximum(np.sqrt(ms), minRms);
}
