/**
 * Alternates tsjax cpu and jax-js wasm on one workload (default transformer-step), one call each
 * per round, and prints per library the minimum, median and mean wall time and the process CPU
 * time per call (worker threads included).
 *   npx tsx src/compare-step.ts [workload-id] [rounds]
 */
import "./env.js";
import { jaxjsAdapter } from "./libs/jaxjs.js";
import { tsjaxAdapter } from "./libs/tsjax.js";
import { ALL_WORKLOADS } from "./workloads.js";

const w = ALL_WORKLOADS.find((x) => x.id === (process.argv[2] ?? "transformer-step"))!;
const rounds = Number(process.argv[3] ?? 60);
const libs = [tsjaxAdapter("cpu"), jaxjsAdapter("wasm")];
const cases = [];
for (const a of libs) {
  const why = await a.setup();
  if (why) throw new Error(`${a.name}: ${why}`);
  await a.activate?.();
  const c = (await a.build(w))!;
  for (let i = 0; i < 3; i++) await c.run();
  cases.push({ a, c, wall: [] as number[], cpu: [] as number[] });
}
for (let r = 0; r < rounds; r++) {
  for (const x of cases) {
    await x.a.activate?.();
    const u = process.cpuUsage();
    const t = performance.now();
    await x.c.run();
    x.wall.push(performance.now() - t);
    const d = process.cpuUsage(u);
    x.cpu.push((d.user + d.system) / 1000);
  }
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
for (const x of cases) {
  console.log(`${x.a.name.padEnd(12)} ${w.id}: wall min ${Math.min(...x.wall).toFixed(2)} med ${med(x.wall).toFixed(2)} mean ${mean(x.wall).toFixed(2)} | cpu med ${med(x.cpu).toFixed(2)} mean ${mean(x.cpu).toFixed(2)} ms`);
}
const [t, j] = cases;
console.log(`ratio jax-js/tsjax: wall med ${(med(j!.wall) / med(t!.wall)).toFixed(2)}x, wall min ${(Math.min(...j!.wall) / Math.min(...t!.wall)).toFixed(2)}x, cpu mean ${(mean(j!.cpu) / mean(t!.cpu)).toFixed(2)}x`);
process.exit(0);
