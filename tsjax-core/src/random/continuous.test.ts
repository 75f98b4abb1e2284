import { expect, test } from "vitest";
import { type Array, defaultDevice, DTypeError, devicePut } from "../index.js";
import * as random from "./index.js";
import { HAS_WEBGPU, describeDevices, expectClose } from "../../test/helpers.js";
import { describeCpu, ksBound, ksDistance, mean } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());
/** JAX's uniform(key(0), (4,)). */
const U0 = [0.9476670027, 0.9785798788, 0.3322914839, 0.4686684608].map(Math.fround);

describeDevices("inverse-CDF samplers", () => {
  test("the same uniform draws as uniform(key), transformed as JAX", async () => {
    const k = random.key(0);
    const o = { rtol: 2e-6, atol: 1e-6 };
    await expectClose(random.exponential(k, [4]), U0.map((u) => -Math.log1p(-u)), { ...o, dtype: "float32" });
    await expectClose(random.logistic(k, [4]), U0.map((u) => Math.log(u / (1 - u))), o);
    await expectClose(random.gumbel(k, [4]), U0.map((u) => -Math.log(-Math.log(u))), o);
    await expectClose(random.cauchy(k, [4]), U0.map((u) => Math.tan(Math.PI * (u - 0.5))), { rtol: 1e-5, atol: 1e-5 });
    // laplace draws u in (-1, 1) from the same bits.
    const lu = U0.map((u) => Math.fround(Math.fround(u * Math.fround(2 - 2 ** -24)) + Math.fround(-1 + 2 ** -24)));
    await expectClose(random.laplace(k, [4]), lu.map((u) => Math.sign(u) * Math.log1p(-Math.abs(u))), o);
  });

  test("shapes, dtypes and supports", async () => {
    const k = random.key(1);
    for (const f of [random.exponential, random.laplace, random.logistic, random.gumbel, random.cauchy]) {
      const x = f(k, [3, 5]);
      expect(x.shape).toEqual([3, 5]);
      for (const v of await data(x)) expect(Number.isFinite(v)).toBe(true);
      expect(f(k, [4], { dtype: "float16" }).dtype).toBe("float16");
      expect(() => f(k, [2], { dtype: "int32" })).toThrow(DTypeError);
    }
    expect(Math.min(...(await data(random.exponential(k, [100]))))).toBeGreaterThanOrEqual(0);
  });
});

describeCpu("inverse-CDF sampler statistics", () => {
  const n = 10000;
  const cases: [string, (k: Array, s: number[]) => Array, (x: number) => number, number][] = [
    ["exponential", random.exponential, (x) => (x < 0 ? 0 : 1 - Math.exp(-x)), 1],
    ["laplace", random.laplace, (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)), 0],
    ["logistic", random.logistic, (x) => 1 / (1 + Math.exp(-x)), 0],
    ["gumbel", random.gumbel, (x) => Math.exp(-Math.exp(-x)), 0.5772156649],
    ["cauchy", random.cauchy, (x) => 0.5 + Math.atan(x) / Math.PI, NaN],
  ];
  for (const [name, f, cdf, m] of cases) {
    test(`${name}: KS distance to its CDF, mean`, async () => {
      const x = await data(f(random.key(5), [n]));
      expect(ksDistance(x, cdf)).toBeLessThan(ksBound(n));
      if (!Number.isNaN(m)) expect(Math.abs(mean(x) - m)).toBeLessThan(0.06);
    });
  }
});

test("WebGPU samples equal the CPU ones (to float32 rounding)", async () => {
  if (!HAS_WEBGPU) return;
  const draw = async (device: "cpu" | "webgpu") => {
    // Traced code (loops, customJvp) makes its constants on the default device.
    defaultDevice(device);
    const k = await devicePut(random.key(8), device);
    return Promise.all([random.exponential, random.laplace, random.logistic, random.gumbel, random.cauchy].map((f) => f(k, [512]).data()));
  };
  const [g, c] = [await draw("webgpu"), await draw("cpu")];
  g.forEach((arr, i) => arr.forEach((v, j) => expect(Math.abs(v - c[i]![j]!)).toBeLessThanOrEqual(4e-6 * Math.max(1, Math.abs(c[i]![j]!)))));
});
