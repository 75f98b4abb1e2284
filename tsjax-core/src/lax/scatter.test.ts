import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

const DN = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };

describeDevices("lax: scatterAdd/Sub/Mul/Min/Max with JAX dimension numbers against JAX 0.10.2", () => {
  const op = () => np.array([...R.scOp]).reshape(4, 3);
  const idx = () => np.array([...R.scIdx], { dtype: "int32" }).reshape(5, 1);
  const upd = () => np.array([...R.scUpd]).reshape(5, 3);

  test("each combiner, out-of-bounds updates dropped (JAX's default) or clipped", async () => {
    await expectFlat("add", lax.scatterAdd(op(), idx(), upd(), DN), R.scatter.add, { rtol: 0 });
    await expectFlat("sub", lax.scatterSub(op(), idx(), upd(), DN), R.scatter.sub, { rtol: 0 });
    await expectFlat("mul", lax.scatterMul(op(), idx(), upd(), DN), R.scatter.mul, { rtol: 0 });
    await expectFlat("min", lax.scatterMin(op(), idx(), upd().mul(0.5).sub(2), DN), R.scatter.min, { rtol: 0 });
    await expectFlat("max", lax.scatterMax(op(), idx(), upd().mul(0.5), DN), R.scatter.max, { rtol: 0 });
    await expectFlat("add clip", lax.scatterAdd(op(), idx(), upd(), DN, { mode: "clip" }), R.scatter.addClip, { rtol: 0 });
  });

  test("window axes first, and 2-D index vectors in swapped order", async () => {
    const dn2 = { updateWindowDims: [0], insertedWindowDims: [1], scatterDimsToOperandDims: [1] };
    const u2 = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]);
    await expectFlat("axis 1", lax.scatterAdd(op(), np.array([[2], [0]], { dtype: "int32" }), u2, dn2), R.scatterAxis1, { rtol: 0 });
    const dn3 = { updateWindowDims: [], insertedWindowDims: [0, 1], scatterDimsToOperandDims: [1, 0] };
    const pts = lax.scatterAdd(op(), np.array([[2, 3], [0, 0], [2, 3]], { dtype: "int32" }), np.array([1, 2, 3]), dn3);
    await expectFlat("points", pts, R.scatterPoints, { rtol: 0 });
  });

  test("gradients of scatterAdd and scatterMul; jit and vmap", async () => {
    const [go, gu] = grad((o: Array, u: Array) => lax.scatterAdd(o, idx(), u, DN).square().sum(), { argnums: [0, 1] })(op(), upd());
    await expectFlat("add d operand", go, R.scatterAddGrad[0]!, { rtol: 0 });
    await expectFlat("add d updates", gu, R.scatterAddGrad[1]!, { rtol: 0 });
    const i2 = lax.sliceInDim(idx(), 0, 2);
    const [mo, mu] = grad((o: Array, u: Array) => lax.scatterMul(o, i2, lax.sliceInDim(u, 0, 2), DN, { uniqueIndices: true }).mul(1.5).sum(), { argnums: [0, 1] })(op(), upd());
    await expectFlat("mul d operand", mo, R.scatterMulGrad[0]!, { rtol: 1e-6 });
    await expectFlat("mul d updates", mu, R.scatterMulGrad[1]!, { rtol: 1e-6 });
    await expectFlat("jit", jit((o: Array, i: Array, u: Array) => lax.scatterAdd(o, i, u, DN))(op(), idx(), upd()), R.scatter.add, { rtol: 0 });
    const batched = vmap((o: Array) => lax.scatterAdd(o, idx(), upd(), DN))(np.stack([op(), op()]));
    await expectFlat("vmap", batched, [...R.scatter.add, ...R.scatter.add], { rtol: 0 });
  });

  test("errors name the call and list the options", () => {
    expect(() => lax.scatterAdd(op(), idx(), upd(), DN, { mode: "wrap" } as never)).toThrow(/lax\.scatterAdd: mode must be "clip", "fill", "drop" or "promiseInBounds"/);
    expect(() => lax.scatterAdd(op(), idx(), upd(), DN, { bogus: 1 } as never)).toThrow(/lax\.scatterAdd.*bogus/);
    expect(() => lax.scatterAdd(op(), idx(), upd(), { ...DN, insertedWindowDims: [] })).toThrow(/partial windows are not supported/);
    expect(() => lax.scatterAdd(op(), idx(), np.ones([5, 2]), DN)).toThrow(/updates \[5,2\] with updateWindowDims \[1\] must hold/);
  });
});
