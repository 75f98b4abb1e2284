/**
 * uniform, randint, bernoulli. Pinned values are JAX's (jax >= 0.5):
 * `uniform(key(0), (4,))`, `randint(key(0), (8,), 0, 20)`, `randint(key(1), (5,), 0, 10)`.
 */
import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, np } from "../index.js";
import * as random from "./index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";
import { chiSquare, chiSquareBound, counts, ksBound, ksDistance, mean, variance } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());

describeDevices("random.uniform", () => {
  test("JAX's values", async () => {
    await expectEqual(random.uniform(random.key(0), [4]), [0.9476670027, 0.9785798788, 0.3322914839, 0.4686684608].map(Math.fround), "float32");
    expect(await random.uniform(random.key(0)).item()).toBe(Math.fround(0.947667));
  });

  test("distribution: mean, variance, KS distance to U(0, 1)", async () => {
    const n = 20000;
    const u = await data(random.uniform(random.key(11), [n]));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(0.004);
    expect(ksDistance(u, (x) => x)).toBeLessThan(ksBound(n));
  });

  test("minval and maxval broadcast to the shape", async () => {
    const k = random.key(2);
    const lo = np.array([0, 10, -5]);
    const x = random.uniform(k, [2, 3], { minval: lo, maxval: lo.add(2) });
    const unit = await data(random.uniform(k, [2, 3]));
    await expectClose(x, [0, 1].map((i) => [0, 1, 2].map((j) => unit[i * 3 + j]! * 2 + [0, 10, -5][j]!)), { rtol: 1e-6 });
    expect(() => random.uniform(k, [2], { minval: np.zeros([3]) })).toThrow(ShapeError);
    expect(() => random.uniform(k, [2], { dtype: "int32" })).toThrow(DTypeError);
  });

  test("float16: JAX's 16-bit draws (the top 10 of the low 16 bits)", async () => {
    const k = random.key(0);
    const h = random.uniform(k, [64], { dtype: "float16" });
    expect(h.dtype).toBe("float16");
    const b = await data(random.bits(k, [64]));
    expect(await data(h)).toEqual(b.map((v) => ((v & 0xffff) >>> 6) / 1024));
    const s = await data(random.uniform(random.key(3), [4000], { dtype: "float16", minval: -2, maxval: 2 }));
    expect(Math.min(...s)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...s)).toBeLessThan(2);
    expect(Math.abs(mean(s))).toBeLessThan(0.1);
  });
});

describeDevices("random.randint", () => {
  test("JAX's values", async () => {
    await expectEqual(random.randint(random.key(0), [8], 0, 20), [9, 0, 12, 13, 11, 7, 12, 3], "int32");
    await expectEqual(random.randint(random.key(1), [5], 0, 10), [6, 7, 0, 3, 8]);
  });

  test("uniform over [minval, maxval): chi-square", async () => {
    const n = 16000;
    const x = await data(random.randint(random.key(4), [n], -3, 5));
    expect(Math.min(...x)).toBe(-3);
    expect(Math.max(...x)).toBe(4);
    const c = counts(x.map((v) => v + 3), 8);
    expect(chiSquare(c, globalThis.Array(8).fill(1 / 8))).toBeLessThan(chiSquareBound(7));
  });

  test("bounds: broadcasting, empty ranges, uint32, the full 32-bit range", async () => {
    const k = random.key(5);
    const x = await random.randint(k, [3, 2], np.array([0, 100], { dtype: "int32" }), np.array([1, 102], { dtype: "int32" })).toArray();
    for (const row of x as number[][]) {
      expect(row[0]).toBe(0);
      expect([100, 101]).toContain(row[1]);
    }
    await expectEqual(random.randint(k, [3], 7, 7), [7, 7, 7]);
    await expectEqual(random.randint(k, [2], 9, 3), [9, 9]);
    const u = random.randint(k, [100], 4000000000, 4000000010, { dtype: "uint32" });
    expect(u.dtype).toBe("uint32");
    for (const v of await data(u)) expect(v >= 4000000000 && v < 4000000010).toBe(true);
    // maxval above the dtype's range: every value possible; JAX returns the second draw.
    const full = random.randint(k, [50], 0, 2 ** 32, { dtype: "uint32" });
    expect(await data(full)).toEqual(await data(random.bits(random.split(k).get(1), [50])));
    expect(() => random.randint(k, [2], 0, np.zeros([3], { dtype: "int32" }))).toThrow(ShapeError);
    expect(() => random.randint(k, [2], 0, 5, { dtype: "float32" })).toThrow(DTypeError);
  });
});

describeDevices("random.bernoulli", () => {
  test("frequency of true, shapes, extremes", async () => {
    const n = 20000;
    const b = random.bernoulli(random.key(6), 0.3, [n]);
    expect(b.dtype).toBe("bool");
    const f = mean((await data(b)).map(Number));
    expect(Math.abs(f - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
    const p = np.array([0, 1, 0.5]);
    const pb = random.bernoulli(random.key(7), p, [4, 3]);
    expect(pb.shape).toEqual([4, 3]);
    const rows = (await pb.toArray()) as boolean[][];
    for (const r of rows) {
      expect(r[0]).toBe(false);
      expect(r[1]).toBe(true);
    }
    expect(random.bernoulli(random.key(7), p).shape).toEqual([3]);
    expect(random.bernoulli(random.key(7)).shape).toEqual([]);
    expect(() => random.bernoulli(random.key(7), np.array([1], { dtype: "int32" }))).toThrow(DTypeError);
  });
});
