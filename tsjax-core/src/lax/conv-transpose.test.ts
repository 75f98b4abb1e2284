import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: convTranspose against JAX 0.10.2", () => {
  const cx = () => np.array([...R.cx]).reshape(1, 3, 4, 2);
  const cw = () => np.array([...R.cw]).reshape(3, 2, 2, 3);
  const tol = { rtol: 1e-5, atol: 1e-5 };

  test("SAME and VALID with strides, explicit pads, kernel dilation", async () => {
    const cases: [keyof typeof R.convT, Array, number[]][] = [
      ["same2", lax.convTranspose(cx(), cw(), [2, 2], "SAME"), [1, 6, 8, 3]],
      ["valid2", lax.convTranspose(cx(), cw(), [2, 2], "VALID"), [1, 7, 8, 3]],
      ["same1", lax.convTranspose(cx(), cw(), [1, 1], "SAME"), [1, 3, 4, 3]],
      ["pads", lax.convTranspose(cx(), cw(), [2, 1], [[1, 0], [2, 1]]), [1, 4, 6, 3]],
      ["dil", lax.convTranspose(cx(), cw(), [2, 2], "SAME", { rhsDilation: [2, 1] }), [1, 6, 8, 3]],
    ];
    for (const [name, got, shape] of cases) {
      expect(got.shape, name).toEqual(shape);
      await expectFlat(name, got, R.convT[name], tol);
    }
  });

  test("transposeKernel, 1-D NCH layout, gradient and jit", async () => {
    const cw2 = np.array([...R.cw2]).reshape(3, 2, 3, 2);
    await expectFlat("transposeKernel", lax.convTranspose(cx(), cw2, [2, 2], "SAME", { transposeKernel: true }), R.convT.transposeKernel, tol);
    const c1x = np.array([...R.c1x]).reshape(2, 2, 5);
    const c1w = np.array([...R.c1w]).reshape(3, 2, 3);
    await expectFlat("nch", lax.convTranspose(c1x, c1w, [3], "VALID", { dimensionNumbers: ["NCH", "OIH", "NCH"] }), R.convT.nch, tol);
    const g = grad((w: Array) => lax.convTranspose(cx(), w, [2, 2], "SAME").square().sum())(cw());
    await expectFlat("grad", g, R.convTGrad, { rtol: 1e-4, atol: 1e-4 });
    await expectFlat("jit", jit((x: Array, w: Array) => lax.convTranspose(x, w, [2, 2], "SAME"))(cx(), cw()), R.convT.same2, tol);
  });

  test("errors name the call", () => {
    expect(() => lax.convTranspose(cx(), cw(), [2], "SAME")).toThrow(/lax\.convTranspose: strides needs 2 entries/);
    expect(() => lax.convTranspose(cx(), cw(), [2, 2], "FULL" as never)).toThrow(/padding must be "SAME", "VALID" or \[low, high\] pairs/);
    expect(() => lax.convTranspose(cx(), cw(), [2, 2], "SAME", { flip: true } as never)).toThrow(/lax\.convTranspose.*flip/);
  });
});
