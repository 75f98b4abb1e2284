/**
 * Probes tsjax's WebGPU reductions and row kernels (the rows of `sum0-4096`, `sum1-4096`,
 * `softmax-4096x1024` and `layernorm-4096x1024`): prints each jitted function's kernels when
 * SOURCE=1, then times them in alternating rounds, with the device's subgroup operations on and
 * off (the same process, so the machine's drift reaches both alike).
 *   XDG_RUNTIME_DIR=/tmp/xdg-runtime npx tsx src/probe-rows.ts [rounds] [ids...]
 */
import * as tj from "tsjax-core";
import type { Array } from "tsjax-core";
import { testData } from "./workloads.js";

const { np, nn } = tj;
await tj.init("webgpu");
tj.defaultDevice("webgpu");
const rounds = Number(process.argv[2] ?? 5);
const only = process.argv.slice(3);
const put = (n: number, shape: number[]) => tj.np.array(testData(n), { device: "webgpu" }).reshape(shape);
const x4096 = put(4096 * 4096, [4096, 4096]);
const x1024 = put(4096 * 1024, [4096, 1024]);
const cases: Record<string, [(x: Array) => Array, Array]> = {
  "sum0-4096": [(x) => np.sum(x, 0), x4096],
  "sum1-4096": [(x) => np.sum(x, 1), x4096],
  "softmax-4096x1024": [(x) => nn.softmax(x, -1), x1024],
  "layernorm-4096x1024": [(x) => nn.standardize(x, -1), x1024],
};
const backend = (x4096 as unknown as { buffer: { backend: { subgroups: boolean } } }).buffer.backend;
const hasSubgroups = backend.subgroups;
const variants = hasSubgroups ? [true, false] : [false];
const times = new Map<string, number[]>();
for (const [id, [f, x]] of Object.entries(cases)) {
  if (only.length > 0 && !only.includes(id)) continue;
  const jitted = new Map<boolean, (x: Array) => Array>();
  for (const sg of variants) {
    backend.subgroups = sg;
    const g = tj.jit(f);
    if (process.env.SOURCE) console.log(`=== ${id} subgroups=${sg}\n${String(g.lower(x))}`);
    g(x).dispose();
    await tj.synchronize("webgpu");
    jitted.set(sg, g);
  }
  for (let r = 0; r < rounds; r++) {
    for (const sg of variants) {
      const g = jitted.get(sg)!;
      const t0 = performance.now();
      const y = g(x);
      await tj.synchronize("webgpu");
      const dt = performance.now() - t0;
      y.dispose();
      const key = `${id} subgroups=${sg}`;
      times.set(key, [...(times.get(key) ?? []), dt]);
    }
  }
  backend.subgroups = hasSubgroups;
}
const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)]!;
for (const [k, t] of times) console.log(`${k.padEnd(40)} median ${median(t).toFixed(1)} ms  (${t.map((v) => v.toFixed(0)).join(" ")})`);
