import { expect, test } from "vitest";
import { IndexError, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";

describeDevices("nn.oneHot", () => {
  test("classes on the last axis; out-of-range and negative indices give zero rows", async () => {
    const x = np.array([0, 2, 5, -1, 1], { dtype: "int32" });
    await expectEqual(nn.oneHot(x, 3), [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 1, 0]], "float32");
    await expectEqual(nn.oneHot(np.array([[1, 0], [3, 2]], { dtype: "int32" }), 4), [
      [[0, 1, 0, 0], [1, 0, 0, 0]],
      [[0, 0, 0, 1], [0, 0, 1, 0]],
    ]);
    // a scalar index
    await expectEqual(nn.oneHot(2, 4), [0, 0, 1, 0]);
    // zero classes
    expect(nn.oneHot(x, 0).shape).toEqual([5, 0]);
  });

  test("axis and dtype", async () => {
    const x = np.array([[1, 0], [3, 2]], { dtype: "int32" });
    const first = nn.oneHot(x, 4, { axis: 0, dtype: "int32" });
    expect(first.dtype).toBe("int32");
    // out[c, i, j] = (x[i, j] == c)
    await expectEqual(first, [
      [[0, 1], [0, 0]],
      [[1, 0], [0, 0]],
      [[0, 0], [0, 1]],
      [[0, 0], [1, 0]],
    ]);
    await expectEqual(nn.oneHot(x, 4, { axis: 1 }), [
      [[0, 1], [1, 0], [0, 0], [0, 0]],
      [[0, 0], [0, 0], [0, 1], [1, 0]],
    ]);
    await expectEqual(nn.oneHot(x, 4, { axis: -2 }), await nn.oneHot(x, 4, { axis: 1 }).toArray());
    await expectEqual(nn.oneHot(np.array([0, 1], { dtype: "int32" }), 2, { dtype: "bool" }), [[true, false], [false, true]], "bool");
    expect(nn.oneHot(np.array([0, 1], { dtype: "int32" }), 2, { dtype: "float16" }).dtype).toBe("float16");
    expect(() => nn.oneHot(x, 4, { axis: 3 })).toThrow(IndexError);
    expect(() => nn.oneHot(x, 2.5)).toThrow(RangeError);
  });

  test("float and unsigned indices; non-integral floats match nothing", async () => {
    await expectEqual(nn.oneHot(np.array([1, 1.5, 2, -0]), 3), [[0, 1, 0], [0, 0, 0], [0, 0, 1], [1, 0, 0]]);
    await expectEqual(nn.oneHot(np.array([0, 7], { dtype: "uint32" }), 3), [[1, 0, 0], [0, 0, 0]]);
    await expectEqual(nn.oneHot(np.array([true, false]), 2), [[0, 1], [1, 0]]);
  });

  test("vmap equals a loop", async () => {
    const X = np.array([[0, 3, 1], [2, 2, -4]], { dtype: "int32" });
    const f = (r: typeof X) => nn.oneHot(r, 3, { axis: 0 });
    await expectClose(vmap(f)(X), await np.stack([f(X.get(0)), f(X.get(1))]).toArray());
  });
});
