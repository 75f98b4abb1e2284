import { expect, test } from "vitest";
import { np, ShapeError } from "../index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";

describeDevices("np creation", (device) => {
  test("array from nested lists, TypedArrays and scalars", async () => {
    await expectEqual(np.array([[1, 2], [3, 4]]), [[1, 2], [3, 4]], "float32");
    await expectEqual(np.array([1, 2, 3], { dtype: "int32" }), [1, 2, 3], "int32");
    await expectEqual(np.array([true, false]), [true, false], "bool");
    await expectEqual(np.array(new Int32Array([5, -6])), [5, -6], "int32");
    await expectEqual(np.array(new Uint32Array([4294967295])), [4294967295], "uint32");
    await expectEqual(np.array(new Float64Array([0.5])), [0.5], "float32");
    await expectEqual(np.array(3), 3, "float32");
    expect(np.array(3).shape).toEqual([]);
    expect(np.array([]).shape).toEqual([0]);
    expect(np.array([1]).device).toBe(device);
  });

  test("array converts with numpy casting", async () => {
    await expectEqual(np.array([1.7, -1.7, NaN, 1e10], { dtype: "int32" }), [1, -1, 0, 2147483647]);
    await expectEqual(np.array([-1, 3.9], { dtype: "uint32" }), [0, 3]);
    await expectEqual(np.array([0, 2, NaN], { dtype: "bool" }), [false, true, true]);
    await expectClose(np.array([1.0009765625, 70000], { dtype: "float16" }), [1.0009765625, Infinity], { dtype: "float16" });
  });

  test("ragged lists and bad elements give clear errors", () => {
    expect(() => np.array([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => np.array([[1, 2], [3]])).toThrow(/ragged nested lists.*\[1\].*length 1 where length 2/);
    expect(() => np.array([1, "a" as unknown as number])).toThrow(/element at \[1\] is string/);
  });

  test("zeros, ones, full and *Like", async () => {
    await expectEqual(np.zeros([2, 2]), [[0, 0], [0, 0]], "float32");
    await expectEqual(np.ones([3], { dtype: "int32" }), [1, 1, 1], "int32");
    await expectEqual(np.full([2], 7), [7, 7], "float32");
    await expectEqual(np.full([2], true), [true, true], "bool");
    const x = np.array([[1, 2, 3]], { dtype: "int32" });
    await expectEqual(np.zerosLike(x), [[0, 0, 0]], "int32");
    await expectEqual(np.onesLike(x, { dtype: "float32" }), [[1, 1, 1]], "float32");
    await expectEqual(np.fullLike(x, 9), [[9, 9, 9]], "int32");
    expect(() => np.zeros([2, -1])).toThrow(/non-negative integers/);
  });

  test("arange and linspace", async () => {
    await expectEqual(np.arange(5), [0, 1, 2, 3, 4], "int32");
    await expectEqual(np.arange(2, 10, 3), [2, 5, 8], "int32");
    await expectEqual(np.arange(5, 0, -2), [5, 3, 1], "int32");
    await expectClose(np.arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75], { dtype: "float32" });
    await expectEqual(np.arange(3, 3), []);
    await expectClose(np.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    await expectClose(np.linspace(0, 1, 4, { endpoint: false }), [0, 0.25, 0.5, 0.75]);
    expect(() => np.arange(0, 5, 0)).toThrow(/step must be a finite nonzero number/);
  });

  test("eye and identity", async () => {
    await expectEqual(np.eye(2, 3, 1), [[0, 1, 0], [0, 0, 1]]);
    await expectEqual(np.identity(2, { dtype: "int32" }), [[1, 0], [0, 1]], "int32");
  });

  test("reads: data, toArray, item, toString", async () => {
    const x = np.array([[1, 2], [3, 4]]);
    expect(await x.data()).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(await np.array([true]).data()).toEqual(new Uint8Array([1]));
    expect(await np.array([2.5]).item()).toBe(2.5);
    expect(await np.array(true).item()).toBe(true);
    await expect(x.item()).rejects.toThrow(/has 4 elements; item\(\) needs exactly one/);
    expect(x.toString()).toBe(`Array(shape=[2,2], dtype=float32, device=${device})`);
    expect(x.ndim).toBe(2);
    expect(x.size).toBe(4);
  });
});
