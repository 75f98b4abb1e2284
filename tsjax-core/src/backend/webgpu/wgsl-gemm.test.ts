/**
 * The WebGPU GEMM (`wgsl-gemm.ts`): products with edge tiles, transposed and batched operands,
 * fused prologues and epilogues, and a convolution, each against a plain loop.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, grad, jit, lax, nn, np } from "../../index.js";
import { type BlockedKernel, axisVar } from "../../compile/kernel.js";
import { type Exp, add, binary, cast, i32, load, mul, reduce, variable } from "../../compile/exp.js";
import { HAS_WEBGPU, randomValues } from "../../../test/helpers.js";
import { planWgslGemm } from "./wgsl-gemm.js";

const rand = (shape: number[], seed: number): Array => np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);

/** C[b, i, j] = sum_k A[b, i, k] B[b, k, j] over flat row-major data. */
function loopMatmul(a: Float32Array, b: Float32Array, batch: number, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[t * m * k + i * k + q]! * b[t * k * n + q * n + j]!;
        c[t * m * n + i * n + j] = s;
      }
    }
  }
  return c;
}

/** Within float32 rounding of a sum of `terms` products of values below 1 in magnitude. */
function expectNear(got: Float32Array, want: Float32Array, what: string, terms = 512): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  want.forEach((w, i) => (worst = Math.max(worst, Math.abs(got[i]! - w) / (1e-4 * Math.abs(w) + 2e-6 * terms))));
  expect(worst, what).toBeLessThan(1);
}

const data = async (x: Array) => (await x.data()) as Float32Array;

test.runIf(HAS_WEBGPU)("matmuls of edge sizes, transposed and batched operands, with a fused epilogue", async () => {
  defaultDevice("webgpu");
  try {
    for (const [m, k, n] of [[37, 19, 300], [130, 8, 70]] as [number, number, number][]) {
      const a = rand([m, k], m);
      const b = rand([k, n], n);
      const want = loopMatmul(await data(a), await data(b), 1, m, k, n);
      expectNear(await data(jit((x: Array, y: Array) => x.matmul(y))(a, b)), want, `${m}x${k}x${n}`);
      // B transposed in memory, A transposed in memory
      const bt = b.transpose().add(0); // materialized [n, k]
      expectNear(await data(jit((x: Array, y: Array) => x.matmul(y.transpose()))(a, bt)), want, `${m}x${k}x${n} B^T`);
      const at = a.transpose().add(0);
      expectNear(await data(jit((x: Array, y: Array) => x.transpose().matmul(y))(at, b)), want, `${m}x${k}x${n} A^T`);
      // epilogue: relu(x @ y + bias); prologue: (2x) @ y
      const bias = rand([n], 7);
      const bv = await data(bias);
      const epi = want.map((v, i) => Math.max(0, v + bv[i % n]!));
      expectNear(await data(jit((x: Array, y: Array, c: Array) => nn.relu(x.matmul(y).add(c)))(a, b, bias)), epi, `${m}x${k}x${n} epilogue`);
      expectNear(await data(jit((x: Array, y: Array) => x.mul(2).matmul(y))(a, b)), want.map((v) => 2 * v), `${m}x${k}x${n} prologue`);
    }
    // the epilogue reads B's input elementwise (scalar reads of an input bound as vec4s)
    const sq = rand([40, 40], 5);
    const b2 = rand([40, 64], 6);
    const sqb = loopMatmul(await data(sq), await data(b2), 1, 40, 40, 64);
    const b2v = await data(b2);
    expectNear(await data(jit((x: Array, y: Array) => x.matmul(y).add(y))(sq, b2)), sqb.map((v, i) => v + b2v[i]!), "epilogue reads B");
    const [t, m, k, n] = [3, 24, 40, 72];
    const a = rand([t, m, k], 1);
    const b = rand([t, k, n], 2);
    expectNear(await data(jit((x: Array, y: Array) => lax.batchMatmul(x, y))(a, b)), loopMatmul(await data(a), await data(b), t, m, k, n), "batched");
  } finally {
    defaultDevice("cpu");
  }
}, 300_000);

test.runIf(HAS_WEBGPU)("a convolution runs as a GEMM and equals the cpu device", async () => {
  const x = rand([2, 8, 12, 12], 3);
  const w = rand([16, 8, 3, 3], 4);
  const conv = (a: Array, b: Array) => lax.convGeneralDilated(a, b, [1, 1], "SAME");
  const want = await data(jit(conv)(x, w));
  defaultDevice("webgpu");
  try {
    const xg = np.array(await data(x)).reshape(x.shape);
    const wg = np.array(await data(w)).reshape(w.shape);
    expectNear(await data(jit(conv)(xg, wg)), want, "conv");
  } finally {
    defaultDevice("cpu");
  }
});

