import { expect, test } from "vitest";
import { type Array, ShapeError, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { CONV_PATCHES as R } from "../../test/refs/lax2/conv-patches.js";

const arr = (v: readonly number[], shape: readonly number[]) => np.array([...v]).reshape([...shape]);
const NHWC = ["NHWC", "HWIO", "NHWC"] as const;

describeDevices("lax.convGeneralDilatedPatches / convGeneralDilatedLocal", () => {
  test("patches: NCHW SAME, NHWC with rhsDilation, lhsDilation", async () => {
    const x = arr(R.x, [1, 2, 4, 5]);
    const p = lax.convGeneralDilatedPatches(x, [2, 3], [1, 2], "SAME");
    expect(p.shape).toEqual(R.patchesShape);
    await expectFlat("patches", p, R.patches);
    const xh = np.transpose(x, [0, 2, 3, 1]);
    const p2 = lax.convGeneralDilatedPatches(xh, [3, 2], [2, 1], [[1, 0], [0, 1]], { rhsDilation: [1, 2], dimensionNumbers: NHWC });
    expect(p2.shape).toEqual(R.patchesNhwcShape);
    await expectFlat("patches NHWC", p2, R.patchesNhwc);
    const p3 = lax.convGeneralDilatedPatches(x, [2, 2], [1, 1], [[0, 0], [1, 1]], { lhsDilation: [2, 1] });
    expect(p3.shape).toEqual(R.patchesLhsDilShape);
    await expectFlat("patches lhsDilation", p3, R.patchesLhsDil);
  });

  test("local: NCHW, NHWC; grad (x and rhs), jit, vmap", async () => {
    const x = arr(R.x, [1, 2, 4, 5]);
    const w = arr(R.w, [3, 12, 3, 3]);
    const loc = lax.convGeneralDilatedLocal(x, w, [1, 1], "VALID", [2, 3]);
    expect(loc.shape).toEqual(R.localShape);
    await expectFlat("local", loc, R.local);
    const xh = np.transpose(x, [0, 2, 3, 1]);
    const loc2 = lax.convGeneralDilatedLocal(xh, arr(R.wh, [2, 5, 12, 3]), [2, 1], "SAME", [3, 2], { dimensionNumbers: NHWC });
    expect(loc2.shape).toEqual(R.localNhwcShape);
    await expectFlat("local NHWC", loc2, R.localNhwc);
    const cot = arr(R.cot, R.localShape);
    const f = (x: Array, w: Array) => np.sum(np.multiply(lax.convGeneralDilatedLocal(x, w, [1, 1], "VALID", [2, 3]), cot));
    const [gx, gw] = jit(grad(f, { argnums: [0, 1] }))(x, w) as [Array, Array];
    await expectFlat("local grad x", gx, R.localGradX);
    await expectFlat("local grad w", gw, R.localGradW);
    const gp = grad((x: Array) => np.sum(np.square(lax.convGeneralDilatedPatches(x, [2, 3], [1, 2], "SAME"))))(x);
    await expectFlat("patches grad", gp, R.patchesGrad);
    const xb = np.stack([x.reshape([2, 4, 5]), np.multiply(x.reshape([2, 4, 5]), -1.5)]);
    const v = vmap((xi: Array) => lax.convGeneralDilatedLocal(xi.reshape([1, 2, 4, 5]), w, [1, 1], "VALID", [2, 3]).reshape([3, 3, 3]))(xb);
    await expectFlat("vmap local", v, R.vmapLocal);
  });
});

test("convGeneralDilatedPatches / Local errors", () => {
  const x = np.ones([1, 2, 4, 5], { device: "cpu" });
  expect(() => lax.convGeneralDilatedPatches(x, [2], [1, 1], "SAME")).toThrow(/filterShape \[2\] needs one size per spatial axis/);
  expect(() => lax.convGeneralDilatedPatches(x, [2, 2], [1, 1], "SAME", { lhsDilaton: [1, 1] } as never)).toThrow(/unknown option "lhsDilaton"/);
  expect(() => lax.convGeneralDilatedPatches(x, [2, 2], [1, 1], "SAME", { preferredElementType: "int32" })).toThrow(/preferredElementType int32/);
  expect(() => lax.convGeneralDilatedLocal(x, np.ones([3, 12, 3, 2], { device: "cpu" }), [1, 1], "VALID", [2, 3])).toThrow(ShapeError);
  expect(() => lax.convGeneralDilatedLocal(x, np.ones([3, 12, 3, 3], { device: "cpu" }), [1, 1], "VALID", [2, 3], { preferredElementType: "float32" } as never)).toThrow(
    /unknown option "preferredElementType"/,
  );
});
