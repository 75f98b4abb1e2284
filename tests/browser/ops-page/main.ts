/** The test page: exposes the workloads to the test driver as `window.tsjaxTests`. */
import { devices, init, webgpuInfo, webgpuUnavailableReason } from "../../../tsjax-core/src/index.js";
import { runOpCases, runTraining, webgpuFeatures } from "../src/workloads.js";

const api = {
  /** Starts tsjax; WebGPU is asked for, so a software adapter counts. */
  async init() {
    await init("webgpu").catch(() => undefined);
    return { devices: devices(), reason: webgpuUnavailableReason(), adapter: webgpuInfo()?.adapter, features: webgpuFeatures(), isolated: crossOriginIsolated };
  },
  runOpCases,
  runTraining,
};
(window as unknown as { tsjaxTests: typeof api }).tsjaxTests = api;
document.body.dataset.ready = "true";
