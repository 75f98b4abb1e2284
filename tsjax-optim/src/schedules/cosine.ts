/** Cosine schedules: `cosineDecaySchedule`, `warmupCosineDecaySchedule`, `sgdrSchedule`. */
import { np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { linearSchedule } from "./basic.js";
import { joinSchedules } from "./join.js";
import { asFloat, checkKeys, checkNum } from "./util.js";

/** Options of `cosineDecaySchedule`. */
export interface CosineDecayScheduleOptions {
  initValue: number;
  decaySteps: number;
  /** The final value as a fraction of `initValue` (default 0). */
  alpha?: number;
  /** Power of the cosine factor (default 1). */
  exponent?: number;
}

/**
 * `initValue * ((1 - alpha) * (0.5 * (1 + cos(pi * t / decaySteps))) ** exponent + alpha)`, `t = min(count, decaySteps)`.
 *
 * @example
 * const s = cosineDecaySchedule({ initValue: 1, decaySteps: 100 }); // s(50) = 0.5
 */
export function cosineDecaySchedule(o: CosineDecayScheduleOptions): Schedule {
  const op = "cosineDecaySchedule";
  checkKeys(op, o, ["initValue", "decaySteps", "alpha", "exponent"]);
  checkNum(op, "initValue", o.initValue);
  checkNum(op, "decaySteps", o.decaySteps, { positive: true });
  const alpha = o.alpha ?? 0;
  const exponent = o.exponent ?? 1;
  checkNum(op, "alpha", alpha);
  return (count) => {
    const t = np.minimum(asFloat(count), o.decaySteps);
    const cos = np.multiply(0.5, np.add(1, np.cos(np.divide(np.multiply(Math.PI, t), o.decaySteps))));
    const decayed = np.add(np.multiply(1 - alpha, exponent === 1 ? cos : np.power(cos, exponent)), alpha);
    return np.multiply(o.initValue, decayed);
  };
}

/** Options of `warmupCosineDecaySchedule`. */
export interface WarmupCosineDecayScheduleOptions {
  initValue: number;
  peakValue: number;
  warmupSteps: number;
  /** Total steps, warmup included. */
  decaySteps: number;
  endValue?: number;
  exponent?: number;
}

/**
 * Linear warmup from `initValue` to `peakValue` over `warmupSteps`, then cosine decay to
 * `endValue` at `decaySteps` (which counts the warmup).
 *
 * @example
 * const s = warmupCosineDecaySchedule({ initValue: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 */
export function warmupCosineDecaySchedule(o: WarmupCosineDecayScheduleOptions): Schedule {
  const op = "warmupCosineDecaySchedule";
  checkKeys(op, o, ["initValue", "peakValue", "warmupSteps", "decaySteps", "endValue", "exponent"]);
  checkNum(op, "initValue", o.initValue);
  checkNum(op, "peakValue", o.peakValue);
  checkNum(op, "warmupSteps", o.warmupSteps, { nonNegative: true });
  checkNum(op, "decaySteps", o.decaySteps);
  if (o.decaySteps <= o.warmupSteps) throw new RangeError(`${op}: decaySteps (${o.decaySteps}) must be greater than warmupSteps (${o.warmupSteps}).`);
  const end = o.endValue ?? 0;
  const alpha = o.peakValue === 0 ? 0 : end / o.peakValue;
  return joinSchedules(
    [
      linearSchedule({ initValue: o.initValue, endValue: o.peakValue, transitionSteps: o.warmupSteps }),
      cosineDecaySchedule({ initValue: o.peakValue, decaySteps: o.decaySteps - o.warmupSteps, alpha, exponent: o.exponent ?? 1 }),
    ],
    [o.warmupSteps],
  );
}

/**
 * SGDR: warm restarts, one `warmupCosineDecaySchedule` after another.
 *
 * @example
 * const s = sgdrSchedule([{ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 100 }, { initValue: 0, peakValue: 0.5, warmupSteps: 10, decaySteps: 100 }]);
 */
export function sgdrSchedule(cosineKwargs: readonly WarmupCosineDecayScheduleOptions[]): Schedule {
  const schedules: Schedule[] = [];
  const boundaries: number[] = [];
  let step = 0;
  for (const k of cosineKwargs) {
    schedules.push(warmupCosineDecaySchedule(k));
    step += k.decaySteps;
    boundaries.push(step);
  }
  return joinSchedules(schedules, boundaries.slice(0, -1));
}
