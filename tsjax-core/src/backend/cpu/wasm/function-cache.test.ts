/**
 * The generated WebAssembly functions are a bounded cache: a program that makes many distinct
 * kernels (thousands of jitted functions) does not keep them all, on the main thread or in the
 * workers, and an evicted function is compiled again when it is needed. Two threads are forced.
 */
import { expect, test } from "vitest";
import type { Array as TjArray } from "../../../index.js";

process.env.TSJAX_CPU_THREADS = "2";
const { wasmGemm } = await import("./gemm.js");
const { jit, np, defaultDevice } = await import("../../../index.js");

defaultDevice("cpu");
const G = wasmGemm()!;

test("evicted functions are dropped by the workers too, and compiled again when used", async () => {
  const cache = (G as unknown as { fns: { capacity: number; size: number } }).fns;
  const saved = cache.capacity;
  cache.capacity = 2;
  try {
    const [R, C] = [64, 4100];
    const x = np.ones([R, C]);
    const colSums = (k: number) => jit((a: TjArray) => np.sum(a.mul(k + 0.5), 0));
    const run = async (k: number) => {
      const before = G.threadedJobs;
      const out = (await (colSums(k)(x) as TjArray).data()) as Float32Array;
      expect(G.threadedJobs).toBeGreaterThan(before); // shared out with the worker
      expect([out[0], out[C - 1]]).toEqual([R * (k + 0.5), R * (k + 0.5)]);
    };
    for (let k = 0; k < 5; k++) await run(k);
    expect(cache.size).toBeLessThanOrEqual(2);
    await run(0); // evicted long ago: compiled again, under a new id
    await run(4);
  } finally {
    cache.capacity = saved;
  }
});
