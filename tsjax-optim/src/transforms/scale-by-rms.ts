/** Second-moment preconditioners: rss (adagrad), rms, stddev (centered), belief, yogi, adadelta. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { castTo, treeBiasCorrection, treeFull, treeUpdateMoment, treeUpdateMomentPerElemNorm, treeZerosLike } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { checkSameTree } from "../validate.js";
import type { ScaleByAdamState } from "./scale-by-adam.js";

/** State of `scaleByRss`. */
export interface ScaleByRssState<P = any> {
  sumOfSquares: P;
}

/**
 * Adagrad's preconditioner: divides by the root of the sum of squared gradients.
 *
 * @example
 * const opt = chain(scaleByRss(), scaleByLearningRate(0.1));
 */
export function scaleByRss(opts: { initialAccumulatorValue?: number; eps?: Hyper } = {}): GradientTransformation<ScaleByRssState> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = opts;
  return gradientTransformation<ScaleByRssState>(
    (params) => ({ sumOfSquares: treeFull(params, initialAccumulatorValue) }),
    (updates, state) => {
      checkSameTree("scaleByRss", updates, state.sumOfSquares, ["updates", "state.sumOfSquares"]);
      const sos = tree.map((g: Array, s: Array) => np.add(np.square(g), s), updates, state.sumOfSquares);
      const out = tree.map((g: Array, s: Array) => castTo(np.multiply(np.where(s.gt(0), np.divide(1, np.sqrt(np.add(s, eps))), 0), g), g.dtype), updates, sos);
      return [out, { sumOfSquares: sos }];
    },
  );
}

/** Options of `scaleByRms`. */
export interface ScaleByRmsOptions {
  decay?: Hyper;
  eps?: Hyper;
  initialScale?: number;
  /** Put eps inside the square root (default true). */
  epsInSqrt?: boolean;
  /** Debias the second moment (default false; adds a count to the state). */
  biasCorrection?: boolean;
}

/** State of `scaleByRms`. */
export interface ScaleByRmsState<P = any> {
  nu: P;
  count?: Array;
}

function rmsDivide(g: Array, v: Array, eps: Hyper, inSqrt: boolean): Array {
  return castTo(inSqrt ? np.multiply(g, np.divide(1, np.sqrt(np.add(v, eps)))) : np.divide(g, np.add(np.sqrt(v), eps)), g.dtype);
}

/**
 * RMSProp's preconditioner: divides by the root of a moving average of squared gradients.
 *
 * @example
 * const opt = chain(scaleByRms({ decay: 0.9 }), scaleByLearningRate(1e-3));
 */
export function scaleByRms(opts: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = opts;
  return gradientTransformation<ScaleByRmsState>(
    (params) => (biasCorrection ? { count: zeroCount(params), nu: treeFull(params, initialScale) } : { nu: treeFull(params, initialScale) }),
    (updates, state) => {
      checkSameTree("scaleByRms", updates, state.nu, ["updates", "state.nu"]);
      const nu = treeUpdateMomentPerElemNorm(updates, state.nu, decay, 2);
      let nuHat = nu;
      let count: Array | undefined;
      if (biasCorrection) {
        count = safeIncrement(state.count!);
        nuHat = treeBiasCorrection(nu, decay, count);
      }
      const out = tree.map((g: Array, v: Array) => rmsDivide(g, v, eps, epsInSqrt), updates, nuHat);
      return [out, count ? { count, nu } : { nu }];
    },
  );
}

/** State of `scaleByStddev`. */
export interface ScaleByStddevState<P = any> {
  mu: P;
  nu: P;
  count?: Array;
}

/**
 * Centered RMSProp's preconditioner: divides by the running standard deviation of the gradients.
 *
 * @example
 * const opt = chain(scaleByStddev(), scaleByLearningRate(1e-3));
 */
