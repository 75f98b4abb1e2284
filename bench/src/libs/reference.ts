/**
 * Reference copies: the single-pass copy of the chain's bytes that the elementwise chain is
 * measured against, written directly for each device (a WGSL copy shader; a typed-array loop).
 */
import { create, globals } from "webgpu";
import type { Workload } from "../workloads.js";
import { testData } from "../workloads.js";
import type { Adapter, Case } from "./adapter.js";

function webgpuCopy(): Adapter {
  let device: GPUDevice | undefined;
  return {
    name: "copy webgpu",
    async setup() {
      Object.assign(globalThis, globals);
      // the process's one GPU instance (env.ts), as the libraries use: a second Dawn instance
      // in the same process is not needed and has crashed at exit
      const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? create([]);
      const adapter = await gpu.requestAdapter();
      if (!adapter) return "no WebGPU adapter";
      device = await adapter.requestDevice();
      return undefined;
    },
    async build(w: Workload) {
      if (w.kind !== "copy" || !device) return undefined;
      const dev = device;
      const n = w.size.n!;
      const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
      const src = dev.createBuffer({ size: n * 4, usage });
      const dst = dev.createBuffer({ size: n * 4, usage });
      dev.queue.writeBuffer(src, 0, testData(n));
      const module = dev.createShaderModule({
        code: `@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>) {
  let i = g.x + g.y * n.x * 256u;
  if (i < ${n}u) { dst[i] = src[i]; }
}`,
      });
      const pipeline = dev.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
      const bind = dev.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: src } }, { binding: 1, resource: { buffer: dst } }],
      });
      const groups = Math.ceil(n / 256);
      const gx = Math.min(groups, 65535);
      return {
        async run() {
          const enc = dev.createCommandEncoder();
          const pass = enc.beginComputePass();
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(gx, Math.ceil(groups / gx));
          pass.end();
          dev.queue.submit([enc.finish()]);
          await dev.queue.onSubmittedWorkDone();
        },
        dispose: () => {
          src.destroy();
          dst.destroy();
        },
      } satisfies Case;
    },
    async teardown() {
      device?.destroy();
    },
  };
}

function cpuCopy(): Adapter {
  return {
    name: "copy cpu",
    async setup() {
      return undefined;
    },
    async build(w: Workload) {
      if (w.kind !== "copy") return undefined;
      const src = testData(w.size.n!);
      const dst = new Float32Array(src.length);
      return {
        async run() {
          for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
        },
        dispose() {},
      };
    },
  };
}

export const referenceAdapters = (): Adapter[] => [webgpuCopy(), cpuCopy()];
