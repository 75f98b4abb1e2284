/** `addDecayedWeights`: decoupled weight decay. */
import { np } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, statelessMap } from "../base.js";
import { castTo } from "../tree-math.js";
import { checkHyper } from "../validate.js";
import { type MaskedState, masked } from "../wrappers/masked.js";
import type { MaskOrFn } from "../wrappers/mask-utils.js";

/**
 * Adds `weightDecay * params` to the updates; with `mask`, only to the leaves it selects.
 *
 * @example
 * const opt = chain(scaleByAdam(), addDecayedWeights(1e-4, (p) => tree.map((x) => x.ndim > 1, p)), scaleByLearningRate(1e-3));
 */
export function addDecayedWeights(weightDecay: Hyper = 0, mask?: MaskOrFn | null): GradientTransformation<EmptyState | MaskedState<EmptyState>> {
  checkHyper("addDecayedWeights", "weightDecay", weightDecay);
  const t = statelessMap((u, p) => castTo(np.add(u, np.multiply(weightDecay, p!)), u.dtype), true, "addDecayedWeights");
  return mask === undefined || mask === null || mask === true ? t : masked(t, mask);
}
