/** Second-moment preconditioners: rss (adagrad), rms, stddev (centered), belief, yogi, adadelta. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { treeBiasCorrection, treeFullLike, treeSub, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { checkSameTree } from "../validate.js";
import { type ScaleByAdamState, adamDirection, muHat } from "./scale-by-adam.js";

/** State of `scaleByRss`. */
export interface ScaleByRssState<P = any> {
  sumOfSquares: P;
}

/** Options of `scaleByRss`. */
export interface ScaleByRssOptions {
  /** Initial value of the sum of squares (default 0.1). */
  initialAccumulatorValue?: Hyper;
  /** Added inside the square root (default 1e-7). */
  eps?: Hyper;
}

/** Defaults of `scaleByRss` (and `adagrad`). @internal */
export const RSS_DEFAULTS = { initialAccumulatorValue: 0.1 as Hyper, eps: 1e-7 as Hyper };

/**
 * Adagrad's preconditioner: divides by the root of the sum of squared gradients.
 *
 * @example
 * const opt = chain(scaleByRss(), scaleByLearningRate(0.1));
 */
export function scaleByRss(opts: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const { initialAccumulatorValue, eps } = options("scaleByRss", opts, RSS_DEFAULTS);
  return gradientTransformation<ScaleByRssState>(
    (params) => ({ sumOfSquares: treeFullLike(params, initialAccumulatorValue) }),
    (updates, state) => {
      checkSameTree("scaleByRss", updates, state.sumOfSquares, ["updates", "state.sumOfSquares"]);
      const sos = tree.map((g: Array, s: Array) => np.add(np.square(g), s), updates, state.sumOfSquares);
      const out = tree.map((s: Array, g: Array) => np.multiply(np.where(s.gt(0), np.rsqrt(np.add(s, eps)), 0), g), sos, updates);
      return [out, { sumOfSquares: sos }];
    },
  );
}
defineSignature(scaleByRss, [], RSS_DEFAULTS);

/** Options of `scaleByRms` and `scaleByStddev`. */
export interface ScaleByRmsOptions {
  /** Decay of the moving averages (default 0.9). */
  decay?: Hyper;
  /** Added to the denominator (default 1e-8). */
  eps?: Hyper;
  /** Initial value of the second moment (default 0). */
  initialScale?: Hyper;
  /** Put eps inside the square root (default true). */
  epsInSqrt?: boolean;
  /** Debias the moments (default false; adds a count to the state). */
  biasCorrection?: boolean;
}

/** Defaults of `scaleByRms` / `scaleByStddev`. @internal */
export const RMS_DEFAULTS = { decay: 0.9 as Hyper, eps: 1e-8 as Hyper, initialScale: 0 as Hyper, epsInSqrt: true, biasCorrection: false };

/** State of `scaleByRms`. */
export interface ScaleByRmsState<P = any> {
  nu: P;
  /** Only with `biasCorrection`. */
  count?: Array;
}

/** `g / sqrt(v + eps)` or `g / (sqrt(v) + eps)`. */
function rmsScale(g: Array, v: Array, eps: Hyper, inSqrt: boolean): Array {
  return np.multiply(inSqrt ? np.rsqrt(np.add(v, eps)) : np.divide(1, np.add(np.sqrt(v), eps)), g);
}

/**
 * RMSProp's preconditioner: divides by the root of a moving average of squared gradients.
 *
 * @example
 * const opt = chain(scaleByRms({ decay: 0.9 }), scaleByLearningRate(1e-3));
 */
export function scaleByRms(opts: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const { decay, eps, initialScale, epsInSqrt, biasCorrection } = options("scaleByRms", opts, RMS_DEFAULTS);
  return gradientTransformation<ScaleByRmsState>(
    (params) => (biasCorrection ? { count: zeroCount(params), nu: treeFullLike(params, initialScale) } : { nu: treeFullLike(params, initialScale) }),
    (updates, state) => {
      checkSameTree("scaleByRms", updates, state.nu, ["updates", "state.nu"]);
      const nu = treeUpdateMoment(updates, state.nu, decay, 2);
      const count = biasCorrection ? safeIncrement(state.count!) : undefined;
      const nuHat = count ? treeBiasCorrection(nu, decay, count) : nu;
      const out = tree.map((g: Array, v: Array) => rmsScale(g, v, eps, epsInSqrt), updates, nuHat);
      return [out, count ? { count, nu } : { nu }];
    },
  );
}
defineSignature(scaleByRms, [], RMS_DEFAULTS);

/** State of `scaleByStddev` (optax `ScaleByRStdDevState`). */
export interface ScaleByRStdDevState<P = any> {
  mu: P;
  nu: P;
  /** Only with `biasCorrection`. */
  count?: Array;
}

/**
 * Centered RMSProp's preconditioner: divides by the running standard deviation of the gradients.
 *
 * @example
 * const opt = chain(scaleByStddev(), scaleByLearningRate(1e-3));
 */
