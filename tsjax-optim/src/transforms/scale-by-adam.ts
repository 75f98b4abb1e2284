/** Adam-family preconditioners: `scaleByAdam`, `scaleByAdamax`, `scaleByAmsgrad`, `scaleByRadam`. */
import { type Array, type DType, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { castTo, powInt, treeBiasCorrection, treeCast, treeCastLike, treeUpdateInfinityMoment, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { checkSameTree } from "../validate.js";

/** State of `scaleByAdam` (and adamax/radam/yogi): step count, first and second moments. */
export interface ScaleByAdamState<P = any> {
  count: Array;
  mu: P;
  nu: P;
}

/** Options of `scaleByAdam`. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: Hyper;
  /** Decay of the second moment (default 0.999). */
  b2?: Hyper;
  /** Added to the denominator outside the square root (default 1e-8). */
  eps?: Hyper;
  /** Added to the second moment inside the square root (default 0). */
  epsRoot?: Hyper;
  /** Dtype of the first moment (default: the params'). */
  muDtype?: DType | null;
  /** Nesterov momentum (NAdam) (default false). */
  nesterov?: boolean;
}

/** Defaults of `scaleByAdam` (and `adam`). @internal */
export const ADAM_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, muDtype: null as DType | null, nesterov: false };

/** Bias-corrected first moment, Nesterov form when asked (optax). @internal */
export function muHat(mu: unknown, updates: unknown, b1: Hyper, countInc: Array, nesterov: boolean): unknown {
  if (!nesterov) return treeBiasCorrection(mu, b1, countInc);
  const a = treeBiasCorrection(mu, b1, safeIncrement(countInc));
  const b = treeBiasCorrection(updates, b1, countInc);
  return tree.map((m: Array, g: Array) => np.add(np.multiply(b1, m), np.multiply(typeof b1 === "number" ? 1 - b1 : np.subtract(1, b1), g)), a, b);
}

/** `m / (sqrt(v + epsRoot) + eps)`, leaf by leaf. @internal */
export function adamDirection(mh: unknown, vh: unknown, eps: Hyper, epsRoot: Hyper): unknown {
  return tree.map((m: Array, v: Array) => np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps)), mh, vh);
}

/**
 * Adam's preconditioner: `mu_hat / (sqrt(nu_hat + epsRoot) + eps)`, with bias correction.
 *
 * @example
 * const opt = chain(scaleByAdam({ b1: 0.9 }), scaleByLearningRate(1e-3));
 */
export function scaleByAdam(opts: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, muDtype, nesterov } = options("scaleByAdam", opts, ADAM_DEFAULTS);
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params, muDtype), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdam", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const out = adamDirection(muHat(mu, updates, b1, count, nesterov), treeBiasCorrection(nu, b2, count), eps, epsRoot);
      return [out, { count, mu: treeCast(mu, muDtype), nu: treeCastLike(nu, state.nu) }];
    },
  );
}
defineSignature(scaleByAdam, [], ADAM_DEFAULTS);

/** Options of `scaleByAdamax`. */
export interface ScaleByAdamaxOptions {
  b1?: Hyper;
  b2?: Hyper;
  eps?: Hyper;
}

/** Defaults of `scaleByAdamax`. @internal */
export const ADAMAX_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper };

/**
 * Adamax: the second moment is an infinity norm, `nu = max(|g| + eps, b2 * nu)`.
 *
 * @example
 * const opt = chain(scaleByAdamax(), scaleByLearningRate(2e-3));
 */
export function scaleByAdamax(opts: ScaleByAdamaxOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps } = options("scaleByAdamax", opts, ADAMAX_DEFAULTS);
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdamax", updates, state.mu, ["updates", "state.mu"]);
      const count = safeIncrement(state.count);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateInfinityMoment(updates, state.nu, b2, eps);
      const out = tree.map((m: Array, v: Array) => np.divide(m, v), treeBiasCorrection(mu, b1, count), nu);
      return [out, { count, mu, nu }];
    },
  );
}
defineSignature(scaleByAdamax, [], ADAMAX_DEFAULTS);

