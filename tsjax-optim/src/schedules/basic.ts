/** Constant, polynomial/linear, exponential and piecewise-constant schedules. */
import { type Array, np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { arr, asFloat, checkKeys, checkNum } from "./util.js";

/**
 * A constant schedule.
 *
 * @example
 * constantSchedule(0.1)(100); // 0.1
 */
export function constantSchedule(value: number): Schedule {
  checkNum("constantSchedule", "value", value);
  return () => np.array(value);
}

/** Options of `polynomialSchedule`. */
export interface PolynomialScheduleOptions {
  initValue: number;
  endValue: number;
  power: number;
  transitionSteps: number;
  transitionBegin?: number;
}

/**
 * `(init - end) * (1 - t / transitionSteps) ** power + end`, with `t = clip(count - transitionBegin, 0, transitionSteps)`.
 *
 * @example
 * const s = polynomialSchedule({ initValue: 1, endValue: 0, power: 2, transitionSteps: 100 });
 */
export function polynomialSchedule(o: PolynomialScheduleOptions): Schedule {
  const op = "polynomialSchedule";
  checkKeys(op, o, ["initValue", "endValue", "power", "transitionSteps", "transitionBegin"]);
  checkNum(op, "initValue", o.initValue);
  checkNum(op, "endValue", o.endValue);
  checkNum(op, "power", o.power);
  checkNum(op, "transitionSteps", o.transitionSteps);
  const begin = o.transitionBegin ?? 0;
  checkNum(op, "transitionBegin", begin, { nonNegative: true });
  if (o.transitionSteps <= 0) return () => np.array(o.initValue);
  return (count) => {
    const t = np.clip(np.subtract(asFloat(count), begin), 0, o.transitionSteps);
    const frac = np.subtract(1, np.divide(t, o.transitionSteps));
    return arr(np.add(np.multiply(o.initValue - o.endValue, np.power(frac, o.power)), o.endValue));
  };
}

/** Options of `linearSchedule`. */
export interface LinearScheduleOptions {
  initValue: number;
  endValue: number;
  transitionSteps: number;
  transitionBegin?: number;
}

/**
 * Linear interpolation from `initValue` to `endValue` over `transitionSteps`.
 *
 * @example
 * linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 10 })(5); // 0.5
 */
export function linearSchedule(o: LinearScheduleOptions): Schedule {
  checkKeys("linearSchedule", o, ["initValue", "endValue", "transitionSteps", "transitionBegin"]);
  return polynomialSchedule({ ...o, power: 1 });
}

/** Options of `exponentialDecay`. */
export interface ExponentialDecayOptions {
  initValue: number;
  transitionSteps: number;
  decayRate: number;
  transitionBegin?: number;
  staircase?: boolean;
  /** Bound the value (a lower bound when decayRate < 1, an upper bound otherwise). */
  endValue?: number;
}

/**
 * `initValue * decayRate ** ((count - transitionBegin) / transitionSteps)` (floored with `staircase`).
 *
 * @example
 * const s = exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 }); // s(10) = 0.5
 */
export function exponentialDecay(o: ExponentialDecayOptions): Schedule {
  const op = "exponentialDecay";
  checkKeys(op, o, ["initValue", "transitionSteps", "decayRate", "transitionBegin", "staircase", "endValue"]);
  checkNum(op, "initValue", o.initValue);
  checkNum(op, "transitionSteps", o.transitionSteps);
  checkNum(op, "decayRate", o.decayRate);
  const begin = o.transitionBegin ?? 0;
  checkNum(op, "transitionBegin", begin, { nonNegative: true });
  if (o.transitionSteps <= 0 || o.decayRate === 0) return () => np.array(o.initValue);
  return (count) => {
    const dec = np.subtract(asFloat(count), begin);
    let p: Array = np.divide(dec, o.transitionSteps);
    if (o.staircase) p = np.floor(p);
    let v = np.where(dec.le(0), o.initValue, np.multiply(o.initValue, np.power(o.decayRate, p)));
    if (o.endValue !== undefined) v = o.decayRate < 1 ? np.maximum(v, o.endValue) : np.minimum(v, o.endValue);
    return v;
  };
}

/**
 * Piecewise constant: the value is multiplied by `scale` once the count reaches each boundary.
 *
 * @example
 * const s = piecewiseConstantSchedule(1.0, { 100: 0.1, 200: 0.1 }); // 1, then 0.1, then 0.01
 */
export function piecewiseConstantSchedule(initValue: number, boundariesAndScales: Record<number, number> = {}): Schedule {
  const op = "piecewiseConstantSchedule";
  checkNum(op, "initValue", initValue);
  const items = Object.entries(boundariesAndScales).map(([b, s]) => [Number(b), s] as const).sort((a, b) => a[0] - b[0]);
  for (const [b, s] of items) {
    checkNum(op, `the boundary ${b}`, b);
    checkNum(op, `the scale at ${b}`, s, { nonNegative: true });
  }
  return (count) => {
    const c = asFloat(count);
    let v: Array = np.array(initValue);
    for (const [b, s] of items) {
      const ind = np.maximum(0, np.sign(np.subtract(b, c)));
      v = np.add(np.multiply(v, ind), np.multiply(np.subtract(1, ind), np.multiply(s, v)));
    }
    return v;
  };
}
