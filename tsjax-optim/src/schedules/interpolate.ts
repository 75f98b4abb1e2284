/** Piecewise interpolation and one-cycle schedules. */
import { np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { asFloat, checkNum } from "./util.js";

/**
 * Interpolates (linearly or with a half cosine) between values that are `initValue` times the
 * cumulative product of the scales at each boundary; constant after the last boundary.
 *
 * @example
 * const s = piecewiseInterpolateSchedule("linear", 1, { 10: 0.5, 20: 0 }); // s(5) = 0.75
 */
export function piecewiseInterpolateSchedule(interpolateType: "linear" | "cosine", initValue: number, boundariesAndScales: Record<number, number> = {}): Schedule {
  const op = "piecewiseInterpolateSchedule";
  if (interpolateType !== "linear" && interpolateType !== "cosine") throw new RangeError(`${op}: interpolateType must be "linear" or "cosine", got ${String(interpolateType)}.`);
  checkNum(op, "initValue", initValue);
  const items = Object.entries(boundariesAndScales).map(([b, s]) => [Number(b), s] as const).sort((a, b) => a[0] - b[0]);
  for (const [b, s] of items) checkNum(op, `the scale at ${b}`, s, { nonNegative: true });
  const bounds = [-1, ...items.map(([b]) => b)];
  const values: number[] = [initValue];
  for (const [, s] of items) values.push(values[values.length - 1]! * s);
  return (count) => {
    const c = asFloat(count);
    let out = np.multiply(np.greaterEqual(c, bounds[bounds.length - 1]!).astype("float32"), values[values.length - 1]!);
    for (let i = 0; i < bounds.length - 1; i++) {
      const lo = bounds[i]!;
      const hi = bounds[i + 1]!;
      const ind = np.logicalAnd(np.lessEqual(lo, c), np.less(c, hi));
      const pct = np.divide(np.subtract(c, lo), hi - lo);
      const a = values[i]!;
      const b = values[i + 1]!;
      const v = interpolateType === "linear"
        ? np.add(a, np.multiply(pct, b - a))
        : np.add(b, np.multiply((a - b) / 2, np.add(np.cos(np.multiply(Math.PI, pct)), 1)));
      out = np.add(out, np.where(ind, v, 0));
    }
    return out;
  };
}

/** Options of `linearOnecycleSchedule`. */
export interface LinearOnecycleOptions {
  transitionSteps: number;
  peakValue: number;
  pctStart?: number;
  pctFinal?: number;
  divFactor?: number;
  finalDivFactor?: number;
}

/**
 * One-cycle (linear): up from `peak/divFactor` to `peak`, back down, then to `peak/(divFactor*finalDivFactor)`... as optax.
 *
 * @example
 * const s = linearOnecycleSchedule({ transitionSteps: 100, peakValue: 1e-2 });
 */
export function linearOnecycleSchedule(o: LinearOnecycleOptions): Schedule {
  const { transitionSteps: n, peakValue, pctStart = 0.3, pctFinal = 0.85, divFactor = 25, finalDivFactor = 1e4 } = o;
  checkNum("linearOnecycleSchedule", "transitionSteps", n, { positive: true });
  if (pctFinal < pctStart) throw new RangeError(`linearOnecycleSchedule: pctFinal (${pctFinal}) must be >= pctStart (${pctStart}).`);
  return piecewiseInterpolateSchedule("linear", peakValue / divFactor, {
    [Math.trunc(pctStart * n)]: divFactor,
    [Math.trunc(pctFinal * n)]: 1 / divFactor,
    [n]: 1 / finalDivFactor,
  });
}

/** Options of `cosineOnecycleSchedule`. */
export interface CosineOnecycleOptions {
  transitionSteps: number;
  peakValue: number;
  pctStart?: number;
  divFactor?: number;
  finalDivFactor?: number;
}

/**
 * One-cycle (cosine): cosine up to `peakValue` over `pctStart` of the steps, then cosine down.
 *
 * @example
 * const s = cosineOnecycleSchedule({ transitionSteps: 100, peakValue: 1e-2 });
 */
export function cosineOnecycleSchedule(o: CosineOnecycleOptions): Schedule {
  const { transitionSteps: n, peakValue, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = o;
  checkNum("cosineOnecycleSchedule", "transitionSteps", n, { positive: true });
  return piecewiseInterpolateSchedule("cosine", peakValue / divFactor, {
    [Math.trunc(pctStart * n)]: divFactor,
    [n]: 1 / (divFactor * finalDivFactor),
  });
}
