/** A jit-friendly zoom line search (strong Wolfe conditions), after optax `scale_by_zoom_linesearch`. */
import { type Array, lax, np, tree, valueAndGrad } from "tsjax-core";
import { type EmptyState, type GradientTransformation, gradientTransformation } from "../base.js";
import { treeVdot } from "../tree-math.js";
import { lineSearchObjective } from "../validate.js";

/** Options of `scaleByZoomLinesearch`. */
export interface ZoomLinesearchOptions {
  /** Number of function/gradient evaluations (default 15, as optax's `lbfgs`). */
  maxLinesearchSteps?: number;
  /** Sufficient-decrease (Armijo) constant c1 (default 1e-4). */
  slopeRtol?: number;
  /** Curvature constant c2 of the strong Wolfe condition `|f'(eta)| <= c2 |f'(0)|` (default 0.9). */
  curvRtol?: number;
  /** First step tried (default 1). */
  initialStepsize?: number;
  /** Factor by which the step grows in the expansion phase (default 2). */
  increaseFactor?: number;
  /** Largest step tried (default 1e10). */
  maxStepsize?: number;
}

type Carry = {
  done: Array; interval: Array; stepsize: Array;
  prevStep: Array; prevValue: Array; prevSlope: Array;
  lo: Array; valueLo: Array; slopeLo: Array;
  hi: Array; valueHi: Array; slopeHi: Array;
  accepted: Array; safeStep: Array; safeValue: Array;
};

const f32 = (x: Array | number): Array => np.asarray(x).astype("float32");

/**
 * Minimizer of the cubic interpolating (a, fa, da) and (b, fb, db), safeguarded: bisection
 * when the cubic has no minimizer or it falls within 10% of an end of the interval.
 */
function cubicOrBisect(a: Array, fa: Array, da: Array, b: Array, fb: Array, db: Array): Array {
  const ab = np.subtract(a, b);
  const safeAb = np.where(ab.eq(0), 1, ab);
  const d1 = np.subtract(np.add(da, db), np.multiply(3, np.divide(np.subtract(fa, fb), safeAb)));
  const disc = np.subtract(np.multiply(d1, d1), np.multiply(da, db));
  const d2 = np.multiply(np.sign(np.subtract(b, a)), np.sqrt(np.maximum(disc, 0)));
  const den = np.add(np.subtract(db, da), np.multiply(2, d2));
  const cand = np.subtract(b, np.multiply(np.subtract(b, a), np.divide(np.add(np.subtract(db, d1), d2), np.where(den.eq(0), 1, den))));
  const lower = np.minimum(a, b), upper = np.maximum(a, b);
  const margin = np.multiply(0.1, np.subtract(upper, lower));
  const ok = np.logicalAnd(
    np.logicalAnd(disc.ge(0), den.ne(0)),
    np.logicalAnd(np.isfinite(cand), np.logicalAnd(cand.gt(np.add(lower, margin)), cand.lt(np.subtract(upper, margin)))),
  );
  return np.where(ok, cand, np.multiply(0.5, np.add(a, b)));
}

/**
 * Scales the (descent) updates `u` by a step `eta` satisfying the strong Wolfe conditions
 * `f(x + eta u) <= f(x) + c1 eta <g, u>` and `|<g(x + eta u), u>| <= c2 |<g, u>|`: an
 * expansion phase grows the step from `initialStepsize` until a bracketing interval is found,
 * then a zoom phase shrinks it by safeguarded cubic interpolation or bisection. If no step
 * satisfies both within `maxLinesearchSteps` evaluations, the step with the lowest value among
 * those satisfying the decrease condition is taken (0 if none). Needs `extra.valueFn` (and
 * uses `extra.value` / `extra.grad` when given). Runs a fixed number of masked iterations in a
 * `lax.foriLoop`, so it works under `jit`.
 *
 * @example
 * const [u, s] = opt.update(g, state, params, { value, grad: g, valueFn: loss });
 */
