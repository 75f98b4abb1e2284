import { expect, test } from "vitest";
import { type Array, grad, jit, np, random, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { NN_RANDOM } from "../../test/refs/laxlib/nn-random.js";
import { describeCpu, ksBound, ksDistance, mean, variance } from "./testing.js";

const R = NN_RANDOM.random;

/** Each sampler call of the reference table. */
const DRAWS: Record<string, (k: Array) => Array> = {
  pareto: (k) => random.pareto(k, 3, [6]),
  paretoArr: (k) => random.pareto(k, np.array([1, 2, 5])),
  lognormal: (k) => random.lognormal(k, 0.5, [6]),
  weibullMin: (k) => random.weibullMin(k, 2, 1.5, [6]),
  rayleigh: (k) => random.rayleigh(k, 2, [6]),
  wald: (k) => random.wald(k, 1.5, [6]),
  triangular: (k) => random.triangular(k, 0, 0.3, 1, [6]),
  geometric: (k) => random.geometric(k, 0.3, [6]),
  geometricSmall: (k) => random.geometric(k, 0.01, [6]),
  rademacher: (k) => random.rademacher(k, [8]),
  rademacherF: (k) => random.rademacher(k, [4], { dtype: "float32" }),
  maxwell: (k) => random.maxwell(k, [6]),
  doubleSidedMaxwell: (k) => random.doubleSidedMaxwell(k, 1, 2, [6]),
  dsmBroadcast: (k) => random.doubleSidedMaxwell(k, np.array([0, 10]), 1, [3]),
  f: (k) => random.f(k, 5, 10, [6]),
  generalizedNormal: (k) => random.generalizedNormal(k, 1.5, [6]),
  generalizedNormal2: (k) => random.generalizedNormal(k, 2, [6]),
  ball: (k) => random.ball(k, 3, 2, [4]),
  ball1: (k) => random.ball(k, 2, 1, [3]),
  orthogonal: (k) => random.orthogonal(k, 3),
  orthogonalBatch: (k) => random.orthogonal(k, 3, [2]),
  orthogonalWide: (k) => random.orthogonal(k, 2, [], { m: 4 }),
  orthogonalTall: (k) => random.orthogonal(k, 4, [], { m: 2 }),
  binomialSmall: (k) => random.binomial(k, 10, 0.3, [8]),
  binomialLarge: (k) => random.binomial(k, 200, 0.4, [8]),
  binomialHighP: (k) => random.binomial(k, 50, 0.9, [8]),
  binomialMixed: (k) => random.binomial(k, np.array([5, 100, 1000, 0, -1, Infinity]), np.array([0.5, 0.2, 0.7, 0.3, 0.5, 0.5])),
  multinomial: (k) => random.multinomial(k, 100, np.array([0.2, 0.3, 0.5])),
  multinomialBatch: (k) => random.multinomial(k, np.array([10, 1000]), np.array([[0.1, 0.2, 0.7], [0.25, 0.25, 0.5]])),
  multinomialShape: (k) => random.multinomial(k, 20, np.array([0.5, 0.5]), { shape: [3, 2] }),
  bits8: () => random.bits(random.key(0), [4], { dtype: "uint8" }),
  bits16: () => random.bits(random.key(0), [4], { dtype: "uint16" }),
};

describeDevices("random: samplers derived from other draws give JAX's values for the same key", (device) => {
  test("every sampler of the table", async () => {
    for (const [name, draw] of Object.entries(DRAWS)) {
      // QR (orthogonal) compiles slowly on lavapipe; its WebGPU path is covered by the linalg suites.
      if (device === "webgpu" && name.startsWith("orthogonal")) continue;
      // Transcendental functions round within a few ulps of XLA's.
      const tol = name.startsWith("orthogonal") ? { rtol: 2e-5, atol: 2e-6 } : { rtol: device === "webgpu" ? 2e-5 : 4e-6, atol: 1e-6 };
      await expectFlat(name, draw(random.key(7)), R[name as keyof typeof R], tol);
    }
  });
});

describeCpu("random: derived samplers, moments and transformations", () => {
  test("moments within sampling error (n = 20000)", async () => {
    const n = 20000;
    const kk = random.key(3);
    const stats = async (x: Array) => { const d = await x.data(); return [mean(d), variance(d)]; };
    const [mP, vP] = await stats(random.pareto(kk, 4, [n]));
    expect(Math.abs(mP - 4 / 3)).toBeLessThan(0.02);
    expect(Math.abs(vP - 4 / 9 / 2)).toBeLessThan(0.05);
    const [mW] = await stats(random.wald(kk, 2, [n]));
    expect(Math.abs(mW - 2)).toBeLessThan(0.08);
    const [mG, vG] = await stats(random.geometric(kk, 0.25, [n]));
    expect(Math.abs(mG - 4)).toBeLessThan(0.1);
    expect(Math.abs(vG - 12) / 12).toBeLessThan(0.06);
    const [mB, vB] = await stats(random.binomial(kk, 30, 0.6, [n]));
    expect(Math.abs(mB - 18)).toBeLessThan(0.06);
    expect(Math.abs(vB - 7.2) / 7.2).toBeLessThan(0.05);
    const [mF] = await stats(random.f(kk, 6, 12, [n]));
    expect(Math.abs(mF - 1.2)).toBeLessThan(0.03);
    const tri = await random.triangular(kk, -1, 0.5, 2, [n]).data();
    const triCdf = (x: number) => (x <= 0.5 ? (x + 1) ** 2 / (3 * 1.5) : 1 - (2 - x) ** 2 / (3 * 1.5));
    expect(ksDistance(tri, triCdf)).toBeLessThan(ksBound(n));
    const ray = await random.rayleigh(kk, 1.5, [n]).data();
    expect(ksDistance(ray, (x) => 1 - Math.exp(-(x * x) / (2 * 1.5 * 1.5)))).toBeLessThan(ksBound(n));
    const wb = await random.weibullMin(kk, 2, 0.7, [n]).data();
    expect(ksDistance(wb, (x) => 1 - Math.exp(-((x / 2) ** 0.7)))).toBeLessThan(ksBound(n));
    const counts = await random.multinomial(kk, 50, np.array([0.1, 0.6, 0.3]), { shape: [2000, 3] }).data();
    const colMean = [0, 1, 2].map((j) => mean(globalThis.Array.from({ length: 2000 }, (_, i) => counts[i * 3 + j]!)));
    [5, 30, 15].forEach((m, j) => expect(Math.abs(colMean[j]! - m)).toBeLessThan(0.35));
    for (let i = 0; i < 2000; i++) expect(counts[i * 3]! + counts[i * 3 + 1]! + counts[i * 3 + 2]!).toBe(50);
    const pts = await random.ball(kk, 3, 1.5, [500]).data();
    for (let i = 0; i < 500; i++) expect(Math.abs(pts[3 * i]!) ** 1.5 + Math.abs(pts[3 * i + 1]!) ** 1.5 + Math.abs(pts[3 * i + 2]!) ** 1.5).toBeLessThan(1);
  });

  test("orthogonal: Q Qᵀ = I; jit and vmap over keys give the eager draws", async () => {
    const q = random.orthogonal(random.key(1), 5);
    const qqt = await np.matmul(q, q.T).data();
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(Math.abs(qqt[i * 5 + j]! - (i === j ? 1 : 0))).toBeLessThan(2e-6);
    const keys = random.split(random.key(5), 3);
    const batched = vmap((kk: Array) => random.wald(kk, 1.5, [4]))(keys);
    const eager = np.stack([0, 1, 2].map((i) => random.wald(keys.get(i), 1.5, [4])));
    await expectFlat("vmap wald", batched, globalThis.Array.from(await eager.data()), { rtol: 1e-6 });
    const jitted = jit((kk: Array) => random.binomial(kk, 40, 0.3, [5]))(keys.get(0));
    await expectFlat("jit binomial", jitted, globalThis.Array.from(await random.binomial(keys.get(0), 40, 0.3, [5]).data()), { rtol: 0 });
  });

  test("reparameterized draws differentiate: pareto and rayleigh in their parameters", async () => {
    const k = random.key(7);
    // d/db exp(e / b) = -e/b^2 exp(e/b) = -log(x) x / b
    const b = 3;
    const x = await random.pareto(k, b, [6]).data();
    const g = await grad((bb: Array) => random.pareto(k, bb, [6]).sum())(np.array(b)).item();
    expect(g).toBeCloseTo(globalThis.Array.from(x).reduce((s, v) => s - (Math.log(v) * v) / b, 0), 4);
    const s = await grad((sc: Array) => random.rayleigh(k, sc, [6]).sum())(np.array(2)).item();
    expect(s).toBeCloseTo(globalThis.Array.from(await random.rayleigh(k, 1, [6]).data()).reduce((a, v) => a + v, 0), 4);
  });

  test("argument errors name the call", () => {
    const k = random.key(7);
    expect(() => random.geometric(k, 0.3, [2], { dtype: "float32" })).toThrow(/dtype must be an integer dtype/);
    expect(() => random.pareto(k, np.array([1, 2]), [3])).toThrow(/random.pareto: shapes \[3\] and \[2\] cannot be broadcast/);
    expect(() => random.ball(k, 2, 2, [3], { dtpe: "float32" } as never)).toThrow(/did you mean "dtype"/);
    expect(() => random.generalizedNormal(k, -1)).toThrow(/p must be a positive number/);
    expect(() => random.orthogonal(k, 2.5)).toThrow(/n must be a non-negative integer/);
    expect(() => random.multinomial(k, 10, np.array(0.5))).toThrow(/last axis of categories/);
    expect(() => random.bits(k, [2], { dtype: "int32" as never })).toThrow(/"uint32", "uint16" or "uint8"/);
    expect(random.keyImpl(k)).toBe("threefry2x32");
    expect(random.keyDtype()).toBe("uint32");
    expect(random.clone(k)).toBe(k);
    expect(() => random.wrapKeyData(k, { impl: "rbg" })).toThrow(/only the "threefry2x32" implementation/);
  });
});
