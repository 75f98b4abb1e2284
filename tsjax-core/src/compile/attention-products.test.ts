/**
 * Attention's products on the CPU: projections written into heads, per-head products whose
 * output is transposed back and reshaped, and their gradients. Their index arithmetic needs
 * range-aware simplification (`simplifyIndices`) and axis splitting (`planBlocked`) to run as
 * blocked kernels and GEMMs; each jitted program must still equal eager execution.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, grad, jit, nn, np } from "../index.js";
import { expectTreeClose } from "../../test/grad-helpers.js";
import { randomValues } from "../../test/helpers.js";

const rand = (shape: number[], seed: number): Array => np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);
const [B, T, H, D] = [4, 16, 4, 12];

/** Causal multi-head self-attention of x [B, T, H*D] with one projection matrix per role. */
function attention(x: Array, wq: Array, wk: Array, wv: Array): Array {
  const heads = (y: Array) => y.reshape(B, T, H, D).transpose([0, 2, 1, 3]);
  const [q, k, v] = [wq, wk, wv].map((w) => heads(x.matmul(w)));
  const mask = np.tril(np.ones([T, T], { dtype: "bool" }));
  const scores = np.where(mask, q!.matmul(k!.transpose([0, 1, 3, 2])).div(Math.sqrt(D)), -1e30);
  return nn.softmax(scores).matmul(v!).transpose([0, 2, 1, 3]).reshape(B, T, H * D);
}

const args = (): [Array, Array, Array, Array] => [rand([B, T, H * D], 1), rand([H * D, H * D], 2), rand([H * D, H * D], 3), rand([H * D, H * D], 4)];

test("jit of causal attention equals eager, its products as blocked kernels", async () => {
  defaultDevice("cpu");
  const xs = args();
  const f = jit(attention);
  const kinds = f.lower(...xs).kernels.map((k) => (k as { kind: string }).kind);
  // the three projections, the scores and the product with the values (split per head)
  expect(kinds.filter((k) => k === "blocked").length).toBe(5);
  // no kernel reads the bool mask in a JavaScript loop (WebAssembly epilogues and row kernels do)
  expect(f.lower(...xs).kernels.some((k) => k.source.includes("!== 0)"))).toBe(false);
  await expectTreeClose(f(...xs), attention(...xs), "jit vs eager", { rtol: 1e-4, atol: 1e-5 });
});

test("jit(grad) of causal attention equals eager grad", async () => {
  defaultDevice("cpu");
  const xs = args();
  const loss = (p: Array[]) => attention(p[0]!, p[1]!, p[2]!, p[3]!).square().mean();
  const want = grad(loss)(xs);
  await expectTreeClose(jit(grad(loss))(xs), want, "jit(grad) vs grad", { rtol: 1e-4, atol: 1e-5 });
});

test("a masked batched product's epilogue reads the bool mask in WebAssembly, equal to eager", async () => {
  defaultDevice("cpu");
  const [q, k] = [rand([64, 16, 12], 5), rand([64, 12, 16], 6)];
  const mask = np.tril(np.ones([16, 16], { dtype: "bool" }));
  const scores = (a: Array, b: Array) => np.where(mask, a.matmul(b).div(3), -1e30);
  const f = jit(scores);
  const sources = f.lower(q, k).kernels.map((x) => x.source);
  expect(sources.some((s) => s.includes('G.parallel("epilogue|'))).toBe(true);
  expect(sources.some((s) => s.includes("!== 0)"))).toBe(false);
  await expectTreeClose(f(q, k), scores(q, k), "jit vs eager", { rtol: 1e-5, atol: 1e-6 });
});
