/**
 * References written directly for each device: the single-pass copy of the chain's bytes that
 * the elementwise chain is measured against (a WGSL copy shader; a typed-array loop), and on
 * WebGPU a plain register-tiled GEMM that tsjax's matmul is measured against.
 */
import { create, globals } from "webgpu";
import type { Workload } from "../workloads.js";
import { testData } from "../workloads.js";
import type { Adapter, Case } from "./adapter.js";

/** Vectors (`vec4<f32>`) each invocation of the reference copy moves, strided by the invocation count. */
const COPY_VECTORS = 4;

/**
 * A copy that moves `vec4`s, several per invocation (neighbouring invocations on neighbouring
 * addresses): the bandwidth a map kernel can reach on the device.
 */
function copyShader(n: number): { code: string; invocations: number } {
  const vectors = n / 4;
  const T = Math.ceil(vectors / COPY_VECTORS);
  return {
    code: `@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = g.x + g.y * nwg.x * 256u;
  if (t >= ${T}u) { return; }
  for (var u = 0u; u < ${COPY_VECTORS}u; u++) {
    let i = t + u * ${T}u;
    if (i < ${vectors}u) { dst[i] = src[i]; }
  }
}`,
    invocations: T,
  };
}

/**
 * The reference GEMM C = A B (n x n, row-major): a plain register-tiled kernel, each invocation
 * an 8 x 8 block of C in registers, B read as `vec4`, no workgroup memory (issue 20's baseline).
 */
export function matmulShader(n: number): { code: string; groups: [number, number] } {
  const rows = Array.from({ length: 8 }, (_, r) => r);
  return {
    code: `@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4<f32>>;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let c4 = g.x * 2u;
  let row = g.y * 8u;
  if (row >= ${n}u || c4 * 4u >= ${n}u) { return; }
  ${rows.map((r) => `var c${r}0 = vec4<f32>(); var c${r}1 = vec4<f32>();`).join("\n  ")}
  for (var k = 0u; k < ${n}u; k++) {
    let b0 = B[k * ${n / 4}u + c4];
    let b1 = B[k * ${n / 4}u + c4 + 1u];
    ${rows.map((r) => `let a${r} = A[(row + ${r}u) * ${n}u + k]; c${r}0 += a${r} * b0; c${r}1 += a${r} * b1;`).join("\n    ")}
  }
  ${rows.map((r) => `C[(row + ${r}u) * ${n / 4}u + c4] = c${r}0; C[(row + ${r}u) * ${n / 4}u + c4 + 1u] = c${r}1;`).join("\n  ")}
}`,
    groups: [Math.ceil(n / 64), Math.ceil(n / 64)],
  };
}

/** The workgroup grid for `invocations` invocations in workgroups of 256, folded into two dimensions. */
export function gridFor(invocations: number): [number, number] {
  const groups = Math.ceil(invocations / 256);
  const gx = Math.min(groups, 65535);
  return [gx, Math.ceil(groups / gx)];
}

/**
 * A compute pipeline of WGSL `code` (entry point `main`) with `buffers` bound in order, and a
 * function that dispatches it once over `grid` and waits for it.
 */
export function rawKernel(dev: GPUDevice, code: string, buffers: GPUBuffer[], grid: [number, number]): () => Promise<void> {
  const module = dev.createShaderModule({ code });
  const pipeline = dev.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
  const bind = dev.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return async () => {
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    pass.end();
    dev.queue.submit([enc.finish()]);
    await dev.queue.onSubmittedWorkDone();
  };
}

/** Raw WebGPU on the libraries' device: the reference copy and the reference GEMM. */
function webgpuReference(): Adapter {
  let device: GPUDevice | undefined;
  return {
    name: "raw webgpu",
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
      // float32 kernels only: the float16 rows compare against their float32 rows
      if ((w.kind !== "copy" && w.kind !== "matmul") || w.size.f16 || !device) return undefined;
      const dev = device;
      const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
      const upload = (data: Float32Array<ArrayBuffer>) => {
        const b = dev.createBuffer({ size: data.byteLength, usage });
        dev.queue.writeBuffer(b, 0, data);
        return b;
      };
      let buffers: GPUBuffer[];
      let code: string;
      let grid: [number, number];
      if (w.kind === "copy") {
        const n = w.size.n!;
        buffers = [upload(testData(n)), dev.createBuffer({ size: n * 4, usage })];
        const shader = copyShader(n);
        code = shader.code;
        grid = gridFor(shader.invocations);
      } else {
        const n = w.size.n!;
        buffers = [upload(testData(n * n)), upload(testData(n * n)), dev.createBuffer({ size: n * n * 4, usage })];
        const shader = matmulShader(n);
        code = shader.code;
        grid = shader.groups;
      }
      return {
        run: rawKernel(dev, code, buffers, grid),
        dispose: () => buffers.forEach((b) => b.destroy()),
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

export const referenceAdapters = (): Adapter[] => [webgpuReference(), cpuCopy()];
