import { describe, expect, it } from "vitest";
import { type Array, jit, np } from "tsjax-core";
import type { Schedule } from "../base.js";
import { constantSchedule, exponentialDecay, linearSchedule, piecewiseConstantSchedule, polynomialSchedule } from "./basic.js";
import { cosineDecaySchedule, sgdrSchedule, warmupCosineDecaySchedule } from "./cosine.js";
import { joinSchedules, warmupConstantSchedule, warmupExponentialDecaySchedule } from "./join.js";
import { cosineOnecycleSchedule, linearOnecycleSchedule, piecewiseInterpolateSchedule } from "./interpolate.js";
import { close, v } from "../../test/helpers.js";

/** Values at the given steps, eagerly with JS numbers, with int32 arrays, and jitted. */
function at(s: Schedule, steps: number[]): number[] {
  const eager = steps.map((c) => v(np.array(s(c) as never))[0]!);
  const arr = steps.map((c) => v(np.array(s(np.array(c, { dtype: "int32" })) as never))[0]!);
  const j = jit((c: Array) => np.array(s(c) as never));
  const jitted = steps.map((c) => v(j(np.array(c, { dtype: "int32" })))[0]!);
  close(arr, eager, { rtol: 1e-5 });
  close(jitted, eager, { rtol: 1e-5 });
  expect(j.traceCount).toBe(1);
  return eager;
}

describe("schedules at their boundaries", () => {
  it("constant", () => close(at(constantSchedule(0.3), [0, 5, 1e6]), [0.3, 0.3, 0.3]));
  it("linear / polynomial", () => {
    close(at(linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 10 }), [0, 5, 10, 20]), [1, 0.5, 0, 0]);
    close(at(linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 10, transitionBegin: 5 }), [0, 5, 10, 15, 20]), [1, 1, 0.5, 0, 0]);
    close(at(polynomialSchedule({ initValue: 2, endValue: 1, power: 2, transitionSteps: 10 }), [0, 5, 10]), [2, 1.25, 1]);
  });
  it("cosineDecay", () => {
    close(at(cosineDecaySchedule({ initValue: 2, decaySteps: 10 }), [0, 5, 10, 11]), [2, 1, 0, 0], { atol: 1e-6 });
    close(at(cosineDecaySchedule({ initValue: 1, decaySteps: 10, alpha: 0.1 }), [0, 5, 10]), [1, 0.55, 0.1]);
    expect(() => cosineDecaySchedule({ initValue: 1, decaySteps: 0 })).toThrow(/decaySteps must be > 0/);
  });
  it("warmupCosineDecay", () => {
    const s = warmupCosineDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110, endValue: 0.1 });
    close(at(s, [0, 5, 10, 60, 110, 200]), [0, 0.5, 1, 0.55, 0.1, 0.1]);
    expect(() => warmupCosineDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(/decaySteps/);
  });
  it("exponentialDecay (smooth, staircase, begin, endValue)", () => {
    close(at(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 }), [0, 5, 10, 20]), [1, Math.SQRT1_2, 0.5, 0.25]);
    close(at(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, staircase: true }), [5, 10, 19]), [1, 0.5, 0.5]);
    close(at(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, transitionBegin: 10 }), [0, 10, 20]), [1, 1, 0.5]);
    close(at(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, endValue: 0.4 }), [10, 20]), [0.5, 0.4]);
  });
  it("warmupConstant, warmupExponentialDecay, join", () => {
    close(at(warmupConstantSchedule({ initValue: 0, peakValue: 2, warmupSteps: 4 }), [0, 2, 4, 100]), [0, 1, 2, 2]);
    close(at(warmupExponentialDecaySchedule({ initValue: 0, peakValue: 1, warmupSteps: 10, transitionSteps: 10, decayRate: 0.5 }), [5, 10, 20]), [0.5, 1, 0.5]);
    close(at(joinSchedules([constantSchedule(1), constantSchedule(2), constantSchedule(3)], [3, 6]), [2, 3, 5, 6]), [1, 2, 2, 3]);
    expect(() => joinSchedules([constantSchedule(1)], [3])).toThrow(/expected 0 boundaries/);
  });
  it("piecewiseConstant", () => {
    close(at(piecewiseConstantSchedule(1, { 10: 0.5, 20: 0.1 }), [0, 9, 10, 19, 20, 30]), [1, 1, 0.5, 0.5, 0.05, 0.05]);
    expect(() => piecewiseConstantSchedule(1, { 10: -1 })).toThrow(/must be >= 0/);
  });
  it("piecewiseInterpolate (linear, cosine)", () => {
    // optax 0.2.8: the first interval starts at step 0 (0 before it).
    close(at(piecewiseInterpolateSchedule("linear", 1, { 10: 0.5, 20: 0 }), [-1, 0, 5, 10, 15, 20, 25]), [0, 1, 0.75, 0.5, 0.25, 0, 0], { atol: 1e-6 });
    close(at(piecewiseInterpolateSchedule("cosine", 1, { 10: 0.5 }), [0, 5, 10, 30]), [1, 0.75, 0.5, 0.5], { atol: 1e-6 });
  });
  it("one-cycle schedules", () => {
    const lin = linearOnecycleSchedule({ transitionSteps: 100, peakValue: 1 });
    // optax 0.2.8 starts the first interval at step 0: the value there is peak / divFactor.
    close(at(lin, [0, 15, 30, 85, 100, 200]), [0.04, 0.52, 1, 0.04, 4e-6, 4e-6], { rtol: 1e-4, atol: 1e-5 });
    const cos = cosineOnecycleSchedule({ transitionSteps: 100, peakValue: 1 });
    close(at(cos, [0, 15, 30, 100]), [0.04, 0.52, 1, 4e-6], { rtol: 1e-3, atol: 1e-5 });
  });
  it("sgdr restarts", () => {
    const s = sgdrSchedule([{ initValue: 0, peakValue: 1, warmupSteps: 2, decaySteps: 10 }, { initValue: 0, peakValue: 0.5, warmupSteps: 2, decaySteps: 10 }]);
    close(at(s, [0, 2, 10, 11, 12]), [0, 1, 0, 0.25, 0.5], { atol: 1e-6 });
  });
});
