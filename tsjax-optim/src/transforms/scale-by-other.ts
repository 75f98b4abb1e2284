/** Other preconditioners: lion, novograd, sm3, rprop, polyak. */
import { type Array, type DType, nn, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, initEmptyState, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { treeCast, treeFullLike, treeNorm, treeScale, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { checkSameTree, needParams } from "../validate.js";

/** State of `scaleByLion`. */
export interface ScaleByLionState<P = any> {
  count: Array;
  mu: P;
}

/** Options of `scaleByLion`. */
export interface ScaleByLionOptions {
  /** Interpolation between the gradient and the momentum for the update (default 0.9). */
  b1?: Hyper;
  /** Decay of the momentum (default 0.99). */
  b2?: Hyper;
  muDtype?: DType | null;
  /** "hard": sign (default); "smooth": tanh(smoothBeta x); "refined": x clipped to [-1, 1] by its sign. */
  mode?: "hard" | "smooth" | "refined";
  /** Slope of the "smooth" mode (default 1). */
  smoothBeta?: number;
}

/** Defaults of `scaleByLion`. @internal */
export const LION_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.99 as Hyper, muDtype: null as DType | null, mode: "hard" as "hard" | "smooth" | "refined", smoothBeta: 1 };

/**
 * Lion's update: `sign((1 - b1) g + b1 mu)` (or a smooth variant), then `mu = (1 - b2) g + b2 mu`.
 *
 * @example
 * const opt = chain(scaleByLion(), scaleByLearningRate(1e-4));
 */
export function scaleByLion(opts: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionState> {
  const { b1, b2, muDtype, mode, smoothBeta } = options("scaleByLion", opts, LION_DEFAULTS);
  if (mode !== "hard" && mode !== "smooth" && mode !== "refined") throw new RangeError(`scaleByLion: mode must be "hard", "smooth" or "refined", got ${String(mode)}.`);
  const oneMinusB1 = typeof b1 === "number" ? 1 - b1 : np.subtract(1, b1);
  const comb = (g: Array, m: Array): Array => {
    const x = np.add(np.multiply(oneMinusB1, g), np.multiply(b1, m));
    if (mode === "hard") return np.sign(x);
    if (mode === "smooth") return np.tanh(np.multiply(smoothBeta, x));
    return np.where(np.abs(x).lt(1), x, np.sign(x));
  };
  return gradientTransformation<ScaleByLionState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params, muDtype) }),
    (updates, state) => {
      checkSameTree("scaleByLion", updates, state.mu, ["updates", "state.mu"]);
      const out = tree.map(comb, updates, state.mu);
      const mu = treeCast(treeUpdateMoment(updates, state.mu, b2, 1), muDtype);
      return [out, { count: safeIncrement(state.count), mu }];
    },
  );
}
defineSignature(scaleByLion, [], LION_DEFAULTS);

/** State of `scaleByNovograd`: `nu` holds one scalar per leaf. */
export interface ScaleByNovogradState<P = any> {
  count: Array;
  mu: P;
  nu: P;
}

/** Options of `scaleByNovograd`. */
export interface ScaleByNovogradOptions {
  b1?: Hyper;
  b2?: Hyper;
  /** Added to the denominator (default 1e-8; `novograd` uses 1e-6). */
  eps?: Hyper;
  epsRoot?: Hyper;
  /** Weight decay added inside the first moment (default 0). */
  weightDecay?: Hyper;
  muDtype?: DType | null;
}

/** Defaults of `scaleByNovograd`. @internal */
export const NOVOGRAD_DEFAULTS = { b1: 0.9 as Hyper, b2: 0.25 as Hyper, eps: 1e-8 as Hyper, epsRoot: 0 as Hyper, weightDecay: 0 as Hyper, muDtype: null as DType | null };

/**
 * NovoGrad: layer-wise second moments (one scalar per leaf) and weight decay inside the moment.
 *
 * @example
 * const opt = chain(scaleByNovograd(), scaleByLearningRate(1e-2));
 */
