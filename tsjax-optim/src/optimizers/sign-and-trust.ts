/** Optimizers built on signs and trust ratios: lion, signSgd, signum, rprop, lamb, lars, fromage, noisySgd, polyakSgd. */
import { type Array, type DType, np } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain } from "../base.js";
import { defineSignature, options } from "../options.js";
import { scale, scaleByLearningRate, scaleBySign, scaleByTrustRatio } from "../transforms/scale.js";
import { scaleByAdam } from "../transforms/scale-by-adam.js";
import { RPROP_DEFAULTS, type RpropOptions, scaleByLion, scaleByPolyak, scaleByRprop } from "../transforms/scale-by-other.js";
import { ema, trace } from "../transforms/trace.js";
import { addNoise } from "../transforms/misc.js";
import { addDecayedWeights } from "../transforms/weight-decay.js";
import { masked } from "../wrappers/masked.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";
import { checkHyper, checkLearningRate } from "../validate.js";
import { sgd } from "./sgd.js";

const LION_OPT_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.99 as Hyper, muDtype: null as DType | null, weightDecay: 1e-3 as ScalarOrSchedule, mask: null as MaskOrFn | null };

/**
 * Lion (Chen et al., 2023): sign of an interpolated momentum, with decoupled weight decay (default 1e-3).
 *
 * @example
 * const opt = lion(1e-4, { weightDecay: 1e-2 });
 */
export function lion(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; muDtype?: DType | null; weightDecay?: ScalarOrSchedule; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("lion", learningRate);
  const { weightDecay, mask, ...o } = options("lion", opts, LION_OPT_DEFAULTS);
  return chain(scaleByLion(o), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
}
defineSignature(lion, ["learningRate"], LION_OPT_DEFAULTS);

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
defineSignature(signSgd, ["learningRate"]);

const SIGNUM_DEFAULTS = { beta: 0.9 as Hyper, accumulatorDtype: null as DType | null };

/**
 * Signum (Bernstein et al., 2018): the sign of an (undebiased) moving average of the gradients.
 *
 * @example
 * const opt = signum(1e-3, { beta: 0.9 });
 */
export function signum(learningRate: ScalarOrSchedule, opts: { beta?: Hyper; accumulatorDtype?: DType | null } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("signum", learningRate);
  const { beta, accumulatorDtype } = options("signum", opts, SIGNUM_DEFAULTS);
  return chain(ema(beta, { debias: false, accumulatorDtype }), scaleBySign(), scaleByLearningRate(learningRate));
}
defineSignature(signum, ["learningRate"], SIGNUM_DEFAULTS);

/**
 * Rprop (Riedmiller & Braun, 1993), as optax 0.2.8: `learningRate` is the initial step size.
 *
 * @example
 * const opt = rprop(0.1);
 */
export function rprop(learningRate: Hyper, opts: RpropOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("rprop", learningRate);
  return chain(scaleByRprop(learningRate, options("rprop", opts, RPROP_DEFAULTS)), scale(-1));
}
defineSignature(rprop, ["learningRate"], RPROP_DEFAULTS);

const LAMB_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-6 as Hyper, epsRoot: 0 as Hyper, weightDecay: 0 as ScalarOrSchedule, mask: null as MaskOrFn | null };

/**
 * LAMB (You et al., 2019): Adam, weight decay, then a layer-wise trust ratio.
 *
 * @example
 * const opt = lamb(1e-3, { weightDecay: 1e-2 });
 */
export function lamb(learningRate: ScalarOrSchedule, opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; weightDecay?: ScalarOrSchedule; mask?: MaskOrFn | null } = {}): GradientTransformation<[any, any, any, any]> {
  checkLearningRate("lamb", learningRate);
  const { b1, b2, eps, epsRoot, weightDecay, mask } = options("lamb", opts, LAMB_DEFAULTS);
  return chain(scaleByAdam({ b1, b2, eps, epsRoot }), addDecayedWeights(weightDecay, mask), scaleByTrustRatio(), scaleByLearningRate(learningRate));
}
defineSignature(lamb, ["learningRate"], LAMB_DEFAULTS);

/** Options of `lars`. */
export interface LarsOptions {
  weightDecay?: ScalarOrSchedule;
  weightDecayMask?: MaskOrFn | null;
  trustCoefficient?: Hyper;
  eps?: Hyper;
  trustRatioMask?: MaskOrFn | null;
  momentum?: Hyper;
  nesterov?: boolean;
}

const LARS_DEFAULTS = {
  weightDecay: 0 as ScalarOrSchedule, weightDecayMask: true as MaskOrFn | null, trustCoefficient: 0.001 as Hyper, eps: 0 as Hyper,
  trustRatioMask: true as MaskOrFn | null, momentum: 0.9 as Hyper, nesterov: false,
};

