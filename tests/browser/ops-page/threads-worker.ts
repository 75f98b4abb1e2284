/**
 * A worker of the test page: the CPU backend's GEMM threads in a browser (Web Workers sharing
 * the WebAssembly memory), which exist only in a worker of a cross-origin isolated page.
 */
import { defaultDevice, np } from "../../../tsjax-core/src/index.js";
import { wasmGemm } from "../../../tsjax-core/src/backend/cpu/wasm/gemm.js";

self.onmessage = async () => {
  defaultDevice("cpu");
  const G = wasmGemm()!;
  // the helper workers count themselves in as they start
  const until = performance.now() + 20_000;
  while (G.threads < 2 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  const a = np.arange(256 * 256).reshape(256, 256).astype("float32").mul(1e-4);
  const before = G.threadedJobs;
  const value = await np.matmul(a, a.T).get(255, 255).item();
  postMessage({ threads: G.threads, threadedJobs: G.threadedJobs - before, value, isolated: crossOriginIsolated });
};
