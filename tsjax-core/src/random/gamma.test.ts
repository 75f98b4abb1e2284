/**
 * gamma, loggamma, beta, dirichlet, chisquare, t: distributions, reparameterized gradients,
 * and the transformations (vmap over keys, lax.scan).
 *
 * Gradients: the derivative of a sample with respect to alpha is JAX's implicit one,
 * -(dP/da) / (dP/dx) at the sample (P the regularized incomplete gamma function). It is checked
 * (1) against that formula evaluated in float64 on the host, (2) for unbiasedness
 * (E[dx/da] = dE[x]/da), and (3) against finite differences of the sampler with the same key,
 * which differ slightly from it (the sampler is not an inverse CDF), hence the loose tolerance.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, DTypeError, ShapeError, checkGrads, devicePut, grad, lax, np, vmap } from "../index.js";
import * as random from "./index.js";
import { gammaGrad } from "./gamma.js";
import { HAS_WEBGPU, describeDevices, expectClose } from "../../test/helpers.js";
import { betaI, describeCpu, gammaP, gammaSampleGrad64, ksBound, ksDistance, mean, variance } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());

describeDevices("gamma family", () => {
  test("shapes, dtypes, supports", async () => {
    const k = random.key(0);
    const a = np.array([0.2, 1, 3.5]);
    const g = random.gamma(k, a);
    expect(g.shape).toEqual([3]);
    expect(g.dtype).toBe("float32");
    for (const v of await data(g)) expect(v).toBeGreaterThan(0);
    expect(random.gamma(k, a, { shape: [2, 3] }).shape).toEqual([2, 3]);
    expect(random.gamma(k, 2, { shape: [4], dtype: "float16" }).dtype).toBe("float16");
    expect(random.loggamma(k, a).shape).toEqual([3]);
    const b = random.beta(k, 2, np.array([1, 3]));
    expect(b.shape).toEqual([2]);
    for (const v of await data(b)) expect(v > 0 && v < 1).toBe(true);
    const d = random.dirichlet(k, np.array([[1, 2, 3], [0.5, 0.5, 0.5]]), { shape: [4, 2] });
    expect(d.shape).toEqual([4, 2, 3]);
    await expectClose(d.sum(-1), globalThis.Array(4).fill([1, 1]), { rtol: 1e-5 });
    expect(random.chisquare(k, 3, { shape: [2] }).shape).toEqual([2]);
    expect(random.t(k, np.array([2, 5])).shape).toEqual([2]);
    expect(random.gamma(k, np.zeros([0])).shape).toEqual([0]);
    expect(() => random.gamma(k, a, { shape: [2] })).toThrow(ShapeError);
    expect(() => random.gamma(k, a, { dtype: "int32" })).toThrow(DTypeError);
    expect(() => random.dirichlet(k, 1)).toThrow(ShapeError);
  });

  test("one key per element: vmap over keys equals a loop; inside lax.scan", async () => {
    const keys = random.split(random.key(1), 3);
    const a = np.array([0.5, 2]);
    const f = (kk: Array) => np.concatenate([random.gamma(kk, a), random.beta(kk, a, 1), random.dirichlet(kk, a)]);
    const batched = vmap(f)(keys);
    for (let i = 0; i < 3; i++) await expectClose(batched.get(i), globalThis.Array.from(await f(keys.get(i)).data()), { rtol: 1e-6, atol: 1e-7 });
    // A key carried through a scan: split each step, draw with the subkey.
    const step = (kk: Array): [Array, Array] => [random.split(kk).get(0), random.gamma(random.split(kk).get(1), a)];
    const [, ys] = lax.scan((kk: Array, _x: null) => step(kk), random.key(2), null, { length: 3 });
    let kk = random.key(2);
    for (let i = 0; i < 3; i++) {
      const [next, y] = step(kk);
      await expectClose(ys.get(i), globalThis.Array.from(await y.data()), { rtol: 1e-6 });
      kk = next;
    }
  });

  test("grad w.r.t. alpha: the implicit derivative -(dP/da)/(dP/dx) at the sample", async () => {
    const k = random.key(3);
    const a = np.array([0.3, 0.9, 1, 2.5, 7, 40]);
    const x = await data(random.gamma(k, a));
    const g = await data(grad((al: Array) => random.gamma(k, al).sum())(a));
    const av = await data(a);
    g.forEach((gi, i) => expect(gi).toBeCloseTo(gammaSampleGrad64(av[i]!, x[i]!), 2 + (Math.abs(gi) < 10 ? 1 : 0)));
    // loggamma: d log(x) / da = (dx/da) / x, with the same sample.
    const lx = await data(random.loggamma(k, a));
    const lg = await data(grad((al: Array) => random.loggamma(k, al).sum())(a));
    lg.forEach((gi, i) => expect(Math.abs(gi - gammaSampleGrad64(av[i]!, Math.exp(lx[i]!)) / Math.exp(lx[i]!))).toBeLessThan(2e-3 * Math.max(1, Math.abs(gi))));
  });
});

describeCpu("gamma family statistics", () => {
  const n = 4000;

  test("gamma: KS distance to Gamma(a, 1), mean, for small and large a", async () => {
    for (const a of [0.3, 1, 4.5, 60]) {
      const x = await data(random.gamma(random.key(10), a, { shape: [n] }));
      expect(ksDistance(x, (v) => gammaP(a, v))).toBeLessThan(ksBound(n));
      expect(Math.abs(mean(x) - a)).toBeLessThan(4 * Math.sqrt(a / n));
    }
  });

  test("loggamma: exp(loggamma) = gamma for the same key; tiny alpha stays finite", async () => {
    const k = random.key(11);
    const a = np.array([0.3, 0.9, 3, 25]);
    await expectClose(np.exp(random.loggamma(k, a)), globalThis.Array.from(await random.gamma(k, a).data()), { rtol: 2e-5 });
    const lx = await data(random.loggamma(k, 0.01, { shape: [n] }));
    for (const v of lx) expect(Number.isFinite(v)).toBe(true);
    expect(ksDistance(lx.map(Math.exp), (v) => gammaP(0.01, v))).toBeLessThan(ksBound(n));
  });

  test("beta, dirichlet, chisquare, t: KS distance to their CDFs", async () => {
    const b = await data(random.beta(random.key(12), 2, 5, { shape: [n] }));
    expect(ksDistance(b, (v) => betaI(2, 5, v))).toBeLessThan(ksBound(n));
    const b2 = await data(random.beta(random.key(13), 0.5, 0.5, { shape: [n] }));
    expect(ksDistance(b2, (v) => betaI(0.5, 0.5, v))).toBeLessThan(ksBound(n));
    const alpha = [1, 2, 3];
    const d = (await random.dirichlet(random.key(14), np.array(alpha), { shape: [n] }).toArray()) as number[][];
    // Marginals of Dirichlet(alpha): Beta(alpha_i, sum - alpha_i).
    alpha.forEach((ai, i) => expect(ksDistance(d.map((r) => r[i]!), (v) => betaI(ai, 6 - ai, v))).toBeLessThan(ksBound(n)));
    const c = await data(random.chisquare(random.key(15), 3, { shape: [n] }));
    expect(ksDistance(c, (v) => gammaP(1.5, v / 2))).toBeLessThan(ksBound(n));
    const t = await data(random.t(random.key(16), 4, { shape: [n] }));
    const tCdf = (v: number) => (v < 0 ? 0.5 * betaI(2, 0.5, 4 / (4 + v * v)) : 1 - 0.5 * betaI(2, 0.5, 4 / (4 + v * v)));
    expect(ksDistance(t, tCdf)).toBeLessThan(ksBound(n));
  });

  test("reparameterization gradients are unbiased: E[dx/dtheta] = dE[x]/dtheta", async () => {
    const perSample = async (f: (p: Array) => Array, p: Array) => {
      const g = await data(grad((q: Array) => f(q).sum())(p));
      return [mean(g), Math.sqrt(variance(g) / g.length)] as const;
    };
    for (const a0 of [0.4, 3]) {
      const [m, se] = await perSample((a) => random.gamma(random.key(20), a), np.full([n], a0));
      expect(Math.abs(m - 1)).toBeLessThan(4 * se + 1e-3); // E[x] = a
    }
    // Beta(a, 2): E[x] = a / (a + 2), d/da = 2 / (a + 2)^2.
    const [mb, seb] = await perSample((a) => random.beta(random.key(21), a, 2), np.full([n], 1.5));
    expect(Math.abs(mb - 2 / 3.5 ** 2)).toBeLessThan(4 * seb + 1e-3);
    // Dirichlet([a, 1, 2]) first coordinate: E = a / (a + 3), d/da = 3 / (a + 3)^2.
    const a = 0.8;
    const keys = random.split(random.key(22), 1500);
    const grads = await data(
      vmap((kk: Array) => grad((q: Array) => random.dirichlet(kk, np.concatenate([q.reshape(1), np.array([1, 2])])).get(0))(np.array(a)))(keys),
    );
    expect(Math.abs(mean(grads) - 3 / (a + 3) ** 2)).toBeLessThan(4 * Math.sqrt(variance(grads) / grads.length) + 1e-3);
  });

  test("gradients against finite differences of the sampler with the same key (a >= 1)", async () => {
    const k = random.key(23);
    await checkGrads((a: Array) => random.gamma(k, a), [np.array([2, 5, 20])], { eps: 1e-3, rtol: 0.05, atol: 0.05 });
    await checkGrads((a: Array, b: Array) => random.beta(k, a, b), [np.array([2, 6]), np.array([3, 1.5])], { eps: 1e-3, rtol: 0.05, atol: 0.05 });
    await checkGrads((a: Array) => random.dirichlet(k, a), [np.array([3, 4, 8])], { eps: 1e-3, rtol: 0.05, atol: 0.05 });
  });

  test("gammaGrad: edge cases as JAX (0 at x = 0, NaN outside the domain)", async () => {
    const out = await data(gammaGrad(np.array([1, 2, -1, 1]), np.array([0, 1, 1, -1])));
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(gammaSampleGrad64(2, 1), 4);
    expect(out[2]).toBeNaN();
    expect(out[3]).toBeNaN();
  });
});

test("WebGPU samples and gradients equal the CPU ones (to float32 rounding)", async () => {
  if (!HAS_WEBGPU) return;
  const draw = async (device: "cpu" | "webgpu") => {
    // Traced code (loops, customJvp) makes its constants on the default device.
    defaultDevice(device);
    const k = await devicePut(random.key(30), device);
    const a = await devicePut(np.array([0.3, 1.5, 8, 0.05, 2, 30, 0.7, 4]), device);
    return Promise.all([
      random.gamma(k, a).data(),
      random.beta(k, a, 2).data(),
      random.dirichlet(k, a).data(),
      grad((q: Array) => random.gamma(k, q).sum())(a).data(),
    ]);
  };
  const [g, c] = [await draw("webgpu"), await draw("cpu")];
  g.forEach((arr, i) => arr.forEach((v, j) => expect(Math.abs(v - c[i]![j]!)).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(c[i]![j]!)))));
});