/**
 * LARS (You et al., 2017): weight decay, a masked trust ratio, the learning rate, then momentum.
 *
 * @example
 * const opt = lars(1.0, { momentum: 0.9 });
 */
export function lars(learningRate: ScalarOrSchedule, opts: LarsOptions = {}): GradientTransformation<[any, any, any, any]> {
  checkLearningRate("lars", learningRate);
  const { weightDecay, weightDecayMask, trustCoefficient, eps, trustRatioMask, momentum, nesterov } = options("lars", opts, LARS_DEFAULTS);
  return chain(
    addDecayedWeights(weightDecay, weightDecayMask),
    masked(scaleByTrustRatio({ trustCoefficient, eps }), trustRatioMask ?? true),
    scaleByLearningRate(learningRate),
    trace(momentum, { nesterov }),
  );
}
defineSignature(lars, ["learningRate"], LARS_DEFAULTS);

/**
 * Fromage (Bernstein et al., 2020): a trust-ratio step with a multiplicative shrink; the
 * learning rate may be a schedule.
 *
 * @example
 * const opt = fromage(1e-2);
 */
export function fromage(learningRate: ScalarOrSchedule, opts: { minNorm?: Hyper } = {}): GradientTransformation<[any, any, any]> {
  checkLearningRate("fromage", learningRate);
  const { minNorm } = options("fromage", opts, { minNorm: 1e-6 as Hyper });
  if (typeof learningRate !== "function") {
    const mult = typeof learningRate === "number" ? 1 / Math.sqrt(1 + learningRate ** 2) : np.divide(1, np.power(np.add(1, np.square(learningRate)), 0.5));
    const lr = typeof learningRate === "number" && typeof mult === "number" ? learningRate * mult : np.multiply(learningRate, mult);
    return chain(scaleByTrustRatio({ minNorm }), scaleByLearningRate(lr), addDecayedWeights(typeof mult === "number" ? mult - 1 : np.subtract(mult, 1)));
  }
  const multLr = (c: Array | number) => np.divide(1, np.power(np.add(1, np.square(learningRate(c))), 0.5));
  return chain(
    scaleByTrustRatio({ minNorm }),
    scaleByLearningRate((c) => np.multiply(multLr(c), learningRate(c))),
    addDecayedWeights((c) => np.subtract(multLr(c), 1)),
  );
}
defineSignature(fromage, ["learningRate"], { minNorm: 1e-6 });

const NOISY_SGD_DEFAULTS = { eta: 0.01 as Hyper, gamma: 0.55 as Hyper, key: null as Array | number | null, seed: null as number | null };

/**
 * SGD with annealed Gaussian gradient noise (Neelakantan et al., 2014); the noise is drawn as
 * optax draws it from the same key (default key 0).
 *
 * @example
 * const opt = noisySgd(1e-2, { eta: 0.01, gamma: 0.55, key: random.key(0) });
 */
export function noisySgd(learningRate: ScalarOrSchedule, opts: { eta?: Hyper; gamma?: Hyper; key?: Array | number | null; seed?: number | null } = {}): GradientTransformation<[any, any]> {
  checkLearningRate("noisySgd", learningRate);
  const { eta, gamma, key, seed } = options("noisySgd", opts, NOISY_SGD_DEFAULTS);
  checkHyper("noisySgd", "eta", eta, { nonNegative: true });
  return chain(addNoise(eta, gamma, key, { seed }), scaleByLearningRate(learningRate));
}
defineSignature(noisySgd, ["learningRate"], NOISY_SGD_DEFAULTS);

/** Options of `polyakSgd`. */
export interface PolyakSgdOptions {
  maxLearningRate?: Hyper;
  scaling?: ScalarOrSchedule;
  fMin?: Hyper;
  eps?: Hyper;
  /** "sps" (default) or "sps+". */
  variant?: "sps" | "sps+";
}

const POLYAK_SGD_DEFAULTS = { maxLearningRate: 1 as Hyper, scaling: 1 as ScalarOrSchedule, fMin: 0 as Hyper, eps: 0 as Hyper, variant: "sps" as "sps" | "sps+" };

/**
 * SGD with the Polyak step size; needs the loss: `update(grads, state, params, { value })`.
 *
 * @example
 * const [u, s] = polyakSgd({ maxLearningRate: 1 }).update(grads, state, params, { value: loss });
 */
export function polyakSgd(opts: PolyakSgdOptions = {}): GradientTransformation<[any, any]> {
  const { maxLearningRate, scaling, fMin, eps, variant } = options("polyakSgd", opts, POLYAK_SGD_DEFAULTS);
  return chain(sgd(scaling), scaleByPolyak({ maxLearningRate, fMin, eps, variant }));
}
defineSignature(polyakSgd, [], POLYAK_SGD_DEFAULTS);