export function scaleByStddev(opts: ScaleByRmsOptions = {}): GradientTransformation<ScaleByStddevState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = opts;
  return gradientTransformation<ScaleByStddevState>(
    (params) => ({ mu: treeZerosLike(params), nu: treeFull(params, initialScale), ...(biasCorrection ? { count: zeroCount(params) } : {}) }),
    (updates, state) => {
      checkSameTree("scaleByStddev", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, decay, 1);
      const nu = treeUpdateMomentPerElemNorm(updates, state.nu, decay, 2);
      let [muHat, nuHat] = [mu, nu];
      let count: Array | undefined;
      if (biasCorrection) {
        count = safeIncrement(state.count!);
        muHat = treeBiasCorrection(mu, decay, count);
        nuHat = treeBiasCorrection(nu, decay, count);
      }
      const out = tree.map((g: Array, m: Array, v: Array) => rmsDivide(g, np.subtract(v, np.square(m)), eps, epsInSqrt), updates, muHat, nuHat);
      return [out, count ? { mu, nu, count } : { mu, nu }];
    },
  );
}

/**
 * AdaBelief's preconditioner: the second moment tracks `(g - mu)**2`, the "belief" in the gradient.
 *
 * @example
 * const opt = chain(scaleByBelief(), scaleByLearningRate(1e-3));
 */
export function scaleByBelief(opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper } = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-16, epsRoot = 1e-16 } = opts;
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByBelief", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const err = tree.map((g: Array, m: Array) => np.subtract(g, m), updates, state.mu);
      const nu = tree.map((v: Array) => np.add(v, epsRoot), treeUpdateMomentPerElemNorm(err, state.nu, b2, 2));
      const count = safeIncrement(state.count);
      const mh = treeBiasCorrection(mu, b1, count);
      const nh = treeBiasCorrection(nu, b2, count);
      const out = tree.map((g: Array, m: Array, v: Array) => castTo(np.divide(m, np.add(np.sqrt(v), eps)), g.dtype), updates, mh, nh);
      return [out, { count, mu, nu }];
    },
  );
}

/**
 * Yogi's preconditioner: an additive second-moment update `v - (1 - b2) sign(v - g^2) g^2`.
 *
 * @example
 * const opt = chain(scaleByYogi(), scaleByLearningRate(1e-2));
 */
export function scaleByYogi(opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; initialAccumulatorValue?: number } = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-3, epsRoot = 0, initialAccumulatorValue = 1e-6 } = opts;
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeFull(params, initialAccumulatorValue), nu: treeFull(params, initialAccumulatorValue) }),
    (updates, state) => {
      checkSameTree("scaleByYogi", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = tree.map((g: Array, v: Array) => {
        const g2 = np.square(g);
        return np.subtract(v, np.multiply(np.multiply(np.subtract(1, b2), np.sign(np.subtract(v, g2))), g2));
      }, updates, state.nu);
      const count = safeIncrement(state.count);
      const mh = treeBiasCorrection(mu, b1, count);
      const nh = treeBiasCorrection(nu, b2, count);
      const out = tree.map((g: Array, m: Array, v: Array) => castTo(np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps)), g.dtype), updates, mh, nh);
      return [out, { count, mu, nu }];
    },
  );
}

/** State of `scaleByAdadelta`. */
export interface ScaleByAdadeltaState<P = any> {
  eG: P;
  eX: P;
}

/**
 * Adadelta's preconditioner: `sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g`.
 *
 * @example
 * const opt = chain(scaleByAdadelta(), scaleByLearningRate(1));
 */
export function scaleByAdadelta(opts: { rho?: Hyper; eps?: Hyper } = {}): GradientTransformation<ScaleByAdadeltaState> {
  const { rho = 0.9, eps = 1e-6 } = opts;
  return gradientTransformation<ScaleByAdadeltaState>(
    (params) => ({ eG: treeZerosLike(params), eX: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdadelta", updates, state.eG, ["updates", "state.eG"]);
      const eG = treeUpdateMoment(updates, state.eG, rho, 2);
      const out = tree.map((g: Array, cur: Array, prev: Array) => castTo(np.multiply(np.divide(np.sqrt(np.add(prev, eps)), np.sqrt(np.add(cur, eps))), g), g.dtype), updates, eG, state.eX);
      const eX = treeUpdateMoment(out, state.eX, rho, 2);
      return [out, { eG, eX }];
    },
  );
}
