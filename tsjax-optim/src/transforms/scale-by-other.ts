/** Other preconditioners: lion, novograd, sm3, rprop, polyak. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { castTo, treeFull, treeL2Norm, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { checkSameTree, needParams } from "../validate.js";

/** State of `scaleByLion`. */
export interface ScaleByLionState<P = any> {
  count: Array;
  mu: P;
}

/**
 * Lion's update: `sign((1 - b1) g + b1 mu)`, then `mu = (1 - b2) g + b2 mu`.
 *
 * @example
 * const opt = chain(scaleByLion(), scaleByLearningRate(1e-4));
 */
export function scaleByLion(opts: { b1?: Hyper; b2?: Hyper } = {}): GradientTransformation<ScaleByLionState> {
  const { b1 = 0.9, b2 = 0.99 } = opts;
  return gradientTransformation<ScaleByLionState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByLion", updates, state.mu, ["updates", "state.mu"]);
      const out = tree.map((g: Array, m: Array) => castTo(np.sign(np.add(np.multiply(np.subtract(1, b1), g), np.multiply(b1, m))), g.dtype), updates, state.mu);
      const mu = treeUpdateMoment(updates, state.mu, b2, 1);
      return [out, { count: safeIncrement(state.count), mu }];
    },
  );
}

/** State of `scaleByNovograd`: `nu` holds one scalar per leaf. */
export interface ScaleByNovogradState<P = any> {
  count: Array;
  mu: P;
  nu: P;
}

/**
 * NovoGrad: layer-wise second moments (one scalar per leaf) and weight decay inside the moment.
 *
 * @example
 * const opt = chain(scaleByNovograd(), scaleByLearningRate(1e-2));
 */
export function scaleByNovograd(opts: { b1?: Hyper; b2?: Hyper; eps?: Hyper; epsRoot?: Hyper; weightDecay?: Hyper } = {}): GradientTransformation<ScaleByNovogradState> {
  const { b1 = 0.9, b2 = 0.25, eps = 1e-6, epsRoot = 0, weightDecay = 0 } = opts;
  return gradientTransformation<ScaleByNovogradState>(
    (params) => ({ count: zeroCount(params), mu: treeZerosLike(params), nu: tree.map(() => np.zeros([]), params) }),
    (updates, state, params) => {
      needParams("scaleByNovograd", params);
      checkSameTree("scaleByNovograd", updates, state.mu, ["updates", "state.mu"]);
      const first = state.count.eq(0);
      const sq = tree.map((g: Array) => np.square(g).sum(), updates);
      const nu = tree.map((s: Array, v: Array) => np.where(first, s, np.add(np.multiply(np.subtract(1, b2), s), np.multiply(b2, v))), sq, state.nu);
      const add = tree.map((g: Array, p: Array, v: Array) => np.add(np.divide(g, np.add(np.sqrt(np.add(v, epsRoot)), eps)), np.multiply(weightDecay, p)), updates, params, nu);
      const mu = tree.map((a: Array, m: Array) => np.where(first, a, np.add(np.multiply(b1, m), a)), add, state.mu);
      return [tree.map((g: Array, m: Array) => castTo(m, g.dtype), updates, mu), { count: safeIncrement(state.count), mu, nu }];
    },
  );
}

/** State of `scaleBySm3`: `mu` holds, per leaf, one accumulator vector per axis. */
export interface ScaleBySm3State<P = any> {
  mu: unknown;
  nu: P;
}

/**
 * SM3: memory-efficient adaptive preconditioning with one accumulator per axis.
 *
 * @example
 * const opt = chain(scaleBySm3(), scaleByLearningRate(1));
 */
