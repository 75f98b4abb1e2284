/** `masked`: apply a transformation to the leaves a boolean mask selects. */
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { type MaskOrFn, maskOut, mergeMasked, resolveMask } from "./mask-utils.js";

/** State of `masked`. */
export interface MaskedState<S = any> {
  innerState: S;
}

/**
 * Applies `inner` only to the leaves where `mask` is true; other updates pass through unchanged.
 * `mask` is a tree of booleans with the params' structure (or a prefix of it, e.g. `true` for a
 * whole subtree), or a function of the params returning one. The inner state only holds the
 * masked leaves (others are `null`).
 *
 * @example
 * const decayWeightsOnly = masked(addDecayedWeights(1e-4), { w: true, b: false });
 */
export function masked<S>(inner: GradientTransformation<S>, mask: MaskOrFn, /** @internal */ op = "masked"): GradientTransformation<MaskedState<S>> {
  return gradientTransformation<MaskedState<S>>(
    (params) => {
      const m = resolveMask(op, mask, params);
      return { innerState: inner.init(maskOut(m, params)) };
    },
    (updates, state, params, extra) => {
      const m = resolveMask(op, mask, typeof mask === "function" && params !== undefined ? params : updates, "updates");
      const mu = maskOut(m, updates);
      const mp = params === undefined || params === null ? params : maskOut(m, params);
      const [nu, s] = inner.update(mu, state.innerState, mp, extra);
      return [mergeMasked(m, nu, updates), { innerState: s }];
    },
  );
}
