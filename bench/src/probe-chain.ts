/**
 * Where the elementwise chain's time goes on WebGPU: times, in one process and in turns (one
 * dispatch of each variant per round), the reference copy, tsjax's own kernels for the chain
 * and for each of its ops alone (the shaders tsjax generates, run through raw WebGPU), and the
 * chain written with WGSL built-ins. Each variant reads and writes the same 4M float32.
 *   npx tsx src/probe-chain.ts [rounds] [variant-substring,...]
 * Prints per variant the median ms, GB/s (one read, one write) and the ratio to the copy.
 * With TSJAX_BEFORE=<another build's tsjax-core/dist/index.js>, that build's chain kernel is
 * timed too (before and after in one process).
 *
 *   npx tsx src/probe-chain.ts --asm
 * counts machine instructions instead: each variant is compiled with one vec4 per invocation
 * (no loop) in a child process with lavapipe's LLVM asm dump on (GALLIVM_DEBUG=asm, shader
 * cache off), and the compute shader's instructions are counted per element: all of them, the
 * vector ones (ymm/zmm registers, one per element of the vec4 for 8 invocations at once) and
 * those touching the stack (spills and reloads).
 */
import "./env.js";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tj from "tsjax-core";
import { gridFor, rawKernel } from "./libs/reference.js";
import { testData } from "./workloads.js";

const { np } = tj;
const N = 4 * 1024 * 1024;
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
/** `--compile-one=<i>`: the child of `--asm`, compiling and dispatching variant i once. */
const compileOne = flags.find((f) => f.startsWith("--compile-one="))?.split("=")[1];
const asm = flags.includes("--asm");
const rounds = Number(positional[0] ?? 30);
const only = positional[1]?.split(",");

/** A hand-written map over vec4s with the loop of tsjax's vector kernels (`perInvocation` vec4s, strided). */
function vectorMap(lane: (x: string) => string, perInvocation = 4): string {
  const vectors = N / 4;
  const T = Math.ceil(vectors / perInvocation);
  return `@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
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
/** A kernel of 4 vec4s per invocation (tsjax's or `vectorMap`'s) rewritten to one vec4 per invocation. */
const oneVectorEach = (code: string) => code.replace(/u < 4(u?);/, "u < 1$1;").replaceAll(String(N / 16), String(N / 4));

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
if (process.env.TSJAX_BEFORE) {
  const old = (await import(process.env.TSJAX_BEFORE)) as typeof tj;
  await old.init("webgpu");
  const ks = old.jit((x: tj.Array) => old.np.sqrt(old.np.maximum(old.np.exp(old.np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25)), 0.1)))
    .lower(old.np.zeros([N], { device: "webgpu" })).kernels;
  variants.splice(2, 0, ["tsjax chain (before)", ks[0]!.source]);
}
const chosen = variants.filter(([name]) => !only || name.startsWith("copy") || only.some((o) => name.includes(o)));

if (asm) {
  // one child per variant: the driver prints the asm of what it compiles to stderr
  for (const [i, [name]] of chosen.entries()) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--compile-one=${i}`, ...positional], {
      env: { ...process.env, GALLIVM_DEBUG: "asm", MESA_SHADER_CACHE_DISABLE: "true" },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (child.status !== 0) throw new Error(`${name}: the compiling child failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const lines = child.stderr.split("\n");
    const start = lines.indexOf("cs_co_variant:");
    const end = lines.findIndex((l, j) => j > start && /^\S.*:$/.test(l));
    const ins = lines.slice(start + 1, end).filter((l) => /^\s+[0-9a-f]+:\t/.test(l));
    // one vec4 for 8 invocations: 32 elements
    const per = (n: number) => (n / 32).toFixed(1).padStart(6);
    const vector = ins.filter((l) => /%[yz]mm/.test(l)).length;
    const stack = ins.filter((l) => l.includes("(%rsp)")).length;
    console.log(`${name.padEnd(22)} per element: ${per(ins.length)} instructions, ${per(vector)} vector, ${per(stack)} on the stack`);
  }
  process.exit(0);
}

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
const todo = compileOne === undefined ? chosen : [chosen[Number(compileOne)]!];
for (const [name, full] of todo) {
  const code = compileOne === undefined ? full : oneVectorEach(full);
  // tsjax's kernels and the hand-written ones both take 256-invocation workgroups; the thread count is in the source
  const run = rawKernel(dev, code, [src, dst], gridFor(Number(/if \((?:gidx|t) >= (\d+)u?\)/.exec(code)![1])));
  await run();
  if (compileOne !== undefined) process.exit(0);
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
