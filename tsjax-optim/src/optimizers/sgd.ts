/** `sgd`: stochastic gradient descent, with optional (Nesterov) momentum. */
import type { DType } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain, identity } from "../base.js";
import { defineSignature, options } from "../options.js";
import { scaleByLearningRate } from "../transforms/scale.js";
import { trace } from "../transforms/trace.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/** Options of `sgd`. */
export interface SgdOptions {
  /** Momentum decay; none when null (default). */
  momentum?: Hyper | null;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  accumulatorDtype?: DType | null;
}

const SGD_DEFAULTS = { momentum: null as Hyper | null, nesterov: false, accumulatorDtype: null as DType | null };

/**
 * SGD: `chain(trace(momentum, { nesterov }), scaleByLearningRate(lr))`.
 *
 * @example
 * const opt = sgd(0.1, { momentum: 0.9, nesterov: true });
 */
export function sgd(learningRate: ScalarOrSchedule, opts: SgdOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("sgd", learningRate);
  const { momentum, nesterov, accumulatorDtype } = options("sgd", opts, SGD_DEFAULTS);
  checkHyper("sgd", "momentum", momentum, { nonNegative: true });
  return chain(momentum === null ? identity() : trace(momentum, { nesterov, accumulatorDtype }), scaleByLearningRate(learningRate));
}
defineSignature(sgd, ["learningRate"], SGD_DEFAULTS);
