/**
 * Preallocation on the devices the library uses: every array lives in the arena (WebGPU: slices
 * of a few large buffers, bound at their offsets), and kernels, copies, sorts and a jitted
 * training step give the same values as plain loops.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Array as JArray, grad, init, jit, lax, memoryStats, np } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

const MiB = 2 ** 20;

beforeAll(async () => {
  await init({ memory: { preallocate: true, limitBytes: 32 * MiB } });
});
afterAll(async () => {
  await init({ memory: {} });
});

/** Plain-loop gradient step of least squares: w - lr * X^T (X w - y) / n. */
function refStep(X: number[][], y: number[], w: number[], lr: number): number[] {
  const n = X.length;
  const r = X.map((row, i) => row.reduce((s, v, j) => s + v * w[j]!, 0) - y[i]!);
  return w.map((wj, j) => wj - (lr * X.reduce((s, row, i) => s + row[j]! * r[i]!, 0) * 2) / n);
}

describeDevices("preallocated memory", (device) => {
  test("the arena is reserved up front and is the limit", () => {
    const s = memoryStats(device);
    expect(s.limitBytes).toBe(32 * MiB);
    if (device === "webgpu") expect(s.reservedBytes).toBe(32 * MiB);
    else expect(s.reservedBytes).toBeGreaterThanOrEqual(s.liveBytes + s.pooledBytes);
  });

  test("eager ops, copies and sorts on arrays side by side in the arena", async () => {
    const a = np.array([3, 1, 2, 5, 4]);
    const b = np.array([10, 20, 30]);
    const c = np.concatenate([a, b, a]);
    expect(await c.toArray()).toEqual([3, 1, 2, 5, 4, 10, 20, 30, 3, 1, 2, 5, 4]);
    expect(await np.sort(c).toArray()).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 10, 20, 30]);
    expect(await lax.dynamicUpdateSlice(c, b, [2]).toArray()).toEqual([3, 1, 10, 20, 30, 10, 20, 30, 3, 1, 2, 5, 4]);
    expect(await np.cumsum(a).toArray()).toEqual([3, 4, 6, 11, 15]);
    expect(await np.multiply(a, a).toArray()).toEqual([9, 1, 4, 25, 16]); // one array bound twice
    const m = np.arange(12).reshape([3, 4]);
    expect(await np.matmul(m, m.T).toArray()).toEqual([[14, 38, 62], [38, 126, 214], [62, 214, 366]]);
  });

  test("a jitted training step gives the plain loop's values for 20 steps", async () => {
    const X = Array.from({ length: 16 }, (_, i) => [Math.sin(i), Math.cos(i), i / 16]);
    const y = X.map(([p, q, r]) => 2 * p! - q! + 0.5 * r!);
    const loss = (w: JArray, x: JArray, t: JArray) => np.mean(np.square(np.subtract(np.matmul(x, w), t)));
    const step = jit((w: JArray, x: JArray, t: JArray) => np.subtract(w, np.multiply(0.1, grad(loss)(w, x, t))));
    let w = np.zeros([3]);
    let ref = [0, 0, 0];
    const [xs, ys] = [np.array(X), np.array(y)];
    let before = 0;
    for (let i = 0; i < 20; i++) {
      if (i === 1) before = memoryStats(device).liveBytes; // after the first call's compile
      const next = step(w, xs, ys);
      w.dispose();
      w = next;
      ref = refStep(X, y, ref, 0.1);
    }
    expect(memoryStats(device).liveBytes).toBe(before);
    await expectClose(w, ref, { rtol: 1e-5, atol: 1e-6 });
  });
});
