/**
 * WebAssembly kernels shared out between threads (`WasmGemm.parallel`): reductions along rows
 * and along columns (strips of 2048 outputs, and a short last one), row kernels, GEMMs of
 * large packed operands and GEMM epilogues, each large enough to be threaded, against float64 loops. Two threads are forced,
 * so that this runs on one-core machines too.
 */
import { describe, expect, it } from "vitest";
import type { Array as TjArray } from "../../../index.js";

process.env.TSJAX_CPU_THREADS = "2";
const { wasmGemm } = await import("./gemm.js");
const { jit, nn, np, defaultDevice } = await import("../../../index.js");
const { randomValues } = await import("../../../../test/helpers.js");

defaultDevice("cpu");
const G = wasmGemm()!;

/**
 * Runs a jitted function, checking that threads ran, and that its kernels share out a generated
 * function (GEMMs are threaded inside `G.run`).
 */
async function threaded(f: ReturnType<typeof jit>, ...args: TjArray[]): Promise<Float32Array> {
  const source = f.lower(...args).kernels.map((k) => k.source).join("\n");
  if (!source.includes("G.run(")) expect(source).toMatch(/G\.parallel\("[^"]+", \d+, \d+, true/);
  const before = G.threadedJobs;
  const out = (await (f(...args) as TjArray).data()) as Float32Array;
  expect(G.threadedJobs).toBeGreaterThan(before);
  return out;
}

function expectClose(got: Float32Array, want: (i: number) => number, n: number, rtol = 1e-5): void {
  expect(got.length).toBe(n);
  let worst = { i: -1, excess: 0 };
  for (let i = 0; i < n; i++) {
    const w = want(i);
    const excess = Math.abs(got[i]! - w) - rtol * (1 + Math.abs(w));
    if (!(excess <= worst.excess)) worst = { i, excess };
  }
  expect(worst.i, `element ${worst.i} is off by ${worst.excess} past the tolerance`).toBe(-1);
}

describe("WebAssembly kernels across threads", () => {
  it("reductions along rows and along columns (strips and a short last strip)", async () => {
    expect(G.threads).toBe(2);
    const [R, C] = [64, 4100]; // 4100 outputs along columns: strips of 2048, 2048 and 4
    const xd = randomValues(R * C, 1);
    const x = np.array(xd).reshape(R, C);
    const cols = await threaded(jit((a: TjArray) => np.max(a, 0)), x);
    expectClose(cols, (j) => Math.max(...globalThis.Array.from({ length: R }, (_, i) => xd[i * C + j]!)), C, 0);
    const colSums = await threaded(jit((a: TjArray) => np.sum(a.mul(a), 0)), x);
    expectClose(colSums, (j) => globalThis.Array.from({ length: R }, (_, i) => xd[i * C + j]! ** 2).reduce((s, v) => s + v, 0), C);
    const [R2, C2] = [520, 264];
    const yd = randomValues(R2 * C2, 2);
    const rowSums = await threaded(jit((a: TjArray) => np.sum(a, 1)), np.array(yd).reshape(R2, C2));
    expectClose(rowSums, (i) => yd.slice(i * C2, (i + 1) * C2).reduce((s, v) => s + v, 0), R2, 1e-4);
  });

  it("row kernels: softmax over 300 rows", async () => {
    const [R, C] = [300, 512];
    const xd = randomValues(R * C, 3).map((v) => 10 * v);
    const got = await threaded(jit((a: TjArray) => nn.softmax(a, -1)), np.array(xd).reshape(R, C));
    const want = new Float64Array(R * C);
    for (let i = 0; i < R; i++) {
      const row = xd.slice(i * C, (i + 1) * C);
      const m = Math.max(...row);
      const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      row.forEach((v, j) => (want[i * C + j] = Math.exp(v - m) / s));
    }
    expectClose(got, (i) => want[i]!, R * C, 3e-6);
  });

  it("GEMMs of large packed operands: row-major A and B, transposed B, partial panels", async () => {
    const [M, K, N] = [301, 523, 270]; // A and B both past the threshold; 301 and 270 leave partial panels
    const [ad, bd] = [randomValues(M * K, 7), randomValues(K * N, 8)];
    const a = np.array(ad).reshape(M, K);
    const b = np.array(bd).reshape(K, N);
    const bt = np.array(bd).reshape(N, K); // read as its transpose: B contiguous along k
    const want = (bAt: (k: number, j: number) => number) => (i: number) => {
      const [r, j] = [Math.floor(i / N), i % N];
      let s = 0;
      for (let k = 0; k < K; k++) s += ad[r * K + k]! * bAt(k, j);
      return s;
    };
    const plain = await threaded(jit((x: TjArray, y: TjArray) => x.matmul(y)), a, b);
    expectClose(plain, want((k, j) => bd[k * N + j]!), M * N, 1e-4);
    const transposed = await threaded(jit((x: TjArray, y: TjArray) => x.matmul(y.T)), a, bt);
    expectClose(transposed, want((k, j) => bd[j * K + k]!), M * N, 1e-4);
  });

  it("GEMM epilogues: bias and ReLU over 600 rows", async () => {
    const [M, K, N] = [600, 40, 260];
    const [ad, bd, cd] = [randomValues(M * K, 4), randomValues(K * N, 5), randomValues(N, 6)];
    const f = jit((a: TjArray, b: TjArray, c: TjArray) => nn.relu(a.matmul(b).add(c)));
    const got = await threaded(f, np.array(ad).reshape(M, K), np.array(bd).reshape(K, N), np.array(cd));
    expectClose(got, (i) => {
      const [r, j] = [Math.floor(i / N), i % N];
      let s = cd[j]!;
      for (let k = 0; k < K; k++) s += ad[r * K + k]! * bd[k * N + j]!;
      return Math.max(s, 0);
    }, M * N, 1e-4);
  });
});
