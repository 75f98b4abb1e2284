/** Preconditioners that use the previous gradient: `scaleByAdan`, `scaleByOptimisticGradient`. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { oneMinus, treeAddScale, treeBiasCorrection, treeSub, treeUpdateMoment, treeWhere, treeZerosLike } from "../tree-math.js";
import { checkSameTree } from "../validate.js";

/** State of `scaleByAdan`: moments `m`, `v`, `n`, the previous gradient `g` and the step `t`. */
export interface ScaleByAdanState<P = any> {
  m: P;
  v: P;
  n: P;
  g: P;
  t: Array;
}

/** Options of `scaleByAdan`. */
export interface ScaleByAdanOptions {
  /** Decay of the gradient's moving average (default 0.98). */
  b1?: Hyper;
  /** Decay of the gradient difference's moving average (default 0.92). */
  b2?: Hyper;
  /** Decay of the second moment (default 0.99). */
  b3?: Hyper;
  eps?: Hyper;
  epsRoot?: Hyper;
}

/** Defaults of `scaleByAdan`. @internal */
export const ADAN_DEFAULTS = { b1: 0.98 as Hyper, b2: 0.92 as Hyper, b3: 0.99 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper };

/**
 * Adan's preconditioner (Xie et al., 2022): Nesterov momentum estimated from gradient differences.
 *
 * @example
 * const opt = chain(scaleByAdan(), scaleByLearningRate(1e-3));
 */
export function scaleByAdan(opts: ScaleByAdanOptions = {}): GradientTransformation<ScaleByAdanState> {
  const { b1, b2, b3, eps, epsRoot } = options("scaleByAdan", opts, ADAN_DEFAULTS);
  return gradientTransformation<ScaleByAdanState>(
    (params) => ({ m: treeZerosLike(params), v: treeZerosLike(params), n: treeZerosLike(params), g: treeZerosLike(params), t: zeroCount(params) }),
    (updates, state) => {
      checkSameTree("scaleByAdan", updates, state.m, ["updates", "state.m"]);
      const g = updates;
      const diff = treeWhere(state.t.eq(0), treeZerosLike(g), treeSub(g, state.g));
      const m = treeUpdateMoment(g, state.m, b1, 1);
      const v = treeUpdateMoment(diff, state.v, b2, 1);
      const n = treeUpdateMoment(treeAddScale(g, oneMinus(b2), diff), state.n, b3, 2);
      const t = safeIncrement(state.t);
      const u = treeAddScale(treeBiasCorrection(m, b1, t), oneMinus(b2), treeBiasCorrection(v, b2, t));
      const out = tree.map((x: Array, nh: Array) => np.divide(x, np.add(np.sqrt(np.add(nh, epsRoot)), eps)), u, treeBiasCorrection(n, b3, t));
      return [out, { m, v, n, g, t }];
    },
  );
}
defineSignature(scaleByAdan, [], ADAN_DEFAULTS);

/** State of `scaleByOptimisticGradient`. */
export interface ScaleByOptimisticGradientState<P = any> {
  isInitialStep: Array;
  previousGradient: P;
}

/** Options of `scaleByOptimisticGradient`. */
export interface ScaleByOptimisticGradientOptions {
  /** Weight of the current gradient (default 1). */
  alpha?: Hyper;
  /** Weight of the optimism correction `g - g_prev` (default 1). */
  beta?: Hyper;
}

/** Defaults of `scaleByOptimisticGradient`. @internal */
export const OPTIMISTIC_DEFAULTS = { alpha: 1 as Hyper, beta: 1 as Hyper };

/**
 * Optimistic gradient: `(alpha + beta) g - beta g_prev` (the previous gradient is `g` at the first step).
 *
 * @example
 * const opt = chain(scaleByOptimisticGradient(), scaleByLearningRate(1e-2));
 */
export function scaleByOptimisticGradient(opts: ScaleByOptimisticGradientOptions = {}): GradientTransformation<ScaleByOptimisticGradientState> {
  const { alpha, beta } = options("scaleByOptimisticGradient", opts, OPTIMISTIC_DEFAULTS);
  const ab = typeof alpha === "number" && typeof beta === "number" ? alpha + beta : np.add(alpha, beta);
  return gradientTransformation<ScaleByOptimisticGradientState>(
    (params) => ({ isInitialStep: np.array(true), previousGradient: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByOptimisticGradient", updates, state.previousGradient, ["updates", "state.previousGradient"]);
      const out = tree.map((g: Array, prev: Array) => np.subtract(np.multiply(ab, g), np.multiply(beta, np.where(state.isInitialStep, g, prev))), updates, state.previousGradient);
      return [out, { isInitialStep: np.array(false), previousGradient: updates }];
    },
  );
}
defineSignature(scaleByOptimisticGradient, [], OPTIMISTIC_DEFAULTS);
