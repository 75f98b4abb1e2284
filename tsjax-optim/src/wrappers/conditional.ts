/** Conditional wrappers: `applyIfFinite`, `conditionallyMask`, `conditionallyTransform`. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type UpdateExtra, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { treeWhere } from "../tree-math.js";

/** State of `applyIfFinite`. */
export interface ApplyIfFiniteState<S = any> {
  notfiniteCount: Array;
  lastFinite: Array;
  totalNotfinite: Array;
  innerState: S;
}

/**
 * Skips updates (returns zeros, keeps the inner state) that contain NaN or Inf, unless that
 * happened more than `maxConsecutiveErrors` times in a row.
 *
 * @example
 * const opt = applyIfFinite(adam(1e-3), 5);
 */
export function applyIfFinite<S>(inner: GradientTransformation<S>, maxConsecutiveErrors: number): GradientTransformation<ApplyIfFiniteState<S>> {
  return gradientTransformation<ApplyIfFiniteState<S>>(
    (params) => ({ notfiniteCount: zeroCount(params), lastFinite: zeroCount(params).eq(0), totalNotfinite: zeroCount(params), innerState: inner.init(params) }),
    (updates, state, params, extra) => {
      const leaves = tree.leaves(updates) as Array[];
      const isFinite = leaves.reduce<Array>((acc, x) => np.logicalAnd(acc, np.isfinite(x).all()), np.array(true));
      const notfiniteCount = np.where(isFinite, 0, safeIncrement(state.notfiniteCount)).astype("int32");
      const apply = np.logicalOr(isFinite, notfiniteCount.gt(maxConsecutiveErrors));
      const [u, s] = inner.update(updates, state.innerState, params, extra);
      return [
        tree.map((x: Array) => np.where(apply, x, np.zerosLike(x)), u),
        {
          notfiniteCount,
          lastFinite: isFinite,
          totalNotfinite: np.where(isFinite, state.totalNotfinite, safeIncrement(state.totalNotfinite)),
          innerState: treeWhere(apply, s, state.innerState),
        },
      ];
    },
  );
}

/** State of `conditionallyMask` / `conditionallyTransform`. */
export interface ConditionallyMaskState<S = any> {
  step: Array;
  innerState: S;
}

/** State of `conditionallyTransform`. */
export type ConditionallyTransformState<S = any> = ConditionallyMaskState<S>;

/** Whether to transform at `step` (optax `ConditionFn`); gets the extra arguments when they are forwarded. */
export type ConditionFn = (step: Array, extra?: UpdateExtra) => Array | boolean;

function conditional<S>(op: string, inner: GradientTransformation<S>, shouldTransform: ConditionFn, forwardExtra: boolean, zeroOut: boolean): GradientTransformation<ConditionallyMaskState<S>> {
  return gradientTransformation<ConditionallyMaskState<S>>(
    (params) => ({ step: zeroCount(params), innerState: inner.init(params) }),
    (updates, state, params, extra) => {
      const cond = shouldTransform(state.step, forwardExtra ? extra : undefined);
      if (typeof cond !== "boolean" && !(cond && typeof cond === "object" && "dtype" in cond)) throw new TypeError(`${op}: shouldTransformFn must return a boolean or a boolean array.`);
      const [u, s] = inner.update(updates, state.innerState, params, extra);
      return [
        tree.map((x: Array, orig: Array) => np.where(cond, x, zeroOut ? np.zerosLike(x) : orig), u, updates),
        { step: safeIncrement(state.step), innerState: treeWhere(cond, s, state.innerState) },
      ];
    },
  );
}

/**
 * Applies `inner` only when `shouldTransformFn(step)` is true; otherwise the updates become zeros.
 *
 * @example
 * const opt = conditionallyMask(adam(1e-3), (step) => step.ge(100)); // start training at step 100
 */
export function conditionallyMask<S>(inner: GradientTransformation<S>, shouldTransformFn: ConditionFn, forwardExtraArgs = false): GradientTransformation<ConditionallyMaskState<S>> {
  return conditional("conditionallyMask", inner, shouldTransformFn, forwardExtraArgs, true);
}

/**
 * Applies `inner` only when `shouldTransformFn(step)` is true; otherwise updates pass through.
 *
 * @example
 * const opt = chain(conditionallyTransform(clipByGlobalNorm(1), (s) => s.lt(1000)), sgd(0.1));
 */
export function conditionallyTransform<S>(inner: GradientTransformation<S>, shouldTransformFn: ConditionFn, forwardExtraArgs = false): GradientTransformation<ConditionallyMaskState<S>> {
  return conditional("conditionallyTransform", inner, shouldTransformFn, forwardExtraArgs, false);
}
