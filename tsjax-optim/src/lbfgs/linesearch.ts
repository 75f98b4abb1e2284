/** The backtracking (Armijo) line search of optax, `scaleByBacktrackingLinesearch`. */
import { type Array, lax, np, valueAndGrad } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { defineSignature, options } from "../options.js";
import { treeAddScale, treeScale, treeVdot, treeWhere, treeZerosLike } from "../tree-math.js";
import { lineSearchObjective } from "../validate.js";

/** Options of `scaleByBacktrackingLinesearch`. */
export interface BacktrackingOptions {
  /** Sufficient-decrease constant (default 1e-4). */
  slopeRtol?: Hyper;
  /** Factor by which a rejected step shrinks (default 0.8). */
  decreaseFactor?: Hyper;
  /** Factor by which each search starts above the last accepted step (default 1.5). */
  increaseFactor?: Hyper;
  /** Largest step tried (default 1). */
  maxLearningRate?: Hyper;
  /** Absolute tolerance on the decrease condition (default 0). */
  atol?: Hyper;
  /** Relative tolerance on the decrease condition (default 0). */
  rtol?: Hyper;
  /** Keep the gradient at the accepted params in the state (for `valueAndGradFromState`; default false). */
  storeGrad?: boolean;
  /** Print a diagnostic when the search fails (default false; accepted for optax compatibility, ignored). */
  verbose?: boolean;
}

/** Information about the last search. */
export interface BacktrackingLinesearchInfo {
  numLinesearchSteps: Array;
  decreaseError: Array;
}

/** State of `scaleByBacktrackingLinesearch`. */
export interface ScaleByBacktrackingLinesearchState<P = any> {
  /** The last accepted step (the next search starts at `min(increaseFactor * it, maxLearningRate)`). */
  learningRate: Array;
  /** The objective at the accepted params. */
  value: Array;
  /** The gradient at the accepted params (with `storeGrad`), else null. */
  grad: P | null;
  info: BacktrackingLinesearchInfo;
}

const BACKTRACKING_DEFAULTS = { slopeRtol: 1e-4 as Hyper, decreaseFactor: 0.8 as Hyper, increaseFactor: 1.5 as Hyper, maxLearningRate: 1 as Hyper, atol: 0 as Hyper, rtol: 0 as Hyper, storeGrad: false, verbose: false };

/**
 * Scales the (descent) updates `u` by the largest step `eta` of `eta0, eta0 * decreaseFactor,
 * ...` that satisfies `f(x + eta u) <= (1 + rtol) f(x) + slopeRtol eta <g, u> + atol`, with
 * `eta0 = min(increaseFactor * last step, maxLearningRate)`, trying at most
 * `maxBacktrackingSteps + 1` steps (a step of 0 when every value was infinite). Needs
 * `update(updates, state, params, { value, grad, valueFn })`. Runs in a `lax.whileLoop`, so it
 * works under `jit`.
 *
 * @example
 * const opt = chain(sgd(1), scaleByBacktrackingLinesearch(15));
 * const [u, s] = opt.update(g, state, params, { value, grad: g, valueFn: loss });
 */
export function scaleByBacktrackingLinesearch(maxBacktrackingSteps: number, opts: BacktrackingOptions = {}): GradientTransformation<ScaleByBacktrackingLinesearchState> {
  if (!Number.isInteger(maxBacktrackingSteps) || maxBacktrackingSteps < 0) throw new RangeError(`scaleByBacktrackingLinesearch: maxBacktrackingSteps must be a non-negative integer, got ${maxBacktrackingSteps}.`);
  const { slopeRtol, decreaseFactor, increaseFactor, maxLearningRate, atol, rtol, storeGrad } = options("scaleByBacktrackingLinesearch", opts, BACKTRACKING_DEFAULTS);
  return gradientTransformation<ScaleByBacktrackingLinesearchState>(
    (params) => ({
      learningRate: np.array(1),
      value: np.array(Infinity),
      grad: storeGrad ? treeZerosLike(params) : null,
      info: { numLinesearchSteps: np.array(0, { dtype: "int32" }), decreaseError: np.array(Infinity) },
    }),
    (updates, state, params, extra) => {
      const { f, extra: x } = lineSearchObjective("scaleByBacktrackingLinesearch", params, extra);
      const value = np.asarray((x.value as Array | undefined) ?? f(params)).astype("float32");
      const g = x.grad ?? valueAndGrad(f)(params)[1];
      const slope = treeVdot(updates, g);
      const decreaseError = (lr: Array, v: Array) => {
        const e = np.subtract(np.subtract(v, np.multiply(typeof rtol === "number" ? 1 + rtol : np.add(1, rtol), value)), np.multiply(np.multiply(lr, slopeRtol), slope));
        return np.maximum(np.where(np.isnan(e), Infinity, e), 0);
      };
      type Search = { lr: Array; value: Array; grad: unknown; err: Array; iter: Array };
      const init: Search = {
        lr: np.minimum(np.multiply(increaseFactor, state.learningRate), maxLearningRate).astype("float32"),
        value, grad: treeZerosLike(params), err: np.array(Infinity), iter: np.array(0, { dtype: "int32" }),
      };
      const out = lax.whileLoop(
        (s: Search) => np.logicalAnd(np.logicalNot(np.lessEqual(s.err, atol)), np.lessEqual(s.iter, maxBacktrackingSteps)),
        (s: Search): Search => {
          const lr = np.where(np.greater(s.iter, 0), np.multiply(decreaseFactor, s.lr), s.lr).astype("float32");
          const cand = treeAddScale(params, lr, updates);
          let v: Array, gNew = s.grad;
          if (storeGrad) {
            const [vv, gg] = valueAndGrad(f)(cand) as [Array, unknown];
            v = vv;
            const err0 = decreaseError(lr, np.asarray(v).astype("float32"));
            gNew = treeWhere(np.logicalOr(np.lessEqual(err0, atol), np.equal(s.iter, maxBacktrackingSteps)), gg, s.grad);
          } else v = f(cand);
          v = np.asarray(v).astype("float32");
          return { lr, value: v, grad: gNew, err: decreaseError(lr, v), iter: s.iter.add(1) };
        },
        init,
      );
      const lr = np.where(np.isinf(out.err), 0, out.lr).astype("float32");
      return [
        treeScale(lr, updates),
        { learningRate: lr, value: out.value, grad: storeGrad ? out.grad : null, info: { numLinesearchSteps: out.iter, decreaseError: out.err } },
      ];
    },
  );
}
defineSignature(scaleByBacktrackingLinesearch, ["maxBacktrackingSteps"], BACKTRACKING_DEFAULTS);
