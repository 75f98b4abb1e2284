import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, defaultDevice, devicePut, lax, np, vmap } from "../index.js";
import * as random from "./index.js";
import { HAS_WEBGPU, describeDevices, expectEqual } from "../../test/helpers.js";
import { chiSquare, chiSquareBound, counts, describeCpu, lgamma64, mean, variance } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());

describeDevices("random.poisson", () => {
  test("shapes, dtypes, lam = 0, small and large rates in one call", async () => {
    const k = random.key(0);
    const lam = np.array([0, 0.5, 3, 150]);
    const x = random.poisson(k, lam, { shape: [3, 4] });
    expect(x.dtype).toBe("int32");
    expect(x.shape).toEqual([3, 4]);
    const rows = (await x.toArray()) as number[][];
    for (const r of rows) {
      expect(r[0]).toBe(0);
      for (const v of r) expect(Number.isInteger(v) && v >= 0).toBe(true);
      expect(r[3]).toBeGreaterThan(80);
    }
    expect(random.poisson(k, 4, { dtype: "uint32", shape: [2] }).dtype).toBe("uint32");
    expect(random.poisson(k, lam).shape).toEqual([4]);
    expect(() => random.poisson(k, lam, { shape: [2] })).toThrow(ShapeError);
    expect(() => random.poisson(k, 1, { dtype: "float32" })).toThrow(DTypeError);
  });

  test("vmap over keys equals a loop; inside lax.scan", async () => {
    const keys = random.split(random.key(1), 3);
    const lam = np.array([1, 40]);
    const batched = vmap((kk: Array) => random.poisson(kk, lam))(keys);
    for (let i = 0; i < 3; i++) await expectEqual(batched.get(i), globalThis.Array.from(await random.poisson(keys.get(i), lam).data()));
    const [, ys] = lax.scan((kk: Array, _x: null) => [random.split(kk).get(0), random.poisson(random.split(kk).get(1), lam)] as const, random.key(2), null, { length: 2 });
    await expectEqual(ys.get(0), globalThis.Array.from(await random.poisson(random.split(random.key(2)).get(1), lam).data()));
  });
});

describeCpu("poisson statistics", () => {
  const pmf = (lam: number, k: number) => Math.exp(k * Math.log(lam) - lam - lgamma64(k + 1));

  test("small rates (Knuth): chi-square against the pmf", async () => {
    for (const lam of [0.7, 4]) {
      const n = 8000;
      const x = await data(random.poisson(random.key(3), lam, { shape: [n] }));
      // Bins 0..m-1 and a tail bin, each with an expected count of at least 20.
      let m = 0;
      while (n * pmf(lam, m) >= 20 || m < lam) m++;
      const probs = globalThis.Array.from({ length: m }, (_, k) => pmf(lam, k));
      probs.push(1 - probs.reduce((a, b) => a + b, 0));
      const c = counts(x.map((v) => Math.min(v, m)), m + 1);
      expect(chiSquare(c, probs)).toBeLessThan(chiSquareBound(m));
    }
  });

  test("large rates (transformed rejection): mean, variance, chi-square near the mode", async () => {
    for (const lam of [25, 300]) {
      const n = 8000;
      const x = await data(random.poisson(random.key(4), lam, { shape: [n] }));
      expect(Math.abs(mean(x) - lam)).toBeLessThan(4 * Math.sqrt(lam / n));
      expect(Math.abs(variance(x) / lam - 1)).toBeLessThan(0.1);
      const lo = Math.floor(lam - 2 * Math.sqrt(lam));
      const bins = globalThis.Array.from({ length: 8 }, (_, i) => lo + Math.floor((i * 4 * Math.sqrt(lam)) / 8));
      const probs: number[] = [];
      const c: number[] = [];
      for (let i = 0; i < bins.length - 1; i++) {
        let p = 0;
        for (let k = bins[i]!; k < bins[i + 1]!; k++) p += pmf(lam, k);
        probs.push(p);
        c.push(x.filter((v) => v >= bins[i]! && v < bins[i + 1]!).length);
      }
      const inside = c.reduce((a, b) => a + b, 0);
      const pIn = probs.reduce((a, b) => a + b, 0);
      probs.push(1 - pIn);
      c.push(n - inside);
      expect(chiSquare(c, probs)).toBeLessThan(chiSquareBound(probs.length - 1));
    }
  });
});

test("WebGPU draws equal the CPU ones", async () => {
  if (!HAS_WEBGPU) return;
  const draw = async (device: "cpu" | "webgpu") => {
    // Traced code (loops) makes its constants on the default device.
    defaultDevice(device);
    const k = await devicePut(random.key(5), device);
    return random.poisson(k, np.array([0.3, 2, 15, 2000]), { shape: [16, 4] }).data();
  };
  expect(globalThis.Array.from(await draw("webgpu"))).toEqual(globalThis.Array.from(await draw("cpu")));
});
