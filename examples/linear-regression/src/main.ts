/**
 * Linear regression by full-batch gradient descent, written with plain array ops.
 * Runs on WebGPU when an adapter exists (else on the CPU) and says which.
 */
import { type Array as JArray, defaultDevice, init, np, scope, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";

const N = 4096; // examples
const D = 64; // features
const STEPS = 300;
const LR = 0.1;

await init();
const device = defaultDevice();
const why = webgpuUnavailableReason();
console.log(
  device === "webgpu"
    ? `device: webgpu (${webgpuInfo()?.adapter})`
    : `device: cpu (${why ? `WebGPU unavailable: ${why}` : "chosen with TSJAX_DEVICE"})`,
);

// Synthetic data: y = X w* + b* + noise, with a fixed seed.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
const wTrue = np.array(Array.from({ length: D }, rand)).reshape(D, 1);
const X = np.array(Array.from({ length: N * D }, rand)).reshape(N, D);
const y = X.matmul(wTrue).add(0.5).add(np.array(Array.from({ length: N }, () => 0.01 * rand())).reshape(N, 1));

let w: JArray = np.zeros([D, 1]);
let b: JArray = np.zeros([1]);
const start = performance.now();
for (let step = 0; step <= STEPS; step++) {
  const [nw, nb, loss] = scope(() => {
    const err = X.matmul(w).add(b).sub(y); // [N, 1]
    const gradW = X.T.matmul(err).mul(2 / N); // d/dw mean(err^2)
    const gradB = err.mean(0).mul(2);
    return [w.sub(gradW.mul(LR)), b.sub(gradB.mul(LR)), err.square().mean()];
  });
  w.dispose();
  b.dispose();
  [w, b] = [nw, nb];
  if (step % 50 === 0) console.log(`step ${String(step).padStart(3)}  loss ${Number(await loss.item()).toExponential(3)}`);
  loss.dispose();
}
const seconds = (performance.now() - start) / 1000;
const wErr = await np.max(np.abs(w.sub(wTrue))).item();
console.log(`fitted in ${seconds.toFixed(2)} s: max |w - w*| = ${(wErr as number).toExponential(2)}, b = ${((await b.item()) as number).toFixed(4)} (true 0.5)`);
