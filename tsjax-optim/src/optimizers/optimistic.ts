/** Optimizers using the previous gradient: `adan`, `optimisticGradientDescent`, `optimisticAdam`, `optimisticAdamV2`. */
import type { DType } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain } from "../base.js";
import { defineSignature, options } from "../options.js";
import { scaleByLearningRate } from "../transforms/scale.js";
import { ADAN_DEFAULTS, OPTIMISTIC_DEFAULTS, type ScaleByAdanOptions, scaleByAdan, scaleByOptimisticGradient } from "../transforms/scale-by-adan.js";
import { scaleByAdam } from "../transforms/scale-by-adam.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkLearningRate } from "../validate.js";

const ADAN_OPT_DEFAULTS = { ...ADAN_DEFAULTS, epsRoot: 1e-8 as Hyper, weightDecay: 0 as ScalarOrSchedule, mask: null as MaskOrFn | null };

/**
 * Adan (Xie et al., 2022): adaptive Nesterov momentum, with decoupled weight decay.
 *
 * @example
 * const opt = adan(1e-3, { weightDecay: 0.02 });
 */
export function adan(learningRate: ScalarOrSchedule, opts: ScaleByAdanOptions & { weightDecay?: ScalarOrSchedule; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("adan", learningRate);
  const { weightDecay, mask, ...o } = options("adan", opts, ADAN_OPT_DEFAULTS);
  return chain(scaleByAdan(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}
defineSignature(adan, ["learningRate"], ADAN_OPT_DEFAULTS);

/**
 * Optimistic gradient descent (for min-max games): `-lr ((alpha + beta) g - beta g_prev)`.
 *
 * @example
 * const opt = optimisticGradientDescent(1e-2);
 */
export function optimisticGradientDescent(learningRate: ScalarOrSchedule, opts: { alpha?: Hyper; beta?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("optimisticGradientDescent", learningRate);
  return chain(scaleByOptimisticGradient(options("optimisticGradientDescent", opts, OPTIMISTIC_DEFAULTS)), scaleByLearningRate(learningRate));
}
defineSignature(optimisticGradientDescent, ["learningRate"], OPTIMISTIC_DEFAULTS);

const OPTIMISTIC_ADAM_DEFAULTS = { optimism: null as Hyper | null, b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, muDtype: null as DType | null, nesterov: true };

/**
 * Optimistic Adam (Daskalakis et al., 2017), optax's deprecated version (use
 * `optimisticAdamV2`): the learning rate weighs the Adam direction and `optimism` (default:
 * the learning rate) its change since the last step. The learning rate cannot be a schedule.
 *
 * @example
 * const opt = optimisticAdam(1e-3);
 */
export function optimisticAdam(learningRate: Hyper, opts: { optimism?: Hyper | null; b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; muDtype?: DType | null; nesterov?: boolean } = {}): GradientTransformation<[any, any, any]> {
  if (typeof learningRate === "function") throw new TypeError("optimisticAdam: the learning rate cannot be a schedule; use optimisticAdamV2.");
  checkLearningRate("optimisticAdam", learningRate);
  const { optimism, ...o } = options("optimisticAdam", opts, OPTIMISTIC_ADAM_DEFAULTS);
  return chain(scaleByAdam(o), scaleByOptimisticGradient({ alpha: learningRate, beta: optimism ?? learningRate }), scaleByLearningRate(1));
}
defineSignature(optimisticAdam, ["learningRate"], OPTIMISTIC_ADAM_DEFAULTS);

const OPTIMISTIC_ADAM_V2_DEFAULTS = { alpha: 1 as Hyper, beta: 1 as Hyper, b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, muDtype: null as DType | null, nesterov: true };

/**
 * Optimistic Adam: the optimistic gradient of the Adam direction, scaled by the learning rate
 * (which may be a schedule).
 *
 * @example
 * const opt = optimisticAdamV2(1e-3, { alpha: 1, beta: 1 });
 */
export function optimisticAdamV2(learningRate: ScalarOrSchedule, opts: { alpha?: Hyper; beta?: Hyper; b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; muDtype?: DType | null; nesterov?: boolean } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("optimisticAdamV2", learningRate);
  const { alpha, beta, ...o } = options("optimisticAdamV2", opts, OPTIMISTIC_ADAM_V2_DEFAULTS);
  return chain(scaleByAdam(o), scaleByOptimisticGradient({ alpha, beta }), scaleByLearningRate(learningRate));
}
defineSignature(optimisticAdamV2, ["learningRate"], OPTIMISTIC_ADAM_V2_DEFAULTS);
