/** Straight-through gradients for categorical samples (distrax's `straight_through_wrapper`). */
import { type Array, np, stopGradient } from "tsjax-core";
import { Categorical } from "./categorical.js";
import type { SampleOptions } from "./distribution.js";

/**
 * A subclass of a categorical class (typically `OneHotCategorical`) whose samples carry the
 * gradient of the probabilities (Bengio et al., 2013): the values are the samples, the
 * derivative is that of `probs`.
 *
 * @example
 * const StraightThroughOneHot = straightThroughWrapper(OneHotCategorical);
 * const d = new StraightThroughOneHot({ logits });
 * grad((l) => loss(new StraightThroughOneHot({ logits: l }).sample({ seed })))(logits);
 */
export function straightThroughWrapper<C extends abstract new (...args: any[]) => Categorical>(Base: C): C {
  abstract class StraightThrough extends Base {
    override sample(opts: SampleOptions): Array {
      const s = super.sample(opts);
      let p = this.probs;
      while (p.ndim < s.ndim) p = p.expandDims(0);
      return np.add(s, p.sub(stopGradient(p)));
    }
  }
  Object.defineProperty(StraightThrough, "name", { value: `StraightThrough${Base.name}` });
  return StraightThrough as unknown as C;
}
