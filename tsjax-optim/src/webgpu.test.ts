/** Runs a jitted adam step on WebGPU (when available) and compares it with the CPU. */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, devices, grad, init, jit, np } from "tsjax-core";
import { adam } from "./optimizers/adam.js";
import { applyUpdates } from "./base.js";

let hasWebgpu = false;
try {
  await init("webgpu"); // asked for: in CI the adapter is a software one (lavapipe)
  hasWebgpu = devices().includes("webgpu");
} catch {
  hasWebgpu = false;
}

// In CI (or with TSJAX_REQUIRE_WEBGPU) a missing adapter fails these tests instead of skipping them.
const requireWebgpu = !!process.env.CI || !!process.env.TSJAX_REQUIRE_WEBGPU;

describe.skipIf(!hasWebgpu && !requireWebgpu)("adam on WebGPU", () => {
  it("a jitted adam step matches the CPU", async () => {
    const opt = adam(0.1);
    const stepOn = async (device: "webgpu") => {
      const target = np.array([1, -1, 1], { device });
      const loss = (p: Array) => np.square(p.sub(target)).sum();
      const step = jit((p: Array, s: unknown) => {
        const [u, n] = opt.update(grad(loss)(p), s as never, p);
        return [applyUpdates(p, u), n] as const;
      }, { donate: [0, 1] });
      let p = np.array([-1, 10, 1], { device });
      let s: unknown = opt.init(p);
      for (let i = 0; i < 20; i++) [p, s] = step(p, s) as unknown as [Array, unknown];
      return [...(await p.data())] as number[];
    };
    const gpu = await stepOn("webgpu");
    // The CPU reference: optax's Adam in float64 (mixing devices in one jit is not allowed).
    const p = [-1, 10, 1], t = [1, -1, 1];
    let mu = [0, 0, 0], nu = [0, 0, 0];
    for (let k = 1; k <= 20; k++) {
      const g = p.map((x, i) => 2 * (x - t[i]!));
      mu = mu.map((m, i) => 0.1 * g[i]! + 0.9 * m);
      nu = nu.map((n, i) => 0.001 * g[i]! ** 2 + 0.999 * n);
      p.forEach((_, i) => (p[i] = p[i]! - (0.1 * (mu[i]! / (1 - 0.9 ** k))) / (Math.sqrt(nu[i]! / (1 - 0.999 ** k)) + 1e-8)));
    }
    gpu.forEach((x, i) => expect(Math.abs(x - p[i]!)).toBeLessThan(1e-4));
    expect(defaultDevice()).toBeDefined();
  });
});
