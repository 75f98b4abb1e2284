/** `sgd`: stochastic gradient descent, with optional (Nesterov) momentum. */
import type { DType } from "tsjax-core";
import { type GradientTransformation, type Hyper, type ScalarOrSchedule, chain, identity } from "../base.js";
import { scaleByLearningRate } from "../transforms/scale.js";
import { trace } from "../transforms/trace.js";
import { checkHyper, checkLearningRate } from "../validate.js";

/** Options of `sgd`. */
export interface SgdOptions {
  /** Momentum decay; none when undefined (default). */
  momentum?: Hyper | null;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  accumulatorDtype?: DType;
}

/**
 * SGD: `chain(trace({decay: momentum, nesterov}), scaleByLearningRate(lr))`.
 *
 * @example
 * const opt = sgd(0.1, { momentum: 0.9, nesterov: true });
 */
export function sgd(learningRate: ScalarOrSchedule, opts: SgdOptions = {}): GradientTransformation<[any, any]> {
  checkLearningRate("sgd", learningRate);
  checkHyper("sgd", "momentum", opts.momentum, { nonNegative: true });
  const m = opts.momentum;
  return chain(
    m === undefined || m === null ? identity() : trace({ decay: m, nesterov: opts.nesterov ?? false, accumulatorDtype: opts.accumulatorDtype }),
    scaleByLearningRate(learningRate),
  );
}
