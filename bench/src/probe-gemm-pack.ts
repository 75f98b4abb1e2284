/**
 * Times the GEMM packing passes and products of a jitted step's convolutions on tsjax's WebGPU
 * backend: each GEMM of one recorded step replayed `reps` times per submission (scratch buffers
 * recycled as in a step), the packing pass alone and the whole GEMM, medians over rounds.
 *   XDG_RUNTIME_DIR=/tmp/xdg-runtime npx tsx src/probe-gemm-pack.ts cnn [rounds]
 */
import { tsjaxAdapter } from "./libs/tsjax.js";
import { ALL_WORKLOADS } from "./workloads.js";
import { recordDispatches, tsjaxWebgpuBackend } from "./webgpu-backend-probe.js";

const which = process.argv[2] ?? "cnn";
const rounds = Number(process.argv[3] ?? 5);
const reps = 4;
const { backend, device } = await tsjaxWebgpuBackend();
const c = (await tsjaxAdapter("webgpu").build(ALL_WORKLOADS.find((w) => w.id === `${which}-step`)!))!;
await c.run();
await c.run();
// one step's GEMM dispatches; then the scratch buffers recycle as in a step
const { calls, run: origRun, restoreFree } = await recordDispatches(backend, () => c.run(), (a) => (a[0] as { kind: string }).kind === "gemm");
restoreFree();
type Gemm = { kind: string; packed: number; main: { threads: number } };
const time = async (a: unknown[]) => {
  const t = performance.now();
  for (let i = 0; i < reps; i++) origRun(...a);
  backend.flush!();
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t) / reps;
};
const pack: number[][] = calls.map(() => []);
const whole: number[][] = calls.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (const [i, a] of calls.entries()) {
    const e = a[0] as Gemm;
    // the whole GEMM first: the packing pass alone then reuses its scratch buffer (a fresh one
    // of another size would add its creation and clearing)
    whole[i]!.push(await time(a));
    pack[i]!.push(await time([{ ...e, main: { ...e.main, threads: 0 } }, ...a.slice(1)]));
  }
}
const med = (t: number[]) => [...t].sort((x, y) => x - y)[t.length >> 1]!;
calls.forEach((a, i) => {
  const e = a[0] as Gemm;
  if (e.packed > 1e5) console.log(`gemm ${i}: packed ${e.packed} elements: packing ${med(pack[i]!).toFixed(2)} ms, whole ${med(whole[i]!).toFixed(2)} ms`);
});