export function scaleByNovograd(opts: ScaleByNovogradOptions = {}): GradientTransformation<ScaleByNovogradState> {
  const { b1, b2, eps, epsRoot, weightDecay, muDtype } = options("scaleByNovograd", opts, NOVOGRAD_DEFAULTS);
  return gradientTransformation<ScaleByNovogradState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params, muDtype), nu: tree.map((p: Array) => np.zeros([], { dtype: p.dtype }), params) }),
    (updates, state, params) => {
      needParams("scaleByNovograd", params);
      checkSameTree("scaleByNovograd", updates, state.mu, ["updates", "state.mu"]);
      const count = safeIncrement(state.count);
      const first = count.eq(1);
      const sq = tree.map((g: Array) => np.square(np.sqrt(np.square(g).sum())), updates);
      const nu = tree.map((s: Array, v: Array) => np.where(first, s, np.add(np.multiply(typeof b2 === "number" ? 1 - b2 : np.subtract(1, b2), s), np.multiply(b2, v))), sq, state.nu);
      const add = tree.map((g: Array, p: Array, v: Array) => np.add(np.divide(g, np.add(np.sqrt(np.add(v, epsRoot)), eps)), np.multiply(weightDecay, p)), updates, params, nu);
      const mu = treeCast(tree.map((a: Array, m: Array) => np.where(first, a, np.add(np.multiply(b1, m), a)), add, state.mu), muDtype);
      return [mu, { count, mu, nu }];
    },
  );
}
defineSignature(scaleByNovograd, [], NOVOGRAD_DEFAULTS);

/** State of `scaleBySm3` (optax `ScaleBySM3State`): `mu` holds, per leaf, one accumulator vector per axis. */
export interface ScaleBySM3State<P = any> {
  mu: unknown;
  nu: P;
}

/** Options of `scaleBySm3`. */
export interface ScaleBySm3Options {
  /** Momentum decay (default 0.9). */
  b1?: Hyper;
  /** Decay of the accumulators; 1 means a plain sum (default 1). */
  b2?: number;
  eps?: Hyper;
}

/** Defaults of `scaleBySm3`. @internal */
export const SM3_DEFAULTS = { b1: 0.9 as Hyper, b2: 1, eps: 1e-8 as Hyper };

/**
 * SM3: memory-efficient adaptive preconditioning with one accumulator per axis.
 *
 * @example
 * const opt = chain(scaleBySm3(), scaleByLearningRate(1));
 */
