/** Adam and its variants: `adam`, `adamw`, `nadam`, `nadamw`, `adamax`, `adamaxw`, `amsgrad`, `radam`. */
import { type GradientTransformation, type ScalarOrSchedule, chain } from "../base.js";
import { defineSignature, options } from "../options.js";
import {
  ADAMAX_DEFAULTS, ADAM_DEFAULTS, AMSGRAD_DEFAULTS, RADAM_DEFAULTS, type ScaleByAdamOptions, type ScaleByAdamaxOptions, type ScaleByAmsgradOptions,
  type ScaleByRadamOptions, scaleByAdam, scaleByAdamax, scaleByAmsgrad, scaleByRadam,
} from "../transforms/scale-by-adam.js";
import { scaleByLearningRate } from "../transforms/scale.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/** Options of `adam`. */
export type AdamOptions = ScaleByAdamOptions;

/** Decoupled weight decay options of the `...w` optimizers. */
export interface WeightDecayOptions {
  /** Decoupled weight decay, a number or a schedule (default 1e-4, as optax). */
  weightDecay?: ScalarOrSchedule;
  /** Which params get weight decay: a boolean tree (or prefix), or a function of the params. */
  mask?: MaskOrFn | null;
}

/** Options of `adamw`. */
export interface AdamwOptions extends ScaleByAdamOptions, WeightDecayOptions {}

const ADAMW_DEFAULTS = { ...ADAM_DEFAULTS, weightDecay: 1e-4 as ScalarOrSchedule, mask: null as MaskOrFn | null };

/** Checks the learning rate and the usual hyperparameters. @internal */
export function checkAdam(op: string, lr: unknown, o: { b1?: unknown; b2?: unknown; eps?: unknown; weightDecay?: unknown }): void {
  checkLearningRate(op, lr);
  checkHyper(op, "b1", o.b1, { nonNegative: true, max: 1 });
  checkHyper(op, "b2", o.b2, { nonNegative: true, max: 1 });
  checkHyper(op, "eps", o.eps, { nonNegative: true });
  checkHyper(op, "weightDecay", o.weightDecay);
}

/**
 * Adam (Kingma & Ba): `chain(scaleByAdam(opts), scaleByLearningRate(lr))`.
 *
 * @example
 * const opt = adam(1e-3, { b1: 0.9, b2: 0.999, eps: 1e-8 });
 */
export function adam(learningRate: ScalarOrSchedule, opts: AdamOptions = {}): GradientTransformation<[any, any]> {
  const o = options("adam", opts, ADAM_DEFAULTS);
  checkAdam("adam", learningRate, o);
  return chain(scaleByAdam(o), scaleByLearningRate(learningRate));
}
defineSignature(adam, ["learningRate"], ADAM_DEFAULTS);

/**
 * AdamW: Adam with decoupled weight decay (default 1e-4), optionally masked.
 *
 * @example
 * const opt = adamw(1e-3, { weightDecay: 1e-2, mask: (p) => tree.map((x) => x.ndim > 1, p) });
 */
export function adamw(learningRate: ScalarOrSchedule, opts: AdamwOptions = {}): GradientTransformation<[any, any, any]> {
  const { weightDecay, mask, ...o } = options("adamw", opts, ADAMW_DEFAULTS);
  checkAdam("adamw", learningRate, { ...o, weightDecay });
  return chain(scaleByAdam(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}
defineSignature(adamw, ["learningRate"], ADAMW_DEFAULTS);

/**
 * NAdam: Adam with Nesterov momentum (`adam` with `nesterov: true`).
 *
 * @example
 * const opt = nadam(1e-3);
 */
export function nadam(learningRate: ScalarOrSchedule, opts: AdamOptions = {}): GradientTransformation<[any, any]> {
  return adam(learningRate, options("nadam", opts, { ...ADAM_DEFAULTS, nesterov: true }));
}
defineSignature(nadam, ["learningRate"], { ...ADAM_DEFAULTS, nesterov: true });

/**
 * NAdamW: AdamW with Nesterov momentum.
 *
 * @example
 * const opt = nadamw(1e-3, { weightDecay: 1e-2 });
 */
export function nadamw(learningRate: ScalarOrSchedule, opts: AdamwOptions = {}): GradientTransformation<[any, any, any]> {
  return adamw(learningRate, options("nadamw", opts, { ...ADAMW_DEFAULTS, nesterov: true }));
}
defineSignature(nadamw, ["learningRate"], { ...ADAMW_DEFAULTS, nesterov: true });

/** Options of `adamax`. */
export type AdamaxOptions = ScaleByAdamaxOptions;

/**
 * Adamax: Adam with an infinity-norm second moment.
 *
 * @example
 * const opt = adamax(2e-3);
 */
export function adamax(learningRate: ScalarOrSchedule, opts: AdamaxOptions = {}): GradientTransformation<[any, any]> {
  const o = options("adamax", opts, ADAMAX_DEFAULTS);
  checkAdam("adamax", learningRate, o);
  return chain(scaleByAdamax(o), scaleByLearningRate(learningRate));
}
defineSignature(adamax, ["learningRate"], ADAMAX_DEFAULTS);

const ADAMAXW_DEFAULTS = { ...ADAMAX_DEFAULTS, weightDecay: 1e-4 as ScalarOrSchedule, mask: null as MaskOrFn | null };

/**
 * Adamax with decoupled weight decay (default 1e-4).
 *
 * @example
 * const opt = adamaxw(2e-3, { weightDecay: 1e-2 });
 */
export function adamaxw(learningRate: ScalarOrSchedule, opts: AdamaxOptions & WeightDecayOptions = {}): GradientTransformation<[any, any, any]> {
  const { weightDecay, mask, ...o } = options("adamaxw", opts, ADAMAXW_DEFAULTS);
  checkAdam("adamaxw", learningRate, { ...o, weightDecay });
  return chain(scaleByAdamax(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}
defineSignature(adamaxw, ["learningRate"], ADAMAXW_DEFAULTS);

/**
 * AMSGrad: Adam with the running maximum of the second moment.
 *
 * @example
 * const opt = amsgrad(1e-3);
 */
export function amsgrad(learningRate: ScalarOrSchedule, opts: ScaleByAmsgradOptions = {}): GradientTransformation<[any, any]> {
  const o = options("amsgrad", opts, AMSGRAD_DEFAULTS);
  checkAdam("amsgrad", learningRate, o);
  return chain(scaleByAmsgrad(o), scaleByLearningRate(learningRate));
}
defineSignature(amsgrad, ["learningRate"], AMSGRAD_DEFAULTS);

/**
 * RAdam: rectified Adam (threshold 5 on the SMA length).
 *
 * @example
 * const opt = radam(1e-3);
 */
export function radam(learningRate: ScalarOrSchedule, opts: ScaleByRadamOptions = {}): GradientTransformation<[any, any]> {
  const o = options("radam", opts, RADAM_DEFAULTS);
  checkAdam("radam", learningRate, o);
  return chain(scaleByRadam(o), scaleByLearningRate(learningRate));
}
defineSignature(radam, ["learningRate"], RADAM_DEFAULTS);