export function scaleByZoomLinesearch(opts: ZoomLinesearchOptions = {}): GradientTransformation<EmptyState> {
  const { maxLinesearchSteps = 15, slopeRtol = 1e-4, curvRtol = 0.9, initialStepsize = 1, increaseFactor = 2, maxStepsize = 1e10 } = opts;
  if (!Number.isInteger(maxLinesearchSteps) || maxLinesearchSteps < 1) {
    throw new RangeError(`scaleByZoomLinesearch: maxLinesearchSteps must be a positive integer, got ${maxLinesearchSteps}.`);
  }
  return gradientTransformation<EmptyState>(
    () => ({}),
    (updates, state, params, extra) => {
      const { f, extra: x } = lineSearchObjective("scaleByZoomLinesearch", params, extra);
      const vg = valueAndGrad(f) as (p: unknown) => [Array, unknown];
      let value0: Array, g0: unknown;
      if (x.value !== undefined && x.grad !== undefined) [value0, g0] = [x.value as Array, x.grad];
      else [value0, g0] = vg(params);
      const v0 = f32(value0);
      const slope0 = f32(treeVdot(g0, updates));
      const at = (eta: Array): [Array, Array] => {
        const cand = tree.map((p: Array, u: Array) => np.add(p, np.multiply(eta, u)).astype(p.dtype), params, updates);
        const [v, g] = vg(cand);
        return [f32(v), f32(treeVdot(g, updates))];
      };
      const zero = f32(0);
      const init: Carry = {
        done: np.array(false), interval: np.array(false), stepsize: f32(initialStepsize),
        prevStep: zero, prevValue: v0, prevSlope: slope0,
        lo: zero, valueLo: v0, slopeLo: slope0,
        hi: zero, valueHi: v0, slopeHi: slope0,
        accepted: zero, safeStep: zero, safeValue: v0,
      };
      const body = (i: Array, c: Carry): Carry => {
        const eta = c.stepsize;
        const [v, d] = at(eta);
        const finite = np.logicalAnd(np.isfinite(v), np.isfinite(d));
        const decrease = np.logicalAnd(finite, v.le(np.add(v0, np.multiply(np.multiply(slopeRtol, eta), slope0))));
        const curvature = np.logicalAnd(finite, np.abs(d).le(np.multiply(curvRtol, np.abs(slope0))));
        const wolfe = np.logicalAnd(decrease, curvature);
        const notFirst = i.gt(0);
        // Expansion phase.
        const exHiIsEta = np.logicalOr(np.logicalNot(decrease), np.logicalAnd(notFirst, v.ge(c.prevValue)));
        const exBracketRev = np.logicalAnd(np.logicalAnd(np.logicalNot(exHiIsEta), np.logicalNot(curvature)), d.ge(0));
        const exBracket = np.logicalOr(exHiIsEta, exBracketRev);
        // exHiIsEta: [lo, hi] = [prev, eta]; exBracketRev: [lo, hi] = [eta, prev].
        const exLo = np.where(exHiIsEta, c.prevStep, eta), exVLo = np.where(exHiIsEta, c.prevValue, v), exDLo = np.where(exHiIsEta, c.prevSlope, d);
        const exHi = np.where(exHiIsEta, eta, c.prevStep), exVHi = np.where(exHiIsEta, v, c.prevValue), exDHi = np.where(exHiIsEta, d, c.prevSlope);
        // Zoom phase (on [lo, hi] bracketing a strong-Wolfe point).
        const zHiIsEta = np.logicalOr(np.logicalNot(decrease), v.ge(c.valueLo));
        const zFlip = np.logicalAnd(np.logicalNot(zHiIsEta), np.multiply(d, np.subtract(c.hi, c.lo)).ge(0));
        const zLo = np.where(zHiIsEta, c.lo, eta), zVLo = np.where(zHiIsEta, c.valueLo, v), zDLo = np.where(zHiIsEta, c.slopeLo, d);
        const zHi = np.where(zHiIsEta, eta, np.where(zFlip, c.lo, c.hi));
        const zVHi = np.where(zHiIsEta, v, np.where(zFlip, c.valueLo, c.valueHi));
        const zDHi = np.where(zHiIsEta, d, np.where(zFlip, c.slopeLo, c.slopeHi));
        const inZoom = c.interval;
        const lo = np.where(inZoom, zLo, exLo), valueLo = np.where(inZoom, zVLo, exVLo), slopeLo = np.where(inZoom, zDLo, exDLo);
        const hi = np.where(inZoom, zHi, exHi), valueHi = np.where(inZoom, zVHi, exVHi), slopeHi = np.where(inZoom, zDHi, exDHi);
        // Any point satisfying both conditions is accepted (it ends either phase).
        const nowDone = wolfe;
        const interval = np.logicalOr(inZoom, exBracket);
        const next = np.where(interval, cubicOrBisect(lo, valueLo, slopeLo, hi, valueHi, slopeHi), np.minimum(np.multiply(increaseFactor, eta), maxStepsize));
        const better = np.logicalAnd(decrease, v.lt(c.safeValue));
        const live = np.logicalNot(c.done);
        const upd = (a: Array, b: Array): Array => np.where(live, a, b);
        return {
          done: np.logicalOr(c.done, nowDone),
          interval: upd(interval, c.interval),
          stepsize: upd(next, c.stepsize),
          prevStep: upd(eta, c.prevStep), prevValue: upd(v, c.prevValue), prevSlope: upd(d, c.prevSlope),
          lo: upd(lo, c.lo), valueLo: upd(valueLo, c.valueLo), slopeLo: upd(slopeLo, c.slopeLo),
          hi: upd(hi, c.hi), valueHi: upd(valueHi, c.valueHi), slopeHi: upd(slopeHi, c.slopeHi),
          accepted: upd(np.where(nowDone, eta, c.accepted), c.accepted),
          safeStep: upd(np.where(better, eta, c.safeStep), c.safeStep),
          safeValue: upd(np.where(better, v, c.safeValue), c.safeValue),
        };
      };
      const out = lax.foriLoop(0, maxLinesearchSteps, body, init);
      const chosen = np.where(out.done, out.accepted, out.safeStep);
      return [tree.map((u: Array) => np.multiply(chosen, u).astype(u.dtype), updates), state];
    },
  );
}
