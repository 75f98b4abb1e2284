/** Momentum accumulators: `trace` (heavy-ball / Nesterov) and `ema`. */
import { type Array, type DType, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { castTo, treeBiasCorrection, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { checkSameTree } from "../validate.js";

/** State of `trace`. */
export interface TraceState<P = any> {
  trace: P;
}

/** Options of `trace`. */
export interface TraceOptions {
  /** Momentum decay (default 0.9). */
  decay?: Hyper;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Dtype of the accumulator (default: the params'). */
  accumulatorDtype?: DType;
}

/**
 * Momentum: `t = g + decay * t`; the update is `t` (or `g + decay * t` with Nesterov).
 *
 * @example
 * const momentumSgd = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01));
 */
export function trace(opts: TraceOptions = {}): GradientTransformation<TraceState> {
  const { decay = 0.9, nesterov = false, accumulatorDtype } = opts;
  return gradientTransformation<TraceState>(
    (params) => ({ trace: treeZerosLike(params, accumulatorDtype) }),
    (updates, state) => {
      checkSameTree("trace", updates, state.trace, ["updates", "state.trace"]);
      const f = (g: Array, t: Array) => np.add(g, np.multiply(decay, t));
      const newTrace = tree.map((g: Array, t: Array) => castTo(f(g, t), t.dtype), updates, state.trace);
      const out = nesterov ? tree.map((g: Array, t: Array) => castTo(f(g, t), g.dtype), updates, newTrace) : tree.map((g: Array, t: Array) => castTo(t, g.dtype), updates, newTrace);
      return [out, { trace: newTrace }];
    },
  );
}

/** State of `ema`. */
export interface EmaState<P = any> {
  count: Array;
  ema: P;
}

/** Options of `ema`. */
export interface EmaOptions {
  /** Debias the average (default true). */
  debias?: boolean;
  accumulatorDtype?: DType;
}

/**
 * Exponential moving average of the updates: `ema = (1 - decay) * g + decay * ema`.
 *
 * @example
 * const smoothed = chain(ema(0.9), scaleByLearningRate(0.1));
 */
export function ema(decay: Hyper, opts: EmaOptions = {}): GradientTransformation<EmaState> {
  const { debias = true, accumulatorDtype } = opts;
  return gradientTransformation<EmaState>(
    (params) => ({ count: zeroCount(params), ema: treeZerosLike(params, accumulatorDtype) }),
    (updates, state) => {
      checkSameTree("ema", updates, state.ema, ["updates", "state.ema"]);
      const e = treeUpdateMoment(updates, state.ema, decay, 1);
      const count = safeIncrement(state.count);
      const out = debias ? treeBiasCorrection(e, decay, count) : e;
      return [tree.map((g: Array, o: Array) => castTo(o, g.dtype), updates, out), { count, ema: e }];
    },
  );
}
