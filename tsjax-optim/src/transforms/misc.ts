/** Small update transformations: `centralize`, `zeroNans`, `keepParamsNonnegative`, `addNoise`. */
import { type Array, np, random, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, gradientTransformation, statelessMap } from "../base.js";
import { castTo } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";


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

/**
 * Clamps updates so that `params + updates >= 0`.
 *
 * @example
 * const opt = chain(sgd(0.1), keepParamsNonnegative());
 */
export function keepParamsNonnegative(): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => np.where(np.add(p!, u).lt(0), castTo(np.negative(p!), u.dtype), u), true, "keepParamsNonnegative");
}

/** State of `addNoise`. */
export interface AddNoiseState {
  count: Array;
  rngKey: Array;
}

/**
 * Adds Gaussian noise of variance `eta / (t + 1)^gamma` to the updates.
 *
 * @example
 * const opt = chain(addNoise(0.01, 0.55, 0), scaleByLearningRate(0.1));
 */
export function addNoise(eta: Hyper, gamma: Hyper, seed: number): GradientTransformation<AddNoiseState> {
  return gradientTransformation<AddNoiseState>(
    (params) => ({ count: zeroCount(params), rngKey: random.key(seed) }),
    (updates, state) => {
      const [gs, def] = tree.flatten(updates) as [Array[], ReturnType<typeof tree.structure>];
      const count = safeIncrement(state.count);
      const std = np.sqrt(np.divide(eta, np.power(count.astype("float32"), gamma)));
      const keys = random.split(state.rngKey, gs.length + 1);
      const out = gs.map((g, i) => castTo(np.add(g, np.multiply(std, random.normal(keys.get(i + 1), g.shape))), g.dtype));
      return [tree.unflatten(def, out), { count, rngKey: keys.get(0) }];
    },
  );
}

