import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: dot, dotGeneral with preferredElementType, batchMatmul against JAX 0.10.2", () => {
  test("int8 products accumulated in int32, float16 in float32", async () => {
    const a8 = np.array([...R.a8], { dtype: "int8" }).reshape(2, 3);
    const b8 = np.array([...R.b8], { dtype: "int8" }).reshape(3, 2);
    const d = lax.dot(a8, b8, { preferredElementType: "int32" });
    expect(d.dtype).toBe("int32");
    await expectFlat("int8 -> int32", d, R.dotI8I32, { rtol: 0 });
    const h1 = np.array([...R.h1], { dtype: "float16" }).reshape(2, 3);
    const h2 = np.array([...R.h2], { dtype: "float16" }).reshape(3, 2);
    const f = lax.dot(h1, h2, { preferredElementType: "float32" });
    expect(f.dtype).toBe("float32");
    await expectFlat("float16 -> float32", f, R.dotF16F32, { rtol: 0, atol: 0 });
    const h = lax.dot(h1, h2);
    expect(h.dtype).toBe("float16");
    await expectFlat("float16", h, R.dotF16, { rtol: 1e-3 });
  });

  test("matrix-vector, batchMatmul, JAX's tuple dimension numbers; grad, jit, vmap", async () => {
    const m1 = np.arange(6).reshape(2, 3).astype("float32");
    const m2 = np.arange(3).sub(1).astype("float32");
    await expectFlat("mv", lax.dot(m1, m2), R.dotMV, { rtol: 0 });
    const ba = np.arange(24).reshape(2, 3, 4).mul(0.1);
    const bb = np.arange(16).reshape(2, 4, 2).mul(0.2).sub(1);
    await expectFlat("batchMatmul", lax.batchMatmul(ba, bb), R.batchMatmul);
    const tup = lax.dotGeneral(ba, bb, [[[2], [1]], [[0], [0]]], null, "float32");
    await expectFlat("tuple dims", tup, R.dotGeneralTuple);
    const g = grad((x: Array) => lax.dot(x, m2, { precision: "highest" }).sum())(m1);
    await expectFlat("grad", g, [-1, 0, 1, -1, 0, 1], { rtol: 0 });
    await expectFlat("jit", jit((x: Array, y: Array) => lax.batchMatmul(x, y))(ba, bb), R.batchMatmul);
    await expectFlat("vmap", vmap((x: Array, y: Array) => lax.dot(x, y))(ba, bb), R.batchMatmul);
  });

  test("errors name the call", () => {
    expect(() => lax.dot(np.ones([2, 3, 4]), np.ones([4]))).toThrow(ShapeError);
    expect(() => lax.dot(np.ones([2, 3]), np.ones([3]), { preferredElementType: "int32" })).toThrow(DTypeError);
    expect(() => lax.dot(np.ones([2, 3]), np.ones([3]), { precision: "max" as never })).toThrow(/lax\.dot: precision must be null, one of/);
    expect(() => lax.batchMatmul(np.ones([2, 3]), np.ones([2, 3, 4]))).toThrow(/lax\.batchMatmul: operands must have the same rank/);
  });
});
