/** `lookahead` (Zhang et al., 2019): slow weights that follow fast weights every few steps. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { zeroCount } from "../numerics.js";
import { treeWhere } from "../tree-math.js";

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
 * Both copies of the params, for `lookahead`.
 *
 * @example
 * let params = lookaheadParams(initialParams);
 */
export function lookaheadParams<P>(params: P): LookaheadParams<P> {
  return { fast: params, slow: params };
}

/**
 * Lookahead: runs `fastOptimizer` on the fast weights; every `syncPeriod` steps the slow
 * weights move `slowStepSize` of the way to the fast ones and the fast weights reset to them.
 * Params and updates are `{ fast, slow }` (`grad` of a loss that uses `params.fast`).
 *
 * @example
 * const opt = lookahead(adam(1e-3), 5, 0.5);
 * let params = lookaheadParams(p);
 * const [u, s] = opt.update(grad(loss)(params), state, params);
 */
export function lookahead<S>(fastOptimizer: GradientTransformation<S>, syncPeriod: number, slowStepSize: number, resetState = false): GradientTransformation<LookaheadState<S>> {
  if (!Number.isInteger(syncPeriod) || syncPeriod < 1) throw new RangeError(`lookahead: syncPeriod must be a positive integer, got ${syncPeriod}.`);
  return gradientTransformation<LookaheadState<S>>(
    (params: LookaheadParams) => {
      if (!params || typeof params !== "object" || !("fast" in params) || !("slow" in params)) throw new TypeError("lookahead: params must be { fast, slow } (see lookaheadParams).");
      return { fastState: fastOptimizer.init(params.fast), stepsSinceSync: zeroCount(params.fast) };
    },
    (updates: LookaheadParams, state, params?: LookaheadParams) => {
      if (!params) throw new TypeError("lookahead: this transformation needs params ({ fast, slow }).");
      const [u, fastState] = fastOptimizer.update(updates.fast, state.fastState, params.fast);
      const sync = state.stepsSinceSync.eq(syncPeriod - 1);
      const diff = tree.map((f: Array, du: Array, s: Array) => np.subtract(np.add(f, du), s), params.fast, u, params.slow);
      const slowU = tree.map((d: Array) => np.where(sync, np.multiply(slowStepSize, d), np.zerosLike(d)), diff);
      const fastU = tree.map((s: Array, su: Array, f: Array, du: Array) => np.where(sync, np.subtract(np.add(s, su), f), du), params.slow, slowU, params.fast, u);
      const next = resetState ? treeWhere(sync, fastOptimizer.init(params.fast), fastState) : fastState;
      return [{ fast: fastU, slow: slowU }, { fastState: next, stepsSinceSync: state.stepsSinceSync.add(1).mod(syncPeriod) }];
    },
  );
}
