/** Small update transformations: `centralize`, `zeroNans`, `keepParamsNonnegative`, `addNoise`. */
import { Array, np, random, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, gradientTransformation, statelessMap } from "../base.js";
import { treeAddScale } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { treeRandomLike } from "../tree-utils.js";


/**
 * Gradient centralization: subtracts the mean over all but the first axis (leaves of rank > 1).
 *
 * @example
 * const opt = chain(centralize(), sgd(0.1));
 */
export function centralize(): GradientTransformation<EmptyState> {
  return statelessMap((u) => (u.ndim > 1 ? np.subtract(u, u.mean([...globalThis.Array(u.ndim).keys()].slice(1), { keepdims: true })) : u));
}

/** State of `zeroNans`: per leaf, whether the last update had a NaN. */
export interface ZeroNansState<P = any> {
  foundNan: P;
}

/**
 * Replaces NaNs in the updates by 0 and records, per leaf, whether there were any.
 *
 * @example
 * const opt = chain(zeroNans(), adam(1e-3));
 */
export function zeroNans(): GradientTransformation<ZeroNansState> {
  return gradientTransformation<ZeroNansState>(
    (params) => ({ foundNan: tree.map(() => np.array(false), params) }),
    (updates) => [
      tree.map((u: Array) => np.where(np.isnan(u), np.zerosLike(u), u), updates),
      { foundNan: tree.map((u: Array) => np.isnan(u).any(), updates) },
    ],
  );
}

/** State of `keepParamsNonnegative` (optax `NonNegativeParamsState`): empty. */
export type NonNegativeParamsState = EmptyState;

/**
 * Clamps updates so that `params + updates >= 0`.
 *
 * @example
 * const opt = chain(sgd(0.1), keepParamsNonnegative());
 */
export function keepParamsNonnegative(): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => np.where(np.add(p!, u).lt(0), np.negative(p!), u), true, "keepParamsNonnegative");
}

/** State of `addNoise`. */
export interface AddNoiseState {
  count: Array;
  rngKey: Array;
}

/** Options of `addNoise`. */
export interface AddNoiseOptions {
  /** Deprecated in optax: the seed of the key (give `key` instead). */
  seed?: number | null;
}

/** A key from a key or a seed (optax `canonicalize_key`). @internal */
export function canonicalizeKey(op: string, key: Array | number): Array {
  if (typeof key === "number") return random.key(key);
  if (key instanceof Array) return key;
  throw new TypeError(`${op}: key must be a random key (random.key(seed)) or an integer seed, got ${typeof key}.`);
}

/**
 * Adds Gaussian noise of variance `eta / t^gamma` (t = 1, 2, ...) to the updates, drawing
 * with optax's key splitting: each step splits the state's key into the next key and a
 * sample key, which `treeRandomLike` splits once per leaf.
 *
 * @example
 * const opt = chain(addNoise(0.01, 0.55, random.key(0)), scaleByLearningRate(0.1));
 */
export function addNoise(eta: Hyper, gamma: Hyper, key: Array | number | null = null, opts: AddNoiseOptions = {}): GradientTransformation<AddNoiseState> {
  const { seed } = options("addNoise", opts, { seed: null as number | null });
  if (seed !== null && key !== null) throw new TypeError("addNoise: give only one of key and seed.");
  const k = key ?? seed ?? 0;
  return gradientTransformation<AddNoiseState>(
    (params) => ({ count: zeroCount(params), rngKey: canonicalizeKey("addNoise", k) }),
    (updates, state) => {
      const count = safeIncrement(state.count);
      const std = np.sqrt(np.divide(eta, np.power(count.astype("float32"), gamma)));
      const keys = random.split(state.rngKey);
      const noise = treeRandomLike(keys.get(1), updates);
      return [treeAddScale(updates, std, noise), { count, rngKey: keys.get(0) }];
    },
  );
}
defineSignature(addNoise, ["eta", "gamma", "key"], { seed: null }, { positionalDefaults: { key: null } });
