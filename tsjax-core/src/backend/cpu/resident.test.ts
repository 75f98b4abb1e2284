/**
 * CPU buffers placed in the shared WebAssembly memory of the CPU kernels, which read and write
 * them in place (two threads forced: the memory is shared, as on any multi-core Node).
 */
import { describe, expect, it } from "vitest";
import type { Array as TjArray } from "../../index.js";

process.env.TSJAX_CPU_THREADS = "2";
const { wasmGemm } = await import("./wasm/gemm.js");
const { CpuBackend } = await import("./cpu-backend.js");
const { jit, np, defaultDevice } = await import("../../index.js");
const { randomValues } = await import("../../../test/helpers.js");

defaultDevice("cpu");
const G = wasmGemm()!;
const dataOf = (b: unknown) => (b as { data: Float32Array }).data;

describe("CPU buffers in the WebAssembly memory", () => {
  it("are views on the shared memory, and reads hand out ordinary copies", async () => {
    const values = randomValues(1000, 1);
    const x = np.array(values);
    const read = (await x.data()) as Float32Array;
    expect(read.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(read)).toEqual(Array.from(values));
    const backend = new CpuBackend();
    const b = backend.alloc("float32", 1000);
    expect(G.isResident(dataOf(b))).toBe(true);
    backend.free(b);
    backend.destroy();
  });

  it("keep their values when the memory grows under them", async () => {
    const values = randomValues(4096, 2);
    const x = np.array(values);
    const backend = new CpuBackend();
    const big = [0, 1, 2].map(() => backend.alloc("float32", 16 * 2 ** 20)); // 3 x 64 MiB
    expect(big.every((b) => G.isResident(dataOf(b)))).toBe(true);
    dataOf(big[2]).fill(7);
    expect(Array.from((await x.data()) as Float32Array)).toEqual(Array.from(values));
    expect(Array.from((await x.mul(2).data()) as Float32Array)).toEqual(Array.from(values, (v) => Math.fround(2 * v)));
    big.forEach((b) => backend.free(b));
    backend.destroy();
  });

  it("return their blocks when dropped; buffers past the bounds are ordinary arrays", () => {
    const before = G.residentInUse;
    const backend = new CpuBackend();
    const bufs = [10, 1000, 1 << 16].map((n) => backend.alloc("float32", n));
    expect(G.residentInUse - before).toBe(4 * (10 + 1000 + (1 << 16)));
    bufs.forEach((b) => backend.free(b)); // pooled: still held
    expect(backend.memoryStats().pooledBuffers).toBe(3);
    backend.destroy();
    expect(G.residentInUse).toBe(before);
    const huge = backend.alloc("float32", 2 ** 26 + 1); // past 256 MiB
    expect(G.isResident(dataOf(huge))).toBe(false);
    expect(G.residentInUse).toBe(before);
  });

  it("GEMM, reduction and row kernels read and write them in place", async () => {
    const [M, K, N] = [48, 40, 36];
    const a = np.array(randomValues(M * K, 3)).reshape(M, K);
    const b = np.array(randomValues(K * N, 4)).reshape(K, N);
    const bias = np.array(randomValues(N, 5));
    const f = jit((a: TjArray, b: TjArray, bias: TjArray) => np.maximum(a.matmul(b).add(bias), 0));
    const source = f.lower(a, b, bias).kernels[0]!.source;
    expect(source).toContain("G.output(out0");
    const [ad, bd, cd] = (await Promise.all([a.data(), b.data(), bias.data()])) as Float32Array[];
    const got = (await f(a, b, bias).data()) as Float32Array;
    for (const [i, j] of [[0, 0], [17, 35], [47, 20]] as const) {
      let s = 0;
      for (let k = 0; k < K; k++) s += ad![i * K + k]! * bd![k * N + j]!;
      expect(got[i * N + j]).toBeCloseTo(Math.max(s + cd![j]!, 0), 4);
    }
    const x = np.array(randomValues(256 * 128, 6)).reshape(256, 128);
    const xd = (await x.data()) as Float32Array;
    const sum = jit((x: TjArray) => np.sum(x, 1));
    const softmaxOf = jit((x: TjArray) => np.exp(x).div(np.sum(np.exp(x), 1, { keepdims: true })));
    for (const g of [sum, softmaxOf]) expect(g.lower(x).kernels.map((k) => k.source).join("\n")).toContain("G.output(out0");
    const sums = (await sum(x).data()) as Float32Array;
    const softmax = (await softmaxOf(x).data()) as Float32Array;
    for (const r of [0, 100, 255]) {
      let s = 0;
      let e = 0;
      for (let j = 0; j < 128; j++) {
        s += xd[r * 128 + j]!;
        e += Math.exp(xd[r * 128 + j]!);
      }
      expect(sums[r]).toBeCloseTo(s, 3);
      expect(softmax[r * 128 + 5]).toBeCloseTo(Math.exp(xd[r * 128 + 5]!) / e, 6);
    }
  });
});
