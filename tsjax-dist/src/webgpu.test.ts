/** A jitted variational step (reparameterized MVN sample, KL, Bernoulli likelihood) on WebGPU equals the CPU's. */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, devices, grad, init, jit, np, random } from "tsjax-core";
import { Bernoulli } from "./distributions/bernoulli.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { Categorical } from "./distributions/categorical.js";

let hasWebgpu = false;
try {
  await init("webgpu"); // asked for: in CI the adapter is a software one (lavapipe)
  hasWebgpu = devices().includes("webgpu");
} catch {
  hasWebgpu = false;
}

// In CI (or with TSJAX_REQUIRE_WEBGPU) a missing adapter fails these tests instead of skipping them.
const requireWebgpu = !!process.env.CI || !!process.env.TSJAX_REQUIRE_WEBGPU;

describe.skipIf(!hasWebgpu && !requireWebgpu)("tsjax-dist on WebGPU", () => {
  it("a jitted ELBO, its gradient and categorical draws match the CPU", async () => {
    const run = async (device: "cpu" | "webgpu") => {
      defaultDevice(device);
      const mu = np.array([[0.1, -0.2], [0.3, 0.4]]);
      const logSigma = np.array([[-0.5, 0.1], [0.2, -0.3]]);
      const x = np.array([[1, 0, 1], [0, 0, 1]]);
      const w = np.array([[0.5, -1, 0.3], [0.2, 0.7, -0.4]]);
      const elbo = (m: Array, ls: Array, k: Array) => {
        const q = new MultivariateNormalDiag({ loc: m, scaleDiag: np.exp(ls) });
        const [z] = q.sampleAndLogProb({ seed: k });
        const kl = q.klDivergence(new MultivariateNormalDiag({ loc: np.zeros([2]) }));
        return new Bernoulli({ logits: np.matmul(z, w) }).logProb(x).sum(-1).sub(kl).mean();
      };
      const step = jit((m: Array, ls: Array, k: Array) => [elbo(m, ls, k), grad(elbo)(m, ls, k)] as const);
      const [value, g] = step(mu, logSigma, random.key(3));
      const draws = jit((k: Array) => new Categorical({ logits: np.array([0, 1, -Infinity]) }).sample({ seed: k, sampleShape: 6 }))(random.key(4));
      return [...(await value.data()), ...(await g.data()), ...(await draws.data())] as number[];
    };
    const gpu = await run("webgpu");
    const cpu = await run("cpu");
    defaultDevice("webgpu");
    gpu.forEach((x, i) => expect(Math.abs(x - cpu[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(cpu[i]!))));
  });
});
