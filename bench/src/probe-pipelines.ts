/**
 * How pipeline creation scales on this adapter: N distinct compute shaders (of the size of
 * a training step's kernels) created one by one with createComputePipeline, then N others
 * with createComputePipelineAsync all at once.
 *   XDG_RUNTIME_DIR=/tmp/xdg-runtime npx tsx src/probe-pipelines.ts [N]
 */
import { create, globals } from "webgpu";

Object.assign(globalThis, globals);
const n = Number(process.argv[2] ?? 24);
const adapter = await create([]).requestAdapter();
const device = await adapter!.requestDevice();
const shader = (salt: number) => {
  const lines = Array.from({ length: 40 }, (_, i) => `  acc = acc * ${(1 + ((salt * 41 + i) % 97) / 1000).toFixed(4)} + tanh(in0[(idx + ${i}u) % arrayLength(&in0)]);`);
  return `@group(0) @binding(0) var<storage, read> in0: array<f32>;
@group(0) @binding(1) var<storage, read_write> out0: array<f32>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let idx = g.x;
  var acc: f32 = ${salt}.0;
${lines.join("\n")}
  out0[idx] = acc;
}`;
};
let t = performance.now();
for (let i = 0; i < n; i++) device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code: shader(i) }), entryPoint: "main" } });
console.log(`sync: ${n} pipelines in ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
await Promise.all(Array.from({ length: n }, (_, i) => device.createComputePipelineAsync({ layout: "auto", compute: { module: device.createShaderModule({ code: shader(i + n) }), entryPoint: "main" } })));
console.log(`async, all at once: ${n} pipelines in ${(performance.now() - t).toFixed(0)} ms`);
device.destroy();
process.exit(0);
