/** Gradient clipping: `clip`, `clipByGlobalNorm`, `clipByBlockRms`, `adaptiveGradClip`. */
import { type Array, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, gradientTransformation, statelessMap } from "../base.js";
import { castTo, treeL2Norm } from "../tree-math.js";
import { checkHyper } from "../validate.js";

/**
 * Clips each update element to `[-maxDelta, maxDelta]`.
 *
 * @example
 * const opt = chain(clip(1.0), sgd(0.1));
 */
export function clip(maxDelta: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clip", "maxDelta", maxDelta, { nonNegative: true });
  return statelessMap((u) => castTo(np.clip(u, np.negative(maxDelta), maxDelta), u.dtype));
}

/**
 * Rescales all updates so that their global L2 norm is at most `maxNorm`.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1.0), adamw(1e-3));
 */
export function clipByGlobalNorm(maxNorm: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clipByGlobalNorm", "maxNorm", maxNorm, { positive: true });
  return gradientTransformation<EmptyState>(
    () => ({}),
    (updates, state) => {
      const g = treeL2Norm(updates);
      const trigger = g.lt(maxNorm);
      return [tree.map((t: Array) => np.where(trigger, t, castTo(np.multiply(np.divide(t, g), maxNorm), t.dtype)), updates), state];
    },
  );
}

/**
 * Clips each update leaf so that its root mean square is at most `threshold`.
 *
 * @example
 * const opt = chain(clipByBlockRms(1.0), sgd(0.1));
 */
export function clipByBlockRms(threshold: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clipByBlockRms", "threshold", threshold, { positive: true });
  return statelessMap((u) => {
    const denom = np.maximum(1, np.divide(np.sqrt(np.square(u).mean()), threshold));
    return castTo(np.divide(u, denom), u.dtype);
  });
}

/** Unit-wise norm (optax): over everything for scalars/vectors, over all but the last axis otherwise. @internal */
export function unitwiseNorm(x: Array): Array {
  const squeezedNdim = x.shape.filter((d) => d !== 1).length;
  let sq: Array;
  if (squeezedNdim <= 1) sq = np.square(x).sum(null, { keepdims: true });
  else if (x.ndim >= 2 && x.ndim <= 4) sq = np.square(x).sum([...globalThis.Array(x.ndim - 1).keys()], { keepdims: true });
  else throw new RangeError(`adaptiveGradClip: expected a parameter of rank 0 to 4, got shape [${x.shape.join(",")}].`);
  return np.broadcastTo(np.sqrt(sq), x.shape);
}

/**
 * Adaptive gradient clipping (NFNets): clips each unit's gradient norm to
 * `clipping * max(||param unit||, eps)`.
 *
 * @example
 * const opt = chain(adaptiveGradClip(0.01), sgd(0.1));
 */
export function adaptiveGradClip(clipping: Hyper, eps: Hyper = 1e-3): GradientTransformation<EmptyState> {
  checkHyper("adaptiveGradClip", "clipping", clipping, { nonNegative: true });
  return statelessMap((g, p) => {
    const gn = unitwiseNorm(g);
    const maxNorm = np.multiply(clipping, np.maximum(unitwiseNorm(p!), eps));
    const clipped = np.multiply(g, np.divide(maxNorm, np.maximum(gn, 1e-6)));
    return castTo(np.where(gn.lt(maxNorm), g, clipped), g.dtype);
  }, true, "adaptiveGradClip");
}
