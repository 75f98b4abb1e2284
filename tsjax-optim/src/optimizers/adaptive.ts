/** Adaptive optimizers: adabelief, adagrad, adadelta, rmsprop, yogi, novograd, sm3, adafactor. */
import type { DType } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain, identity } from "../base.js";
import { scaleByLearningRate, scaleByParamBlockRms } from "../transforms/scale.js";
import { scaleByAdadelta, scaleByBelief, scaleByRms, scaleByRss, scaleByStddev, scaleByYogi } from "../transforms/scale-by-rms.js";
import { scaleByNovograd, scaleBySm3 } from "../transforms/scale-by-other.js";
import { scaleByFactoredRms } from "../transforms/factored.js";
import { clipByBlockRms } from "../transforms/clipping.js";
import { ema, trace } from "../transforms/trace.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkLearningRate } from "../validate.js";

/**
 * AdaBelief (Zhuang et al., 2020).
 *
 * @example
 * const opt = adabelief(1e-3);
 */
export function adabelief(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("adabelief", learningRate);
  return chain(scaleByBelief(opts), scaleByLearningRate(learningRate));
}

/**
 * Adagrad: divides by the root of the summed squared gradients.
 *
 * @example
 * const opt = adagrad(0.1, { initialAccumulatorValue: 0.1, eps: 1e-7 });
 */
export function adagrad(learningRate: ScalarOrSchedule, opts: { initialAccumulatorValue?: number; eps?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("adagrad", learningRate);
  return chain(scaleByRss(opts), scaleByLearningRate(learningRate));
}

/**
 * Adadelta (Zeiler, 2012), with optional weight decay.
 *
 * @example
 * const opt = adadelta(1.0, { rho: 0.9 });
 */
export function adadelta(learningRate: ScalarOrSchedule, opts: { rho?: Hyper; eps?: Hyper; weightDecay?: Hyper; weightDecayMask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("adadelta", learningRate);
  const { weightDecay = 0, weightDecayMask, ...o } = opts;
  return chain(addDecayedWeights(weightDecay, weightDecayMask), scaleByAdadelta(o), scaleByLearningRate(learningRate));
}

/** Options of `rmsprop`. */
export interface RmspropOptions {
  decay?: Hyper;
  eps?: Hyper;
  initialScale?: number;
  epsInSqrt?: boolean;
  /** Divide by the standard deviation instead of the RMS. */
  centered?: boolean;
  momentum?: Hyper | null;
  nesterov?: boolean;
  biasCorrection?: boolean;
}

/**
 * RMSProp (Hinton), optionally centered and with momentum (applied after the learning rate, as optax).
 *
 * @example
 * const opt = rmsprop(1e-3, { decay: 0.9, centered: true, momentum: 0.9 });
 */
export function rmsprop(learningRate: ScalarOrSchedule, opts: RmspropOptions = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("rmsprop", learningRate);
  const { centered = false, momentum, nesterov = false, ...o } = opts;
  return chain(
    centered ? scaleByStddev(o) : scaleByRms(o),
    scaleByLearningRate(learningRate),
    momentum === undefined || momentum === null ? identity() : trace({ decay: momentum, nesterov }),
  );
}

/**
 * Yogi (Zaheer et al., 2018).
 *
 * @example
 * const opt = yogi(1e-2);
 */
export function yogi(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("yogi", learningRate);
  return chain(scaleByYogi(opts), scaleByLearningRate(learningRate));
}

/**
 * NovoGrad (Ginsburg et al., 2019).
 *
 * @example
 * const opt = novograd(1e-2, { weightDecay: 1e-3 });
 */
export function novograd(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; weightDecay?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("novograd", learningRate);
  return chain(scaleByNovograd(opts), scaleByLearningRate(learningRate));
}

/**
 * SM3 (Anil et al., 2019).
 *
 * @example
 * const opt = sm3(1.0, { momentum: 0.9 });
 */
export function sm3(learningRate: ScalarOrSchedule, opts: { momentum?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("sm3", learningRate);
  return chain(scaleBySm3({ b1: opts.momentum ?? 0.9 }), scaleByLearningRate(learningRate));
}

/** Options of `adafactor`. */
export interface AdafactorOptions {
  minDimSizeToFactor?: number;
  decayRate?: number;
  decayOffset?: number;
  multiplyByParameterScale?: boolean;
  clippingThreshold?: number | null;
  momentum?: Hyper | null;
  dtypeMomentum?: DType;
  weightDecayRate?: Hyper | null;
  eps?: number;
  factored?: boolean;
  weightDecayMask?: MaskOrFn | null;
}

/**
 * Adafactor (Shazeer & Stern, 2018), with optax's defaults.
 *
 * @example
 * const opt = adafactor(1e-2);
 */
export function adafactor(learningRate: ScalarOrSchedule | null = null, opts: AdafactorOptions = {}): GradientTransformation<any[]> {
  const { minDimSizeToFactor = 128, decayRate = 0.8, decayOffset = 0, multiplyByParameterScale = true, clippingThreshold = 1, momentum = null, dtypeMomentum = "float32", weightDecayRate = null, eps = 1e-30, factored = true, weightDecayMask } = opts;
  if (learningRate !== null) checkLearningRate("adafactor", learningRate);
  const tx: GradientTransformation[] = [scaleByFactoredRms({ factored, decayRate, stepOffset: decayOffset, minDimSizeToFactor, epsilon: eps })];
  if (clippingThreshold !== null) tx.push(clipByBlockRms(clippingThreshold));
  if (learningRate !== null) tx.push(scaleByLearningRate(learningRate, { flipSign: false }));
  if (multiplyByParameterScale) tx.push(scaleByParamBlockRms());
  if (momentum !== null) tx.push(ema(momentum, { debias: false, accumulatorDtype: dtypeMomentum }));
  if (weightDecayRate !== null) tx.push(addDecayedWeights(weightDecayRate, weightDecayMask));
  tx.push(scaleByLearningRate(1));
  return chain(...tx) as GradientTransformation<any[]>;
}
