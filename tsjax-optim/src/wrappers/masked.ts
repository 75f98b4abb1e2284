/** `masked`: apply a transformation to the leaves a boolean mask selects. */
import { tree } from "tsjax-core";
import { type GradientTransformation, type UpdateExtra, gradientTransformation } from "../base.js";
import { options } from "../options.js";
import { isParamsPlaceholder } from "../tree-utils.js";
import { type MaskOrFn, maskOut, mergeMasked, resolveMask } from "./mask-utils.js";

/** State of `masked`. */
export interface MaskedState<S = any> {
  innerState: S;
}

/** Options of `masked`. */
export interface MaskedOptions {
  /** Also mask the extra arguments whose tree structure is the updates' (default false). */
  maskCompatibleExtraArgs?: boolean;
}

/** `masked` naming `op` in its errors. @internal */
export function maskedAs<S>(op: string, inner: GradientTransformation<S>, mask: MaskOrFn, maskCompatibleExtraArgs = false): GradientTransformation<MaskedState<S>> {
  return gradientTransformation<MaskedState<S>>(
    (params) => {
      if (isParamsPlaceholder(params)) return { innerState: inner.init(params) };
      return { innerState: inner.init(maskOut(resolveMask(op, mask, params), params)) };
    },
    (updates, state, params, extra) => {
      const m = resolveMask(op, mask, updates, "updates");
      let innerExtra: UpdateExtra | undefined = extra;
      if (maskCompatibleExtraArgs && extra) {
        const def = tree.structure(updates);
        innerExtra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v !== null && typeof v === "object" && tree.structure(v).equals(def) ? maskOut(m, v) : v]));
      }
      const [nu, s] = inner.update(maskOut(m, updates), state.innerState, params === undefined || params === null ? params : maskOut(m, params), innerExtra);
      return [mergeMasked(m, nu, updates), { innerState: s }];
    },
  );
}

/**
 * Applies `inner` only to the leaves where `mask` is true; other updates pass through unchanged.
 * `mask` is a tree of booleans with the params' structure (or a prefix of it, e.g. `true` for a
 * whole subtree), or a function of the updates (params at `init`) returning one. The inner
 * state only holds the masked leaves (others are `null`, optax's `MaskedNode`).
 *
 * @example
 * const decayWeightsOnly = masked(addDecayedWeights(1e-4), { w: true, b: false });
 */
export function masked<S>(inner: GradientTransformation<S>, mask: MaskOrFn, opts: MaskedOptions = {}): GradientTransformation<MaskedState<S>> {
  const { maskCompatibleExtraArgs } = options("masked", opts, { maskCompatibleExtraArgs: false });
  return maskedAs("masked", inner, mask, maskCompatibleExtraArgs);
}
