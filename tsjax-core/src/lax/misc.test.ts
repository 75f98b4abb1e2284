import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, lax, np } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: creation, shape helpers, approx top-k, nextafter, mulhi, gradients of igamma", (device) => {
  test("full, fullLike, empty, broadcastedIota, broadcastShapes, padtypeToPads", async () => {
    const f = lax.full([2, 3], 7, "int32");
    expect(f.dtype).toBe("int32");
    await expectFlat("full", f, [7, 7, 7, 7, 7, 7], { rtol: 0 });
    await expectFlat("full from an array", lax.full([2], np.array(1.5)), [1.5, 1.5], { rtol: 0 });
    const fl = lax.fullLike(np.ones([2, 2], { dtype: "int32" }), 3);
    expect([fl.dtype, fl.shape]).toEqual(["int32", [2, 2]]);
    expect(lax.fullLike(np.ones([2]), 0, "bool", [3]).shape).toEqual([3]);
    expect(lax.empty([4], "float16").dtype).toBe("float16");
    await expectFlat("broadcastedIota", lax.broadcastedIota("int32", [2, 3], 1), [0, 1, 2, 0, 1, 2], { rtol: 0 });
    expect(lax.broadcastShapes([3, 1], [4])).toEqual([3, 4]);
    expect(() => lax.broadcastShapes([3], [4])).toThrow(ShapeError);
    const pads = (["SAME", "SAME_LOWER", "VALID"] as const).map((p) => lax.padtypeToPads([5, 8], [3, 4], [2, 3], p));
    expect(pads).toEqual(R.padtypeToPads);
  });

  test("split, tile, stack, unstack, optimizationBarrier, dtype, indexTake", async () => {
    const [a, b] = lax.split(np.arange(5), [2, 3]);
    await expectFlat("split a", a!, [0, 1], { rtol: 0 });
    await expectFlat("split b", b!, [2, 3, 4], { rtol: 0 });
    expect(() => lax.split(np.arange(5), [2, 2])).toThrow(/lax\.split: sizes \[2,2\] must be non-negative and add up to 5/);
    await expectFlat("tile", lax.tile(np.array([1, 2]), [2]), [1, 2, 1, 2], { rtol: 0 });
    expect(lax.stack([np.ones([2]), np.zeros([2])], 1).shape).toEqual([2, 2]);
    const parts = lax.unstack(np.arange(6).reshape(2, 3), 1);
    expect(parts.map((p) => p.shape)).toEqual([[2], [2], [2]]);
    const xs = [np.ones([1]), np.zeros([2])];
    expect(lax.optimizationBarrier(xs)).toBe(xs);
    expect(lax.dtype(np.ones([1], { dtype: "uint8" }))).toBe("uint8");
    const it = np.arange(24).reshape(2, 3, 4).astype("float32");
    await expectFlat("indexTake", lax.indexTake(it, np.array([[1, 0, 1], [2, 0, 0]], { dtype: "int32" }), [0, 2]), R.indexTake, { rtol: 0 });
  });

  test("approxMaxK and approxMinK (exact, as JAX on CPU)", async () => {
    const x = np.array([...R.akX]).reshape(2, 6);
    const [mv, mi] = lax.approxMaxK(x, 3);
    await expectFlat("max values", mv, R.approxMaxK[0]!, { rtol: 0 });
    await expectFlat("max indices", mi, R.approxMaxK[1]!, { rtol: 0 });
    const [nv, ni] = lax.approxMinK(x, 3, { recallTarget: 0.9 });
    await expectFlat("min values", nv, R.approxMinK[0]!, { rtol: 0 });
    await expectFlat("min indices", ni, R.approxMinK[1]!, { rtol: 0 });
    expect(() => lax.approxMinK(x, 3, { recall: 1 } as never)).toThrow(/lax\.approxMinK: unknown option "recall"/);
  });

  test("nextafter and mulhi", async () => {
    const n = lax.nextafter(np.array([...R.naX1]), np.array([...R.naX2]));
    const got = await n.data();
    // WebGPU flushes subnormals: the steps away from zero (elements 3, 4) are checked on the CPU.
    const skip = device === "webgpu" ? [3, 4] : [];
    R.nextafter.forEach((w, i) => {
      if (!skip.includes(i)) expect(Number.isNaN(w) ? Number.isNaN(got[i]!) : got[i] === w, `element ${i}: ${got[i]} vs ${w}`).toBe(true);
    });
    const ma = np.array([...R.mulhiA], { dtype: "int32" });
    const mb = np.array([...R.mulhiB], { dtype: "int32" });
    await expectFlat("mulhi", lax.mulhi(ma, mb), R.mulhi, { rtol: 0, atol: 0 });
    const mu = lax.mulhi(lax.bitcastConvertType(ma, "uint32"), lax.bitcastConvertType(mb, "uint32"));
    await expectFlat("mulhi uint32", mu, R.mulhiU, { rtol: 0, atol: 0 });
    expect(() => lax.mulhi(np.ones([1]), np.ones([1]))).toThrow(DTypeError);
  });

  test("igammaGradA, randomGammaGrad, convWithGeneralPadding", async () => {
    await expectFlat("igammaGradA", lax.igammaGradA(np.array([0.5, 2, 7]), np.array([1, 1, 9])), R.igammaGradA, { rtol: 1e-4 });
    await expectFlat("randomGammaGrad", lax.randomGammaGrad(np.array([0.5, 2, 7]), np.array([0.3, 1.5, 9])), R.randomGammaGrad, { rtol: 1e-4 });
    const cwx = np.array([...R.cwx]).reshape(1, 2, 5, 5);
    const cww = np.array([...R.cww]).reshape(3, 2, 2, 2);
    const y: Array = lax.convWithGeneralPadding(cwx, cww, [2, 1], [[1, 0], [0, 2]], [1, 2], [2, 1]);
    await expectFlat("convWithGeneralPadding", y, R.convWGP, { rtol: 1e-5, atol: 1e-5 });
  });
});
