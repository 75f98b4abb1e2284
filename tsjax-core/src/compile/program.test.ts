/**
 * Fusion, seen through `jit(f).lower(...).kernels`: elementwise chains, reductions with their
 * prologue and epilogue, per-row reductions (softmax, logSoftmax, layer norm) as one row kernel
 * (cooperative on WebGPU), matmul epilogues, DCE and CSE. Every fused program is also compared
 * with eager execution, on rows with -inf, NaN, and lengths around the workgroup size.
 */
import { expect, test } from "vitest";
import { type Array, type DeviceName, jit, lax, nn, np, random } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectTreeClose, f32, rand } from "../../test/grad-helpers.js";

const layerNorm = (x: Array) => {
  const m = x.mean(-1, { keepdims: true });
  const v = x.sub(m).square().mean(-1, { keepdims: true });
  return x.sub(m).div(np.sqrt(v.add(1e-5)));
};
const softmax = (x: Array) => nn.softmax(x);
const logSoftmax = (x: Array) => nn.logSoftmax(x);

/** Asserts that jit(f) compiles to `n` kernels for `args` and equals eager f. */
async function expectKernels(f: (...xs: Array[]) => Array | Array[], args: Array[], n: number, what: string, tol = 1e-5) {
  const j = jit(f);
  const lowered = j.lower(...args);
  expect(lowered.kernels.length, `${what}: kernels\n${lowered.toString().slice(0, 4000)}`).toBe(n);
  await expectTreeClose(j(...args), f(...args), what, { rtol: tol, atol: tol });
  return lowered;
}

/** Rows with -inf entries, an all -inf row, a NaN row and ordinary rows, of length `len`. */
function awkwardRows(len: number, seed: number): Array {
  const rows = [0, 1, 2, 3].map((r) => globalThis.Array.from({ length: len }, (_, i) => Math.fround(Math.sin(seed + 7 * r + i * 1.3) * 4)));
  rows[1]![0] = -Infinity;
  if (len > 2) rows[1]![len - 1] = -Infinity;
  rows[2] = rows[2]!.map(() => -Infinity);
  rows[3]![Math.floor(len / 2)] = NaN;
  return f32(rows);
}

