import { expect, test } from "vitest";
import { type Array, IndexError, ShapeError, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: the InDim family and shape helpers against JAX 0.10.2", () => {
  const x = () => np.array([...R.x]).reshape(2, 3, 4);

  test("sliceInDim, indexInDim, dynamic*InDim", async () => {
    const a = x();
    const i = (v: number) => np.array(v, { dtype: "int32" });
    const cases: [string, Array, number[]][] = [
      ["slice", lax.sliceInDim(a, 1, 4, 2, 2), [2, 3, 2]],
      ["sliceNeg", lax.sliceInDim(a, -2, null, 1, 1), [2, 2, 4]],
      ["index", lax.indexInDim(a, 2, 1, false), [2, 4]],
      ["indexKeep", lax.indexInDim(a, -1, 2), [2, 3, 1]],
      ["dynSlice", lax.dynamicSliceInDim(a, i(2), 2, 1), [2, 2, 4]],
      ["dynIndex", lax.dynamicIndexInDim(a, i(3), 2, false), [2, 3]],
      ["dynUpdSlice", lax.dynamicUpdateSliceInDim(a, np.ones([2, 3, 2]), i(3), 2), [2, 3, 4]],
      ["dynUpdIndex", lax.dynamicUpdateIndexInDim(a, np.full([2, 4], 9), 1, 1), [2, 3, 4]],
    ];
    for (const [name, got, shape] of cases) {
      expect(got.shape, name).toEqual(shape);
      await expectFlat(name, got, R.inDim[name as keyof typeof R.inDim], { rtol: 0, atol: 0 });
    }
  });

  test("under jit and vmap, with a traced index", async () => {
    const a = x();
    const f = jit((v: Array, k: Array) => lax.dynamicIndexInDim(v, k, 2, false));
    await expectFlat("jit dynIndex", f(a, np.array(3, { dtype: "int32" })), R.inDim.dynIndex, { rtol: 0 });
    const rows = vmap((v: Array) => lax.sliceInDim(v, 1, 4, 2, 1))(a);
    await expectFlat("vmap slice", rows, R.inDim.slice, { rtol: 0 });
  });

  test("expandDims, squeeze, broadcast, broadcastToRank, collapse", () => {
    const a = x();
    expect(lax.expandDims(a, [0, -1]).shape).toEqual(R.shapes.expandDims);
    expect(lax.squeeze(np.ones([1, 3, 1]), [0, 2]).shape).toEqual(R.shapes.squeeze);
    expect(lax.broadcast(np.ones([3]), [2, 4]).shape).toEqual(R.shapes.broadcast);
    expect(lax.broadcastToRank(np.ones([3]), 3).shape).toEqual(R.shapes.broadcastToRank);
    expect(lax.collapse(a, 1).shape).toEqual(R.shapes.collapse);
    expect(lax.collapse(a, 0, 2).shape).toEqual(R.shapes.collapse02);
  });

  test("errors name the call", () => {
    const a = x();
    expect(() => lax.sliceInDim(a, 3, 1, 1, 2)).toThrow(IndexError);
    expect(() => lax.indexInDim(a, 5, 1)).toThrow(/lax\.indexInDim: index 5 is out of bounds/);
    expect(() => lax.squeeze(a, [1])).toThrow(ShapeError);
    expect(() => lax.squeeze(a, [1])).toThrow(/axis 1 of \[2,3,4\] has size 3/);
    expect(() => lax.dynamicSliceInDim(a, 0, 2, 5)).toThrow(/lax\.dynamicSliceInDim: axis 5 is out of bounds/);
  });
});