export function scaleBySm3(opts: ScaleBySm3Options = {}): GradientTransformation<ScaleBySM3State> {
  const { b1, b2, eps } = options("scaleBySm3", opts, SM3_DEFAULTS);
  const c0 = b2 !== 1 ? 1 - b2 : 1;
  const isAccums = (x: unknown) => globalThis.Array.isArray(x) && x.every((y) => !globalThis.Array.isArray(y) && y !== null && typeof y === "object");
  return gradientTransformation<ScaleBySM3State>(
    (params) => ({ mu: tree.map((p: Array) => p.shape.map((s) => np.zeros([s], { dtype: p.dtype })), params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleBySm3", updates, state.nu, ["updates", "state.nu"]);
      const [gs, def] = tree.flatten(updates) as [Array[], ReturnType<typeof tree.structure>];
      const muLeaves = tree.flatten(state.mu, { isLeaf: isAccums })[0] as Array[][];
      if (muLeaves.length !== gs.length) throw new TypeError(`scaleBySm3: state.mu has ${muLeaves.length} leaves' accumulators, the updates have ${gs.length} leaves.`);
      const ups: Array[] = [];
      const newMu: Array[][] = [];
      gs.forEach((g, k) => {
        const v = muLeaves[k]!.map((m, i) => m.reshape(g.shape.map((s, j) => (j === i ? s : 1))));
        const g2 = np.multiply(c0, np.square(g));
        const accum = g.ndim < 2 ? np.add(g2, np.multiply(b2, v[0]!)) : np.add(g2, np.multiply(b2, v.reduce((a, b) => np.minimum(a, b))));
        ups.push(np.multiply(g, np.where(accum.gt(0), np.rsqrt(np.add(accum, eps)), 0)));
        newMu.push(g.shape.map((_, i) => (g.ndim < 2 ? accum : accum.max(g.shape.map((_s, j) => j).filter((j) => j !== i)))));
      });
      const nu = treeUpdateMoment(tree.unflatten(def, ups), state.nu, b1, 1);
      return [nu, { mu: tree.unflatten(def, newMu), nu }];
    },
  );
}
defineSignature(scaleBySm3, [], SM3_DEFAULTS);

/** State of `scaleByRprop`. */
export interface ScaleByRpropState<P = any> {
  stepSizes: P;
  prevUpdates: P;
}

/** Options of `scaleByRprop` (and `rprop`). */
export interface RpropOptions {
  /** Factor of the step size when the gradient changes sign (default 0.5). */
  etaMinus?: Hyper;
  /** Factor of the step size when it keeps its sign (default 1.2). */
  etaPlus?: Hyper;
  minStepSize?: Hyper;
  maxStepSize?: Hyper;
}

/** Defaults of `scaleByRprop`. @internal */
export const RPROP_DEFAULTS = { etaMinus: 0.5 as Hyper, etaPlus: 1.2 as Hyper, minStepSize: 1e-6 as Hyper, maxStepSize: 50 as Hyper };

/**
 * Rprop, as optax 0.2.8: per-element step sizes that grow while the gradient keeps its sign and
 * shrink when it flips; the update returned at a step is the one computed at the previous step
 * (zero at the first), and zero where the sign flipped.
 *
 * @example
 * const opt = chain(scaleByRprop(0.01), scale(-1));
 */
export function scaleByRprop(learningRate: Hyper, opts: RpropOptions = {}): GradientTransformation<ScaleByRpropState> {
  const { etaMinus, etaPlus, minStepSize, maxStepSize } = options("scaleByRprop", opts, RPROP_DEFAULTS);
  return gradientTransformation<ScaleByRpropState>(
    (params) => ({ stepSizes: treeFullLike(params, learningRate), prevUpdates: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByRprop", updates, state.stepSizes, ["updates", "state.stepSizes"]);
      const sign = tree.map((g: Array, p: Array) => np.multiply(g, p), updates, state.prevUpdates);
      const stepSizes = tree.map((s: Array, st: Array) =>
        np.where(s.eq(0), st, np.clip(np.multiply(st, np.where(s.gt(0), etaPlus, etaMinus)), minStepSize, maxStepSize)), sign, state.stepSizes);
      const prevUpdates = tree.map((s: Array, g: Array, st: Array) => np.where(s.lt(0), np.zerosLike(g), np.multiply(st, np.sign(g))), sign, updates, stepSizes);
      const out = tree.map((s: Array, p: Array) => np.where(s.lt(0), np.zerosLike(p), p), sign, state.prevUpdates);
      return [out, { stepSizes, prevUpdates }];
    },
  );
}
defineSignature(scaleByRprop, ["learningRate"], RPROP_DEFAULTS);

/** Options of `scaleByPolyak`. */
export interface ScaleByPolyakOptions {
  /** A lower bound of the objective (default 0). */
  fMin?: Hyper;
  maxLearningRate?: Hyper;
  eps?: Hyper;
  /** "sps" (default) or "sps+", which clips the gap `f(x) - fMin` at 0. */
  variant?: "sps" | "sps+";
}

/** Defaults of `scaleByPolyak`. @internal */
export const POLYAK_DEFAULTS = { fMin: 0 as Hyper, maxLearningRate: 1 as Hyper, eps: 0 as Hyper, variant: "sps" as "sps" | "sps+" };

/**
 * Polyak step size: scales updates by `min((f(x) - fMin) / (||g||^2 + eps), maxLearningRate)`.
 * Needs the loss value: `update(grads, state, params, { value })`.
 *
 * @example
 * const [u, s] = scaleByPolyak().update(grads, state, params, { value: loss });
 */
export function scaleByPolyak(opts: ScaleByPolyakOptions = {}): GradientTransformation<EmptyState> {
  const { fMin, maxLearningRate, eps, variant } = options("scaleByPolyak", opts, POLYAK_DEFAULTS);
  if (variant !== "sps" && variant !== "sps+") throw new RangeError(`scaleByPolyak: variant must be "sps" or "sps+", got ${String(variant)}.`);
  return gradientTransformation<EmptyState>(
    initEmptyState,
    (updates, state, _params, extra) => {
      if (!extra || extra.value === undefined) throw new TypeError("scaleByPolyak: pass the loss value: update(grads, state, params, { value }).");
      const sq = treeNorm(updates, { squared: true });
      let gap = np.subtract(extra.value, fMin).astype(sq.dtype);
      if (variant === "sps+") gap = nn.relu(gap);
      const denom = np.add(sq, eps);
      const step = np.where(denom.le(2.220446049250313e-16), 0, np.minimum(np.divide(gap, denom), maxLearningRate));
      return [treeScale(step, updates), state];
    },
  );
}
defineSignature(scaleByPolyak, [], POLYAK_DEFAULTS);
