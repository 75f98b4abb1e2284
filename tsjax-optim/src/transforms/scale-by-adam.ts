/** Adam-family preconditioners: `scaleByAdam`, `scaleByAdamax`, `scaleByAmsgrad`, `scaleByRadam`. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { castTo, treeBiasCorrection, treeUpdateMoment, treeUpdateMomentPerElemNorm, treeZerosLike } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { checkSameTree } from "../validate.js";

/** State of `scaleByAdam` (and adamax/radam): step count, first and second moments. */
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
  /** Nesterov momentum (NAdam) (default false). */
  nesterov?: boolean;
}

/** Bias-corrected first moment, Nesterov form when asked (optax). @internal */
export function muHat(mu: unknown, updates: unknown, b1: Hyper, countInc: Array, nesterov: boolean): unknown {
  if (!nesterov) return treeBiasCorrection(mu, b1, countInc);
  const a = treeBiasCorrection(mu, b1, safeIncrement(countInc));
  const b = treeBiasCorrection(updates, b1, countInc);
  return tree.map((m: Array, g: Array) => np.add(np.multiply(b1, m), np.multiply(typeof b1 === "number" ? 1 - b1 : np.subtract(1, b1), g)), a, b);
}

/**
 * Adam's preconditioner: `mu_hat / (sqrt(nu_hat + epsRoot) + eps)`, with bias correction.
 *
 * @example
 * const opt = chain(scaleByAdam({ b1: 0.9 }), scaleByLearningRate(1e-3));
 */
export function scaleByAdam(opts: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false } = opts;
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdam", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const mh = muHat(mu, updates, b1, count, nesterov);
      const nh = treeBiasCorrection(nu, b2, count);
      const out = tree.map((g: Array, m: Array, v: Array) => castTo(np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps)), g.dtype), updates, mh, nh);
      return [out, { count, mu, nu }];
    },
  );
}

/** Options of `scaleByAdamax`. */
export interface ScaleByAdamaxOptions {
  b1?: Hyper;
  b2?: Hyper;
  eps?: Hyper;
}

/**
 * Adamax: the second moment is an infinity norm, `nu = max(b2 * nu, |g| + eps)`.
 *
 * @example
 * const opt = chain(scaleByAdamax(), scaleByLearningRate(2e-3));
 */
export function scaleByAdamax(opts: ScaleByAdamaxOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = opts;
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdamax", updates, state.mu, ["updates", "state.mu"]);
      const count = safeIncrement(state.count);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = tree.map((g: Array, v: Array) => np.maximum(np.multiply(b2, v), np.add(np.abs(g), eps)), updates, state.nu);
      const mh = treeBiasCorrection(mu, b1, count);
      const out = tree.map((g: Array, m: Array, v: Array) => castTo(np.divide(m, v), g.dtype), updates, mh, nu);
      return [out, { count, mu, nu }];
    },
  );
}

/** State of `scaleByAmsgrad`. */
export interface ScaleByAmsgradState<P = any> extends ScaleByAdamState<P> {
  nuMax: P;
}

/**
 * AMSGrad: Adam with the running maximum of the bias-corrected second moment.
 *
 * @example
 * const opt = chain(scaleByAmsgrad(), scaleByLearningRate(1e-3));
 */
export function scaleByAmsgrad(opts: Omit<ScaleByAdamOptions, "nesterov"> = {}): GradientTransformation<ScaleByAmsgradState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = opts;
  return gradientTransformation<ScaleByAmsgradState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params), nuMax: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByAmsgrad", updates, state.mu, ["updates", "state.mu"]);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const mh = treeBiasCorrection(mu, b1, count);
      const nh = treeBiasCorrection(nu, b2, count);
      const nuMax = tree.map((a: Array, b: Array) => np.maximum(a, b), state.nuMax, nh);
      const out = tree.map((g: Array, m: Array, v: Array) => castTo(np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps)), g.dtype), updates, mh, nuMax);
      return [out, { count, mu, nu, nuMax }];
    },
  );
}

/** Options of `scaleByRadam`. */
export interface ScaleByRadamOptions extends ScaleByAdamOptions {
  /** SMA length threshold above which the adaptive step is used (default 5). */
  threshold?: number;
}

/**
 * Rectified Adam: uses the adaptive step only once the variance estimate is tractable.
 *
 * @example
 * const opt = chain(scaleByRadam(), scaleByLearningRate(1e-3));
 */
export function scaleByRadam(opts: ScaleByRadamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, threshold = 5, nesterov = false } = opts;
  return gradientTransformation<ScaleByAdamState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByRadam", updates, state.mu, ["updates", "state.mu"]);
      const roInf = np.subtract(np.divide(2, np.subtract(1, b2)), 1);
      const mu = treeUpdateMoment(updates, state.mu, b1, 1);
      const nu = treeUpdateMomentPerElemNorm(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const c = count.astype("float32");
      const b2t = np.power(b2, c);
      const ro = np.subtract(roInf, np.divide(np.multiply(np.multiply(2, c), b2t), np.subtract(1, b2t)));
      const mh = muHat(mu, updates, b1, count, nesterov);
      const nh = treeBiasCorrection(nu, b2, count);
      const use = ro.ge(threshold);
      const safeRo = np.where(use, ro, 10);
      const r = np.sqrt(np.divide(
        np.multiply(np.multiply(np.subtract(safeRo, 4), np.subtract(safeRo, 2)), roInf),
        np.multiply(np.multiply(np.subtract(roInf, 4), np.subtract(roInf, 2)), safeRo),
      ));
      const out = tree.map((g: Array, m: Array, v: Array) =>
        castTo(np.where(use, np.divide(np.multiply(r, m), np.add(np.sqrt(np.add(v, epsRoot)), eps)), m), g.dtype), updates, mh, nh);
      return [out, { count, mu, nu }];
    },
  );
}