export function scaleByStddev(opts: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRStdDevState> {
  const { decay, eps, initialScale, epsInSqrt, biasCorrection } = options("scaleByStddev", opts, RMS_DEFAULTS);
  return gradientTransformation<ScaleByRStdDevState>(
    (params) => ({ ...(biasCorrection ? { count: zeroCount(params) } : {}), mu: treeZerosLike(params), nu: treeFullLike(params, initialScale) }),
    (updates, state) => {
      checkSameTree("scaleByStddev", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, decay, 1);
      const nu = treeUpdateMoment(updates, state.nu, decay, 2);
      const count = biasCorrection ? safeIncrement(state.count!) : undefined;
      const muHat_ = count ? treeBiasCorrection(mu, decay, count) : mu;
      const nuHat = count ? treeBiasCorrection(nu, decay, count) : nu;
      const out = tree.map((g: Array, m: Array, v: Array) => rmsScale(g, np.subtract(v, np.square(m)), eps, epsInSqrt), updates, muHat_, nuHat);
      return [out, count ? { count, mu, nu } : { mu, nu }];
    },
  );
}
defineSignature(scaleByStddev, [], RMS_DEFAULTS);

/** State of `scaleByBelief`. */
export type ScaleByBeliefState<P = any> = ScaleByAdamState<P>;

/** Options of `scaleByBelief`. */
export interface ScaleByBeliefOptions {
  b1?: Hyper;
  b2?: Hyper;
  /** Added to the denominator (default 1e-16). */
  eps?: Hyper;
  /** Added to the second moment at each step (default 1e-16). */
  epsRoot?: Hyper;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/** Defaults of `scaleByBelief` (and `adabelief`). @internal */
export const BELIEF_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-16 as Hyper, epsRoot: 1e-16 as Hyper, nesterov: false };

/**
 * AdaBelief's preconditioner: the second moment tracks `(g - mu)**2`, the "belief" in the
 * gradient, with the updated `mu`.
 *
 * @example
 * const opt = chain(scaleByBelief(), scaleByLearningRate(1e-3));
 */
export function scaleByBelief(opts: ScaleByBeliefOptions = {}): GradientTransformation<ScaleByBeliefState> {
  const { b1, b2, eps, epsRoot, nesterov } = options("scaleByBelief", opts, BELIEF_DEFAULTS);
  return gradientTransformation<ScaleByBeliefState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByBelief", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = tree.map((v: Array) => np.add(v, epsRoot), treeUpdateMoment(treeSub(updates, mu), state.nu, b2, 2));
      const count = safeIncrement(state.count);
      const out = adamDirection(muHat(mu, updates, b1, count, nesterov), treeBiasCorrection(nu, b2, count), eps, 0);
      return [out, { count, mu, nu }];
    },
  );
}
defineSignature(scaleByBelief, [], BELIEF_DEFAULTS);

/** Options of `scaleByYogi`. */
export interface ScaleByYogiOptions {
  b1?: Hyper;
  b2?: Hyper;
  /** Added to the denominator (default 1e-3). */
  eps?: Hyper;
  /** Added inside the square root (default 0). */
  epsRoot?: Hyper;
  /** Initial value of both moments (default 1e-6). */
  initialAccumulatorValue?: Hyper;
}

/** Defaults of `scaleByYogi`. @internal */
export const YOGI_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-3 as Hyper, epsRoot: 0 as Hyper, initialAccumulatorValue: 1e-6 as Hyper };

/**
 * Yogi's preconditioner: an additive second-moment update `v - (1 - b2) sign(v - g^2) g^2`.
 *
 * @example
 * const opt = chain(scaleByYogi(), scaleByLearningRate(1e-2));
 */
export function scaleByYogi(opts: ScaleByYogiOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, initialAccumulatorValue } = options("scaleByYogi", opts, YOGI_DEFAULTS);
  const oneMinusB2 = typeof b2 === "number" ? 1 - b2 : np.subtract(1, b2);
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeFullLike(params, initialAccumulatorValue), nu: treeFullLike(params, initialAccumulatorValue) }),
    (updates, state) => {
      checkSameTree("scaleByYogi", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = tree.map((g: Array, v: Array) => {
        const g2 = np.square(g);
        return np.subtract(v, np.multiply(np.multiply(oneMinusB2, np.sign(np.subtract(v, g2))), g2));
      }, updates, state.nu);
      const count = safeIncrement(state.count);
      const out = adamDirection(treeBiasCorrection(mu, b1, count), treeBiasCorrection(nu, b2, count), eps, epsRoot);
      return [out, { count, mu, nu }];
    },
  );
}
defineSignature(scaleByYogi, [], YOGI_DEFAULTS);

/** State of `scaleByAdadelta` (optax `ScaleByAdaDeltaState`). */
export interface ScaleByAdaDeltaState<P = any> {
  eG: P;
  eX: P;
}

/** Options of `scaleByAdadelta`. */
export interface ScaleByAdadeltaOptions {
  /** Decay of both moving averages (default 0.9). */
  rho?: Hyper;
  /** Added inside both square roots (default 1e-6). */
  eps?: Hyper;
}

/** Defaults of `scaleByAdadelta`. @internal */
export const ADADELTA_DEFAULTS = { rho: 0.9 as Hyper, eps: 1e-6 as Hyper };

/**
 * Adadelta's preconditioner: `sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g`.
 *
 * @example
 * const opt = chain(scaleByAdadelta(), scaleByLearningRate(1));
 */
export function scaleByAdadelta(opts: ScaleByAdadeltaOptions = {}): GradientTransformation<ScaleByAdaDeltaState> {
  const { rho, eps } = options("scaleByAdadelta", opts, ADADELTA_DEFAULTS);
  return gradientTransformation<ScaleByAdaDeltaState>(
    (params) => ({ eG: treeZerosLike(params), eX: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdadelta", updates, state.eG, ["updates", "state.eG"]);
      const eG = treeUpdateMoment(updates, state.eG, rho, 2);
      const out = tree.map((g: Array, cur: Array, prev: Array) => np.multiply(np.divide(np.sqrt(np.add(prev, eps)), np.sqrt(np.add(cur, eps))), g), updates, eG, state.eX);
      const eX = treeUpdateMoment(out, state.eX, rho, 2);
      return [out, { eG, eX }];
    },
  );
}
defineSignature(scaleByAdadelta, [], ADADELTA_DEFAULTS);
