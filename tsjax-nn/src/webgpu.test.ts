/** A jitted training step of a small haiku CNN on WebGPU (when available), compared with the CPU. */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, devices, grad, init, jit, random, tree } from "tsjax-core";
import { BatchNorm, Conv2D, Linear, type Params, type State, maxPool, transformWithState } from "./index.js";

let hasWebgpu = false;
try {
  await init("webgpu"); // asked for: in CI the adapter is a software one (lavapipe)
  hasWebgpu = devices().includes("webgpu");
} catch {
  hasWebgpu = false;
}

const requireWebgpu = !!process.env.CI || !!process.env.TSJAX_REQUIRE_WEBGPU;

describe.skipIf(!hasWebgpu && !requireWebgpu)("tsjax-nn on WebGPU", () => {
  it("a CNN step with BatchNorm matches the CPU", async () => {
    const f = transformWithState((x: Array) => {
      let h = new Conv2D(4, 3).call(x);
      h = new BatchNorm(true, true, 0.9).call(h, true);
      h = maxPool(h, 2, 2, "VALID");
      return new Linear(3).call(h.reshape(h.shape[0]!, -1)).square().mean();
    });
    const step = jit((p: Params, s: State, x: Array) => {
      const g = grad((q: Params) => f.apply(q, s, null, x)[0])(p);
      const [, ns] = f.apply(p, s, null, x);
      return [tree.map((a: Array, b: Array) => a.sub(b.mul(0.1)), p, g), ns] as const;
    });
    const run = async (device: "cpu" | "webgpu") => {
      defaultDevice(device);
      const x = random.normal(random.key(1), [2, 6, 6, 2]);
      const [params, state] = f.init(random.key(0), x);
      const [p2, s2] = step(params, state, x);
      return Promise.all([...tree.leaves(p2), ...tree.leaves(s2)].map(async (a) => [...(await (a as Array).data())]));
    };
    const gpu = await run("webgpu");
    const cpu = await run("cpu");
    gpu.forEach((leaf, i) => leaf.forEach((val, j) => expect(Math.abs(val - cpu[i]![j]!)).toBeLessThan(1e-3 + 1e-3 * Math.abs(cpu[i]![j]!))));
  });
});
