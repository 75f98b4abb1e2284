/**
 * normal, truncatedNormal, multivariateNormal. Pinned values are JAX's (jax >= 0.5):
 * `normal(key(0), (4, 4))`, `normal(key(42), (2, 3))`, `normal(key(42))`, which agree here to
 * an ulp or two (the transcendental functions differ in their last bits).
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, ShapeError, devicePut, grad, np } from "../index.js";
import * as random from "./index.js";
import { cholesky } from "./normal.js";
import { HAS_WEBGPU, describeDevices, expectClose } from "../../test/helpers.js";
import { describeCpu, ksBound, ksDistance, mean, normalCdf, variance } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());

const NORMAL_KEY0 = [
  1.6226422, 2.0252647, -0.43359444, -0.07861735, 0.1760909, -0.97208923, -0.49529874, 0.4943786,
  0.6643493, -0.9501635, 2.1795304, -1.9551506, 0.35857072, 0.15779513, 1.2770847, 1.5104648,
];

describeDevices("random.normal", () => {
  test("JAX's values", async () => {
    await expectClose(random.normal(random.key(0), [4, 4]).reshape(16), NORMAL_KEY0, { rtol: 3e-7, atol: 1e-7, dtype: "float32" });
    await expectClose(random.normal(random.key(42), [2, 3]), [[-0.02830462, 0.46713185, 0.29570296], [0.15354592, -0.12403282, 0.21692315]], { rtol: 3e-7, atol: 1e-7 });
    await expectClose(random.normal(random.key(42)), -0.028304616, { rtol: 3e-7 });
  });
});

// Statistics on the CPU; the WebGPU results equal the CPU ones to float32 rounding (below).
describeCpu("normal-family statistics", () => {
  test("normal distribution: moments and KS distance to N(0, 1)", async () => {
    const n = 20000;
    const z = await data(random.normal(random.key(1), [n]));
    expect(Math.abs(mean(z))).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(ksDistance(z, normalCdf)).toBeLessThan(ksBound(n));
    const h = random.normal(random.key(1), [2000], { dtype: "float16" });
    expect(h.dtype).toBe("float16");
    expect(ksDistance(await data(h), normalCdf)).toBeLessThan(ksBound(2000) + 1e-3);
  });

  test("truncatedNormal: inside (lower, upper); KS distance to the truncated normal", async () => {
    const n = 10000;
    const [lo, hi] = [-1, 2];
    const x = await data(random.truncatedNormal(random.key(2), lo, hi, { shape: [n] }));
    expect(Math.min(...x)).toBeGreaterThan(lo);
    expect(Math.max(...x)).toBeLessThan(hi);
    const [a, b] = [normalCdf(lo), normalCdf(hi)];
    expect(ksDistance(x, (v) => (normalCdf(v) - a) / (b - a))).toBeLessThan(ksBound(n));
  });
});

describeDevices("random.truncatedNormal", () => {
  test("bounds broadcast to the shape; defaults to their broadcast shape", async () => {
    const lo = np.array([-1, 0, 5]);
    const x = random.truncatedNormal(random.key(3), lo, lo.add(0.5), { shape: [100, 3] });
    const rows = (await x.toArray()) as number[][];
    for (const r of rows) r.forEach((v, j) => expect(v > [-1, 0, 5][j]! && v < [-0.5, 0.5, 5.5][j]!).toBe(true));
    expect(random.truncatedNormal(random.key(3), lo, 6).shape).toEqual([3]);
    expect(() => random.truncatedNormal(random.key(3), lo, 6, { shape: [2] })).toThrow(ShapeError);
  });
});

describeCpu("multivariateNormal statistics", () => {
  test("mean + L z with z = normal(key, [...shape, n]); sample moments", async () => {
    const k = random.key(4);
    const mu = np.array([1, -2, 0.5]);
    const cov = np.array([[2, 0.6, 0.2], [0.6, 1, -0.3], [0.2, -0.3, 0.5]]);
    const n = 20000;
    const x = random.multivariateNormal(k, mu, cov, { shape: [n] });
    expect(x.shape).toEqual([n, 3]);
    const z = random.normal(k, [n, 3]);
    await expectClose(x.get(np.s(0, 5)), (await mu.add(np.matmul(z.get(np.s(0, 5)), cholesky(cov).transpose())).toArray()) as number[][], { rtol: 1e-5, atol: 1e-5 });
    const c = x.sub(x.mean(0));
    const sampleCov = (await np.matmul(c.transpose(), c).div(n - 1).toArray()) as number[][];
    const want = (await cov.toArray()) as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(sampleCov[i]![j]! - want[i]![j]!)).toBeLessThan(0.06);
    const m = (await x.mean(0).data()) as Float32Array;
    [1, -2, 0.5].forEach((v, i) => expect(Math.abs(m[i]! - v)).toBeLessThan(0.05));
  });
});

describeDevices("random.multivariateNormal", () => {
  test("cholesky of a batch of SPD matrices", async () => {
    const a = np.array([[[4, 2], [2, 3]], [[1, 0.5], [0.5, 2]]]);
    const L = cholesky(a);
    await expectClose(np.matmul(L, L.swapaxes(-1, -2)), (await a.toArray()) as number[][][], { rtol: 1e-5, atol: 1e-6 });
    await expectClose(L.get(0), [[2, 0], [1, Math.sqrt(2)]], { rtol: 1e-6 });
    // Differentiable: d/dA of sum(L) through the scan.
    const g = grad((m: Array) => cholesky(m).sum())(np.array([[4, 2], [2, 3]]));
    expect(g.shape).toEqual([2, 2]);
  });

  test("batch shapes and argument checks", async () => {
    const k = random.key(5);
    const mu = np.zeros([4, 2]);
    const cov = np.eye(2);
    expect(random.multivariateNormal(k, mu, cov).shape).toEqual([4, 2]);
    expect(random.multivariateNormal(k, np.zeros([2]), np.stack([cov, cov.mul(2)])).shape).toEqual([2, 2]);
    expect(random.multivariateNormal(k, mu, cov, { shape: [3, 4] }).shape).toEqual([3, 4, 2]);
    expect(() => random.multivariateNormal(k, mu, np.eye(3))).toThrow(ShapeError);
    expect(() => random.multivariateNormal(k, mu, cov, { method: "svd" })).toThrow(/not implemented/);
  });
});

test("WebGPU samples equal the CPU ones (to float32 rounding)", async () => {
  if (!HAS_WEBGPU) return;
  const draw = async (device: "cpu" | "webgpu") => {
    // Traced code (loops, customJvp) makes its constants on the default device.
    defaultDevice(device);
    const k = await devicePut(random.key(21), device);
    const mu = await devicePut(np.array([1, 2]), device);
    const cov = await devicePut(np.array([[1, 0.3], [0.3, 0.5]]), device);
    return Promise.all([
      random.normal(k, [4096]).data(),
      random.normal(k, [512], { dtype: "float16" }).data(),
      random.truncatedNormal(k, -1, 2, { shape: [512] }).data(),
      random.multivariateNormal(k, mu, cov, { shape: [256] }).data(),
    ]);
  };
  const [g, c] = [await draw("webgpu"), await draw("cpu")];
  g.forEach((arr, i) => arr.forEach((v, j) => expect(Math.abs(v - c[i]![j]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(c[i]![j]!)) + (i === 1 ? 2e-3 : 0))));
});
