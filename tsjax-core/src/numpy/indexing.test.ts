import { expect, test } from "vitest";
import { DTypeError, IndexError, ShapeError, np } from "../index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";

/** Python's slice.indices (CPython's PySlice_AdjustIndices): the positions `start:stop:step` selects. */
function pySlice(n: number, start: number | null, stop: number | null, step: number): number[] {
  const adjust = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) {
      v += n;
      if (v < 0) v = step < 0 ? -1 : 0;
    } else if (v >= n) v = step < 0 ? n - 1 : n;
    return v;
  };
  const b = adjust(start, step < 0 ? n - 1 : 0);
  const e = adjust(stop, step < 0 ? -1 : n);
  const out: number[] = [];
  for (let i = b; step > 0 ? i < e : i > e; i += step) out.push(i);
  return out;
}

const x24 = () => np.arange(24).reshape(2, 3, 4); // x[i, j, k] = 12 i + 4 j + k

describeDevices("np indexing: get", (device) => {
  test("integers, negative integers and full reads", async () => {
    const x = x24();
    await expectEqual(x.get(1), [[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], "int32");
    await expectEqual(x.get(-1, -2), [16, 17, 18, 19]);
    await expectEqual(x.get(0, 2, -1), 11);
    expect(x.get(0, 2, -1).shape).toEqual([]);
    await expectEqual(x.get(), await x.toArray());
    await expectEqual(np.getItem(x, [1, ":", "-4"]), [12, 16, 20]);
    await expectEqual(np.getItem(x, [1, "1", "-4"]), 16);
  });

  test("1-D slices against Python's slice rules (all step signs, clamped bounds)", async () => {
    const n = 7;
    const v = np.arange(n);
    const bounds = [null, -9, -3, -1, 0, 2, 5, 9];
    let k = 0;
    for (const step of [1, 2, 3, -1, -2, -3]) {
      for (const start of bounds) {
        for (const stop of bounds) {
          const want = pySlice(n, start, stop, step);
          // alternate between the string form and np.s(...)
          const got = k++ % 2 === 0 ? v.get(`${start ?? ""}:${stop ?? ""}:${step}`) : v.get(np.s(start, stop, step));
          expect(got.shape, `${start}:${stop}:${step}`).toEqual([want.length]);
          expect(Array.from(await got.data()), `${start}:${stop}:${step}`).toEqual(want);
        }
      }
    }
  });

  test("slice spellings", async () => {
    const v = np.arange(7);
    await expectEqual(v.get("::-1"), [6, 5, 4, 3, 2, 1, 0]);
    await expectEqual(v.get("5:1:-2"), [5, 3]);
    await expectEqual(v.get("1:-1"), [1, 2, 3, 4, 5]);
    await expectEqual(v.get(":"), [0, 1, 2, 3, 4, 5, 6]);
    await expectEqual(v.get("::"), [0, 1, 2, 3, 4, 5, 6]);
    await expectEqual(v.get(" 2 : 6 : 3 "), [2, 5]);
    await expectEqual(v.get("-2:"), [5, 6]);
    await expectEqual(v.get("100:"), []);
    await expectEqual(v.get(":-100"), []);
    await expectEqual(v.get("-100:100:4"), [0, 4]);
    await expectEqual(v.get(np.s(null, null, -3)), [6, 3, 0]);
    await expectEqual(v.get({ start: 1, stop: 3 }), [1, 2]);
    await expectEqual(v.get("::-1").get("::2").get("1:"), [4, 2, 0]);
  });

  test("multi-axis slices, ellipsis and newaxis", async () => {
    const x = x24();
    await expectEqual(x.get("1:3, ::2"), [[[12, 13, 14, 15], [20, 21, 22, 23]]]);
    await expectEqual(x.get(":", "::-1", "1:3"), [[[9, 10], [5, 6], [1, 2]], [[21, 22], [17, 18], [13, 14]]]);
    await expectEqual(x.get("...", 0), [[0, 4, 8], [12, 16, 20]]);
    await expectEqual(x.get("...", "::-2"), [[[3, 1], [7, 5], [11, 9]], [[15, 13], [19, 17], [23, 21]]]);
    await expectEqual(x.get(1, "..."), [[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]]);
    await expectEqual(x.get(1, "...", 2), [14, 18, 22]);
    await expectEqual(x.get(0, 1, "...", 2), 6);
    expect(x.get(null).shape).toEqual([1, 2, 3, 4]);
    expect(x.get("...", null).shape).toEqual([2, 3, 4, 1]);
    expect(x.get(":", "None", 0, null).shape).toEqual([2, 1, 1, 4]);
    expect(x.get("newaxis, 1, ..., None, ::3").shape).toEqual([1, 3, 1, 2]);
    await expectEqual(x.get(null, 1, "...", null, "::3"), [[[[12, 15]], [[16, 19]], [[20, 23]]]]);
    await expectEqual(x.get(-1, null, "1:", "5:0:-2"), [[[19, 17], [23, 21]]]);
    await expectEqual(np.array(5).get(null), [5]);
    await expectEqual(np.array(5).get("..."), 5);
  });

  test("advanced indexing with one array or list", async () => {
    const x = x24();
    await expectEqual(x.get([1, 0]), [[[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]]);
    await expectEqual(x.get(":", [2, 0]), [[[8, 9, 10, 11], [0, 1, 2, 3]], [[20, 21, 22, 23], [12, 13, 14, 15]]]);
    await expectEqual(x.get("...", [0, -1]), [[[0, 3], [4, 7], [8, 11]], [[12, 15], [16, 19], [20, 23]]]);
    await expectEqual(x.get(np.array([[0, 1], [1, 0]], { dtype: "int32" }), 0), [[[0, 1, 2, 3], [12, 13, 14, 15]], [[12, 13, 14, 15], [0, 1, 2, 3]]]);
    await expectEqual(x.get(1, np.array([2, 0], { dtype: "uint32" }), "::2"), [[20, 22], [12, 14]]);
    const v = np.arange(10).mul(10);
    await expectEqual(v.get([3, 3, -1, 0]), [30, 30, 90, 0]);
    await expectEqual(v.get(np.array([[1, -2], [0, 4]], { dtype: "int32" })), [[10, 80], [0, 40]]);
    await expectEqual(v.get(np.array(7, { dtype: "int32" })), 70);
    // index arrays and the data both as views
    await expectEqual(v.get("::-1").get(np.arange(6).get("::2")), [90, 70, 50]);
  });

  test("advanced indices: adjacent ones stay in place, separated ones go first", async () => {
    const x = x24();
    // expected values from numpy
    await expectEqual(x.get([0, 1], [2, 0]), [[8, 9, 10, 11], [12, 13, 14, 15]]);
    await expectEqual(x.get(":", [0, 2], [1, 3]), [[1, 11], [13, 23]]);
    await expectEqual(x.get([0, 1], ":", [1, 3]), [[1, 5, 9], [15, 19, 23]]);
    // an integer counts as an advanced index when an array is present
    await expectEqual(x.get(1, ":", [0, 2]), [[12, 16, 20], [14, 18, 22]]);
    await expectEqual(x.get(":", 1, [0, 2]), [[4, 6], [16, 18]]);
    await expectEqual(x.get([-1, -2], 0, -1), [15, 3]);
    // broadcasting index arrays
    await expectEqual(x.get([[0], [1]], ":", [0, 3]), [[[0, 4, 8], [3, 7, 11]], [[12, 16, 20], [15, 19, 23]]]);
    await expectEqual(x.get(":", [[0], [2]], "1:3"), [[[[1, 2]], [[9, 10]]], [[[13, 14]], [[21, 22]]]]);
    // with new axes
    await expectEqual(x.get(null, [1], "1:", "::-2"), [[[[19, 17], [23, 21]]]]);
    await expectEqual(x.get([0, 1], null, ":", [0]), [[[0, 4, 8]], [[12, 16, 20]]]);
    await expectEqual(x.get("1:", [2, 1, 0], null), [[[[20, 21, 22, 23]], [[16, 17, 18, 19]], [[12, 13, 14, 15]]]]);
    await expectEqual(x.get(0, [1, 2], null, [3, 0]), [[7], [8]]);
    // on a transposed view
    await expectEqual(x.T.get([3, 0], ":", 1), [[15, 19, 23], [12, 16, 20]]);
    expect(() => x.get([0, 1], [0, 1, 2])).toThrow(/cannot be broadcast together/);
  });

  test("out-of-range index arrays are clamped by get (as JAX)", async () => {
    const v = np.array([10, 20, 30]);
    await expectEqual(v.get([5, -7, 1]), [30, 10, 20]);
    // uint32 indices are never negative: the largest ones clamp to the end
    await expectEqual(v.get(np.array([4294967295, 2147483648, 0], { dtype: "uint32" })), [30, 30, 10]);
  });

  test("index errors", () => {
    const x = x24();
    // (out-of-range static indices clamp, as in JAX: index-modes.test.ts)
    expect(() => x.get(0, 0, 0, 0)).toThrow(IndexError);
    expect(() => x.get(0, 0, 0, 0)).toThrow(/too many indices for an array of shape \[2,3,4\]: 4 indices for 3 axes/);
    expect(() => x.get(0, "1:, :, :")).toThrow(/too many indices/);
    expect(() => np.array(1).get(0)).toThrow(/too many indices/);
    if (device === "cpu") expect(() => x.get(np.array([true, false, true]))).toThrow(/boolean mask of shape \[3\] does not match the indexed axes of \[2,3,4\]/);
    expect(() => x.get("...", 0, "...")).toThrow(/single ellipsis/);
    expect(() => x.get(np.array([0.5]))).toThrow(/index arrays must be integer, got float32/);
    expect(() => x.get([0.5])).toThrow(/index lists must hold integers/);
    expect(() => x.get(1.5)).toThrow(/index 1.5 is not an integer/);
    expect(() => x.get("::0")).toThrow(/step cannot be zero/);
    expect(() => x.get(np.s(0, 1, 0))).toThrow(/step cannot be zero/);
    expect(() => x.get(np.s(0.5, 2))).toThrow(/slice parts must be integers/);
    expect(() => x.get(np.s(0, 2, 1.5))).toThrow(/slice parts must be integers/);
    expect(() => x.get("1:2:3:4")).toThrow(/too many colons/);
    expect(() => x.get("a:b")).toThrow(/cannot parse/);
    expect(() => x.get("")).toThrow(/empty index/);
    expect(() => np.zeros([0, 2]).get([0])).toThrow(/cannot index axis 0 of size 0/);
  });
});

describeDevices("np indexing: at", () => {
  test("set with ints, slices and arrays leaves the original unchanged", async () => {
    const x = np.zeros([3, 4]);
    await expectEqual(x.at(1).set(5), [[0, 0, 0, 0], [5, 5, 5, 5], [0, 0, 0, 0]]);
    await expectEqual(x.at(-1, "1:3").set(7), [[0, 0, 0, 0], [0, 0, 0, 0], [0, 7, 7, 0]]);
    await expectEqual(x.at("::2", "::-3").set(np.array([1, 2])), [[2, 0, 0, 1], [0, 0, 0, 0], [2, 0, 0, 1]]);
    await expectEqual(x.at(":", 0).set(np.array([1, 2, 3])), [[1, 0, 0, 0], [2, 0, 0, 0], [3, 0, 0, 0]]);
    await expectEqual(x.at([0, 2], [3, -4]).set(np.array([8, 9])), [[0, 0, 0, 8], [0, 0, 0, 0], [9, 0, 0, 0]]);
    await expectEqual(x.at([2, 0]).set(np.array([[1], [2]])), [[2, 2, 2, 2], [0, 0, 0, 0], [1, 1, 1, 1]]);
    await expectEqual(x.at("...", null, 1).set(4), [[0, 4, 0, 0], [0, 4, 0, 0], [0, 4, 0, 0]]);
    await expectEqual(x, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    const m = np.arange(6).reshape(2, 3);
    await expectEqual(m.T.at(0).set(-1), [[-1, -1], [1, 4], [2, 5]], "int32");
    await expectEqual(m.at(0, 0).get(), 0);
    await expectEqual(np.at(m, [":", [2, 0]]).get(), [[2, 0], [5, 3]]);
    await expectEqual(np.array(5).at().add(2), 7);
    await expectEqual(m.at("...").set(1), [[1, 1, 1], [1, 1, 1]]);
    await expectEqual(m.at([[0], [1]], [[1, 2]]).set(np.array([[7, 8], [9, 10]], { dtype: "int32" })), [[0, 7, 8], [3, 9, 10]]);
    expect(() => x.at(1).set(np.array([1, 2, 3]))).toThrow(/cannot broadcast an array of shape \[3\] to shape \[4\]/);
    await expectEqual(x.at(3).set(1), [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]); // dropped, as in JAX
  });

  test("add accumulates duplicates; subtract, multiply", async () => {
    const f = np.zeros([5]);
    await expectEqual(f.at([0, 0, 2, 0]).add(1), [3, 0, 1, 0, 0]);
    await expectClose(f.at([1, 1]).add(np.array([0.25, 0.5])), [0, 0.75, 0, 0, 0]);
    const i = np.arange(5, 10);
    await expectEqual(i.at([4, 4, -1]).add(10), [5, 6, 7, 8, 39], "int32");
    await expectEqual(i.at("1:3").subtract(np.array([1, 2], { dtype: "int32" })), [5, 5, 5, 8, 9], "int32");
    await expectEqual(i.at([0, 0]).subtract(2), [1, 6, 7, 8, 9]);
    await expectEqual(i.at([1, 1, 3]).multiply(3), [5, 54, 7, 24, 9], "int32");
    await expectEqual(i.at(":").mul(-1), [-5, -6, -7, -8, -9]);
    await expectClose(np.ones([2, 2]).at(":", 1).multiply(np.array([0.5, 4])), [[1, 0.5], [1, 4]]);
    const u = np.array([5, 6], { dtype: "uint32" });
    await expectEqual(u.at(0).subtract(2), [3, 6], "uint32");
    await expectEqual(u.at([1, 1]).add(4294967295), [5, 4], "uint32");
    await expectEqual(i, [5, 6, 7, 8, 9]);
  });

  test("divide (floats only), min and max", async () => {
    const f = np.array([9, 6, 1, 4]);
    await expectEqual(f.at(0).divide(7), [Math.fround(9 / 7), 6, 1, 4]);
    await expectEqual(f.at("1:3").divide(np.array([3, 10])), [9, 2, Math.fround(1 / 10), 4]);
    await expectEqual(f.at([3, 3]).divide(2), [9, 6, 1, 1]);
    expect(() => np.arange(3).at(0).divide(2)).toThrow(DTypeError);
    const i = np.array([5, -3, 8, 0], { dtype: "int32" });
    await expectEqual(i.at([0, 1, 1]).min(np.array([7, 2, -9], { dtype: "int32" })), [5, -9, 8, 0], "int32");
    await expectEqual(i.at(":").max(1), [5, 1, 8, 1], "int32");
    await expectEqual(i.at([2, 2, 3]).max(np.array([9, 10, -1], { dtype: "int32" })), [5, -3, 10, 0]);
    await expectClose(f.at("::-1").min(np.array([0.5, 10, 10, 10])), [9, 6, 1, 0.5]);
    await expectClose(f.at([2, 2]).max(np.array([1.5, -1])), [9, 6, 1.5, 4]);
    await expectEqual(np.array([true, false]).at(1).max(true), [true, true], "bool");
  });

  test("out-of-range index arrays drop their updates (as JAX)", async () => {
    const v = np.array([1, 2, 3]);
    await expectEqual(v.at([5]).set(9), [1, 2, 3]);
    await expectEqual(v.at([0, 3, -4, -1]).add(10), [11, 2, 13]);
    await expectEqual(np.arange(6).reshape(2, 3).at(":", [1, 7]).set(0), [[0, 0, 2], [3, 0, 5]]);
  });
});

describeDevices("np indexing: take and takeAlongAxis", () => {
  test("take along an axis or flattened, negative indices", async () => {
    const m = np.arange(12).reshape(3, 4);
    await expectEqual(np.take(m, [5, 0, -1]), [5, 0, 11], "int32");
    await expectEqual(np.take(m, [2, 0], 0), [[8, 9, 10, 11], [0, 1, 2, 3]]);
    await expectEqual(np.take(m, np.array([[3, 0], [1, 1]], { dtype: "int32" }), 1), [
      [[3, 0], [1, 1]],
      [[7, 4], [5, 5]],
      [[11, 8], [9, 9]],
    ]);
    await expectEqual(m.take([-1], -1), [[3], [7], [11]]);
    await expectEqual(np.take(m, 1, 0), [4, 5, 6, 7]);
    await expectEqual(np.take(m.T, [0, 2], 1), [[0, 8], [1, 9], [2, 10], [3, 11]]);
    await expectEqual(np.take(m, np.array([1], { dtype: "uint32" }), 0), [[4, 5, 6, 7]]);
    const t = np.arange(24).reshape(2, 3, 4);
    const r = np.take(t, np.array([[2], [0]], { dtype: "int32" }), 1);
    expect(r.shape).toEqual([2, 2, 1, 4]);
    await expectEqual(r.get(1, 0, 0), [20, 21, 22, 23]);
    await expectEqual(r.get(0, 1, 0), [0, 1, 2, 3]);
    expect(() => np.take(m, np.array([0.5]))).toThrow(DTypeError);
    expect(() => np.take(m, [0], 2)).toThrow(IndexError);
  });

  test("take: out-of-range indices fill (NaN, int32 min) or clip", async () => {
    const f = np.array([1, 2, 3]);
    await expectEqual(np.take(f, [0, 3, -4, -3]), [1, NaN, NaN, 1], "float32");
    await expectEqual(np.take(f, [3], 0, { fillValue: -1 }), [-1]);
    await expectEqual(np.take(f, [7, -7, 1], 0, { mode: "clip" }), [3, 1, 2]);
    const i = np.array([4, 5], { dtype: "int32" });
    await expectEqual(np.take(i, [1, 2, -3]), [5, -2147483648, -2147483648], "int32");
    await expectEqual(np.take(i, [2], 0, { mode: "clip" }), [5]);
    await expectEqual(np.take(np.array([1, 2], { dtype: "uint32" }), [2]), [4294967295], "uint32");
    await expectEqual(np.take(np.array([false, false]), [5]), [true], "bool");
    await expectEqual(np.take(f, np.array([4294967295, 1], { dtype: "uint32" })), [NaN, 2]);
  });

  test("takeAlongAxis with sort-like indices and broadcasting", async () => {
    const x = np.array([[3, 1, 2], [9, 7, 8]]);
    const order = np.array([[1, 2, 0], [1, 2, 0]], { dtype: "int32" });
    await expectEqual(np.takeAlongAxis(x, order, 1), [[1, 2, 3], [7, 8, 9]]);
    await expectEqual(np.takeAlongAxis(x, np.argsort(x, 1), 1), [[1, 2, 3], [7, 8, 9]]);
    await expectEqual(np.takeAlongAxis(x, np.array([[1, 0, 1]], { dtype: "int32" }), 0), [[9, 1, 8]]);
    await expectEqual(np.takeAlongAxis(x, np.array([[-1], [0]], { dtype: "int32" }), -1), [[2], [9]]);
    // broadcasting: one row of indices for every row, one column of indices for every column
    await expectEqual(np.takeAlongAxis(x, np.array([[2, 2, 0, 1]], { dtype: "int32" }), 1), [[2, 2, 3, 1], [8, 8, 9, 7]]);
    await expectEqual(np.takeAlongAxis(x, np.array([[1], [0], [1]], { dtype: "int32" }), 0), [[9, 7, 8], [3, 1, 2], [9, 7, 8]]);
    await expectEqual(np.takeAlongAxis(x.T, np.array([[1, 0]], { dtype: "int32" }), 1), [[9, 3], [7, 1], [8, 2]]);
    await expectEqual(np.takeAlongAxis(np.array([5, 6, 7]), np.array([2, 2, 0], { dtype: "int32" }), 0), [7, 7, 5]);
    await expectEqual(np.takeAlongAxis(x, np.array([[3], [0]], { dtype: "int32" }), 1), [[NaN], [9]]);
    // the array broadcasts against the indices too (numpy)
    await expectEqual(np.takeAlongAxis(np.array([[3, 1, 2]]), np.array([[0], [2]], { dtype: "int32" }), 1), [[3], [2]]);
    await expectEqual(np.takeAlongAxis(x, np.array([[3], [0]], { dtype: "int32" }), 1, { mode: "clip" }), [[2], [9]]);
    expect(() => np.takeAlongAxis(x, np.array([0], { dtype: "int32" }), 1)).toThrow(ShapeError);
    expect(() => np.takeAlongAxis(x, np.array([[0, 1], [0, 1], [0, 1]], { dtype: "int32" }), 1)).toThrow(/cannot be broadcast/);
  });
});
