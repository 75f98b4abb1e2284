/**
 * Running past the memory limit: a ResourceExhaustedError that says what was asked, what is
 * live and which knob to turn; nothing is lost and the process keeps computing correctly,
 * eagerly and in `jit`, also when the limit is reached midway through a jitted program.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Array as JArray, init, jit, memoryStats, np, resetPeak, scope } from "../index.js";
import { describeDevices, expectExhausted } from "../../test/helpers.js";

const MiB = 2 ** 20;

/** A float32 array of `shape` held in a buffer of its own (np.zeros alone is a broadcast scalar). */
const dense = (shape: number[], v = 0) => scope(() => np.zeros(shape).add(v));


afterAll(async () => {
  await init({ memory: {} }); // back to no limit
});

describeDevices("memory limit", (device) => {
  let base = 0;
  beforeAll(async () => {
    base = memoryStats(device).liveBytes;
    await init({ memory: { limitBytes: base + 8 * MiB } });
  });

  test("memoryStats reports the limit and the peak; resetPeak starts it again", () => {
    expect(memoryStats(device).limitBytes).toBe(base + 8 * MiB);
    resetPeak(device);
    const x = dense([1024, 512]); // 2 MiB
    expect(memoryStats(device).peakBytes).toBeGreaterThanOrEqual(base + 2 * MiB);
    x.dispose();
    resetPeak(device);
    expect(memoryStats(device).peakBytes).toBe(memoryStats(device).liveBytes);
  });

  test("eager: the error lists the largest live arrays and the knob; after freeing, work goes on", async () => {
    const hog = dense([1536, 1024]); // 6 MiB
    const small = dense([256, 256], 1); // 256 KiB
    const live = memoryStats(device).liveBytes;
    const e = expectExhausted(() => dense([1024, 1024], 1));
    expect(e.requestedBytes).toBe(4 * MiB);
    expect(e.liveBytes).toBe(live);
    expect(e.limitBytes).toBe(base + 8 * MiB);
    expect(e.message).toMatch(new RegExp(`${device}: out of memory: allocating 4.00 MiB \\(4194304 bytes\\) failed`));
    expect(e.message).toMatch(/Largest live arrays: float32\[1536,1024\] 6.00 MiB \(6291456 bytes\), float32\[256,256\] 256.0 KiB/);
    expect(e.message).toMatch(/Free arrays you no longer need .* or raise the limit \(init\(\{ memory: \{ limitBytes \} \}\)\)/);
    expect(e.largestLive[0]).toEqual({ shape: [1536, 1024], dtype: "float32", bytes: 6 * MiB });
    expect(memoryStats(device).liveBytes).toBe(live); // nothing held by the failed call
    hog.dispose();
    const y = dense([1024, 1024], 1); // fits now, and is right
    expect(await y.sum().mul(small.sum()).item()).toBe(1024 * 1024 * 65536);
    y.dispose();
    small.dispose();
  });

  test("jit: a failure midway frees the program's intermediates; after freeing, the same function works", async () => {
    // three GEMMs whose results are 1 MiB each: the second one does not fit beside the hog
    const f = jit((x: JArray) => np.matmul(np.matmul(np.matmul(x, x), x), x).sum());
    const x = scope(() => np.eye(512).mul(0.5)); // 1 MiB
    const hog = dense([1280, 1024]); // 5 MiB: x, hog and the first product fit, the second does not
    const live = memoryStats(device).liveBytes;
    const e = expectExhausted(() => f(x));
    expect(e.message).toMatch(/float32 \(a jit intermediate\) 1.00 MiB/); // the first product
    expect(memoryStats(device).liveBytes).toBe(live); // the first product was freed again
    hog.dispose();
    const r = f(x);
    expect(await r.item()).toBe(512 * 0.5 ** 4);
    r.dispose();
    // nothing new is held (garbage of earlier tests may be collected during the awaits)
    expect(memoryStats(device).liveBytes).toBeLessThanOrEqual(live - 5 * MiB);
    x.dispose();
  });

  test("jit: past the limit at the outputs, then fine with smaller inputs", async () => {
    const g = jit((a: JArray) => np.add(a, 1));
    const big = dense([1536, 1024]); // 6 MiB: its output cannot fit
    const e = expectExhausted(() => g(big));
    expect(e.requestedBytes).toBe(6 * MiB);
    big.dispose();
    expect(await g(np.array([1, 2, 3])).toArray()).toEqual([2, 3, 4]);
  });
});
