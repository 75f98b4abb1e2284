/**
 * CPU kernels that run as packed WebAssembly GEMMs: matmul with transposed and broadcast
 * operands, batched matmul, convolution (implicit GEMM with padding, strides, dilation, groups)
 * and fused epilogues under jit, against float64 loops.
 */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, grad, jit, lax, nn, np } from "../../index.js";
import { randomValues } from "../../../test/helpers.js";
import { decodeFunction } from "./wasm/encode.js";

function rand(shape: number[], seed: number): Array {
  return np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed)).reshape(...shape);
}

/** Relative error below `tol`; NaN exactly where `want` has NaN. */
async function expectMatches(got: Array, want: Float64Array, tol = 1e-4): Promise<void> {
  const g = (await got.data()) as Float32Array;
  expect(g.length).toBe(want.length);
  let err = 0;
  for (let i = 0; i < g.length; i++) {
    if (Number.isNaN(want[i]!)) expect(g[i], `element ${i}`).toBeNaN();
    else err = Math.max(err, Math.abs(g[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
  }
  expect(err).toBeLessThan(tol);
}

/** An M x N row-major table of `f(i, j)`. */
function grid(M: number, N: number, f: (i: number, j: number) => number): Float64Array {
  return Float64Array.from({ length: M * N }, (_, k) => f(Math.floor(k / N), k % N));
}

function matmulRef(a: Float32Array, b: Float32Array, B: number, M: number, K: number, N: number): Float64Array {
  const out = new Float64Array(B * M * N);
  for (let t = 0; t < B; t++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[t * M * K + i * K + k]! * b[t * K * N + k * N + j]!;
        out[t * M * N + i * N + j] = s;
      }
  return out;
}

describe("CPU GEMM kernels", () => {
  defaultDevice("cpu");

  it("matmul with sizes that are not multiples of the tile", async () => {
    const a = rand([37, 53], 1);
    const b = rand([53, 29], 2);
    await expectMatches(a.matmul(b), matmulRef((await a.data()) as Float32Array, (await b.data()) as Float32Array, 1, 37, 53, 29));
  });

  it("matmul of transposed operands (the transpose fuses into the packing)", async () => {
    const a = rand([40, 33], 3);
    const b = rand([21, 40], 4);
    const at = (await a.T.add(0).data()) as Float32Array;
    const bt = (await b.T.add(0).data()) as Float32Array;
    await expectMatches(a.T.matmul(b.T), matmulRef(at, bt, 1, 33, 40, 21));
  });

  it("batched matmul, and a broadcast batch", async () => {
    const a = rand([3, 20, 30], 5);
    const b = rand([3, 30, 25], 6);
    const ad = (await a.data()) as Float32Array;
    const bd = (await b.data()) as Float32Array;
    await expectMatches(a.matmul(b), matmulRef(ad, bd, 3, 20, 30, 25));
    const b0 = b.get(0); // [30, 25], broadcast over the batch
    const want = matmulRef(ad, Float32Array.from({ length: 3 * 30 * 25 }, (_, i) => bd[i % (30 * 25)]!), 3, 20, 30, 25);
    await expectMatches(a.matmul(b0), want);
  });

  it("jit fuses a bias and relu epilogue and the result equals eager", async () => {
    const x = rand([64, 100], 7);
    const w = rand([100, 48], 8);
    const bias = rand([48], 9);
    const f = (x: Array, w: Array, b: Array) => nn.relu(x.matmul(w).add(b));
    const eager = (await f(x, w, bias).data()) as Float32Array;
    const ref = matmulRef((await x.data()) as Float32Array, (await w.data()) as Float32Array, 1, 64, 100, 48);
    const bd = (await bias.data()) as Float32Array;
    const want = ref.map((v, i) => Math.max(0, v + bd[i % 48]!));
    await expectMatches(jit(f)(x, w, bias), want);
    await expectMatches(np.array(eager), want);
  });

  it.each([
    // feature groups: the output channel picks the input's channels too, so this is no GEMM
    ["padding, stride, dilation and feature groups", [2, 4, 11, 9], [6, 2, 3, 2], 2, [2, 1], [[1, 2], [0, 1]], [1, 2], false],
    ["padding, stride and dilation", [2, 4, 11, 9], [6, 4, 3, 2], 1, [2, 1], [[1, 2], [0, 1]], [1, 2], true],
    ["SAME 3x3, large enough for the worker threads", [4, 8, 32, 32], [16, 8, 3, 3], 1, [1, 1], [[1, 1], [1, 1]], [1, 1], true],
  ] as [string, number[], number[], number, number[], [number, number][], number[], boolean][])(
    "conv2d (%s) equals a direct loop; its im2col factor is gathered in WebAssembly: %s",
    async (_name, xShape, kShape, G, strides, pad, dil, gathers) => {
      const [N, C, H, W] = xShape as [number, number, number, number];
      const [O, , KH, KW] = kShape as [number, number, number, number];
      const x = rand(xShape, 10);
      const k = rand(kShape, 11);
      const f = (x: Array, k: Array) => lax.convGeneralDilated(x, k, strides, pad, { rhsDilation: dil, featureGroupCount: G });
      const g = jit(f);
      expect(g.lower(x, k).kernels[0]!.source.includes('G.parallel("gather|')).toBe(gathers);
      const y = g(x, k);
      const xd = (await x.data()) as Float32Array;
      const kd = (await k.data()) as Float32Array;
      const [OH, OW] = y.shape.slice(2) as [number, number];
      const want = new Float64Array(N * O * OH * OW);
      const cpg = C / G;
      const opg = O / G;
      for (let n = 0; n < N; n++)
        for (let o = 0; o < O; o++)
          for (let oh = 0; oh < OH; oh++)
            for (let ow = 0; ow < OW; ow++) {
              let s = 0;
              const grp = Math.floor(o / opg);
              for (let c = 0; c < cpg; c++)
                for (let i = 0; i < KH; i++)
                  for (let j = 0; j < KW; j++) {
                    const h = oh * strides[0]! - pad[0]![0] + i * dil[0]!;
                    const w = ow * strides[1]! - pad[1]![0] + j * dil[1]!;
                    if (h < 0 || h >= H || w < 0 || w >= W) continue;
                    s += xd[((n * C + grp * cpg + c) * H + h) * W + w]! * kd[((o * cpg + c) * KH + i) * KW + j]!;
                  }
              want[((n * O + o) * OH + oh) * OW + ow] = s;
            }
      await expectMatches(y, want);
      await expectMatches(f(x, k), want);
    },
  );

  it("plain strided operands are packed in WebAssembly: flipped, sliced, transposed, batched", async () => {
    const a = rand([45, 70], 12);
    const b = rand([70, 37], 13);
    /** [name, product, its left and right factors as arrays, M, K, N] */
    const cases: [string, (a: Array, b: Array) => Array, Array, Array, number, number, number][] = [
      ["plain", (x, y) => x.matmul(y), a, b, 45, 70, 37],
      ["flipped (negative strides)", (x, y) => np.flip(x, 0).matmul(np.flip(y, 1)), np.flip(a, 0), np.flip(b, 1), 45, 70, 37],
      ["sliced (offsets)", (x, y) => lax.slice(x, [3, 5], [40, 68]).matmul(lax.slice(y, [7, 2], [70, 35])), lax.slice(a, [3, 5], [40, 68]), lax.slice(b, [7, 2], [70, 35]), 37, 63, 33],
      ["transposed", (x, y) => y.T.matmul(x.T), b.T, a.T, 37, 70, 45],
    ];
    for (const [name, f, left, right, M, K, N] of cases) {
      const g = jit(f);
      expect(g.lower(a, b).kernels[0]!.source.match(/G\.pack\(/g)?.length, name).toBe(2);
      const [l, r] = (await Promise.all([left.add(0).data(), right.add(0).data()])) as Float32Array[];
      await expectMatches(g(a, b), matmulRef(l!, r!, 1, M, K, N));
    }
    // batched: the batch index moves the packed operands' offsets
    const x = rand([3, 20, 30], 14);
    const y = rand([3, 30, 25], 15);
    const bm = jit((p: Array, q: Array) => p.matmul(q));
    expect(bm.lower(x, y).kernels[0]!.source).toContain("G.pack(");
    await expectMatches(bm(x, y), matmulRef((await x.data()) as Float32Array, (await y.data()) as Float32Array, 3, 20, 30, 25));
  });

  it("epilogues in WebAssembly: broadcasts, flipped and transposed loads, selects, NaN", async () => {
    const [M, K, N] = [33, 20, 27];
    const a = rand([M, K], 16);
    const b = rand([K, N], 17);
    const bias = rand([N], 18);
    const wd = randomValues(N * M, 19);
    wd[5] = NaN;
    const w = np.array(wd).reshape(N, M);
    const f = (a: Array, b: Array, bias: Array, w: Array) => {
      const c = a.matmul(b);
      const keep = np.logicalAnd(np.greater(c.add(bias), 0.1), np.logicalNot(np.less(w.T, -0.9)));
      return np.where(keep, np.maximum(c, w.T), np.flip(w.T, 1).mul(2).sub(c.div(3)));
    };
    const g = jit(f);
    expect(g.lower(a, b, bias, w).kernels.map((k) => k.source).join("\n")).toContain("G.parallel(");
    const cd = matmulRef((await a.data()) as Float32Array, (await b.data()) as Float32Array, 1, M, K, N);
    const bd = (await bias.data()) as Float32Array;
    const want = grid(M, N, (i, j) => {
      const c = cd[i * N + j]!;
      const wt = wd[j * M + i]!;
      const keep = c + bd[j]! > 0.1 && !(wt < -0.9);
      return keep ? (Number.isNaN(wt) ? NaN : Math.max(c, wt)) : 2 * wd[(N - 1 - j) * M + i]! - c / 3;
    });
    await expectMatches(g(a, b, bias, w), want);
    expect(want.some(Number.isNaN), "the NaN weight reaches the output").toBe(true);
  });

  it("epilogues in WebAssembly SIMD: contiguous and broadcast loads, selects, NaN, a row tail", async () => {
    const [M, K, N] = [21, 18, 27]; // rows of 24 elements as SIMD, then 3 one at a time
    const a = rand([M, K], 22);
    const b = rand([K, N], 23);
    const rd = randomValues(M * N, 24);
    rd[7] = NaN;
    rd[N + 25] = NaN; // in the scalar tail of row 1
    const r = np.array(rd).reshape(M, N);
    const s = rand([M, 1], 25);
    // each value that holds the product has one use, so all of it fuses into the epilogue
    const f = (a: Array, b: Array, r: Array, s: Array) => {
      const keep = np.logicalAnd(np.greater(r.add(s), 0.1), np.logicalNot(np.less(r, -0.9)));
      return np.where(keep, np.maximum(a.matmul(b).div(3).add(s), r), r.mul(2).sub(s));
    };
    const g = jit(f);
    const codes = [...g.lower(a, b, r, s).kernels[0]!.source.matchAll(/G\.parallel\("([^"]+)"/g)].map((x) => x[1]!);
    expect(codes.length).toBe(1);
    const body = decodeFunction(codes[0]!).body;
    const hasV128Store = body.some((x, i) => x === 0xfd && body[i + 1] === 11);
    expect(hasV128Store, "the epilogue stores f32x4").toBe(true);
    const cd = matmulRef((await a.data()) as Float32Array, (await b.data()) as Float32Array, 1, M, K, N);
    const sd = (await s.data()) as Float32Array;
    const want = grid(M, N, (i, j) => {
      const rv = rd[i * N + j]!;
      const keep = rv + sd[i]! > 0.1 && !(rv < -0.9);
      return keep ? Math.max(cd[i * N + j]! / 3 + sd[i]!, rv) : 2 * rv - sd[i]!;
    });
    await expectMatches(g(a, b, r, s), want);
    expect(Number.isNaN(want[7]!) && Number.isNaN(want[N + 25]!), "NaN reaches the output in both passes").toBe(true);
  });

  it("prologues in WebAssembly: an activation on A, a select on a transposed B", async () => {
    const [M, K, N] = [30, 41, 19];
    const x = rand([M, K], 20);
    const w = rand([N, K], 21);
    const f = (x: Array, w: Array) => nn.relu(x).matmul(np.where(np.greater(w.T, 0), w.T, w.T.mul(-3)));
    const g = jit(f);
    expect(g.lower(x, w).kernels[0]!.source.match(/G\.packResident\(/g)?.length).toBe(2);
    const xd = (await x.data()) as Float32Array;
    const wd = (await w.data()) as Float32Array;
    const a = xd.map((v) => Math.max(v, 0));
    const b = Float32Array.from({ length: K * N }, (_, i) => {
      const v = wd[(i % N) * K + Math.floor(i / N)]!;
      return v > 0 ? v : -3 * v;
    });
    await expectMatches(g(x, w), matmulRef(a, b, 1, M, K, N));
  });

  it("prologues on operands contiguous along the packed axis run as SIMD blocks packed transposed", async () => {
    const [M, K, N] = [30, 41, 19];
    const xt = rand([K, M], 26); // A = relu(xt.T): contiguous along m
    const w = rand([K, N], 27); // B = a select on w: contiguous along n
    const f = (xt: Array, w: Array) => nn.relu(xt.T).matmul(np.where(np.greater(w, 0), w, w.mul(-3)));
    const g = jit(f);
    const source = g.lower(xt, w).kernels[0]!.source;
    expect(source).toContain(`G.packResident(ws, eTmp, ${M}, ${K}, 1, ${M}, 4,`);
    expect(source).toContain(`G.packResident(ws, eTmp, ${N}, ${K}, 1, ${N}, 8,`);
    const xd = (await xt.data()) as Float32Array;
    const wd = (await w.data()) as Float32Array;
    const a = Float32Array.from({ length: M * K }, (_, i) => Math.max(xd[(i % K) * M + Math.floor(i / K)]!, 0));
    const b = wd.map((v) => (v > 0 ? v : -3 * v));
    await expectMatches(g(xt, w), matmulRef(a, b, 1, M, K, N));
  });

  it("a small product of a long reduction (few outputs: a tree kernel on WebGPU) runs as a GEMM", async () => {
    const a = rand([16, 3000], 30);
    const b = rand([3000, 9], 31);
    const f = jit((a: Array, b: Array) => a.matmul(b).mul(2));
    const kernels = f.lower(a, b).kernels;
    expect(kernels.length).toBe(1);
    expect(kernels[0]!.source).toContain("G.run(");
    const want = matmulRef((await a.data()) as Float32Array, (await b.data()) as Float32Array, 1, 16, 3000, 9).map((v) => 2 * v);
    await expectMatches(f(a, b), want);
  });

  it("convolutions stay GEMMs under a max-pool gradient (no fusion into its row or scatter kernels)", async () => {
    const x = rand([4, 3, 12, 12], 32);
    const w = rand([8, 3, 3, 3], 33);
    const w2 = rand([8, 8, 3, 3], 34);
    const pool = (h: Array) => lax.reduceWindow(h, "max", [1, 1, 2, 2], [1, 1, 2, 2], "VALID");
    const conv = (x: Array, w: Array) => lax.convGeneralDilated(x, w, [1, 1], "SAME");
    const loss = (x: Array, w: Array, w2: Array) => pool(nn.relu(conv(pool(nn.relu(conv(x, w))), w2))).sum();
    const g = jit(grad(loss, { argnums: [0, 2] }) as (x: Array, w: Array, w2: Array) => Array[]);
    const gemms = g.lower(x, w, w2).kernels.filter((k) => k.source.includes("G.run(")).length;
    // the two forward convolutions, both weight gradients (the first one's has 216 outputs: a
    // tree kernel with its GEMM form) and the second one's input gradient, which the max-pool
    // gradient used to take in as a broadcast
    expect(gemms).toBe(5);
    const [gx, gw] = g(x, w, w2);
    const [ex, ew] = grad(loss, { argnums: [0, 2] })(x, w, w2) as Array[];
    await expectMatches(gx!, Float64Array.from((await ex!.data()) as Float32Array));
    await expectMatches(gw!, Float64Array.from((await ew!.data()) as Float32Array));
  });

  it("matmul and a SAME-padded convolution compile to packed GEMMs", () => {
    const mm = jit((a: Array, b: Array) => a.matmul(b)).lower(rand([40, 50], 1), rand([50, 30], 2));
    expect(mm.kernels[0]!.source).toContain("G.run(");
    const conv = jit((a: Array, b: Array) => lax.convGeneralDilated(a, b, [1, 1], "SAME")).lower(rand([2, 8, 12, 12], 3), rand([16, 8, 3, 3], 4));
    expect(conv.kernels[0]!.source).toContain("G.run(");
  });
});
