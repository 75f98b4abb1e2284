/** `lbfgs`: L-BFGS with a zoom line search (optax `lbfgs`). */
import { type GradientTransformation, type ScalarOrSchedule, chain } from "../base.js";
import { scale, scaleByLearningRate } from "../transforms/scale.js";
import { type ZoomLinesearchOptions, scaleByZoomLinesearch } from "./zoom-linesearch.js";
import { scaleByLbfgs } from "./scale-by-lbfgs.js";
import { checkLearningRate } from "../validate.js";

/** Options of `lbfgs`. */
export interface LbfgsOptions {
  memorySize?: number;
  scaleInitPrecond?: boolean;
  /**
   * Zoom (strong Wolfe) line-search options, or null for none (then a learning rate is
   * required). Defaults as optax's `lbfgs`: 15 steps, initial step 1, c1 = 1e-4, c2 = 0.9.
   */
  linesearch?: ZoomLinesearchOptions | null;
}

/**
 * L-BFGS: `chain(scaleByLbfgs, scaleByLearningRate(lr) or scale(-1), scaleByZoomLinesearch)`.
 * With the line search, pass the objective: `update(grads, state, params, { value, grad, valueFn })`.
 *
 * @example
 * const opt = lbfgs();
 * const [value, g] = valueAndGrad(f)(params);
 * const [u, state2] = opt.update(g, state, params, { value, grad: g, valueFn: f });
 */
export function lbfgs(learningRate: ScalarOrSchedule | null = null, opts: LbfgsOptions = {}): GradientTransformation<any[]> {
  if (learningRate !== null) checkLearningRate("lbfgs", learningRate);
  const { memorySize = 10, scaleInitPrecond = true, linesearch = {} } = opts;
  if (learningRate === null && linesearch === null) throw new TypeError("lbfgs: give a learning rate or a line search.");
  const txs: GradientTransformation[] = [scaleByLbfgs({ memorySize, scaleInitPrecond }), learningRate === null ? scale(-1) : scaleByLearningRate(learningRate)];
  if (linesearch !== null) txs.push(scaleByZoomLinesearch({ maxLinesearchSteps: 15, ...linesearch }));
  return chain(...txs) as GradientTransformation<any[]>;
}
