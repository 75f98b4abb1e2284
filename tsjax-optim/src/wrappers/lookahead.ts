/** `lookahead` (Zhang et al., 2019): slow weights that follow fast weights every few steps. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { zeroCount } from "../numerics.js";
import { options } from "../options.js";

/** Lookahead parameters: the fast weights (trained) and the slow weights. */
export interface LookaheadParams<P = any> {
  fast: P;
  slow: P;
}

/** State of `lookahead`. */
export interface LookaheadState<S = any> {
  fastState: S;
  stepsSinceSync: Array;
}

/**
 * Both copies of the params, in sync (optax `LookaheadParams.init_synced`).
 *
 * @example
 * let params = lookaheadParams(initialParams);
 */
export function lookaheadParams<P>(params: P): LookaheadParams<P> {
  return { fast: params, slow: params };
}

const isLookaheadParams = (p: unknown): p is LookaheadParams => p !== null && typeof p === "object" && "fast" in (p as object) && "slow" in (p as object);

/**
 * Lookahead: runs `fastOptimizer` on the fast weights; every `syncPeriod` steps the slow
 * weights move `slowStepSize` of the way to the fast ones and the fast weights reset to them.
 * Params are `{ fast, slow }` (see `lookaheadParams`); the updates passed in are the gradients
 * of the fast weights (`grad` of a loss evaluated at `params.fast`), and the updates returned
 * are `{ fast, slow }`, for `applyUpdates(params, updates)`.
 *
 * @example
 * const opt = lookahead(adam(1e-3), 5, 0.5);
 * let params = lookaheadParams(p);
 * const [u, s] = opt.update(grad(loss)(params.fast), state, params);
 */
export function lookahead<S>(fastOptimizer: GradientTransformation<S>, syncPeriod: number, slowStepSize: number | Array, opts: { resetState?: boolean } = {}): GradientTransformation<LookaheadState<S>> {
  if (!Number.isInteger(syncPeriod) || syncPeriod < 1) throw new RangeError(`lookahead: syncPeriod must be a positive integer, got ${syncPeriod}.`);
  const { resetState } = options("lookahead", opts, { resetState: false });
  return gradientTransformation<LookaheadState<S>>(
    (params) => {
      // As optax: params without `fast` are taken to be the fast params.
      const fast = isLookaheadParams(params) ? params.fast : params;
      return { fastState: fastOptimizer.init(fast), stepsSinceSync: zeroCount(fast) };
    },
    (updates, state, params?: LookaheadParams) => {
      if (!isLookaheadParams(params)) throw new TypeError("lookahead: update needs params { fast, slow } (see lookaheadParams); updates are the gradients of params.fast.");
      if (isLookaheadParams(updates)) throw new TypeError("lookahead: pass the gradients of params.fast as updates, not { fast, slow }.");
      const [u, fastState] = fastOptimizer.update(updates, state.fastState, params.fast);
      const sync = state.stepsSinceSync.eq(syncPeriod - 1).astype("float32");
      const diff = tree.map((f: Array, du: Array, s: Array) => np.subtract(np.add(f, du), s), params.fast, u, params.slow);
      const slow = tree.map((d: Array) => np.multiply(np.multiply(slowStepSize, sync), d), diff);
      const fast = tree.map((du: Array, d: Array) => np.subtract(du, np.multiply(np.multiply(sync, np.subtract(1, slowStepSize)), d)), u, diff);
      const next = resetState
        ? tree.map((cur: Array, init: Array) => np.add(np.multiply(np.subtract(1, sync), cur), np.multiply(sync, init)).astype(cur.dtype), fastState, fastOptimizer.init(params.fast))
        : fastState;
      return [{ fast, slow } as never, { fastState: next, stepsSinceSync: state.stepsSinceSync.add(1).mod(syncPeriod) }];
    },
  );
}
