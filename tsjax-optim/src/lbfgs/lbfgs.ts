/** `lbfgs`: L-BFGS with a line search (optax `lbfgs`), and `valueAndGradFromState`. */
import { type Array, lax, np, valueAndGrad } from "tsjax-core";
import { type GradientTransformation, type ScalarOrSchedule, chain, identity } from "../base.js";
import { defineSignature, options } from "../options.js";
import { scale, scaleByLearningRate } from "../transforms/scale.js";
import { treeGet } from "../tree-utils.js";
import { checkHyper } from "../validate.js";
import { scaleByLbfgs } from "./scale-by-lbfgs.js";
import { scaleByZoomLinesearch } from "./zoom-linesearch.js";

/** Options of `lbfgs`. */
export interface LbfgsOptions {
  /** Number of (s, y) pairs kept (default 10). */
  memorySize?: number;
  /** Scale the initial inverse Hessian as optax does (default true). */
  scaleInitPrecond?: boolean;
  /**
   * The line search, a transformation, or null for none (then the learning rate is used).
   * Default: `scaleByZoomLinesearch(20, { initialGuessStrategy: "one" })`, as optax.
   */
  linesearch?: GradientTransformation | null;
}

const LBFGS_DEFAULTS = { memorySize: 10, scaleInitPrecond: true, linesearch: undefined as GradientTransformation | null | undefined };

/**
 * L-BFGS: `chain(scaleByLbfgs, scaleByLearningRate(lr) or scale(-1), linesearch)`. With a line
 * search, pass the objective: `update(grads, state, params, { value, grad, valueFn })`.
 *
 * @example
 * const opt = lbfgs();
 * const [value, g] = valueAndGrad(f)(params);
 * const [u, state2] = opt.update(g, state, params, { value, grad: g, valueFn: f });
 */
export function lbfgs(learningRate: ScalarOrSchedule | null = null, opts: LbfgsOptions = {}): GradientTransformation<any[]> {
  if (learningRate !== null) checkHyper("lbfgs", "learningRate", learningRate);
  const { memorySize, scaleInitPrecond, linesearch } = options("lbfgs", opts, LBFGS_DEFAULTS);
  const ls = linesearch === undefined ? scaleByZoomLinesearch(20, { initialGuessStrategy: "one" }) : linesearch === null ? identity() : linesearch;
  if (typeof ls.init !== "function" || typeof ls.update !== "function") throw new TypeError("lbfgs: linesearch must be a gradient transformation (e.g. scaleByZoomLinesearch(20)) or null.");
  return chain(scaleByLbfgs({ memorySize, scaleInitPrecond }), learningRate === null ? scale(-1) : scaleByLearningRate(learningRate), ls) as GradientTransformation<any[]>;
}
defineSignature(lbfgs, ["learningRate"], LBFGS_DEFAULTS, { positionalDefaults: { learningRate: null }, static: ["memorySize", "linesearch"] });

/**
 * `valueAndGrad(valueFn)`, reusing the value and gradient that a line search stored in the
 * optimizer state (`state.value`, `state.grad`) when the value is finite (optax
 * `value_and_grad_from_state`).
 *
 * @example
 * const vg = valueAndGradFromState(f);
 * const [value, g] = vg(params, { state });
 */
export function valueAndGradFromState<P>(valueFn: (params: P, ...args: any[]) => Array): (params: P, opts: { state: unknown; args?: unknown[] }) => [Array, P] {
  return (params, opts) => {
    const { state, args } = options("valueAndGradFromState", opts, { state: undefined as unknown, args: [] as unknown[] });
    const value = treeGet(state, "value") as Array | null;
    const grad = treeGet(state, "grad") as P | null;
    if (value === null || grad === null) throw new TypeError("valueAndGradFromState: the state holds no value or grad; use an optimizer whose line search stores them (e.g. lbfgs).");
    const ok = np.logicalAnd(np.logicalNot(np.isinf(value)), np.logicalNot(np.isnan(value)));
    return lax.cond(ok, () => [value, grad] as [Array, P], () => valueAndGrad((p: P) => valueFn(p, ...args))(params) as [Array, P]);
  };
}