/** State of `scaleByAmsgrad`. */
export interface ScaleByAmsgradState<P = any> extends ScaleByAdamState<P> {
  nuMax: P;
}

/** Options of `scaleByAmsgrad`. */
export interface ScaleByAmsgradOptions extends Omit<ScaleByAdamOptions, "nesterov"> {
  /** Bias-correct the first moment (default true). */
  biasCorrectionMu?: boolean;
  /** Bias-correct the second moment before the running maximum (default true). */
  biasCorrectionNu?: boolean;
}

/** Defaults of `scaleByAmsgrad`. @internal */
export const AMSGRAD_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, muDtype: null as DType | null, biasCorrectionMu: true, biasCorrectionNu: true };

/**
 * AMSGrad: Adam with the running maximum of the (bias-corrected) second moment.
 *
 * @example
 * const opt = chain(scaleByAmsgrad(), scaleByLearningRate(1e-3));
 */
export function scaleByAmsgrad(opts: ScaleByAmsgradOptions = {}): GradientTransformation<ScaleByAmsgradState> {
  const { b1, b2, eps, epsRoot, muDtype, biasCorrectionMu, biasCorrectionNu } = options("scaleByAmsgrad", opts, AMSGRAD_DEFAULTS);
  return gradientTransformation<ScaleByAmsgradState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params, muDtype), nu: treeZerosLike(params), nuMax: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAmsgrad", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const mh = biasCorrectionMu ? treeBiasCorrection(mu, b1, count) : mu;
      const nuEff = biasCorrectionNu ? treeBiasCorrection(nu, b2, count) : nu;
      const nuMax = tree.map((a: Array, b: Array) => np.maximum(a, b), state.nuMax, nuEff);
      return [adamDirection(mh, nuMax, eps, epsRoot), { count, mu: treeCast(mu, muDtype), nu, nuMax }];
    },
  );
}
defineSignature(scaleByAmsgrad, [], AMSGRAD_DEFAULTS);

/** Options of `scaleByRadam`. */
export interface ScaleByRadamOptions extends Omit<ScaleByAdamOptions, "muDtype"> {
  /** SMA length threshold above which the adaptive step is used (default 5). */
  threshold?: Hyper;
}

/** Defaults of `scaleByRadam`. @internal */
export const RADAM_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.999 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, threshold: 5 as Hyper, nesterov: false };

/**
 * Rectified Adam: uses the adaptive step only once the variance estimate is tractable.
 *
 * @example
 * const opt = chain(scaleByRadam(), scaleByLearningRate(1e-3));
 */
export function scaleByRadam(opts: ScaleByRadamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, threshold, nesterov } = options("scaleByRadam", opts, RADAM_DEFAULTS);
  // As optax: computed in float64 when b2 is a number.
  const roInf = typeof b2 === "number" ? 2 / (1 - b2) - 1 : np.subtract(np.divide(2, np.subtract(1, b2)), 1);
  const roInfFactor = typeof roInf === "number" ? (roInf - 4) * (roInf - 2) : np.multiply(np.subtract(roInf, 4), np.subtract(roInf, 2));
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByRadam", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const b2t = powInt(b2, count);
      const ro = np.subtract(roInf, np.divide(np.multiply(np.multiply(2, count), b2t), np.subtract(1, b2t)));
      const mh = muHat(mu, updates, b1, count, nesterov);
      const nh = treeBiasCorrection(nu, b2, count);
      const r = np.sqrt(np.divide(np.multiply(np.multiply(np.subtract(ro, 4), np.subtract(ro, 2)), roInf), np.multiply(roInfFactor, ro)));
      const use = np.greaterEqual(ro, threshold);
      const out = tree.map((m: Array, v: Array) =>
        np.where(use, np.divide(np.multiply(castTo(r, m.dtype), m), np.add(np.sqrt(np.add(v, epsRoot)), eps)), m), mh, nh);
      return [out, { count, mu, nu }];
    },
  );
}
defineSignature(scaleByRadam, [], RADAM_DEFAULTS);
