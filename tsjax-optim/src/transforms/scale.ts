/** Scaling transformations: by a constant, a schedule, a learning rate, a sign, a trust ratio. */
import { type Array, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, type ScalarOrSchedule, type Schedule, gradientTransformation, identity, statelessMap } from "../base.js";
import { safeIncrement, safeNorm, safeRootMeanSquares, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { checkHyper } from "../validate.js";

/** State of `scale` (optax `ScaleState`): empty. */
export type ScaleState = EmptyState;
/** State of `scaleByTrustRatio` (optax `ScaleByTrustRatioState`): empty. */
export type ScaleByTrustRatioState = EmptyState;

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
  return statelessMap((u) => np.multiply(step, u));
}
defineSignature(scale, ["step"]);

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
      return [tree.map((u: Array) => np.multiply(np.asarray(s).astype(u.dtype), u), updates), { count: safeIncrement(state.count) }];
    },
  );
}
defineSignature(scaleBySchedule, ["schedule"]);

/** Options of `scaleByLearningRate`. */
export interface ScaleByLearningRateOptions {
  /** Multiply by `-learningRate` (default true: gradient descent). */
  flipSign?: boolean;
}

/**
 * Scales by `-learningRate` (a number, array or schedule); the identity when `learningRate` is
 * null (optax `scale_by_learning_rate`).
 *
 * @example
 * const opt = chain(scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function scaleByLearningRate(learningRate: ScalarOrSchedule | null = null, opts: ScaleByLearningRateOptions = {}): GradientTransformation<EmptyState | ScaleByScheduleState> {
  const { flipSign } = options("scaleByLearningRate", opts, { flipSign: true });
  if (learningRate === null || learningRate === undefined) return identity();
  checkHyper("scaleByLearningRate", "learningRate", learningRate);
  const m = flipSign ? -1 : 1;
  if (typeof learningRate === "function") return scaleBySchedule((c) => np.multiply(m, learningRate(c)));
  return scale(typeof learningRate === "number" ? m * learningRate : np.multiply(m, learningRate));
}
defineSignature(scaleByLearningRate, ["learningRate"], { flipSign: true });

/**
 * Replaces each update by its sign.
 *
 * @example
 * const signSgdLike = chain(scaleBySign(), scaleByLearningRate(0.01));
 */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return statelessMap((u) => np.sign(u));
}
defineSignature(scaleBySign, []);

/** Options of `scaleByTrustRatio`. */
export interface ScaleByTrustRatioOptions {
  /** Norms at most this are replaced by it (default 0). */
  minNorm?: Hyper;
  trustCoefficient?: Hyper;
  eps?: Hyper;
}

const TRUST_RATIO_DEFAULTS = { minNorm: 0 as Hyper, trustCoefficient: 1 as Hyper, eps: 0 as Hyper };

/**
 * Scales each update leaf by `trustCoefficient * ||param|| / (||update|| + eps)` (LARS/LAMB);
 * by 1 where either norm is 0.
 *
 * @example
 * const lambLike = chain(scaleByAdam(), scaleByTrustRatio(), scaleByLearningRate(1e-3));
 */
export function scaleByTrustRatio(opts: ScaleByTrustRatioOptions = {}): GradientTransformation<EmptyState> {
  const { minNorm, trustCoefficient, eps } = options("scaleByTrustRatio", opts, TRUST_RATIO_DEFAULTS);
  return statelessMap((u, p) => {
    const pn = safeNorm(p!, minNorm);
    const un = safeNorm(u, minNorm);
    const ratio = np.divide(np.multiply(trustCoefficient, pn), np.add(un, eps));
    const zero = np.logicalOr(pn.eq(0), un.eq(0));
    return np.multiply(u, np.where(zero, np.array(1, { dtype: p!.dtype }), ratio));
  }, true, "scaleByTrustRatio");
}
defineSignature(scaleByTrustRatio, [], TRUST_RATIO_DEFAULTS);

/**
 * Scales each update leaf by the parameter's norm, at least `minScale`.
 *
 * @example
 * const opt = chain(scaleByParamBlockNorm(), scaleByLearningRate(0.1));
 */
export function scaleByParamBlockNorm(minScale: Hyper = 1e-3): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => np.multiply(u, safeNorm(p!, minScale)), true, "scaleByParamBlockNorm");
}
defineSignature(scaleByParamBlockNorm, ["minScale"], {}, { positionalDefaults: { minScale: 1e-3 } });

/**
 * Scales each update leaf by the parameter's root mean square, at least `minScale`.
 *
 * @example
 * const opt = chain(scaleByParamBlockRms(), scaleByLearningRate(0.1));
 */
export function scaleByParamBlockRms(minScale: Hyper = 1e-3): GradientTransformation<EmptyState> {
  return statelessMap((u, p) => np.multiply(u, safeRootMeanSquares(p!, minScale)), true, "scaleByParamBlockRms");
}
defineSignature(scaleByParamBlockRms, ["minScale"], {}, { positionalDefaults: { minScale: 1e-3 } });

