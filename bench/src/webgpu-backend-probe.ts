/**
 * tsjax's WebGPU backend object for the probes (`profile-step-webgpu.ts`, `probe-gemm-pack.ts`),
 * reached through an array's buffer as `profile-transformer.ts` does, after making WebGPU the
 * default device.
 */
import * as tj from "tsjax-core";

export type Fn = (...a: unknown[]) => unknown;

export async function tsjaxWebgpuBackend(): Promise<{ backend: Record<string, Fn>; device: GPUDevice }> {
  await tj.init("webgpu");
  tj.defaultDevice("webgpu");
  const probe = tj.np.zeros([1], { device: "webgpu" });
  const backend = (probe as unknown as { buffer: { backend: Record<string, Fn> } }).buffer.backend;
  probe.dispose();
  return { backend, device: backend.device as unknown as GPUDevice };
}
