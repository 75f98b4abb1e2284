import { expect, test } from "vitest";
import { type Array, checkGrads, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, nested, randomValues } from "../../test/helpers.js";

/** float64 standardization of each group of `v` (given as index lists). */
function refStd(v: readonly number[], groups: number[][], eps: number, mask?: readonly boolean[]): number[] {
  const out = [...v];
  for (const g of groups) {
    const live = g.filter((i) => !mask || mask[i]);
    const mu = live.reduce((a, i) => a + v[i]!, 0) / live.length;
    const s2 = live.reduce((a, i) => a + (v[i]! - mu) ** 2, 0) / live.length;
    for (const i of g) out[i] = (v[i]! - mu) / Math.sqrt(s2 + eps);
  }
  return out;
}

const range = (n: number, start = 0, step = 1) => globalThis.Array.from({ length: n }, (_, i) => start + i * step);

describeDevices("nn.standardize", () => {
  test("values over axes match a float64 reference", async () => {
    const v = randomValues(24, 51, -5, 5);
    const x = np.array(nested(v, [2, 3, 4]));
    const lastGroups = range(6).map((r) => range(4, r * 4));
    await expectClose(nn.standardize(x), nested(refStd(v, lastGroups, 1e-5), [2, 3, 4]), { rtol: 1e-5, atol: 1e-6, dtype: "float32" });
    // axis 0
    const g0 = range(12).map((j) => [j, j + 12]);
    await expectClose(nn.standardize(x, 0), nested(refStd(v, g0, 1e-5), [2, 3, 4]), { rtol: 1e-4, atol: 1e-5 });
    // axes [1, 2] with another epsilon
    const g12 = [range(12), range(12, 12)];
    await expectClose(nn.standardize(x, { axis: [1, 2], epsilon: 0.1 }), nested(refStd(v, g12, 0.1), [2, 3, 4]), { rtol: 1e-5, atol: 1e-6 });
    // all axes
    await expectClose(nn.standardize(x, null), nested(refStd(v, [range(24)], 1e-5), [2, 3, 4]), { rtol: 1e-5, atol: 1e-6 });
    await expectClose(nn.standardize(np.array([1, 2, 3])), [-1.2247356859083902, 0, 1.2247356859083902], { rtol: 1e-6 });
    // a large offset does not cancel the variance away
    await expectClose(nn.standardize(np.array([10000, 10001, 10002]), { epsilon: 0 }), [-1.224744871391589, 0, 1.224744871391589], { rtol: 1e-4 });
    // a constant row: 0 (variance 0, epsilon keeps it finite)
    await expectClose(nn.standardize(np.array([3, 3, 3])), [0, 0, 0]);
  });

  test("given mean and variance; where masks", async () => {
    const x = np.array([[1, 2, 3, 4], [2, 4, 6, 8]]);
    await expectClose(nn.standardize(x, -1, { mean: 0, variance: 4, epsilon: 0 }), [[0.5, 1, 1.5, 2], [1, 2, 3, 4]]);
    const mu = np.array([[2.5], [5]]);
    // mean given, variance = mean(x^2) - mean^2
    await expectClose(nn.standardize(x, { mean: mu, epsilon: 0 }), nested(refStd([1, 2, 3, 4, 2, 4, 6, 8], [[0, 1, 2, 3], [4, 5, 6, 7]], 0), [2, 4]), { rtol: 1e-5 });
    await expectClose(nn.standardize(x, { variance: np.array([[1], [4]]), epsilon: 0 }), [[-1.5, -0.5, 0.5, 1.5], [-1.5, -0.5, 0.5, 1.5]]);
    // statistics from the unmasked entries; every entry is standardized
    const m = np.array([[true, true, true, false], [false, true, true, true]]);
    const want = refStd([1, 2, 3, 4, 2, 4, 6, 8], [[0, 1, 2, 3], [4, 5, 6, 7]], 1e-5, [true, true, true, false, false, true, true, true]);
    await expectClose(nn.standardize(x, { where: m }), nested(want, [2, 4]), { rtol: 1e-5 });
  });

  test("float16 computes in float32; integers give float32", async () => {
    const h = nn.standardize(np.array([1000, 1001, 1002, 1003], { dtype: "float16" }));
    expect(h.dtype).toBe("float16");
    await expectClose(h, refStd([1000, 1001, 1002, 1003], [[0, 1, 2, 3]], 1e-5), { rtol: 2e-3 });
    const i = nn.standardize(np.array([1, 2, 3], { dtype: "int32" }));
    expect(i.dtype).toBe("float32");
    await expectClose(i, [-1.2247356859083902, 0, 1.2247356859083902], { rtol: 1e-6 });
  });

  test("checkGrads to order 2 and vmap equals a loop", async () => {
    const v = randomValues(12, 52, -2, 2);
    const x = np.array(nested(v, [3, 4]));
    await checkGrads((a: Array) => nn.standardize(a), [x], { order: 2, rtol: 2e-2 });
    await checkGrads((a: Array) => nn.standardize(a, 0, { epsilon: 0.5 }), [x], { order: 2, rtol: 2e-2 });
    await checkGrads((a: Array, mean: Array, variance: Array) => nn.standardize(a, { mean, variance }), [x, np.array([[0.1], [0.2], [-0.3]]), np.array([[1.5], [0.7], [2]])], { order: 2 });
    const m = np.array([true, false, true, true]);
    await checkGrads((a: Array) => nn.standardize(a, { where: m }), [x], { order: 2, rtol: 2e-2 });
    const f = (r: Array) => nn.standardize(r);
    await expectClose(vmap(f)(x), await np.stack([0, 1, 2].map((i) => f(x.get(i)))).toArray(), { rtol: 1e-5, atol: 1e-6 });
  });
});
