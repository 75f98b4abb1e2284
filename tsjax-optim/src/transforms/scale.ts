/** Scaling transformations: by a constant, a schedule, a learning rate, a sign, a trust ratio. */
import { type Array, type ArrayLike, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, type ScalarOrSchedule, type Schedule, gradientTransformation, statelessMap } from "../base.js";
import { castTo } from "../tree-math.js";
import { safeIncrement, safeNorm, safeRootMeanSquares, zeroCount } from "../numerics.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/** State of `scaleBySchedule`: the step count. */
export interface ScaleByScheduleState {
  count: Array;
}

/**
 * Multiplies updates by `step`.
 *
 * @example
 * const sgdLike = chain(scale(-0.1));
 */
export function scale(step: Hyper): GradientTransformation<EmptyState> {
  checkHyper("scale", "step", step);
  return statelessMap((u) => castTo(np.multiply(u, step), u.dtype));
}

/**
 * Multiplies updates by `schedule(count)`; the count lives in the state.
 *
 * @example
 * const opt = scaleBySchedule((c) => np.multiply(-0.1, np.power(0.99, c)));
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScaleByScheduleState> {
  if (typeof schedule !== "function") throw new TypeError("scaleBySchedule: expected a schedule function.");
  return gradientTransformation<ScaleByScheduleState>(
    (params) => ({ count: zeroCount(params) }),
    (updates, state) => {
      const s = schedule(state.count);
      return [tree.map((u: Array) => castTo(np.multiply(u, s), u.dtype), updates), { count: safeIncrement(state.count) }];
    },
  );
}

/** Options of `scaleByLearningRate`. */
export interface ScaleByLearningRateOptions {
  /** Multiply by `-learningRate` (default true: gradient descent). */
  flipSign?: boolean;
}

/**
 * Scales by `-learningRate` (a number, array or schedule).
 *
 * @example
 * const opt = chain(scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function scaleByLearningRate(learningRate: ScalarOrSchedule, opts: ScaleByLearningRateOptions = {}): GradientTransformation<EmptyState | ScaleByScheduleState> {
  checkLearningRate("scaleByLearningRate", learningRate);
  const m = (opts.flipSign ?? true) ? -1 : 1;
  if (typeof learningRate === "function") return scaleBySchedule((c) => np.multiply(m, learningRate(c)));
  return scale(typeof learningRate === "number" ? m * learningRate : np.multiply(m, learningRate));
}

/**
 * Replaces each update by its sign.
 *
 * @example
 * const signSgdLike = chain(scaleBySign(), scaleByLearningRate(0.01));
 */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return statelessMap((u) => np.sign(u));
}

/** Options of `scaleByTrustRatio`. */
export interface ScaleByTrustRatioOptions {
  minNorm?: number;
  trustCoefficient?: Hyper;
  eps?: Hyper;
}

/**
 * Scales each update leaf by `trustCoefficient * ||param|| / (||update|| + eps)` (LARS/LAMB);
 * by 1 where either norm is 0.
 *
 * @example
 * const lambLike = chain(scaleByAdam(), scaleByTrustRatio(), scaleByLearningRate(1e-3));
 */
export function scaleByTrustRatio(opts: ScaleByTrustRatioOptions = {}): GradientTransformation<EmptyState> {
  const { minNorm = 0, trustCoefficient = 1, eps = 0 } = opts;
  return statelessMap((u, p) => {
    const pn = safeNorm(p!, minNorm);
    const un = safeNorm(u, minNorm);
    const ratio = np.divide(np.multiply(trustCoefficient, pn), np.add(un, eps));
    const zero = np.logicalOr(pn.eq(0), un.eq(0));
    return castTo(np.multiply(u, np.where(zero, 1, ratio)), u.dtype);
  }, true, "scaleByTrustRatio");
}

/**
 * Scales each update leaf by the parameter's norm, at least `minScale`.
 *
 * @example
 * const opt = chain(scaleByParamBlockNorm(), scaleByLearningRate(0.1));
 */
export function scaleByParamBlockNorm(minScale: number = 1e-3): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => castTo(np.multiply(u, safeNorm(p!, minScale)), u.dtype), true, "scaleByParamBlockNorm");
}

/**
 * Scales each update leaf by the parameter's root mean square, at least `minScale`.
 *
 * @example
 * const opt = chain(scaleByParamBlockRms(), scaleByLearningRate(0.1));
 */
export function scaleByParamBlockRms(minScale: number = 1e-3): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => castTo(np.multiply(u, safeRootMeanSquares(p!, minScale)), u.dtype), true, "scaleByParamBlockRms");
}

/** @internal */
export function asArrayLike(x: Hyper): ArrayLike {
  return x;
}
