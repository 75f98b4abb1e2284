/** Piecewise interpolation and one-cycle schedules. */
import { np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { checkKeys, checkNum } from "./util.js";

/**
 * Interpolates (linearly or with a half cosine) between values that are `initValue` times the
 * cumulative product of the scales at each boundary; constant after the last boundary.
 *
 * @example
 * const s = piecewiseInterpolateSchedule("linear", 1, { 10: 0.5, 20: 0 }); // s(5) = 0.75
 */
export function piecewiseInterpolateSchedule(interpolateType: "linear" | "cosine", initValue: number, boundariesAndScales: Record<number, number> | null = {}): Schedule {
  const op = "piecewiseInterpolateSchedule";
  if (interpolateType !== "linear" && interpolateType !== "cosine") throw new RangeError(`${op}: interpolateType must be "linear" or "cosine", got ${String(interpolateType)}.`);
  checkNum(op, "initValue", initValue);
  const items = Object.entries(boundariesAndScales ?? {}).map(([b, s]) => [Number(b), s] as const).sort((a, b) => a[0] - b[0]);
  for (const [b, s] of items) checkNum(op, `the scale at ${b}`, s, { nonNegative: true });
  // As optax 0.2.8: the first interval starts at step 0; values are float32 cumulative products.
  const bounds = [0, ...items.map(([b]) => b)];
  const values: number[] = [Math.fround(initValue)];
  for (const [, s] of items) values.push(Math.fround(values[values.length - 1]! * Math.fround(s)));
  const lo = np.array(bounds.slice(0, -1), { dtype: "int32" }), hi = np.array(bounds.slice(1), { dtype: "int32" });
  const sizes = np.array(bounds.slice(1).map((b, i) => Math.max(b - bounds[i]!, 1)), { dtype: "int32" });
  const start = np.array(values.slice(0, -1)), end = np.array(values.slice(1));
  const last = values[values.length - 1]!, lastBound = bounds[bounds.length - 1]!;
  return (count) => {
    const c = typeof count === "number" ? np.array(count, { dtype: "int32" }) : count;
    const tail = np.multiply(np.lessEqual(lastBound, c).astype("float32"), last);
    if (items.length === 0) return tail;
    const indicator = np.logicalAnd(np.lessEqual(lo, c), np.less(c, hi)).astype("float32");
    const pct = np.divide(np.subtract(c, lo), sizes);
    const interp = interpolateType === "linear"
      ? np.add(np.multiply(np.subtract(end, start), pct), start)
      : np.add(end, np.multiply(np.divide(np.subtract(start, end), 2), np.add(np.cos(np.multiply(Math.PI, pct)), 1)));
    return np.add(np.dot(indicator, interp), tail);
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
  checkKeys("linearOnecycleSchedule", o, ["transitionSteps", "peakValue", "pctStart", "pctFinal", "divFactor", "finalDivFactor"]);
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
  checkKeys("cosineOnecycleSchedule", o, ["transitionSteps", "peakValue", "pctStart", "divFactor", "finalDivFactor"]);
  const { transitionSteps: n, peakValue, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = o;
  checkNum("cosineOnecycleSchedule", "transitionSteps", n, { positive: true });
  return piecewiseInterpolateSchedule("cosine", peakValue / divFactor, {
    [Math.trunc(pctStart * n)]: divFactor,
    [n]: 1 / (divFactor * finalDivFactor),
  });
}
