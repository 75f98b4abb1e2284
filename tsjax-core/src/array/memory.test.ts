import { expect, test } from "vitest";
import { DisposedArrayError, type Array, memoryStats, np, scope, synchronize } from "../index.js";
import { describeDevices, expectEqual } from "../../test/helpers.js";

const gc = (globalThis as { gc?: () => void }).gc;

async function collectGarbage(): Promise<void> {
  // FinalizationRegistry callbacks run after a collection, on a later task.
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeDevices("memory", (device) => {
  test("dispose frees at once and later use throws a clear error", async () => {
    const before = memoryStats(device).liveBuffers;
    const x = np.array([1, 2, 3]);
    expect(memoryStats(device).liveBuffers).toBe(before + 1);
    x.dispose();
    expect(memoryStats(device).liveBuffers).toBe(before);
    expect(() => x.add(1)).toThrow(DisposedArrayError);
    expect(() => x.add(1)).toThrow(/Array \[3\] float32 on .* was disposed/);
    await expect(x.data()).rejects.toThrow(/was disposed/);
    x.dispose(); // twice is fine
  });

  test("freed buffers are pooled and reused without stale data", async () => {
    const x = np.array(new Float32Array(1237).fill(7));
    await x.data();
    const before = memoryStats(device);
    x.dispose();
    const pooled = memoryStats(device);
    // (WebGPU pools a buffer once the commands using it are submitted, in buckets of sizes)
    if (device === "cpu") {
      expect(pooled.liveBytes).toBe(before.liveBytes - 1237 * 4);
      expect(pooled.pooledBuffers).toBe(before.pooledBuffers + 1);
    }
    // the same size comes back from the pool, fully overwritten
    const z = np.array(new Float32Array(1237));
    if (device === "cpu") expect(memoryStats(device).pooledBuffers).toBe(pooled.pooledBuffers - 1);
    expect(globalThis.Array.from(await z.data()).every((v: number) => v === 0)).toBe(true);
    const r = np.arange(1237).mul(2);
    expect(globalThis.Array.from(await r.data()).every((v: number, i: number) => v === 2 * i)).toBe(true);
    z.dispose();
    r.dispose();
  });

  test("views share the buffer: disposing one keeps the other", async () => {
    const x = np.array([[1, 2], [3, 4]]);
    const t = x.T;
    x.dispose();
    await expectEqual(t, [[1, 3], [2, 4]]);
    t.dispose();
  });

  test("`using` disposes at the end of the block", () => {
    np.array([0]).mul(2).dispose(); // warm the cache of scalar constants (the 2)
    const before = memoryStats(device).liveBuffers;
    {
      using x = np.array([1, 2, 3]);
      using y = x.mul(2);
      expect(y.shape).toEqual([3]);
      expect(memoryStats(device).liveBuffers).toBe(before + 2);
    }
    expect(memoryStats(device).liveBuffers).toBe(before);
  });

  test("scope frees everything created inside except what it returns", async () => {
    const x = np.array([1, 2, 3]);
    const before = memoryStats(device).liveBuffers;
    const { keep, nested } = scope(() => {
      const a = x.add(1);
      const b = a.mul(a);
      const c = np.exp(b);
      return { keep: c, nested: [b.sum()] };
    });
    // c and b.sum() survive; a and b are freed (b.sum() does not keep b alive).
    expect(memoryStats(device).liveBuffers).toBe(before + 2);
    await expectEqual(nested[0]!, 29);
    expect(keep.shape).toEqual([3]);
    // x was created outside and is untouched.
    await expectEqual(x, [1, 2, 3]);
  });

  test("nested scopes hand returned arrays to the outer scope", () => {
    const before = memoryStats(device).liveBuffers;
    scope(() => {
      const inner = scope(() => np.ones([4]).add(1));
      expect(memoryStats(device).liveBuffers).toBeGreaterThan(before);
      return inner.shape;
    });
    expect(memoryStats(device).liveBuffers).toBe(before);
  });

  test("scope frees its arrays when the function throws", () => {
    const before = memoryStats(device).liveBuffers;
    expect(() =>
      scope(() => {
        np.ones([8]).add(2);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(memoryStats(device).liveBuffers).toBe(before);
  });

  test("scope rejects async functions with a clear message", () => {
    expect(() => scope(async () => np.ones([1]))).toThrow(/returned a Promise/);
  });

  test("10,000 eager steps inside scope keep live bytes flat", async () => {
    let w: Array = np.zeros([64]);
    const x = np.ones([64]);
    const step = () => {
      const next = scope(() => w.sub(x.mul(0.01)).mul(0.999));
      w.dispose();
      w = next;
    };
    for (let i = 0; i < 20; i++) step();
    await synchronize(device);
    const start = memoryStats(device);
    for (let i = 0; i < 10_000; i++) step();
    await synchronize(device);
    const end = memoryStats(device);
    // (not above the start: garbage of earlier tests may be collected meanwhile)
    expect(end.liveBuffers).toBeLessThanOrEqual(start.liveBuffers);
    expect(end.liveBytes).toBeLessThanOrEqual(start.liveBytes);
    const value = (await w.data())[0]!;
    // w_{n+1} = 0.999 (w_n - 0.01) converges to -0.01 * 0.999 / 0.001 = -9.99
    expect(value).toBeCloseTo(-9.99 * (1 - 0.999 ** 10_020), 2);
  });

  test.runIf(gc !== undefined)("unreachable arrays are freed by garbage collection", async () => {
    np.ones([1000]).add(1).dispose(); // warm the cache of scalar constants
    await collectGarbage();
    const before = memoryStats(device).liveBuffers;
    (() => {
      for (let i = 0; i < 50; i++) np.ones([1000]).add(1);
    })();
    expect(memoryStats(device).liveBuffers).toBeGreaterThan(before);
    await collectGarbage();
    expect(memoryStats(device).liveBuffers).toBeLessThanOrEqual(before);
  });
});

test("gc is exposed to the test workers (the GC test above must not silently skip)", () => {
  expect(gc).toBeTypeOf("function");
});

describeDevices("indexing frees its intermediates", (device) => {
  test("x.get(int) on a view: disposing x, the view and the result frees x's buffer at once", async () => {
    const idx = np.array([1, 2], { dtype: "int32" });
    const run = () => {
      const x = np.array(new Int32Array(8000), { dtype: "int32" });
      const v = x.reshape(80, 100);
      return [x, v, v.get(3), v.get(idx, "2:")] as const;
    };
    // a first run fills the device's cache of small constants (clip bounds and the like)
    for (const a of run()) a.dispose();
    await synchronize(device);
    const before = memoryStats(device).liveBytes;
    const [x, v, r, s] = run();
    expect(r.shape).toEqual([100]);
    expect(s.shape).toEqual([2, 98]);
    r.dispose();
    s.dispose();
    v.dispose();
    x.dispose();
    await synchronize(device);
    expect(memoryStats(device).liveBytes - before).toBe(0);
  });
});

describeDevices("pooled memory", (device) => {
  test("falls again once a phase that used many buffers is over", async () => {
    const arrays = globalThis.Array.from({ length: 50 }, (_, i) => np.full([4096], i).add(1));
    await synchronize(device);
    for (const a of arrays) a.dispose();
    await synchronize(device);
    const peak = memoryStats(device).pooledBytes;
    expect(peak).toBeGreaterThanOrEqual(50 * 4096 * 4);
    await new Promise((r) => setTimeout(r, 2500)); // the pools' idle time (2 s), and a little
    expect(memoryStats(device).pooledBytes).toBeLessThan(peak / 10);
    // and the device still works
    expect(await np.arange(3).add(1).toArray()).toEqual([1, 2, 3]);
  });
});
