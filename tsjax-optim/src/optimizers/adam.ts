/** Adam and its variants: `adam`, `adamw`, `nadam`, `nadamw`, `adamax`, `adamaxw`, `amsgrad`, `radam`. */
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain } from "../base.js";
import { type ScaleByAdamOptions, scaleByAdam, scaleByAdamax, scaleByAmsgrad, scaleByRadam } from "../transforms/scale-by-adam.js";
import { scaleByLearningRate } from "../transforms/scale.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/** Options of `adam`. */
export type AdamOptions = ScaleByAdamOptions;

/** Options of `adamw`. */
export interface AdamwOptions extends ScaleByAdamOptions {
  /** Decoupled weight decay (default 1e-4, as optax). */
  weightDecay?: Hyper;
  /** Which params get weight decay: a boolean tree (or prefix), or a function of the params. */
  mask?: MaskOrFn | null;
}

function checkAdam(op: string, lr: unknown, o: { b1?: Hyper; b2?: Hyper; eps?: Hyper; weightDecay?: Hyper }): void {
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
  checkAdam("adam", learningRate, opts);
  return chain(scaleByAdam(opts), scaleByLearningRate(learningRate));
}

/**
 * AdamW: Adam with decoupled weight decay (default 1e-4), optionally masked.
 *
 * @example
 * const opt = adamw(1e-3, { weightDecay: 1e-2, mask: (p) => tree.map((x) => x.ndim > 1, p) });
 */
export function adamw(learningRate: ScalarOrSchedule, opts: AdamwOptions = {}): GradientTransformation<[any, any, any]> {
  checkAdam("adamw", learningRate, opts);
  const { weightDecay = 1e-4, mask, ...adamOpts } = opts;
  return chain(scaleByAdam(adamOpts), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}

/**
 * NAdam: Adam with Nesterov momentum.
 *
 * @example
 * const opt = nadam(1e-3);
 */
export function nadam(learningRate: ScalarOrSchedule, opts: Omit<AdamOptions, "nesterov"> = {}): GradientTransformation<[any, any]> {
  return adam(learningRate, { ...opts, nesterov: true });
}

/**
 * NAdamW: AdamW with Nesterov momentum.
 *
 * @example
 * const opt = nadamw(1e-3, { weightDecay: 1e-2 });
 */
export function nadamw(learningRate: ScalarOrSchedule, opts: Omit<AdamwOptions, "nesterov"> = {}): GradientTransformation<[any, any, any]> {
  return adamw(learningRate, { ...opts, nesterov: true });
}

/** Options of `adamax`. */
export interface AdamaxOptions {
  b1?: Hyper;
  b2?: Hyper;
  eps?: Hyper;
}

/**
 * Adamax: Adam with an infinity-norm second moment.
 *
 * @example
 * const opt = adamax(2e-3);
 */
export function adamax(learningRate: ScalarOrSchedule, opts: AdamaxOptions = {}): GradientTransformation<[any, any]> {
  checkAdam("adamax", learningRate, opts);
  return chain(scaleByAdamax(opts), scaleByLearningRate(learningRate));
}

/**
 * Adamax with decoupled weight decay (default 1e-4).
 *
 * @example
 * const opt = adamaxw(2e-3, { weightDecay: 1e-2 });
 */
export function adamaxw(learningRate: ScalarOrSchedule, opts: AdamaxOptions & { weightDecay?: Hyper; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any]> {
  checkAdam("adamaxw", learningRate, opts);
  const { weightDecay = 1e-4, mask, ...o } = opts;
  return chain(scaleByAdamax(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}

/**
 * AMSGrad: Adam with the running maximum of the second moment.
 *
 * @example
 * const opt = amsgrad(1e-3);
 */
export function amsgrad(learningRate: ScalarOrSchedule, opts: Omit<AdamOptions, "nesterov"> = {}): GradientTransformation<[any, any]> {
  checkAdam("amsgrad", learningRate, opts);
  return chain(scaleByAmsgrad(opts), scaleByLearningRate(learningRate));
}

/**
 * RAdam: rectified Adam (threshold 5 on the SMA length).
 *
 * @example
 * const opt = radam(1e-3);
 */
export function radam(learningRate: ScalarOrSchedule, opts: AdamOptions & { threshold?: number } = {}): GradientTransformation<[any, any]> {
  checkAdam("radam", learningRate, opts);
  return chain(scaleByRadam(opts), scaleByLearningRate(learningRate));
}
