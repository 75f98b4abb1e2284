/** The zoom line search of optax (strong Wolfe conditions), `scaleByZoomLinesearch`. */
import { type Array, lax, np, valueAndGrad } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { defineSignature, options } from "../options.js";
import { treeAddScale, treeScale, treeVdot, treeWhere, treeZerosLike } from "../tree-math.js";
import { lineSearchObjective } from "../validate.js";

/** Options of `scaleByZoomLinesearch`. */
export interface ZoomLinesearchOptions {
  /** Largest step tried (default: none). */
  maxLearningRate?: Hyper | null;
  /** Tolerance on the decrease and curvature errors (default 0). */
  tol?: Hyper;
  /** Factor by which the step grows while no interval is found (default 2). */
  increaseFactor?: Hyper;
  /** Sufficient-decrease constant c1 (default 1e-4). */
  slopeRtol?: Hyper;
  /** Curvature constant c2 of `|f'(eta)| <= c2 |f'(0)|` (default 0.9). */
  curvRtol?: Hyper;
  /** Relative tolerance of the approximate decrease condition (Hager-Zhang; default 1e-6, null for none). */
  approxDecRtol?: Hyper | null;
  /** Intervals shorter than this end the search (default 1e-5). */
  stepsizePrecision?: Hyper;
  /** First step of each search: "keep" the last accepted one (default) or "one". */
  initialGuessStrategy?: "keep" | "one";
  /** Print diagnostics (default false; accepted for optax compatibility, ignored). */
  verbose?: boolean;
}

/** Information about the last search (optax `ZoomLinesearchInfo`). */
export interface ZoomLinesearchInfo {
  numLinesearchSteps: Array;
  decreaseError: Array;
  curvatureError: Array;
}

/** State of `scaleByZoomLinesearch`. */
export interface ScaleByZoomLinesearchState<P = any> {
  /** The last accepted step. */
  learningRate: Array;
  /** The objective at the accepted params. */
  value: Array;
  /** The gradient at the accepted params (see `valueAndGradFromState`). */
  grad: P;
  info: ZoomLinesearchInfo;
}

const ZOOM_DEFAULTS = {
  maxLearningRate: null as Hyper | null, tol: 0 as Hyper, increaseFactor: 2 as Hyper, slopeRtol: 1e-4 as Hyper, curvRtol: 0.9 as Hyper,
  approxDecRtol: 1e-6 as Hyper | null, stepsizePrecision: 1e-5 as Hyper, initialGuessStrategy: "keep" as "keep" | "one", verbose: false,
};

type Search = {
  count: Array; stepsize: Array; value: Array; grad: unknown; slope: Array;
  decreaseError: Array; curvatureError: Array; error: Array; intervalFound: Array; done: Array; failed: Array;
  low: Array; valueLow: Array; slopeLow: Array; high: Array; valueHigh: Array; slopeHigh: Array;
  cubicRef: Array; valueCubicRef: Array; safeStepsize: Array; safeValue: Array; safeGrad: unknown;
};

/** Minimizer of the cubic through (a, fa) with slope fpa at a, (b, fb) and (c, fc) (optax `_cubicmin`). */
function cubicmin(a: Array, fa: Array, fpa: Array, b: Array, fb: Array, c: Array, fc: Array): Array {
  const db = np.subtract(b, a), dc = np.subtract(c, a);
  const denom = np.multiply(np.square(np.multiply(db, dc)), np.subtract(db, dc));
  const r0 = np.subtract(np.subtract(fb, fa), np.multiply(fpa, db));
  const r1 = np.subtract(np.subtract(fc, fa), np.multiply(fpa, dc));
  const A = np.divide(np.subtract(np.multiply(np.square(dc), r0), np.multiply(np.square(db), r1)), denom);
  const B = np.divide(np.add(np.multiply(np.negative(np.multiply(np.square(dc), dc)), r0), np.multiply(np.multiply(np.square(db), db), r1)), denom);
  const radical = np.subtract(np.multiply(B, B), np.multiply(np.multiply(3, A), fpa));
  return np.add(a, np.divide(np.add(np.negative(B), np.sqrt(radical)), np.multiply(3, A)));
}

