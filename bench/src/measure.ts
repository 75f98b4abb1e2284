/** Timing: first call (trace + compile + run) and the median of steady-state calls. */
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

/** Time budget for the steady-state repetitions of one case, and their bounds. */
const BUDGET_MS = 4000;
const MIN_REPS = 3;
const MAX_REPS = 30;

export async function measure(adapter: string, w: Workload, c: Case, { quick = false } = {}): Promise<Measurement> {
  const t0 = performance.now();
  await c.run();
  const firstMs = performance.now() - t0;
  await c.run(); // a second warm-up call: caches, pools and pipelines settle
  const times: number[] = [];
  const budget = quick ? BUDGET_MS / 4 : BUDGET_MS;
  const start = performance.now();
  while (times.length < MAX_REPS && (times.length < MIN_REPS || performance.now() - start < budget)) {
    const t = performance.now();
    await c.run();
    times.push(performance.now() - t);
    if (times.length === 1 && times[0]! > budget) break; // very slow: one timed call is enough
  }
  times.sort((a, b) => a - b);
  return { adapter, workload: w.id, firstMs, medianMs: times[Math.floor(times.length / 2)]!, reps: times.length, kernelCount: c.kernelCount };
}

/** Runs `steps` calls in all, recording the bytes held after 10 of them and after all. */
export async function measureMemory(c: Case, steps: number): Promise<Measurement["memory"]> {
  for (let i = 0; i < 10; i++) await c.run();
  const after10 = c.bytesInUse!();
  for (let i = 10; i < steps; i++) await c.run();
  return { after10, afterN: c.bytesInUse!(), steps };
}
