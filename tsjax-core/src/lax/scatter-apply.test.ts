import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SCATTER_APPLY as R } from "../../test/refs/lax2/scatter-apply.js";

const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const i32 = (v: number[][]) => np.array(v, { dtype: "int32" });

test("lax.scatterApply errors: unknown option, bad mode, no derivative (as JAX)", () => {
  const x = np.arange(6, { dtype: "float32", device: "cpu" });
  const idx = np.array([[1]], { dtype: "int32", device: "cpu" });
  expect(() => lax.scatterApply(x, idx, np.exp, dn, { updateShap: [1] } as never)).toThrow(/unknown option "updateShap".*updateShape/);
  expect(() => lax.scatterApply(x, idx, np.exp, dn, { updateShape: [1], mode: "wrap" as never })).toThrow(/mode must be/);
  expect(() => grad((x: Array) => np.sum(lax.scatterApply(x, idx, np.exp, dn, { updateShape: [1] })))(x)).toThrow(/Reverse-mode differentiation does not/);
});

describeDevices("lax.scatterApply", () => {
  test("repeated indices apply func repeatedly; modes; window axes; jit, vmap", async () => {
    const x = np.arange(6, { dtype: "float32" });
    const idx = i32([[1], [3], [1]]);
    await expectFlat("exp", lax.scatterApply(x, idx, np.exp, dn, { updateShape: [3] }), R.exp);
    await expectFlat("affine", lax.scatterApply(x, idx, (v) => np.add(np.multiply(v, 2), 1), dn, { updateShape: [3] }), R.affine);
    const oob = i32([[7], [2], [-1]]);
    await expectFlat("drop", lax.scatterApply(x, oob, np.sin, dn, { updateShape: [3] }), R.drop);
    await expectFlat("clip", lax.scatterApply(x, oob, np.sin, dn, { updateShape: [3], mode: "clip" }), R.clip);
    const xs = np.stack([x, np.add(x, 1)]);
    await expectFlat("vmap", vmap((r: Array) => lax.scatterApply(r, idx, np.sin, dn, { updateShape: [3] }))(xs), R.vmap);
    const dn2 = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
    const m = np.arange(12, { dtype: "float32" }).reshape([3, 4]);
    await expectFlat("rows under jit", jit((m: Array) => lax.scatterApply(m, i32([[2], [0], [2]]), np.sqrt, dn2, { updateShape: [3, 4] }))(m), R.rows);
  });
});