describeDevices("fusion", (device: DeviceName) => {
  const rowTest = test;
  test("an 8-op elementwise chain is one kernel", async () => {
    const f = (x: Array, y: Array) => x.mul(2).add(y).sin().exp().sub(3).abs().sqrt().neg();
    const l = await expectKernels(f, [rand([16, 33], 1), rand([33], 2)], 1, "chain");
    expect(l.kernels[0]!.kind).toBe("map");
  });

  test("a reduction with an elementwise prologue and epilogue is one kernel", async () => {
    await expectKernels((x) => x.mul(2).exp().sum(1).log().mul(3), [rand([8, 50], 3)], 1, "sum");
    await expectKernels((x) => np.max(x.abs(), 0).add(1).sqrt(), [rand([40, 6], 4)], 1, "max axis 0");
    await expectKernels((x) => x.square().sum().sqrt(), [rand([3, 70], 5)], 1, "norm");
  });

  rowTest("softmax over the last axis of [64, 300] is one row kernel", async () => {
    const l = await expectKernels(softmax, [rand([64, 300], 6, -5, 5)], 1, "softmax");
    expect(l.kernels[0]!.kind).toBe("map");
    if (device === "webgpu") expect(l.kernels[0]!.source).toContain("workgroupBarrier");
  });

  rowTest("logSoftmax and layer norm over the last axis are one kernel each", async () => {
    const x = rand([64, 300], 7, -5, 5);
    const l1 = await expectKernels(logSoftmax, [x], 1, "logSoftmax");
    const l2 = await expectKernels(layerNorm, [x], 1, "layerNorm", 1e-4);
    for (const l of [l1, l2]) {
      expect(l.kernels[0]!.kind).toBe("map");
      if (device === "webgpu") expect(l.kernels[0]!.source).toContain("workgroupBarrier");
    }
  });

  rowTest("row kernels equal eager on -inf, all -inf and NaN rows, for row lengths 1, 7, 256, 1000", async () => {
    for (const len of [1, 7, 256, 257, 1000]) {
      const x = awkwardRows(len, len);
      for (const [name, f] of [["softmax", softmax], ["logSoftmax", logSoftmax]] as const) {
        await expectKernels(f, [x], 1, `${name} len ${len}`);
      }
      // (layer norm of a row with -inf is NaN both ways; use finite rows)
      await expectKernels(layerNorm, [rand([3, len], len, -3, 3)], 1, `layerNorm len ${len}`, 1e-4);
    }
  });

  rowTest("a 3-D input [2, 3, 500] and a row-kernel epilogue", async () => {
    const x = rand([2, 3, 500], 8, -4, 4);
    await expectKernels(softmax, [x], 1, "softmax 3-D");
    await expectKernels(layerNorm, [x], 1, "layerNorm 3-D", 1e-4);
    // an elementwise epilogue (scale and shift of a layer norm) stays in the kernel
    const g = rand([500], 9);
    await expectKernels((a, gamma) => layerNorm(a).mul(gamma).add(0.5), [x, g], 1, "layerNorm affine", 1e-4);
  });

  test("softmax over axis 0 (not the last axis) is still correct", async () => {
    const x = rand([37, 5], 10, -4, 4);
    const f = (a: Array) => nn.softmax(a, 0);
    const j = jit(f);
    await expectTreeClose(j(x), f(x), "softmax axis 0");
    const cols = await j(x).sum(0).toArray();
    for (const c of cols as number[]) expect(c).toBeCloseTo(1, 5);
    await expectTreeClose(jit((a: Array) => nn.softmax(a, [0, 1]))(x), nn.softmax(x, [0, 1]), "softmax all axes");
  });

  test("matmul + bias + relu fuses into the matmul kernel", async () => {
    const f = (x: Array, w: Array, b: Array) => nn.relu(np.matmul(x, w).add(b));
    const l = await expectKernels(f, [rand([16, 24], 11), rand([24, 8], 12), rand([8], 13)], 1, "matmul epilogue", 1e-4);
    expect(l.optimized).toContain("dot_general");
  });

  test("DCE: unused intermediate outputs generate no kernels", async () => {
    const pair = jit((x: Array) => [x.exp().sum(0), x.mul(2)] as const);
    const f = (x: Array) => {
      const [unused] = [x.cos().sum(), x.sin().max(0)];
      void unused;
      return pair(x)[1].add(1);
    };
    const l = await expectKernels(f, [rand([6, 5], 14)], 1, "dce");
    expect(l.optimized).not.toMatch(/\bexp\b/);
    expect(l.optimized).not.toMatch(/\bcos\b/);
    expect(l.optimized).not.toMatch(/reduce_/);
  });

  test("CSE: a subexpression computed twice appears once", async () => {
    const f = (x: Array) => x.sin().sum(1).add(x.sin().sum(1)).mul(x.exp().max(1).sub(x.exp().max(1)).add(1));
    const l = await expectKernels(f, [rand([5, 9], 15)], 1, "cse");
    const count = (re: RegExp) => (l.optimized.match(re) ?? []).length;
    expect(count(/= sin /g)).toBe(1);
    expect(count(/= exp /g)).toBe(1);
    expect(count(/reduce_sum/g)).toBe(1);
    expect(count(/reduce_max/g)).toBe(1);
  });

  test("independent outputs of the same size merge into one multi-output kernel", async () => {
    const f = (x: Array, y: Array) => [x.add(y), x.mul(y), y.neg()];
    await expectKernels(f, [rand([4, 8], 16), rand([4, 8], 17)], 1, "multi-output");
  });

  test("logsumexp over the last axis is one kernel", async () => {
    await expectKernels((a) => nn.logsumexp(a, -1), [awkwardRows(300, 3)], 1, "logsumexp");
  });

  test("logsumexp over the last axis equals eager", async () => {
    for (const len of [1, 7, 300]) {
      const x = awkwardRows(len, 4);
      await expectTreeClose(jit((a: Array) => nn.logsumexp(a, -1))(x), nn.logsumexp(x, -1), `logsumexp len ${len}`);
    }
  });

  test("a matmul feeding another matmul is computed once (materialized), not per output element", async () => {
    const f = (x: Array, w1: Array, w2: Array, w3: Array) => nn.relu(nn.relu(x.matmul(w1)).matmul(w2)).matmul(w3);
    const args = [rand([20, 30], 31), rand([30, 24], 32), rand([24, 16], 33), rand([16, 5], 34)];
    const lowered = await expectKernels(f, args, 3, "three chained matmuls", 1e-4);
    // the two larger products run as GEMMs on the CPU (the last, 20x5, is below the blocking size)
    if (device === "cpu") for (const k of lowered.kernels.slice(0, 2)) expect(k.source).toContain("G.run(");
  });

  test("a reduction that does not depend on some output axes is computed once and broadcast", async () => {
    // ones @ b: every row is the column sums of b (as grad(sum(conv(x, w))) is the same for
    // every output channel); 40 sums are computed, then copied to 64 rows
    const b = rand([3000, 40], 36);
    const lowered = await expectKernels((b: Array) => np.ones([64, 3000]).matmul(b), [b], 2, "ones @ b", 1e-4);
    // 40 outputs: a JavaScript loop over 40 rows, or a WebAssembly reduction finishing 40 outputs
    if (device === "cpu") expect(lowered.kernels[0]!.source).toMatch(/row < 40;|G\.finish\(out0, o0, 40\)/);
    const sums = (await b.sum(0).data()) as Float32Array;
    const got = (await jit((b: Array) => np.ones([64, 3000]).matmul(b))(b).data()) as Float32Array;
    for (let i = 0; i < got.length; i += 37) expect(Math.abs(got[i]! - sums[i % 40]!)).toBeLessThan(1e-3);
  });

  test("a convolution's blocked tile spans output channels and a spatial axis: each input and weight read once per step", async () => {
    // float32 convolutions run as GEMMs on the CPU; int32 ones take the blocked kernel there
    const dtype = device === "webgpu" ? "float32" : "int32";
    const x = rand([2, 4, 12, 12], 37).mul(4).astype(dtype);
    const w = rand([16, 4, 3, 3], 38).mul(4).astype(dtype);
    const conv = (x: Array, w: Array) => lax.convGeneralDilated(x, w, [1, 1], "SAME");
    const lowered = await expectKernels(conv, [x, w], 1, `${dtype} conv`);
    const source = lowered.kernels[0]!.source;
    const reads = (arg: number, src = source) => src.split(`in${arg}[`).length - 1;
    if (device === "webgpu") {
      // the WebGPU GEMM: a pass packs the weights (each read once: one read per row of a run of
      // 16 rows per invocation), then each step of an 8 x 4 tile reads 4 windows of the input
      // and the 8 packed weights as 2 vec4s (in2)
      const [pack, product] = source.split("// ---");
      expect([reads(1, pack), reads(0, product), reads(1, product), reads(2, product)]).toEqual([16, 4, 0, 2]);
    } else {
      // an 8 x 4 tile over (output channel, width): 4 windows of the input, 8 weights per step
      expect([reads(0), reads(1)]).toEqual([4, 8]);
    }
  });

  test("a costly value broadcast along a new axis is computed once per element, not per copy", async () => {
    // random bits of one key per row, broadcast over 784 columns (the example's augmentation)
    const f = (key: Array, x: Array) => x.add(random.uniform(key, [64, 1]));
    const args = [random.key(3), rand([64, 784], 35)];
    const lowered = await expectKernels(f, args, 2, "uniform [64, 1] broadcast to [64, 784]");
    // the hash runs in the first kernel (64 elements); the second only adds
    expect(lowered.kernels[1]!.source.length).toBeLessThan(lowered.kernels[0]!.source.length);
  });

  test("threefry of a traced key (random.foldIn inside jit) equals eager", async () => {
    const k = random.key(1);
    const g = (key: Array) => random.keyData(random.foldIn(key, 7));
    expect(await jit(g)(k).toArray()).toEqual(await g(k).toArray());
  });

  test("large elementwise kernels (several elements per invocation) cover every element, odd sizes too", async () => {
    for (const n of [65536, 300_001]) {
      const x = np.arange(n).astype("float32");
      const y = jit((a: Array) => a.mul(2).add(1))(x);
      const d = (await y.data()) as Float32Array;
      expect(d.length).toBe(n);
      let bad = -1;
      for (let i = 0; i < n; i++) if (d[i] !== 2 * i + 1) { bad = i; break; }
      expect(bad, `first wrong element of ${n}`).toBe(-1);
    }
  });

  test("softmax of a matmul: the matmul is its own (blocked) kernel, the softmax one row kernel", async () => {
    const f = (q: Array, k: Array) => nn.softmax(q.matmul(k.T), -1);
    const lowered = await expectKernels(f, [rand([32, 16], 41), rand([40, 16], 42)], 2, "softmax(q k^T)", 1e-5);
    expect(lowered.kernels[0]!.kind).toBe("blocked");
    expect(lowered.kernels[1]!.kind).toBe("map");
  });
});
