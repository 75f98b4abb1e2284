/**
 * Profiles the tsjax transformer step on the CPU: writes the lowered step (jaxpr, kernels) to
 * the file named by LOWERED if set, and loops the step so that `node --cpu-prof` can attribute
 * time to each kernel (tsjax-kernel-<n>.js).
 *   npx tsx --cpu-prof --cpu-prof-dir=/tmp/tfprof src/profile-transformer.ts [steps]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import * as tj from "tsjax-core";
import { transformerStep } from "./libs/tsjax-nets.js";

await tj.init("cpu");
tj.defaultDevice("cpu");
const steps = Number(process.argv[2] ?? 200);
const s = transformerStep("cpu", 32);
let params = s.params;
const run = async () => {
  const [p, value] = s.step(params, s.tokens, s.targets);
  params = p;
  await tj.synchronize("cpu");
  value.dispose();
};
for (let i = 0; i < 5; i++) await run();
if (process.env.LOWERED) writeFileSync(process.env.LOWERED, String(s.step.lower(params, s.tokens, s.targets)));
const session = process.env.PROFILE ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Debugger.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
}
// KERNELS=1: times each backend.run (kernel) and copy of the step; prints per-kernel minimum and median
type Stat = { n: number; t: number[]; name: string };
const stats = new Map<unknown, Stat>();
const backend = (s.tokens as unknown as { buffer: { backend: Record<string, (...a: unknown[]) => unknown> } }).buffer.backend;
if (process.env.KERNELS) {
  for (const method of ["run", "copy"] as const) {
    const orig = backend[method]!.bind(backend);
    backend[method] = (...a: unknown[]) => {
      const key = method === "run" ? a[0] : `copy ${a[3]}`;
      const t = performance.now();
      orig(...a);
      const dt = performance.now() - t;
      let st = stats.get(key);
      if (!st) stats.set(key, (st = { n: stats.size, t: [], name: method === "run" ? `kernel #${stats.size}` : String(key) }));
      st.t.push(dt);
    };
  }
}
const times: number[] = [];
const u0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  await run();
  times.push(performance.now() - t);
}
const t = (performance.now() - t0) / steps;
const u = process.cpuUsage(u0);
if (session) {
  const { profile } = await session.post("Profiler.stop");
  // the kernels' sources, by script id, to name them in the report
  const sources: Record<string, string> = {};
  for (const n of profile.nodes) {
    const id = n.callFrame.scriptId;
    if (n.callFrame.url.includes("tsjax-kernel-") && !(id in sources)) sources[id] = (await session.post("Debugger.getScriptSource", { scriptId: id })).scriptSource;
  }
  writeFileSync(process.env.PROFILE!, JSON.stringify({ profile, sources }));
  session.disconnect();
}
if (process.env.KERNELS) {
  const rows = [...stats.values()].map((st) => {
    st.t.sort((a, b) => a - b);
    const per = st.t.length / steps;
    return { ...st, per, min: st.t[0]! * per, med: st.t[st.t.length >> 1]! * per, src: "" };
  });
  const exes = [...stats.keys()].filter((k) => typeof k === "function") as { toString(): string }[];
  rows.forEach((r, i) => (r.src = typeof [...stats.keys()][i] === "function" ? String([...stats.keys()][i]) : ""));
  void exes;
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  console.log(`per step: sum of kernel minimums ${sum((r) => r.min).toFixed(2)} ms, of medians ${sum((r) => r.med).toFixed(2)} ms, ${sum((r) => r.per).toFixed(0)} calls`);
  for (const r of [...rows].sort((a, b) => b.med - a.med)) {
    const kind = /G\.run\(/.test(r.src) ? "gemm" : /G\.parallel/.test(r.src) ? "wasm" : r.src ? "js" : "copy";
    const url = /kernel-(\d+)/.exec(r.src)?.[1] ?? "";
    console.log(`${r.name.padEnd(16)} k${url.padEnd(4)} ${kind.padEnd(5)} x${r.per.toFixed(0)} min ${r.min.toFixed(3)} med ${r.med.toFixed(3)} ms/step`);
  }
  if (process.env.KSRC) writeFileSync(process.env.KSRC, rows.map((r) => `===== ${r.name}\n${r.src}`).join("\n"));
}
times.sort((a, b) => a - b);
console.log(`${t.toFixed(2)} ms per step (median ${times[steps >> 1]!.toFixed(2)}, min ${times[0]!.toFixed(2)}), cpu ${((u.user + u.system) / 1000 / steps).toFixed(2)} ms per step, over ${steps}`);
