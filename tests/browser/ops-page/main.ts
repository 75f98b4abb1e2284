/** The test page: exposes the workloads to the test driver as `window.tsjaxTests`. */
import { devices, init, webgpuInfo, webgpuUnavailableReason } from "../../../tsjax-core/src/index.js";
import { wasmGemm } from "../../../tsjax-core/src/backend/cpu/wasm/gemm.js";
import { runOpCases, runTraining, webgpuFeatures } from "../src/workloads.js";

const api = {
  /** Starts tsjax; WebGPU is asked for, so a software adapter counts. */
  async init() {
    await init("webgpu").catch(() => undefined);
    return { devices: devices(), reason: webgpuUnavailableReason(), adapter: webgpuInfo()?.adapter, features: webgpuFeatures(), isolated: crossOriginIsolated };
  },
  runOpCases,
  runTraining,
  /** A 256² matmul on the CPU backend in a worker, and how many threads shared it. */
  cpuThreads(): Promise<{ threads: number; threadedJobs: number; value: number; isolated: boolean; mainThreads: number }> {
    const worker = new Worker(new URL("./threads-worker.ts", import.meta.url), { type: "module" });
    return new Promise((resolve, reject) => {
      worker.onmessage = (e) => {
        worker.terminate();
        resolve({ ...e.data, mainThreads: wasmGemm()!.threads });
      };
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage("go");
    });
  },
};
(window as unknown as { tsjaxTests: typeof api }).tsjaxTests = api;
document.body.dataset.ready = "true";