/** Minimizer of the quadratic through (a, fa) with slope fpa at a and (b, fb) (optax `_quadmin`). */
function quadmin(a: Array, fa: Array, fpa: Array, b: Array, fb: Array): Array {
  const db = np.subtract(b, a);
  const B = np.divide(np.subtract(np.subtract(fb, fa), np.multiply(fpa, db)), np.square(db));
  return np.subtract(a, np.divide(fpa, np.multiply(2, B)));
}

/**
 * Scales the (descent) updates `u` by a step satisfying the strong Wolfe conditions, as optax's
 * zoom line search: from an initial guess (the last accepted step with "keep", else 1) the
 * step grows by `increaseFactor` until an interval containing an acceptable step is found,
 * which is then shrunk by cubic, quadratic or bisection steps. After `maxLinesearchSteps`
 * evaluations without success, the best step with sufficient decrease is taken (or the last
 * one tried). Needs `update(updates, state, params, { value, grad, valueFn })`. Runs in a
 * `lax.whileLoop`, so it works under `jit`.
 *
 * @example
 * const opt = chain(sgd(1), scaleByZoomLinesearch(15));
 * const [u, s] = opt.update(g, state, params, { value, grad: g, valueFn: loss });
 */
export function scaleByZoomLinesearch(maxLinesearchSteps: number, opts: ZoomLinesearchOptions = {}): GradientTransformation<ScaleByZoomLinesearchState> {
  if (!Number.isInteger(maxLinesearchSteps) || maxLinesearchSteps < 1) throw new RangeError(`scaleByZoomLinesearch: maxLinesearchSteps must be a positive integer, got ${maxLinesearchSteps}.`);
  const o = options("scaleByZoomLinesearch", opts, ZOOM_DEFAULTS);
  if (o.initialGuessStrategy !== "keep" && o.initialGuessStrategy !== "one") throw new RangeError(`scaleByZoomLinesearch: initialGuessStrategy must be "keep" or "one", got ${String(o.initialGuessStrategy)}.`);
  const { tol, increaseFactor, slopeRtol, curvRtol, approxDecRtol, stepsizePrecision, maxLearningRate } = o;
  const f32 = (x: Array | number) => np.asarray(x).astype("float32");
  return gradientTransformation<ScaleByZoomLinesearchState>(
    (params) => ({
      learningRate: f32(1), value: f32(Infinity), grad: treeZerosLike(params),
      info: { numLinesearchSteps: np.array(0, { dtype: "int32" }), decreaseError: f32(Infinity), curvatureError: f32(Infinity) },
    }),
    (updates, state, params, extra) => {
      const { f, extra: x } = lineSearchObjective("scaleByZoomLinesearch", params, extra);
      const vg = valueAndGrad(f) as (p: unknown) => [Array, unknown];
      const [value0, grad0] = x.value !== undefined && x.grad !== undefined ? [x.value as Array, x.grad] : vg(params);
      const valueInit = f32(value0);
      const slopeInit = f32(treeVdot(updates, grad0));
      const at = (eta: Array): [Array, unknown, Array] => {
        const [v, g] = vg(treeAddScale(params, eta, updates));
        return [f32(v), g, f32(treeVdot(g, updates))];
      };
      const decreaseErr = (eta: Array, v: Array, s: Array): Array => {
        let e = np.subtract(np.subtract(v, valueInit), np.multiply(np.multiply(slopeRtol, eta), slopeInit));
        if (approxDecRtol !== null) {
          const approx = np.subtract(s, np.multiply(typeof slopeRtol === "number" ? 2 * slopeRtol - 1 : np.subtract(np.multiply(2, slopeRtol), 1), slopeInit));
          const delta = np.subtract(np.subtract(v, valueInit), np.multiply(approxDecRtol, np.abs(valueInit)));
          e = np.minimum(np.maximum(approx, delta), e);
        }
        e = np.maximum(e, 0);
        return np.where(np.isnan(e), Infinity, e);
      };
      const curvatureErr = (s: Array): Array => {
        const e = np.maximum(np.subtract(np.abs(s), np.multiply(curvRtol, np.abs(slopeInit))), 0);
        return np.where(np.isnan(e), Infinity, e);
      };
      const guess = o.initialGuessStrategy === "one" ? f32(1) : f32(state.learningRate);
      const zero = f32(0), F = np.array(false);
      const init: Search = {
        count: np.array(0, { dtype: "int32" }), stepsize: zero, value: valueInit, grad: grad0, slope: slopeInit,
        decreaseError: f32(Infinity), curvatureError: f32(Infinity), error: f32(Infinity), intervalFound: F, done: F, failed: F,
        low: zero, valueLow: valueInit, slopeLow: slopeInit, high: zero, valueHigh: valueInit, slopeHigh: slopeInit,
        cubicRef: zero, valueCubicRef: valueInit, safeStepsize: zero, safeValue: valueInit, safeGrad: grad0,
      };
      const W = (c: Array, a: Array, b: Array) => np.where(c, a, b);
      const step = (s: Search): Search => {
        const zoom = s.intervalFound;
        // The step to try: grow it while searching for an interval, or pick it inside the interval.
        let grown = W(s.count.eq(0), guess, np.multiply(increaseFactor, s.stepsize));
        let maxReached: Array = F;
        if (maxLearningRate !== null) {
          maxReached = np.greaterEqual(grown, maxLearningRate);
          grown = np.minimum(grown, maxLearningRate);
        }
        const delta = np.abs(np.subtract(s.high, s.low));
        const left = np.minimum(s.high, s.low), right = np.maximum(s.high, s.low);
        const mc = cubicmin(s.low, s.valueLow, s.slopeLow, s.high, s.valueHigh, s.cubicRef, s.valueCubicRef);
        const useCubic = np.logicalAnd(np.greater(mc, np.add(left, np.multiply(0.2, delta))), np.less(mc, np.subtract(right, np.multiply(0.2, delta))));
        const mq = quadmin(s.low, s.valueLow, s.slopeLow, s.high, s.valueHigh);
        const useQuad = np.logicalAnd(np.logicalNot(useCubic), np.logicalAnd(np.greater(mq, np.add(left, np.multiply(0.1, delta))), np.less(mq, np.subtract(right, np.multiply(0.1, delta)))));
        const useBisection = np.logicalAnd(np.logicalNot(useCubic), np.logicalNot(useQuad));
        let middle = W(useCubic, mc, s.cubicRef);
        middle = W(useQuad, mq, middle);
        middle = W(useBisection, np.divide(np.add(s.low, s.high), 2), middle);
        const eta = f32(W(zoom, middle, grown));
        const [v, g, sl] = at(eta);
        const dec = decreaseErr(eta, v, sl), curv = curvatureErr(sl);
        const err = np.maximum(dec, curv);
        const safeDecrease = np.lessEqual(dec, tol);
        const count = s.count.add(1);
        const lastIter = np.greaterEqual(count, maxLinesearchSteps);
        // Search phase (optax `_search_interval`).
        const sHigh = np.logicalOr(np.greater(dec, 0), np.logicalAnd(np.greaterEqual(v, s.value), np.greater(s.count, 0)));
        const sLow = np.logicalAnd(np.greaterEqual(sl, 0), np.logicalNot(sHigh));
        const sFound = np.logicalOr(np.logicalOr(sHigh, sLow), np.lessEqual(err, tol));
        const sDone = np.logicalOr(np.lessEqual(err, tol), np.logicalAnd(maxReached, np.logicalNot(sFound)));
        const sUpdSafe = safeDecrease;
        const sLowV = [W(sLow, eta, s.stepsize), W(sLow, v, s.value), W(sLow, sl, s.slope)];
        const sHighV = [W(sLow, s.stepsize, eta), W(sLow, s.value, v), W(sLow, s.slope, sl)];
        // Zoom phase (optax `_zoom_into_interval`).
        const zUpdSafe = np.logicalAnd(safeDecrease, np.less(v, s.safeValue));
        const zHighToMiddle = np.logicalOr(np.greater(dec, 0), np.greaterEqual(v, s.valueLow));
        const zHighToLow = np.logicalAnd(np.greaterEqual(np.multiply(sl, np.subtract(s.high, s.low)), 0), np.logicalNot(zHighToMiddle));
        const zLowToMiddle = np.logicalNot(zHighToMiddle);
        const h1 = [W(zHighToMiddle, eta, s.high), W(zHighToMiddle, v, s.valueHigh), W(zHighToMiddle, sl, s.slopeHigh)];
        const zHighV = [W(zHighToLow, s.low, h1[0]!), W(zHighToLow, s.valueLow, h1[1]!), W(zHighToLow, s.slopeLow, h1[2]!)];
        const zLowV = [W(zLowToMiddle, eta, s.low), W(zLowToMiddle, v, s.valueLow), W(zLowToMiddle, sl, s.slopeLow)];
        const zRef = np.logicalOr(zHighToMiddle, zHighToLow);
        const zDone = np.lessEqual(err, tol);
        const updSafe = W(zoom, zUpdSafe, sUpdSafe);
        const safeStepsize = W(updSafe, eta, s.safeStepsize);
        const tooSmall = np.lessEqual(delta, stepsizePrecision);
        const zFailed = np.logicalAnd(np.logicalOr(lastIter, np.logicalAnd(tooSmall, np.greater(safeStepsize, 0))), np.logicalNot(zDone));
        const sFailed = np.logicalAnd(lastIter, np.logicalNot(sDone));
        const low = W(zoom, zLowV[0]!, sLowV[0]!), valueLow = W(zoom, zLowV[1]!, sLowV[1]!), slopeLow = W(zoom, zLowV[2]!, sLowV[2]!);
        const next: Search = {
          count, stepsize: eta, value: v, grad: g, slope: sl, decreaseError: dec, curvatureError: curv, error: err,
          intervalFound: W(zoom, s.intervalFound, sFound), done: W(zoom, zDone, sDone), failed: W(zoom, zFailed, sFailed),
          low, valueLow, slopeLow,
          high: W(zoom, zHighV[0]!, sHighV[0]!), valueHigh: W(zoom, zHighV[1]!, sHighV[1]!), slopeHigh: W(zoom, zHighV[2]!, sHighV[2]!),
          cubicRef: W(zoom, W(zRef, s.high, s.low), low), valueCubicRef: W(zoom, W(zRef, s.valueHigh, s.valueLow), valueLow),
          safeStepsize, safeValue: W(updSafe, v, s.safeValue), safeGrad: treeWhere(updSafe, g, s.safeGrad),
        };
        // A failed search falls back to the best step with sufficient decrease (optax `_try_safe_step`).
        const useSafe = np.logicalAnd(next.failed, np.logicalOr(np.greater(next.safeStepsize, 0), np.isinf(next.decreaseError)));
        return { ...next, stepsize: W(useSafe, next.safeStepsize, next.stepsize), value: W(useSafe, next.safeValue, next.value), grad: treeWhere(useSafe, next.safeGrad, next.grad) };
      };
      const out = lax.whileLoop((s: Search) => np.logicalNot(np.logicalOr(s.done, s.failed)), step, init);
      return [
        treeScale(out.stepsize, updates),
        { learningRate: out.stepsize, value: out.value, grad: out.grad, info: { numLinesearchSteps: out.count, decreaseError: out.decreaseError, curvatureError: out.curvatureError } },
      ];
    },
  );
}
defineSignature(scaleByZoomLinesearch, ["maxLinesearchSteps"], ZOOM_DEFAULTS);
