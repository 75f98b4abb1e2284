/** Joined schedules: `joinSchedules`, `warmupConstantSchedule`, `warmupExponentialDecaySchedule`. */
import { np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { type ExponentialDecayOptions, constantSchedule, exponentialDecay, linearSchedule } from "./basic.js";
import { arr, checkKeys, checkNum } from "./util.js";

/**
 * Runs `schedules[i]` from `boundaries[i-1]` on, each seeing the step relative to its start.
 *
 * @example
 * const s = joinSchedules([linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 10 }), constantSchedule(1)], [10]);
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (schedules.length === 0) throw new TypeError("joinSchedules: expected at least one schedule.");
  if (boundaries.length !== schedules.length - 1) {
    throw new RangeError(`joinSchedules: expected ${schedules.length - 1} boundaries for ${schedules.length} schedules, got ${boundaries.length}.`);
  }
  boundaries.forEach((b, i) => checkNum("joinSchedules", `boundaries[${i}]`, b));
  return (count) => {
    let out = arr(schedules[0]!(count) as never);
    boundaries.forEach((b, i) => {
      const shifted = typeof count === "number" ? count - b : np.subtract(count, b);
      out = np.where(np.less(count, b), out, schedules[i + 1]!(shifted));
    });
    return out;
  };
}

/** Options of `warmupConstantSchedule`. */
export interface WarmupConstantScheduleOptions {
  initValue: number;
  peakValue: number;
  warmupSteps: number;
}

/**
 * Linear warmup from `initValue` to `peakValue`, then constant.
 *
 * @example
 * const s = warmupConstantSchedule({ initValue: 0, peakValue: 1e-3, warmupSteps: 100 });
 */
export function warmupConstantSchedule(o: WarmupConstantScheduleOptions): Schedule {
  checkKeys("warmupConstantSchedule", o, ["initValue", "peakValue", "warmupSteps"]);
  return joinSchedules([linearSchedule({ initValue: o.initValue, endValue: o.peakValue, transitionSteps: o.warmupSteps }), constantSchedule(o.peakValue)], [o.warmupSteps]);
}

/** Options of `warmupExponentialDecaySchedule`. */
export interface WarmupExponentialDecayScheduleOptions extends Omit<ExponentialDecayOptions, "initValue"> {
  initValue: number;
  peakValue: number;
  warmupSteps: number;
}

/**
 * Linear warmup, then `exponentialDecay` from `peakValue`.
 *
 * @example
 * const s = warmupExponentialDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, transitionSteps: 10, decayRate: 0.5 });
 */
export function warmupExponentialDecaySchedule(o: WarmupExponentialDecayScheduleOptions): Schedule {
  checkKeys("warmupExponentialDecaySchedule", o, ["initValue", "peakValue", "warmupSteps", "transitionSteps", "decayRate", "transitionBegin", "staircase", "endValue"]);
  const { initValue, peakValue, warmupSteps, ...rest } = o;
  return joinSchedules(
    [linearSchedule({ initValue, endValue: peakValue, transitionSteps: warmupSteps }), exponentialDecay({ ...rest, initValue: peakValue })],
    [warmupSteps],
  );
}
