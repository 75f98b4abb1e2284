/**
 * One child process of the preallocation row (see prealloc.ts): runs tsjax's `mlp-step` on one
 * device with the memory settings of its environment (`TSJAX_PREALLOCATE`, `TSJAX_MEM_LIMIT`,
 * ...), and prints the first call's time, each later step's time and the memory figures as JSON.
 *
 *   tsx src/prealloc-child.ts <cpu|webgpu> <steps>
 */
import "./env.js";
import * as tj from "tsjax-core";
import type { DeviceName } from "tsjax-core";
import { tsjaxAdapter } from "./libs/tsjax.js";
import { ALL_WORKLOADS } from "./workloads.js";

const device = process.argv[2] as DeviceName;
const steps = Number(process.argv[3] ?? 20);
const adapter = tsjaxAdapter(device);
const why = await adapter.setup();
if (why) {
  console.log(JSON.stringify({ error: why }));
  process.exit(0);
}
const w = ALL_WORKLOADS.find((x) => x.id === "mlp-step")!;
const t0 = performance.now();
const c = (await adapter.build(w))!;
await c.run();
const firstMs = performance.now() - t0;
tj.resetPeak(device);
const stepMs: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  await c.run();
  stepMs.push(performance.now() - t);
}
const { peakBytes, reservedBytes, limitBytes } = tj.memoryStats(device);
c.dispose();
console.log(JSON.stringify({ firstMs, stepMs, peakBytes, reservedBytes, limitBytes: Number.isFinite(limitBytes) ? limitBytes : null }));
process.exit(0);