export function scaleBySm3(opts: { b1?: Hyper; b2?: number; eps?: Hyper } = {}): GradientTransformation<ScaleBySm3State> {
  const { b1 = 0.9, b2 = 1, eps = 1e-8 } = opts;
  const c0 = b2 !== 1 ? 1 - b2 : 1;
  return gradientTransformation<ScaleBySm3State>(
    (params) => ({ mu: tree.map((p: Array) => p.shape.map((s) => np.zeros([s])), params), nu: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleBySm3", updates, state.nu, ["updates", "state.nu"]);
      const [gs, def] = tree.flatten(updates) as [Array[], ReturnType<typeof tree.structure>];
      const muLeaves = tree.flatten(state.mu, { isLeaf: (x) => globalThis.Array.isArray(x) && x.every((y) => !globalThis.Array.isArray(y) && y !== null && typeof y === "object") })[0] as Array[][];
      if (muLeaves.length !== gs.length) throw new TypeError(`scaleBySm3: state.mu has ${muLeaves.length} leaves' accumulators, the updates have ${gs.length} leaves.`);
      const ups: Array[] = [];
      const newMu: Array[][] = [];
      gs.forEach((g, k) => {
        const v = muLeaves[k]!.map((m, i) => m.reshape(g.shape.map((s, j) => (j === i ? s : 1))));
        const g2 = np.multiply(c0, np.square(g));
        const accum = v.length === 0 ? g2 : np.add(g2, np.multiply(b2, g.ndim < 2 ? v[0]! : v.reduce((a, b) => np.minimum(a, b))));
        const inv = np.where(accum.gt(0), np.divide(1, np.sqrt(np.add(accum, eps))), 0);
        ups.push(castTo(np.multiply(g, inv), g.dtype));
        newMu.push(g.shape.map((_, i) => (g.ndim < 2 ? accum : accum.max(g.shape.map((_s, j) => j).filter((j) => j !== i)))));
      });
      const up = tree.unflatten(def, ups);
      const nu = treeUpdateMoment(up, state.nu, b1, 1);
      return [tree.map((g: Array, n: Array) => castTo(n, g.dtype), updates, nu), { mu: tree.unflatten(def, newMu), nu }];
    },
  );
}

/** State of `scaleByRprop`. */
export interface ScaleByRpropState<P = any> {
  stepSizes: P;
  prevUpdates: P;
}

/** Options of `scaleByRprop`. */
export interface RpropOptions {
  etaMinus?: number;
  etaPlus?: number;
  minStepSize?: number;
  maxStepSize?: number;
}

/**
 * Rprop: per-element step sizes that grow while the gradient keeps its sign and shrink when it flips.
 *
 * @example
 * const opt = chain(scaleByRprop(0.01), scale(-1));
 */
export function scaleByRprop(learningRate: number, opts: RpropOptions = {}): GradientTransformation<ScaleByRpropState> {
  const { etaMinus = 0.5, etaPlus = 1.2, minStepSize = 1e-6, maxStepSize = 50 } = opts;
  return gradientTransformation<ScaleByRpropState>(
    (params) => ({ stepSizes: treeFull(params, learningRate), prevUpdates: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("scaleByRprop", updates, state.stepSizes, ["updates", "state.stepSizes"]);
      const sign = tree.map((g: Array, p: Array) => np.multiply(g, p), updates, state.prevUpdates);
      const stepSizes = tree.map((s: Array, st: Array) =>
        np.where(s.gt(0), np.minimum(np.multiply(st, etaPlus), maxStepSize), np.where(s.lt(0), np.maximum(np.multiply(st, etaMinus), minStepSize), st)), sign, state.stepSizes);
      const prevUpdates = tree.map((s: Array, g: Array) => np.where(s.lt(0), 0, g), sign, updates);
      const out = tree.map((s: Array, g: Array, st: Array) => castTo(np.where(s.lt(0), 0, np.multiply(st, np.sign(g))), g.dtype), sign, prevUpdates, stepSizes);
      return [out, { stepSizes, prevUpdates }];
    },
  );
}

/**
 * Polyak step size: scales updates by `min((f(x) - fMin) / ||g||^2, maxLearningRate)`.
 * Needs the loss value: `update(grads, state, params, { value })`.
 *
 * @example
 * const [u, s] = scaleByPolyak().update(grads, state, params, { value: loss });
 */
export function scaleByPolyak(opts: { fMin?: number; maxLearningRate?: Hyper; eps?: Hyper } = {}): GradientTransformation<Record<string, never>> {
  const { fMin = 0, maxLearningRate = 1, eps = 0 } = opts;
  return gradientTransformation<Record<string, never>>(
    () => ({}),
    (updates, state, _params, extra) => {
      if (!extra || extra.value === undefined) throw new TypeError("scaleByPolyak: pass the loss value: update(grads, state, params, { value }).");
      const sq = treeL2Norm(updates, true);
      const gap = np.subtract(extra.value, fMin);
      const denom = np.add(sq, eps);
      const step = np.where(denom.le(2.220446049250313e-16), 0, np.minimum(np.divide(gap, denom), maxLearningRate));
      return [tree.map((g: Array) => castTo(np.multiply(step, g), g.dtype), updates), state];
    },
  );
}
