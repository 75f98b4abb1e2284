/** `addDecayedWeights`: decoupled weight decay. */
import { type Array, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type ScalarOrSchedule, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature } from "../options.js";
import { checkHyper, needParams } from "../validate.js";
import { type MaskedState, masked } from "../wrappers/masked.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";

/** State of `addDecayedWeights` with a schedule (optax `WeightDecaySchedule`): the step count. */
export interface WeightDecayScheduleState {
  count: Array;
}

/** State of `addDecayedWeights` (optax `AddDecayedWeightsState`). */
export type AddDecayedWeightsState = EmptyState | WeightDecayScheduleState | MaskedState;

/**
 * Adds `weightDecay * params` to the updates (`weightDecay` may be a schedule of the step);
 * with `mask`, only to the leaves it selects.
 *
 * @example
 * const opt = chain(scaleByAdam(), addDecayedWeights(1e-4, (p) => tree.map((x) => x.ndim > 1, p)), scaleByLearningRate(1e-3));
 */
export function addDecayedWeights(weightDecay: ScalarOrSchedule = 0, mask: MaskOrFn | null = null): GradientTransformation<AddDecayedWeightsState> {
  checkHyper("addDecayedWeights", "weightDecay", weightDecay);
  const isSchedule = typeof weightDecay === "function";
  const t = gradientTransformation<any>(
    (params) => (isSchedule ? { count: zeroCount(params) } : {}),
    (updates, state, params) => {
      needParams("addDecayedWeights", params);
      const next = isSchedule ? { count: safeIncrement(state.count) } : state;
      if (weightDecay === 0) return [updates, next];
      const s = isSchedule ? weightDecay(state.count) : weightDecay;
      return [tree.map((g: Array, p: Array) => np.add(g, np.multiply(s, p)), updates, params), next];
    },
  );
  return mask === undefined || mask === null ? t : masked(t, mask);
}
defineSignature(addDecayedWeights, ["weightDecay", "mask"], {}, { positionalDefaults: { weightDecay: 0, mask: null } });
