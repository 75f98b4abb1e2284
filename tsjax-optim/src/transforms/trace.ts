/** Momentum accumulators: `trace` (heavy-ball / Nesterov) and `ema`. */
import { type Array, type DType, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { treeBiasCorrection, treeCast, treeUpdateMoment, treeZerosLike } from "../tree-math.js";
import { checkHyper, checkSameTree } from "../validate.js";

/** State of `trace`. */
export interface TraceState<P = any> {
  trace: P;
}

/** Options of `trace`. */
export interface TraceOptions {
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Dtype of the accumulator (default: the params'). */
  accumulatorDtype?: DType | null;
}

/** Defaults of `trace`. @internal */
export const TRACE_DEFAULTS = { nesterov: false, accumulatorDtype: null as DType | null };

/**
 * Momentum: `t = g + decay * t`; the update is `t` (or `g + decay * t` with Nesterov).
 *
 * @example
 * const momentumSgd = chain(trace(0.9), scaleByLearningRate(0.01));
 */
export function trace(decay: Hyper, opts: TraceOptions = {}): GradientTransformation<TraceState> {
  if (decay === undefined || decay === null) throw new TypeError("trace: decay is required (e.g. trace(0.9)).");
  checkHyper("trace", "decay", decay);
  const { nesterov, accumulatorDtype } = options("trace", opts, TRACE_DEFAULTS);
  const f = (g: Array, t: Array) => np.add(g, np.multiply(decay, t));
  return gradientTransformation<TraceState>(
    (params) => ({ trace: treeZerosLike(params, accumulatorDtype) }),
    (updates, state) => {
      checkSameTree("trace", updates, state.trace, ["updates", "state.trace"]);
      const newTrace = tree.map(f, updates, state.trace);
      const out = nesterov ? tree.map(f, updates, newTrace) : newTrace;
      return [out, { trace: treeCast(newTrace, accumulatorDtype) }];
    },
  );
}
defineSignature(trace, ["decay"], TRACE_DEFAULTS);

/** State of `ema`. */
export interface EmaState<P = any> {
  count: Array;
  ema: P;
}

/** Options of `ema`. */
export interface EmaOptions {
  /** Debias the average (default true). */
  debias?: boolean;
  accumulatorDtype?: DType | null;
}

/** Defaults of `ema`. @internal */
export const EMA_DEFAULTS = { debias: true, accumulatorDtype: null as DType | null };

/**
 * Exponential moving average of the updates: `ema = (1 - decay) * g + decay * ema`.
 *
 * @example
 * const smoothed = chain(ema(0.9), scaleByLearningRate(0.1));
 */
export function ema(decay: Hyper, opts: EmaOptions = {}): GradientTransformation<EmaState> {
  if (decay === undefined || decay === null) throw new TypeError("ema: decay is required (e.g. ema(0.9)).");
  checkHyper("ema", "decay", decay);
  const { debias, accumulatorDtype } = options("ema", opts, EMA_DEFAULTS);
  return gradientTransformation<EmaState>(
    (params) => ({ count: zeroCount(params), ema: treeZerosLike(params, accumulatorDtype) }),
    (updates, state) => {
      checkSameTree("ema", updates, state.ema, ["updates", "state.ema"]);
      const e = treeUpdateMoment(updates, state.ema, decay, 1);
      const count = safeIncrement(state.count);
      return [debias ? treeBiasCorrection(e, decay, count) : e, { count, ema: treeCast(e, accumulatorDtype) }];
    },
  );
}
defineSignature(ema, ["decay"], EMA_DEFAULTS);
