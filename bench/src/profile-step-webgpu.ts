/**
 * Profiles a jitted training step (cnn, transformer or mlp) on tsjax's WebGPU backend: splits the
 * first call into setup (trace + plan (`lower`), kernel compilation (WGSL and pipelines, per kernel)
 * and the first run, then times every kernel of one step in isolation (each replayed alone,
 * submitted and waited for) and prints them, slowest first, with their WGSL when KSRC names a file.
 *   XDG_RUNTIME_DIR=/tmp/xdg-runtime npx tsx src/profile-step-webgpu.ts cnn [reps]
 */
import { writeFileSync } from "node:fs";
import { tsjaxAdapter } from "./libs/tsjax.js";
import { ALL_WORKLOADS } from "./workloads.js";
import { type Fn, recordDispatches, tsjaxWebgpuBackend } from "./webgpu-backend-probe.js";

const which = process.argv[2] ?? "cnn";
const reps = Number(process.argv[3] ?? 3);
const { backend, device } = await tsjaxWebgpuBackend();

// compile: per kernel, its kind, source and the time to build it (WGSL + pipelines)
const kernelOf = new Map<unknown, { kind: string; source: string; ms: number }>();
const origCompile = backend.compile!.bind(backend);
let compileMs = 0;
backend.compile = (k: unknown) => {
  const t = performance.now();
  const exe = origCompile(k);
  const ms = performance.now() - t;
  compileMs += ms;
  const kk = k as { kind: string };
  kernelOf.set(exe, { kind: kk.kind, source: String(backend.kernelSource!(k)), ms });
  return exe;
};
const origPipeline = (backend as unknown as { pipeline: Fn }).pipeline.bind(backend);
let pipelineMs = 0;
let pipelines = 0;
(backend as unknown as { pipeline: Fn }).pipeline = (...a: unknown[]) => {
  const t = performance.now();
  const p = origPipeline(...a);
  pipelineMs += performance.now() - t;
  pipelines++;
  return p;
};

const t0 = performance.now();
const workload = ALL_WORKLOADS.find((w) => w.id === `${which}-step`)!;
const c = (await tsjaxAdapter("webgpu").build(workload))!;
const tSetup = performance.now() - t0;
const setupCompile = compileMs;
[compileMs, pipelineMs, pipelines] = [0, 0, 0];
const compiled0 = backend.pipelinesCompiled as unknown as number;
const t1 = performance.now();
await c.run();
const tFirst = performance.now() - t1;
console.log(`setup (data, eager init with ${setupCompile.toFixed(0)} ms of kernel compilation, trace + plan by lower) ${tSetup.toFixed(0)} ms`);
console.log(`first call ${tFirst.toFixed(0)} ms, of which compile ${compileMs.toFixed(0)} ms (pipelines ${pipelineMs.toFixed(0)} ms for ${pipelines} lookups, ${(backend.pipelinesCompiled as unknown as number) - compiled0} compiled)`);
const t2 = performance.now();
await c.run();
console.log(`second call ${(performance.now() - t2).toFixed(0)} ms; ${c.kernelCount} kernels`);

const steady: number[] = [];
for (let i = 0; i < reps; i++) {
  const t = performance.now();
  await c.run();
  steady.push(performance.now() - t);
}
steady.sort((a, b) => a - b);
console.log(`steady step median ${steady[steady.length >> 1]!.toFixed(1)} ms (min ${steady[0]!.toFixed(1)})`);

// record one step's dispatches, then replay each alone; buffers freed meanwhile are kept (not
// recycled or destroyed) so that the replayed dispatches bind live buffers
const { calls, run: origRun, restoreFree } = await recordDispatches(backend, () => c.run());
const rows = new Map<unknown, { n: number; t: number[]; kind: string; source: string; compile: number }>();
for (const a of calls) {
  const k = kernelOf.get(a[0]) ?? { kind: "?", source: "", ms: 0 };
  let r = rows.get(a[0]);
  if (!r) rows.set(a[0], (r = { n: 0, t: [], kind: k.kind, source: k.source, compile: k.ms }));
  r.n++;
}
// a GEMM's packing pass and the GEMM itself, apart (a dispatch of 0 invocations is skipped)
type Gemm = { kind: string; pack: { threads: number }; main: { threads: number } };
const packOnly = new Map<unknown, number[]>();
const timeAlone = async (a: unknown[]) => {
  const t = performance.now();
  origRun(...a);
  backend.flush!();
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t;
};
for (let rep = 0; rep < reps; rep++) {
  const seen = new Map<unknown, number>();
  for (const a of calls) {
    const e = a[0] as Gemm;
    seen.set(e, (seen.get(e) ?? 0) + (await timeAlone(a)));
    if (e.kind === "gemm") {
      const p = packOnly.get(e) ?? [];
      packOnly.set(e, p);
      p.push(await timeAlone([{ ...e, main: { ...e.main, threads: 0 } }, ...a.slice(1)]));
    }
  }
  for (const [e, dt] of seen) rows.get(e)!.t.push(dt);
}
restoreFree();
const median = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1]!;
const list = [...rows].map(([e, r]) => ({ ...r, med: median(r.t), pack: packOnly.has(e) ? median(packOnly.get(e)!) : undefined }));
const total = list.reduce((s, r) => s + r.med, 0);
console.log(`sum of isolated kernels ${total.toFixed(1)} ms per step over ${calls.length} runs of ${list.length} kernels; compile total ${list.reduce((s, r) => s + r.compile, 0).toFixed(0)} ms`);
list.sort((a, b) => b.med - a.med);
list.forEach((r, i) => {
  const head = r.source.split("\n").find((l) => /@workgroup_size|fn main/.test(l)) ?? "";
  console.log(`#${String(i).padEnd(3)} ${r.kind.padEnd(8)} x${r.n} ${r.med.toFixed(2).padStart(8)} ms  compile ${r.compile.toFixed(0).padStart(5)} ms  ${r.source.length} chars  ${r.pack === undefined ? "" : `(packing ${r.pack.toFixed(2)} ms) `}${head.trim().slice(0, 60)}`);
});
if (process.env.KSRC) writeFileSync(process.env.KSRC, list.map((r, i) => `===== #${i} ${r.kind} ${r.med.toFixed(2)} ms\n${r.source}`).join("\n"));
c.dispose();
process.exit(0);
