/**
 * Two independent long contractions in one jitted program (the weight gradients of two layers)
 * each run as a GEMM on the CPU: merging them into one multi-output kernel once kept only the
 * first product and left the second output at zero.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, grad, jit, np } from "../index.js";
import { expectTreeClose } from "../../test/grad-helpers.js";
import { randomValues } from "../../test/helpers.js";

const rand = (shape: number[], seed: number): Array => np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);

test("jit of two contractions over 512 rows equals eager on the CPU", async () => {
  defaultDevice("cpu");
  const x = rand([512, 2], 1);
  const f = (j: Array, d: Array, c: Array) => [j.T.matmul(d).T, j.matmul(c.T).T.matmul(x).T];
  const args = [rand([512, 2], 2), rand([512, 16], 3), rand([16, 2], 4)] as const;
  await expectTreeClose(jit(f)(...args), f(...args), "jit vs eager", { rtol: 1e-4, atol: 1e-4 });
});

test("jit(grad) of a two-layer product over 512 rows equals eager grad on the CPU", async () => {
  defaultDevice("cpu");
  const x = rand([512, 2], 5);
  const loss = (p: Array[]) => x.matmul(p[0]!).matmul(p[1]!).square().mean();
  const params = [rand([2, 16], 6), rand([16, 2], 7)];
  const want = grad(loss)(params);
  expect(Math.max(...(await want[1]!.data()).map(Math.abs))).toBeGreaterThan(0.01);
  await expectTreeClose(jit(grad(loss))(params), want, "jit(grad) vs grad", { rtol: 1e-4, atol: 1e-5 });
});
