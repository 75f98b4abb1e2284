/** A jit-friendly backtracking (Armijo) line search over a fixed set of step sizes. */
import { type Array, grad, np, tree } from "tsjax-core";
import { type EmptyState, type GradientTransformation, gradientTransformation } from "../base.js";
import { treeVdot } from "../tree-math.js";
import { lineSearchObjective } from "../validate.js";

/** Options of `scaleByBacktrackingLinesearch`. */
export interface BacktrackingOptions {
  /** Number of candidate steps `1, decreaseFactor, decreaseFactor^2, ...` (default 20). */
  maxBacktrackingSteps?: number;
  /** Sufficient-decrease constant c1 (default 1e-4). */
  slopeRtol?: number;
  decreaseFactor?: number;
}

/**
 * Scales the (descent) updates by the largest candidate step that satisfies the Armijo
 * condition `f(x + eta u) <= f(x) + c1 eta <g, u>`. Needs `extra.valueFn` (and uses
 * `extra.value` / `extra.grad` when given). All candidates are evaluated without control flow,
 * so it works under `jit`.
 *
 * @example
 * const [u, s] = opt.update(g, state, params, { value, grad: g, valueFn: loss });
 */
export function scaleByBacktrackingLinesearch(opts: BacktrackingOptions = {}): GradientTransformation<EmptyState> {
  const { maxBacktrackingSteps = 20, slopeRtol = 1e-4, decreaseFactor = 0.5 } = opts;
  return gradientTransformation<EmptyState>(
    () => ({}),
    (updates, state, params, extra) => {
      const { f, extra: x } = lineSearchObjective("scaleByBacktrackingLinesearch", params, extra);
      const value = x.value ?? f(params);
      const g = x.grad ?? grad(f)(params);
      const slope = treeVdot(g, updates);
      let chosen: Array = np.array(0);
      let found: Array = np.array(false);
      for (let k = 0; k < maxBacktrackingSteps; k++) {
        const eta = decreaseFactor ** k;
        const cand = tree.map((p: Array, u: Array) => np.add(p, np.multiply(eta, u)), params, updates);
        const fk = f(cand);
        const ok = np.logicalAnd(np.isfinite(fk), fk.le(np.add(value, np.multiply(slopeRtol * eta, slope))));
        chosen = np.where(np.logicalAnd(ok, np.logicalNot(found)), eta, chosen);
        found = np.logicalOr(found, ok);
      }
      chosen = np.where(found, chosen, decreaseFactor ** (maxBacktrackingSteps - 1));
      return [tree.map((u: Array) => np.multiply(chosen, u).astype(u.dtype), updates), state];
    },
  );
}
