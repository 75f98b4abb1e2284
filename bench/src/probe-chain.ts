/**
 * Where the elementwise chain's time goes on WebGPU: times, in one process and in turns (one
 * dispatch of each variant per round), the reference copy, tsjax's own kernels for the chain
 * and for each of its ops alone (the shaders tsjax generates, run through raw WebGPU), and the
 * chain written with WGSL built-ins. Each variant reads and writes the same 4M float32.
 *   npx tsx src/probe-chain.ts [rounds] [variant-substring,...]
 * Prints per variant the median ms, GB/s (one read, one write) and the ratio to the copy.
 */
import "./env.js";
import * as tj from "tsjax-core";
import { testData } from "./workloads.js";

const { np } = tj;
const N = 4 * 1024 * 1024;
const rounds = Number(process.argv[2] ?? 30);
const only = process.argv[3]?.split(",");

/** The reference copy of `libs/reference.ts`'s shape, and a hand-written map with the same loop as tsjax's vector kernels. */
function vectorMap(lane: (x: string) => string, prelude = "", perInvocation = 4): string {
  const vectors = N / 4;
  const T = Math.ceil(vectors / perInvocation);
  return `@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
${prelude}
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = g.x + g.y * nwg.x * 256u;
  if (t >= ${T}u) { return; }
  for (var u = 0u; u < ${perInvocation}u; u++) {
    let i = t + u * ${T}u;
    if (i >= ${vectors}u) { break; }
    let v = src[i];
    dst[i] = vec4<f32>(${["x", "y", "z", "w"].map((c) => lane(`v.${c}`)).join(", ")});
  }
}`;
}

const builtinChain = (x: string) => `sqrt(max(exp(tanh(${x} * 1.5 + 0.5) * ${x} - 0.25), 0.1))`;

await tj.init("webgpu");
tj.defaultDevice("webgpu");
const chain = (x: tj.Array) => np.sqrt(np.maximum(np.exp(np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25)), 0.1));
const x0 = np.zeros([N]);
/** tsjax's WGSL for `f` on a 4M float32 vector (one kernel). */
const tsjaxSource = (f: (x: tj.Array) => tj.Array): string => {
  const ks = tj.jit(f).lower(x0).kernels;
  if (ks.length !== 1) throw new Error(`expected one kernel, got ${ks.length}`);
  return ks[0]!.source;
};

const variants: [string, string][] = [
  ["copy (reference)", vectorMap((x) => x)],
  ["tsjax chain", tsjaxSource(chain)],
  ["builtin chain", vectorMap(builtinChain)],
  ["tsjax 1.5x+0.5", tsjaxSource((x) => x.mul(1.5).add(0.5))],
  ["tsjax tanh", tsjaxSource((x) => np.tanh(x))],
  ["builtin tanh", vectorMap((x) => `tanh(${x})`)],
  ["tsjax exp", tsjaxSource((x) => np.exp(x))],
  ["builtin exp", vectorMap((x) => `exp(${x})`)],
  ["tsjax max(x, 0.1)", tsjaxSource((x) => np.maximum(x, 0.1))],
  ["tsjax sqrt", tsjaxSource((x) => np.sqrt(x))],
  ["builtin sqrt", vectorMap((x) => `sqrt(${x})`)],
];
x0.dispose();

const gpu = (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu;
const adapter = (await gpu.requestAdapter())!;
const dev = await adapter.requestDevice();
const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
const src = dev.createBuffer({ size: N * 4, usage });
dev.queue.writeBuffer(src, 0, testData(N));
const dst = dev.createBuffer({ size: N * 4, usage });

interface Run {
  name: string;
  run: () => Promise<void>;
  times: number[];
}
const runs: Run[] = [];
for (const [name, code] of variants) {
  if (only && !only.some((o) => name.includes(o)) && !name.startsWith("copy")) continue;
  const module = dev.createShaderModule({ code });
  const pipeline = dev.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
  const bind = dev.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [src, dst].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  // tsjax's kernels and the hand-written ones both take 256-invocation workgroups; the thread count is in the source
  const T = Number(/if \((?:gidx|t) >= (\d+)u?\)/.exec(code)![1]);
  const groups = Math.ceil(T / 256);
  const gx = Math.min(groups, 65535);
  const grid: [number, number] = [gx, Math.ceil(groups / gx)];
  const run = async () => {
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    pass.end();
    dev.queue.submit([enc.finish()]);
    await dev.queue.onSubmittedWorkDone();
  };
  await run();
  await run();
  runs.push({ name, run, times: [] });
}
for (let r = 0; r < rounds; r++) {
  for (const v of runs) {
    const t = performance.now();
    await v.run();
    v.times.push(performance.now() - t);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const copy = median(runs[0]!.times);
for (const v of runs) {
  const m = median(v.times);
  console.log(`${v.name.padEnd(22)} ${m.toFixed(2).padStart(8)} ms  ${((8 * N) / m / 1e6).toFixed(2).padStart(6)} GB/s  ${(copy / m).toFixed(2)}x copy`);
}
src.destroy();
dst.destroy();
dev.destroy();
process.exit(0);
