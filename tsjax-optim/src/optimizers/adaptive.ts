/** Adaptive optimizers: adabelief, adagrad, adadelta, rmsprop, yogi, novograd, sm3, adafactor. */
import { type DType, np } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain, identity } from "../base.js";
import { defineSignature, options } from "../options.js";
import { scale, scaleByLearningRate, scaleByParamBlockRms } from "../transforms/scale.js";
import {
  ADADELTA_DEFAULTS, BELIEF_DEFAULTS, RMS_DEFAULTS, RSS_DEFAULTS, type ScaleByBeliefOptions, type ScaleByRmsOptions, type ScaleByRssOptions,
  scaleByAdadelta, scaleByBelief, scaleByRms, scaleByRss, scaleByStddev, scaleByYogi,
} from "../transforms/scale-by-rms.js";
import { scaleByNovograd, scaleBySm3 } from "../transforms/scale-by-other.js";
import { scaleByFactoredRms } from "../transforms/factored.js";
import { clipByBlockRms } from "../transforms/clipping.js";
import { ema, trace } from "../transforms/trace.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/**
 * AdaBelief (Zhuang et al., 2020).
 *
 * @example
 * const opt = adabelief(1e-3);
 */
export function adabelief(learningRate: ScalarOrSchedule, opts: ScaleByBeliefOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("adabelief", learningRate);
  return chain(scaleByBelief(options("adabelief", opts, BELIEF_DEFAULTS)), scaleByLearningRate(learningRate));
}
defineSignature(adabelief, ["learningRate"], BELIEF_DEFAULTS);

/**
 * Adagrad: divides by the root of the summed squared gradients.
 *
 * @example
 * const opt = adagrad(0.1, { initialAccumulatorValue: 0.1, eps: 1e-7 });
 */
export function adagrad(learningRate: ScalarOrSchedule, opts: ScaleByRssOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("adagrad", learningRate);
  return chain(scaleByRss(options("adagrad", opts, RSS_DEFAULTS)), scaleByLearningRate(learningRate));
}
defineSignature(adagrad, ["learningRate"], RSS_DEFAULTS);

/** Options of `adadelta`. */
export interface AdadeltaOptions {
  rho?: Hyper;
  eps?: Hyper;
  /** Decoupled weight decay, a number or a schedule (default 0). */
  weightDecay?: ScalarOrSchedule;
  weightDecayMask?: MaskOrFn | null;
}

const ADADELTA_OPT_DEFAULTS = { ...ADADELTA_DEFAULTS, weightDecay: 0 as ScalarOrSchedule, weightDecayMask: null as MaskOrFn | null };

/**
 * Adadelta (Zeiler, 2012), with optional weight decay. Without a learning rate (default, as
 * optax) the Adadelta step is used as it is.
 *
 * @example
 * const opt = adadelta(); // or adadelta(0.5, { rho: 0.9 })
 */
export function adadelta(learningRate: ScalarOrSchedule | null = null, opts: AdadeltaOptions = {}): GradientTransformation<[any, any, any]> {
  const { weightDecay, weightDecayMask, ...o } = options("adadelta", opts, ADADELTA_OPT_DEFAULTS);
  if (learningRate !== null) checkHyper("adadelta", "learningRate", learningRate);
  return chain(addDecayedWeights(weightDecay, weightDecayMask), scaleByAdadelta(o), scaleByLearningRate(learningRate));
}
defineSignature(adadelta, ["learningRate"], ADADELTA_OPT_DEFAULTS, { positionalDefaults: { learningRate: null } });

/** Options of `rmsprop`. */
export interface RmspropOptions extends ScaleByRmsOptions {
  /** Divide by the standard deviation instead of the RMS (default false). */
  centered?: boolean;
  /** Momentum applied after the learning rate (default none). */
  momentum?: Hyper | null;
  nesterov?: boolean;
}

const RMSPROP_DEFAULTS = { ...RMS_DEFAULTS, centered: false, momentum: null as Hyper | null, nesterov: false };

/**
 * RMSProp (Hinton), optionally centered and with momentum (applied after the learning rate, as optax).
 *
 * @example
 * const opt = rmsprop(1e-3, { decay: 0.9, centered: true, momentum: 0.9 });
 */
export function rmsprop(learningRate: ScalarOrSchedule, opts: RmspropOptions = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("rmsprop", learningRate);
  const { centered, momentum, nesterov, ...o } = options("rmsprop", opts, RMSPROP_DEFAULTS);
  return chain(centered ? scaleByStddev(o) : scaleByRms(o), scaleByLearningRate(learningRate), momentum === null ? identity() : trace(momentum, { nesterov }));
}
defineSignature(rmsprop, ["learningRate"], RMSPROP_DEFAULTS);

