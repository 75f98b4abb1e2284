import { expect, test } from "vitest";
import { ShapeError, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SHAPES as R } from "../../test/refs/lax2/shapes.js";

const DN = [
  ["NCHW", "OIHW", "NCHW"],
  ["NHWC", "HWIO", "NHWC"],
  ["NHWC", "OHWI", "CHWN"],
  ["NWHC", "HWIO", "WNCH"],
  ["NCDHW", "DOIWH", "NDHWC"],
] as const;

test("convGeneralPermutations and convDimensionNumbers match JAX", () => {
  expect(DN.map((d) => lax.convGeneralPermutations(d))).toEqual(R.perms);
  const cd = lax.convDimensionNumbers([2, 3, 4, 5], [6, 3, 2, 2], ["NHWC", "OHWI", "CHWN"]);
  expect([cd.lhs, cd.rhs, cd.out]).toEqual(R.convDims);
  const c0 = lax.convDimensionNumbers([2, 3, 4], [6, 3, 2]);
  expect([c0.lhs, c0.rhs, c0.out]).toEqual(R.convDimsNone);
  expect(lax.convDimensionNumbers([1], [1], cd)).toBe(cd);
  expect(() => lax.convGeneralPermutations(["NHWC", "HWIO", "NCHD"])).toThrow(/same spatial letters/);
  expect(() => lax.convGeneralPermutations(["NHHC", "HWIO", "NHWC"])).toThrow(/cannot repeat a letter/);
  expect(() => lax.convGeneralPermutations(["NHW", "HWIO", "NHWC"])).toThrow(/"N" and "C" exactly once/);
  expect(() => lax.convDimensionNumbers([1, 2, 3], [1, 2], undefined)).toThrow(ShapeError);
  expect(() => lax.convDimensionNumbers([1, 2, 3], [1, 2, 3], ["NCH", "OIH"] as never)).toThrow(/three strings/);
});

test("convShapeTuple, convGeneralShapeTuple, convTransposeShapeTuple, reduceWindowShapeTuple match JAX", () => {
  const cases = [
    [[2, 3, 9, 8], [4, 3, 3, 2], [1, 1], "SAME", 1],
    [[2, 3, 9, 8], [4, 3, 3, 2], [2, 3], "SAME", 1],
    [[2, 3, 9, 8], [4, 3, 3, 2], [2, 3], "VALID", 1],
    [[4, 3, 9, 8], [4, 3, 3, 2], [2, 1], [[1, 2], [0, -1]], 2],
    [[2, 3, 9, 8], [4, 3, 3, 2], [1, 1], "SAME_LOWER", 1],
  ] as const;
  expect(cases.map((c) => lax.convShapeTuple(...(c as unknown as Parameters<typeof lax.convShapeTuple>)))).toEqual(R.convShape);
  expect(() => lax.convShapeTuple([2, 3, 4], [1, 3, 2], [1], [[-9, 0]])).toThrow(/negative padding/);
  expect(() => lax.convShapeTuple([3, 3, 4], [1, 3, 2], [1], "VALID", 2)).toThrow(/batchGroupCount 2/);
  expect(() => lax.convShapeTuple([3, 3, 4], [1, 3, 2], [1, 1], "VALID")).toThrow(/strides needs 1 entries/);
  const general = [
    [[2, 9, 8, 3], [3, 2, 3, 4], [1, 2], "SAME", ["NHWC", "HWIO", "NHWC"]],
    [[2, 9, 8, 3], [4, 3, 2, 3], [2, 1], "VALID", ["NHWC", "OHWI", "CHWN"]],
    [[2, 3, 9, 8], [4, 3, 3, 2], [2, 2], [[1, 1], [2, 0]], ["NCHW", "OIHW", "NCHW"]],
  ] as const;
  expect(general.map((c) => lax.convGeneralShapeTuple(...(c as unknown as Parameters<typeof lax.convGeneralShapeTuple>)))).toEqual(R.convGeneralShape);
  const tr = [
    [[2, 9, 8, 3], [3, 2, 3, 4], [1, 2], "SAME", ["NHWC", "HWIO", "NHWC"]],
    [[2, 9, 8, 3], [3, 2, 3, 4], [2, 2], "VALID", ["NHWC", "HWIO", "NHWC"]],
    [[2, 9, 8, 3], [4, 3, 2, 3], [3, 1], "SAME", ["NHWC", "OHWI", "CHWN"]],
    [[2, 3, 9, 8], [4, 3, 3, 2], [2, 2], [[1, 1], [2, 0]], ["NCHW", "OIHW", "NCHW"]],
  ] as const;
  expect(tr.map((c) => lax.convTransposeShapeTuple(...(c as unknown as Parameters<typeof lax.convTransposeShapeTuple>)))).toEqual(R.convTransposeShape);
  expect(() => lax.convTransposeShapeTuple([1, 1, 4], [1, 1, 2], [1], "SAME_LOWER" as never, ["NCH", "OIH", "NCH"])).toThrow(/"SAME", "VALID"/);
  const rw = [
    [[7, 8], [3, 2], [1, 1], [[0, 0], [0, 0]]],
    [[7, 8], [3, 2], [2, 3], [[1, 1], [2, 0]]],
    [[7, 8], [3, 2], [2, 1], [[1, 0], [0, 1]], [2, 1], [1, 3]],
    [[5], [6], [1], [[0, 0]]],
  ] as const;
  expect(rw.map((c) => lax.reduceWindowShapeTuple(...(c as unknown as Parameters<typeof lax.reduceWindowShapeTuple>)))).toEqual(R.reduceWindowShape);
  expect(() => lax.reduceWindowShapeTuple([7, 8], [3], [1, 1], [[0, 0], [0, 0]])).toThrow(/windowDimensions needs 2 entries/);
});

test("reduceWindowShapeTuple agrees with lax.reduceWindow's output", () => {
  const y = lax.reduceWindow(np.ones([7, 8]), "sum", [3, 2], [2, 1], [[1, 0], [0, 1]], { baseDilation: [2, 1], windowDilation: [1, 3] });
  expect(y.shape).toEqual(lax.reduceWindowShapeTuple([7, 8], [3, 2], [2, 1], [[1, 0], [0, 1]], [2, 1], [1, 3]));
});

describeDevices("lax.broadcastLike", () => {
  test("values, dtype, grad, vmap, jit", async () => {
    const x = np.array([1, 2, 3]);
    await expectFlat("broadcastLike", lax.broadcastLike(x, np.zeros([2, 3], { dtype: "int32" })), R.broadcastLike, { rtol: 0 });
    expect(lax.broadcastLike(np.array([1, 2], { dtype: "int32" }), np.zeros([3, 2])).dtype).toBe(R.broadcastLikeDtype);
    const w = np.arange(6).reshape([2, 3]);
    const f = (x: typeof w) => np.sum(np.multiply(lax.broadcastLike(x, np.zeros([2, 3])), w));
    await expectFlat("grad", grad(f)(x), R.broadcastLikeGrad);
    await expectFlat("jit(grad)", jit(grad(f))(x), R.broadcastLikeGrad);
    const v = vmap((r: typeof w) => lax.broadcastLike(r, np.zeros([2, 3])))(np.array([[1, 2, 3], [4, 5, 6]]));
    expect(v.shape).toEqual([2, 2, 3]);
    await expectFlat("vmap", v, [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6], { rtol: 0 });
    expect(() => lax.broadcastLike(np.ones([4]), np.zeros([2, 3]))).toThrow(ShapeError);
  });
});
