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

/**
 * Records the dispatches (`backend.run` calls) of one `step`, those that `keep` accepts. Buffers
 * freed from then on are kept alive (not recycled or destroyed) so that replayed dispatches bind
 * live buffers, until `restoreFree` is called; `run` is the backend's own `run`.
 */
export async function recordDispatches(backend: Record<string, Fn>, step: () => Promise<unknown>, keep: (a: unknown[]) => boolean = () => true): Promise<{ calls: unknown[][]; run: Fn; restoreFree: () => void }> {
  const origFree = backend.free!.bind(backend);
  const kept: unknown[] = [];
  backend.free = (h: unknown) => void kept.push(h);
  const calls: unknown[][] = [];
  const run = backend.run!.bind(backend);
  backend.run = (...a: unknown[]) => {
    if (keep(a)) calls.push(a);
    return run(...a);
  };
  await step();
  backend.run = run;
  return { calls, run, restoreFree: () => void (backend.free = origFree) };
}