test.runIf(HAS_WEBGPU)("convolutions and their gradients pack A by runs of rows: odd sizes, strides, padding, dilation, groups, a prologue", async () => {
  const NHWC = ["NHWC", "HWIO", "NHWC"] as const;
  // [name, lhs shape, rhs shape, the convolution]: each a GEMM (over 2^15 multiply-adds), its rows
  // (the M axes) of odd extents, so runs of packed rows carry across axes and past the last row
  const cases: [string, number[], number[], (a: Array, b: Array) => Array][] = [
    ["NHWC, strides, uneven padding, rhs dilation", [3, 11, 13, 5], [3, 3, 5, 7], (a, b) => lax.convGeneralDilated(a, b, [2, 1], [[1, 2], [0, 1]], { rhsDilation: [1, 2], dimensionNumbers: NHWC })],
    ["NCHW, 2 feature groups, lhs dilation", [2, 6, 9, 7], [10, 3, 3, 2], (a, b) => lax.convGeneralDilated(a, b, [1, 1], [[2, 1], [1, 1]], { lhsDilation: [2, 1], featureGroupCount: 2 })],
    ["NHWC, batch 1, a fused prologue", [1, 17, 15, 6], [3, 3, 6, 9], (a, b) => lax.convGeneralDilated(nn.relu(a.mul(2).sub(0.5)), b, [1, 1], "SAME", { dimensionNumbers: NHWC })],
  ];
  const runs = async () => {
    const out: Float32Array[] = [];
    for (const [, xs, ws, conv] of cases) {
      const x = rand(xs, 11);
      const w = rand(ws, 12);
      out.push(await data(jit(conv)(x, w)));
      // the input's and the weights' gradients are convolutions too (A: a windowed cotangent)
      const loss = (a: Array, b: Array) => conv(a, b).mul(conv(a, b)).sum();
      const [gx, gw] = jit(grad(loss, { argnums: [0, 1] }))(x, w) as unknown as [Array, Array];
      out.push(await data(gx), await data(gw));
    }
    return out;
  };
  const want = await runs();
  defaultDevice("webgpu");
  try {
    const got = await runs();
    got.forEach((g, i) => expectNear(g, want[i]!, `${cases[Math.floor(i / 3)]![0]} ${["value", "d lhs", "d rhs"][i % 3]}`, 4096));
  } finally {
    defaultDevice("cpu");
  }
}, 300_000);

test("planWgslGemm: a sum of a product of two factors, not other reductions", () => {
  // out[i, j] = sum_r in0[i * 16 + r] * in1[r * 32 + j] over a 64 x 32 output
  const [i, j, r] = [variable(axisVar(0)), variable(axisVar(1)), variable("r")];
  const a = load(0, add(mul(i, i32(16)), r), "float32");
  const b = load(1, add(mul(r, i32(32)), j), "float32");
  const kernel = (value: Exp): BlockedKernel => ({ kind: "blocked", shape: [64, 32], dtype: "float32", value, blockAxes: [0, 1], tm: 8, tn: 4, inputs: ["float32", "float32"], numParams: 0 });
  const plan = planWgslGemm(kernel(reduce("sum", "r", 16, mul(a, b))))!;
  expect(plan).toMatchObject({ mAxes: [0], nAxes: [1], batchAxes: [], M: 64, N: 32, TM: 8, TN: 4, WX: 8, WY: 8, groups: 1, Mpad: 64 });
  // the factor along the output's last axis is B whichever side of the product it is on
  expect(planWgslGemm(kernel(reduce("sum", "r", 16, mul(b, a))))).toMatchObject({ mAxes: [0], nAxes: [1] });
  expect(plan).toMatchObject({ packDtype: "float32", vectorB: { arg: 1, dtype: "float32" } });
  // float16 factors (cast to float32 for the sum): A packed as float16, B read as vec4<f16>
  const a16 = cast(load(0, add(mul(i, i32(16)), r), "float16"), "float32");
  const b16 = cast(load(1, add(mul(r, i32(32)), j), "float16"), "float32");
  expect(planWgslGemm(kernel(reduce("sum", "r", 16, mul(a16, b16))))).toMatchObject({ packDtype: "float16", vectorB: { arg: 1, dtype: "float16" } });
  expect(planWgslGemm(kernel(reduce("sum", "r", 16, mul(a, b16))))).toMatchObject({ packDtype: "float32", vectorB: { dtype: "float16" } });
  expect(planWgslGemm(kernel(reduce("max", "r", 16, mul(a, b))))).toBeUndefined();
  expect(planWgslGemm(kernel(reduce("sum", "r", 16, binary("add", a, b))))).toBeUndefined();
});
