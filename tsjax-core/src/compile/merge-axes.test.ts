/**
 * `mergeAxes`: a GEMM over a [batch, time, width] activation with a fused GELU runs its
 * prologue and epilogue in WebAssembly once batch and time merge into one M axis; the jitted
 * results equal eager ones, forward and backward.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, grad, jit, nn, np } from "../index.js";
import { expectTreeClose } from "../../test/grad-helpers.js";
import { randomValues } from "../../test/helpers.js";
import { Exp, add, i32, load, mul, reduce, variable } from "./exp.js";
import { axisVar } from "./kernel.js";
import { mergeAxes } from "./merge-axes.js";

const rand = (shape: number[], seed: number): Array => np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);

/** A [4, 16, 48] x [48, 192] product with a GELU epilogue, then back to 48. */
const mlp = (x: Array, w1: Array, w2: Array) => nn.gelu(x.matmul(w1)).matmul(w2);
const args = (): [Array, Array, Array] => [rand([4, 16, 48], 1), rand([48, 192], 2).mul(0.3), rand([192, 48], 3).mul(0.3)];

test("mergeAxes merges axes read with nested strides and keeps those a factor reads apart", () => {
  const [a0, a1, a2] = [0, 1, 2].map((d) => variable(axisVar(d))) as [Exp, Exp, Exp];
  const r = variable("r");
  // out[b, t, n] = sum_r x[b*768 + t*48 + r] * w[r*8 + n]: b and t merge into one M axis
  const x = load(0, add(add(mul(a0, i32(768)), mul(a1, i32(48))), r), "float32");
  const w = load(1, add(mul(r, i32(8)), a2), "float32");
  const k = { kind: "blocked" as const, shape: [4, 16, 8], dtype: "float32" as const, value: reduce("sum", "r", 48, mul(x, w)), blockAxes: [1, 2] as [number, number], tm: 8, tn: 4, inputs: ["float32" as const, "float32" as const], numParams: 0 };
  expect(mergeAxes(k).shape).toEqual([64, 8]);
  // t indexes both factors: merged with b or with n, it would leave a quotient in an index
  const w2 = load(1, add(mul(a1, i32(8)), a2), "float32");
  expect(mergeAxes({ ...k, value: reduce("sum", "r", 48, mul(x, w2)) }).shape).toEqual([4, 16, 8]);
  // strides that do not nest (100 is not 16 * 48)
  const x3 = load(0, add(mul(a0, i32(100)), add(mul(a1, i32(48)), r)), "float32");
  expect(mergeAxes({ ...k, value: reduce("sum", "r", 48, mul(x3, w)) }).shape).toEqual([4, 16, 8]);
});

test("jit of a GELU MLP over [batch, time, width] equals eager, with its GELU in WebAssembly", async () => {
  defaultDevice("cpu");
  const xs = args();
  const f = jit(mlp);
  const sources = f.lower(...xs).kernels.map((k) => k.source);
  expect(sources.filter((s) => s.includes("R.logistic"))).toEqual([]);
  await expectTreeClose(f(...xs), mlp(...xs), "jit vs eager", { rtol: 1e-4, atol: 1e-5 });
});

test("jit(grad) of the GELU MLP equals eager grad", async () => {
  defaultDevice("cpu");
  const xs = args();
  const loss = (p: Array[]) => mlp(p[0]!, p[1]!, p[2]!).square().mean();
  const g = jit(grad(loss));
  expect(g.lower(xs).kernels.filter((k) => k.source.includes("R.logistic")).length).toBe(0);
  await expectTreeClose(g(xs), grad(loss)(xs), "jit(grad) vs grad", { rtol: 1e-4, atol: 1e-5 });
});
