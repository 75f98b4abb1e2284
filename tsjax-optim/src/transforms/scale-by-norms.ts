/** Step sizes from norms: `scaleByDistanceOverGradients` (DoG) and `normalizeByUpdateNorm`. */
import { type Array, type DType, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, gradientTransformation, initEmptyState } from "../base.js";
import { defineSignature, options } from "../options.js";
import { treeCast, treeNorm } from "../tree-math.js";
import { checkSameTree, needParams } from "../validate.js";

/** State of `scaleByDistanceOverGradients`. */
export interface ScaleByDistanceOverGradientsState<P = any> {
  /** Per leaf, the largest distance from the initial params so far. */
  maxDist: P;
  /** Per leaf, the running sum of squared gradient norms (shape [1]). */
  gradSumOfSquares: P;
  initParams: P;
}

/** Options of `scaleByDistanceOverGradients`. */
export interface ScaleByDistanceOverGradientsOptions {
  /** Initial distance, relative to `1 + ||params||` (default 1e-6). */
  repsRel?: Hyper;
  eps?: Hyper;
  /** Dtype of the stored initial params (default float32). */
  paramDtype?: DType;
  /** Multiplies every step size (default 1). */
  globalScale?: Hyper;
}

/** Defaults of `scaleByDistanceOverGradients`. @internal */
export const DOG_DEFAULTS = { repsRel: 1e-6 as Hyper, eps: 1e-8 as Hyper, paramDtype: "float32" as DType, globalScale: 1 as Hyper };

const l2 = (x: Array, y?: Array) => np.sqrt(np.square(y === undefined ? x : np.subtract(x, y)).sum());

/**
 * Layer-wise distance over gradients (DoG, Ivgi et al., 2023): each leaf's step is
 * `globalScale * maxDist / sqrt(sum of squared gradient norms + eps)`.
 *
 * @example
 * const opt = chain(scaleByDistanceOverGradients(), scaleByLearningRate(1));
 */
export function scaleByDistanceOverGradients(opts: ScaleByDistanceOverGradientsOptions = {}): GradientTransformation<ScaleByDistanceOverGradientsState> {
  const { repsRel, eps, paramDtype, globalScale } = options("scaleByDistanceOverGradients", opts, DOG_DEFAULTS);
  return gradientTransformation<ScaleByDistanceOverGradientsState>(
    (params) => ({
      maxDist: tree.map((x: Array) => np.multiply(repsRel, np.add(1, l2(x))), params),
      gradSumOfSquares: tree.map(() => np.zeros([1]), params),
      initParams: treeCast(params, paramDtype),
    }),
    (updates, state, params) => {
      needParams("scaleByDistanceOverGradients", params);
      checkSameTree("scaleByDistanceOverGradients", updates, state.initParams, ["updates", "state.initParams"]);
      const maxDist = tree.map((d: Array, x: Array, y: Array) => np.maximum(d, l2(x, y)), state.maxDist, params, state.initParams);
      const gSos = tree.map((s: Array, g: Array) => np.add(s, np.square(g).sum()), state.gradSumOfSquares, updates);
      const out = tree.map((g: Array, d: Array, s: Array) => np.multiply(np.multiply(globalScale, np.divide(d, np.sqrt(np.add(s, eps)))), g), updates, maxDist, gSos);
      return [out, { maxDist, gradSumOfSquares: gSos, initParams: state.initParams }];
    },
  );
}
defineSignature(scaleByDistanceOverGradients, [], DOG_DEFAULTS);

/** Options of `normalizeByUpdateNorm`. */
export interface NormalizeByUpdateNormOptions {
  /** The norm of the result (default 1). */
  scaleFactor?: Hyper;
  /** Added to the norm (default 1e-6). */
  eps?: Hyper;
}

/** Defaults of `normalizeByUpdateNorm`. @internal */
export const NORMALIZE_DEFAULTS = { scaleFactor: 1 as Hyper, eps: 1e-6 as Hyper };

/**
 * Divides the updates by `(||updates|| + eps) / scaleFactor` (their global norm).
 *
 * @example
 * const opt = chain(normalizeByUpdateNorm(), scaleByLearningRate(0.1));
 */
export function normalizeByUpdateNorm(opts: NormalizeByUpdateNormOptions = {}): GradientTransformation<EmptyState> {
  const { scaleFactor, eps } = options("normalizeByUpdateNorm", opts, NORMALIZE_DEFAULTS);
  return gradientTransformation<EmptyState>(initEmptyState, (updates, state) => {
    const gNorm = np.divide(np.add(treeNorm(updates), eps), scaleFactor);
    return [tree.map((g: Array) => np.divide(g, gNorm), updates), state];
  });
}
defineSignature(normalizeByUpdateNorm, [], NORMALIZE_DEFAULTS);
