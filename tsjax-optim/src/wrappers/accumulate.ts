/** Gradient accumulation: `multiSteps` and `applyEvery`. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { treeWhere, treeZerosLike } from "../tree-math.js";
import { checkSameTree } from "../validate.js";

/** State of `multiSteps`. */
export interface MultiStepsState<S = any, P = any> {
  miniStep: Array;
  gradientStep: Array;
  innerOptState: S;
  accGrads: P;
}

function checkK(op: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${op}: everyKSteps must be a positive integer, got ${k}.`);
}

/**
 * Gradient accumulation (optax `MultiSteps`): averages `everyKSteps` gradients, then applies
 * `opt` once to the mean; the steps in between return zero updates.
 *
 * @example
 * const opt = multiSteps(adam(1e-3), 4);
 */
export function multiSteps<S>(opt: GradientTransformation<S>, everyKSteps: number): GradientTransformation<MultiStepsState<S>> & { hasUpdated(state: MultiStepsState<S>): Array } {
  checkK("multiSteps", everyKSteps);
  const t = gradientTransformation<MultiStepsState<S>>(
    (params) => ({ miniStep: zeroCount(params), gradientStep: zeroCount(params), innerOptState: opt.init(params), accGrads: treeZerosLike(params) }),
    (updates, state, params, extra) => {
      checkSameTree("multiSteps", updates, state.accGrads, ["updates", "state.accGrads"]);
      const n = state.miniStep.add(1).astype("float32");
      const acc = tree.map((u: Array, a: Array) => np.add(a, np.divide(np.subtract(u, a), n)), updates, state.accGrads);
      const emit = state.miniStep.eq(everyKSteps - 1);
      const [fu, fs] = opt.update(acc, state.innerOptState, params, extra);
      return [
        tree.map((u: Array) => np.where(emit, u, np.zerosLike(u)), fu),
        {
          miniStep: np.where(emit, 0, state.miniStep.add(1)).astype("int32"),
          gradientStep: np.where(emit, safeIncrement(state.gradientStep), state.gradientStep),
          innerOptState: treeWhere(emit, fs, state.innerOptState),
          accGrads: tree.map((a: Array) => np.where(emit, np.zerosLike(a), a), acc),
        },
      ];
    },
  );
  return Object.assign(t, { hasUpdated: (state: MultiStepsState<S>) => np.logicalAnd(state.miniStep.eq(0), state.gradientStep.gt(0)) });
}

/** State of `applyEvery`. */
export interface ApplyEveryState<P = any> {
  count: Array;
  gradAcc: P;
}

/**
 * Sums updates over `k` steps and emits the sum every `k`-th step (zeros otherwise).
 *
 * @example
 * const opt = chain(applyEvery(4), sgd(0.1));
 */
export function applyEvery(k = 1): GradientTransformation<ApplyEveryState> {
  checkK("applyEvery", k);
  return gradientTransformation<ApplyEveryState>(
    (params) => ({ count: zeroCount(params), gradAcc: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("applyEvery", updates, state.gradAcc, ["updates", "state.gradAcc"]);
      const c = state.count.mod(k);
      const acc = c.ne(0);
      const gradAcc = tree.map((g: Array, ga: Array) => np.add(np.where(acc, ga, np.zerosLike(ga)), g), updates, state.gradAcc);
      const emit = c.eq(k - 1);
      return [tree.map((ga: Array) => np.where(emit, ga, np.zerosLike(ga)), gradAcc), { count: safeIncrement(state.count), gradAcc }];
    },
  );
}
