/** Optimizers built on signs and trust ratios: lion, signSgd, rprop, lamb, lars, fromage, noisySgd, polyakSgd. */
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain } from "../base.js";
import { scale, scaleByLearningRate, scaleBySign, scaleByTrustRatio } from "../transforms/scale.js";
import { scaleByAdam } from "../transforms/scale-by-adam.js";
import { type RpropOptions, scaleByLion, scaleByPolyak, scaleByRprop } from "../transforms/scale-by-other.js";
import { trace } from "../transforms/trace.js";
import { addNoise } from "../transforms/misc.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import { masked } from "../wrappers/masked.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkHyper, checkLearningRate } from "../validate.js";
import { sgd } from "./sgd.js";

/**
 * Lion (Chen et al., 2023): sign of an interpolated momentum, with decoupled weight decay (default 1e-3).
 *
 * @example
 * const opt = lion(1e-4, { weightDecay: 1e-2 });
 */
export function lion(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; weightDecay?: Hyper; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("lion", learningRate);
  const { weightDecay = 1e-3, mask, ...o } = opts;
  return chain(scaleByLion(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}

/**
 * signSGD: `-lr * sign(g)`.
 *
 * @example
 * const opt = signSgd(1e-2);
 */
export function signSgd(learningRate: ScalarOrSchedule): GradientTransformation<[any, any]> {
  checkLearningRate("signSgd", learningRate);
  return chain(scaleBySign(), scaleByLearningRate(learningRate));
}

/**
 * Rprop (Riedmiller & Braun, 1993): `learningRate` is the initial step size.
 *
 * @example
 * const opt = rprop(0.1);
 */
export function rprop(learningRate: number, opts: RpropOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("rprop", learningRate);
  return chain(scaleByRprop(learningRate, opts), scale(-1));
}

/**
 * LAMB (You et al., 2019): Adam, weight decay, then a layer-wise trust ratio.
 *
 * @example
 * const opt = lamb(1e-3, { weightDecay: 1e-2 });
 */
export function lamb(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; weightDecay?: Hyper; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any, any]> {
  checkLearningRate("lamb", learningRate);
  const { b1 = 0.9, b2 = 0.999, eps = 1e-6, epsRoot = 0, weightDecay = 0, mask } = opts;
  return chain(scaleByAdam({ b1, b2, eps, epsRoot }), addDecayedWeights(weightDecay, mask), scaleByTrustRatio(), scaleByLearningRate(learningRate));
}

/** Options of `lars`. */
export interface LarsOptions {
  weightDecay?: Hyper;
  weightDecayMask?: MaskOrFn | null;
  trustCoefficient?: Hyper;
  eps?: Hyper;
  trustRatioMask?: MaskOrFn | null;
  momentum?: Hyper;
  nesterov?: boolean;
}

/**
 * LARS (You et al., 2017): weight decay, a masked trust ratio, the learning rate, then momentum.
 *
 * @example
 * const opt = lars(1.0, { momentum: 0.9 });
 */
export function lars(learningRate: ScalarOrSchedule, opts: LarsOptions = {}): GradientTransformation<[any, any, any, any]> {
  checkLearningRate("lars", learningRate);
  const { weightDecay = 0, weightDecayMask = true, trustCoefficient = 0.001, eps = 0, trustRatioMask = true, momentum = 0.9, nesterov = false } = opts;
  const tr = scaleByTrustRatio({ trustCoefficient, eps });
  return chain(
    addDecayedWeights(weightDecay, weightDecayMask),
    trustRatioMask === true || trustRatioMask === null ? tr : masked(tr, trustRatioMask),
    scaleByLearningRate(learningRate),
    trace({ decay: momentum, nesterov }),
  );
}

/**
 * Fromage (Bernstein et al., 2020): a trust-ratio step with a multiplicative shrink.
 *
 * @example
 * const opt = fromage(1e-2);
 */
export function fromage(learningRate: number, opts: { minNorm?: number } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("fromage", learningRate);
  const mult = 1 / Math.sqrt(1 + learningRate ** 2);
  return chain(scaleByTrustRatio({ minNorm: opts.minNorm ?? 1e-6 }), scaleByLearningRate(learningRate * mult), addDecayedWeights(mult - 1));
}

/**
 * SGD with annealed Gaussian gradient noise (Neelakantan et al., 2014).
 *
 * @example
 * const opt = noisySgd(1e-2, { eta: 0.01, gamma: 0.55, seed: 0 });
 */
export function noisySgd(learningRate: ScalarOrSchedule, opts: { eta?: Hyper; gamma?: Hyper; seed?: number } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("noisySgd", learningRate);
  checkHyper("noisySgd", "eta", opts.eta, { nonNegative: true });
  return chain(addNoise(opts.eta ?? 0.01, opts.gamma ?? 0.55, opts.seed ?? 0), scaleByLearningRate(learningRate));
}

/**
 * SGD with the Polyak step size; needs the loss: `update(grads, state, params, { value })`.
 *
 * @example
 * const [u, s] = polyakSgd({ maxLearningRate: 1 }).update(grads, state, params, { value: loss });
 */
export function polyakSgd(opts: { maxLearningRate?: Hyper; scaling?: ScalarOrSchedule; fMin?: number; eps?: Hyper } = {}): GradientTransformation<[any, any]> {
  const { maxLearningRate = 1, scaling = 1, fMin = 0, eps = 0 } = opts;
  return chain(sgd(scaling), scaleByPolyak({ maxLearningRate, fMin, eps }));
}
