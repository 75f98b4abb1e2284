/**
 * Timing: the first call of each case (trace + compile + run), then steady-state calls of all
 * the libraries' cases of one workload taken in turns (round robin), so that every library
 * meets the same machine: on a shared machine whose speed drifts by 30% over minutes, timing
 * one library after another biases their ratios, timing them in turns does not.
 */
import type { Case } from "./libs/adapter.js";
import type { Workload } from "./workloads.js";

export interface Measurement {
  adapter: string;
  workload: string;
  firstMs: number;
  medianMs: number;
  reps: number;
  kernelCount?: number;
  /** Device bytes held after 10 and after `steps` training steps. */
  memory?: { after10: number; afterN: number; steps: number };
}

/** Time budget for the steady-state repetitions of each case, and their bounds. */
const BUDGET_MS = 4000;
const MIN_REPS = 3;
const MAX_REPS = 30;

/** A built case with the library's switch to its device (tfjs and jax-js have global state). */
export interface Contender {
  adapter: string;
  activate: () => Promise<void> | void;
  case: Case;
}

async function timed(c: Contender): Promise<number> {
  await c.activate();
  const t = performance.now();
  await c.case.run();
  return performance.now() - t;
}

/**
 * Measures one workload's cases: each one's first call and a warm-up call, then rounds in
 * which every case that still wants repetitions (fewer than MIN_REPS, or within its time
 * budget and below MAX_REPS) runs one call. A case whose first timed call exceeds the budget
 * stops there. `onFailure` hears of a case that throws (it then drops out).
 */
export async function measureTogether(w: Workload, cs: Contender[], { quick = false } = {}, onFailure: (c: Contender, e: Error) => void = () => {}): Promise<Measurement[]> {
  const budget = quick ? BUDGET_MS / 4 : BUDGET_MS;
  const state = new Map<Contender, { firstMs: number; times: number[]; spent: number }>();
  for (const c of cs) {
    try {
      const firstMs = await timed(c);
      await timed(c); // a second warm-up call: caches, pools and pipelines settle
      state.set(c, { firstMs, times: [], spent: 0 });
    } catch (e) {
      onFailure(c, e as Error);
    }
  }
  const wants = (s: { times: number[]; spent: number }) =>
    s.times.length < MAX_REPS && (s.times.length < MIN_REPS || s.spent < budget) && !(s.times.length === 1 && s.times[0]! > budget);
  for (;;) {
    const round = [...state].filter(([, s]) => wants(s));
    if (round.length === 0) break;
    for (const [c, s] of round) {
      try {
        const t = await timed(c);
        s.times.push(t);
        s.spent += t;
      } catch (e) {
        state.delete(c);
        onFailure(c, e as Error);
      }
    }
  }
  return [...state].map(([c, s]) => {
    const times = [...s.times].sort((a, b) => a - b);
    return { adapter: c.adapter, workload: w.id, firstMs: s.firstMs, medianMs: times[Math.floor(times.length / 2)]!, reps: times.length, kernelCount: c.case.kernelCount };
  });
}

/** Runs `steps` calls in all, recording the bytes held after 10 of them and after all. */
export async function measureMemory(c: Case, steps: number): Promise<Measurement["memory"]> {
  for (let i = 0; i < 10; i++) await c.run();
  const after10 = c.bytesInUse!();
  for (let i = 10; i < steps; i++) await c.run();
  return { after10, afterN: c.bytesInUse!(), steps };
}