const YOGI_OPT_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-3 as Hyper };

/**
 * Yogi (Zaheer et al., 2018).
 *
 * @example
 * const opt = yogi(1e-2);
 */
export function yogi(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("yogi", learningRate);
  return chain(scaleByYogi(options("yogi", opts, YOGI_OPT_DEFAULTS)), scaleByLearningRate(learningRate));
}
defineSignature(yogi, ["learningRate"], YOGI_OPT_DEFAULTS);

const NOVOGRAD_OPT_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.25 as Hyper, eps: 1e-6 as Hyper, epsRoot: 0 as Hyper, weightDecay: 0 as Hyper };

/**
 * NovoGrad (Ginsburg et al., 2019); eps defaults to 1e-6 here (1e-8 in `scaleByNovograd`), as optax.
 *
 * @example
 * const opt = novograd(1e-2, { weightDecay: 1e-3 });
 */
export function novograd(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; weightDecay?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("novograd", learningRate);
  return chain(scaleByNovograd(options("novograd", opts, NOVOGRAD_OPT_DEFAULTS)), scaleByLearningRate(learningRate));
}
defineSignature(novograd, ["learningRate"], NOVOGRAD_OPT_DEFAULTS);

/**
 * SM3 (Anil et al., 2019): `chain(scaleBySm3({ b1: momentum }), scale(-learningRate))`.
 *
 * @example
 * const opt = sm3(1.0, { momentum: 0.9 });
 */
export function sm3(learningRate: ScalarOrSchedule, opts: { momentum?: Hyper } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("sm3", learningRate);
  const { momentum } = options("sm3", opts, { momentum: 0.9 as Hyper });
  const lr = typeof learningRate === "function" ? scaleByLearningRate(learningRate) : scale(typeof learningRate === "number" ? -learningRate : np.negative(learningRate));
  return chain(scaleBySm3({ b1: momentum }), lr);
}
defineSignature(sm3, ["learningRate"], { momentum: 0.9 });

/** Options of `adafactor`. */
export interface AdafactorOptions {
  minDimSizeToFactor?: number;
  decayRate?: Hyper;
  decayOffset?: Hyper;
  multiplyByParameterScale?: boolean;
  clippingThreshold?: Hyper | null;
  momentum?: Hyper | null;
  dtypeMomentum?: DType;
  weightDecayRate?: ScalarOrSchedule | null;
  eps?: Hyper;
  factored?: boolean;
  weightDecayMask?: MaskOrFn | null;
}

const ADAFACTOR_DEFAULTS = {
  minDimSizeToFactor: 128, decayRate: 0.8 as Hyper, decayOffset: 0 as Hyper, multiplyByParameterScale: true, clippingThreshold: 1 as Hyper | null,
  momentum: null as Hyper | null, dtypeMomentum: "float32" as DType, weightDecayRate: null as ScalarOrSchedule | null, eps: 1e-30 as Hyper, factored: true,
  weightDecayMask: null as MaskOrFn | null,
};

/**
 * Adafactor (Shazeer & Stern, 2018), with optax's defaults.
 *
 * @example
 * const opt = adafactor(1e-2);
 */
export function adafactor(learningRate: ScalarOrSchedule | null = null, opts: AdafactorOptions = {}): GradientTransformation<any[]> {
  const o = options("adafactor", opts, ADAFACTOR_DEFAULTS);
  if (learningRate !== null) checkHyper("adafactor", "learningRate", learningRate);
  const tx: GradientTransformation[] = [scaleByFactoredRms({ factored: o.factored, decayRate: o.decayRate, stepOffset: o.decayOffset, minDimSizeToFactor: o.minDimSizeToFactor, epsilon: o.eps })];
  if (o.clippingThreshold !== null) tx.push(clipByBlockRms(o.clippingThreshold));
  if (learningRate !== null) tx.push(scaleByLearningRate(learningRate, { flipSign: false }));
  if (o.multiplyByParameterScale) tx.push(scaleByParamBlockRms());
  if (o.momentum !== null) tx.push(ema(o.momentum, { debias: false, accumulatorDtype: o.dtypeMomentum }));
  if (o.weightDecayRate !== null) tx.push(addDecayedWeights(o.weightDecayRate, o.weightDecayMask));
  tx.push(scale(-1));
  return chain(...tx) as GradientTransformation<any[]>;
}
defineSignature(adafactor, ["learningRate"], ADAFACTOR_DEFAULTS, { positionalDefaults: { learningRate: null }, static: ["minDimSizeToFactor"] });
