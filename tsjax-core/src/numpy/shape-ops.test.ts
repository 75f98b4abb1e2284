import { expect, test } from "vitest";
import { type NestedArray, IndexError, ShapeError, lax, np } from "../index.js";
import { describeDevices, expectClose, expectEqual, nested, randomValues } from "../../test/helpers.js";

/** Nested lists of `shape` whose element at index `idx` is `f(idx)` (a JS reference). */
function build(shape: readonly number[], f: (idx: number[]) => number): NestedArray {
  const go = (prefix: number[]): NestedArray =>
    prefix.length === shape.length ? f(prefix) : Array.from({ length: shape[prefix.length]! }, (_, i) => go([...prefix, i]));
  return go([]);
}

/** Row-major value of `arange(prod(shape)).reshape(shape)` at `idx`. */
function lin(shape: readonly number[], idx: readonly number[]): number {
  let v = 0;
  idx.forEach((i, d) => (v = v * shape[d]! + i));
  return v;
}

const range = (n: number, start = 0) => Array.from({ length: n - start }, (_, i) => i + start);

describeDevices("np shape ops", (device) => {
  test("reshape with -1, of views, and its errors", async () => {
    const x = np.arange(6);
    await expectEqual(np.reshape(x, [2, -1]), [[0, 1, 2], [3, 4, 5]], "int32");
    await expectEqual(x.reshape(-1, 2), [[0, 1], [2, 3], [4, 5]]);
    await expectEqual(x.reshape([3, 1, 2]), [[[0, 1]], [[2, 3]], [[4, 5]]]);
    await expectEqual(np.reshape(x.reshape(2, 3), -1), [0, 1, 2, 3, 4, 5]);
    await expectEqual(np.reshape(np.array([7]), []), 7);
    expect(np.reshape(np.zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
    expect(() => np.reshape(x, [4, -1])).toThrow(ShapeError);
    expect(() => np.reshape(x, [4, -1])).toThrow(/cannot reshape \[6\] \(6 elements\) into \[4,-1\]/);
    expect(() => np.reshape(x, [-1, -1])).toThrow(/at most one -1/);
    expect(() => np.reshape(x, [2, -2])).toThrow(/bad target shape/);
    expect(() => np.reshape(x, [2, 1.5])).toThrow(/bad target shape/);
    expect(() => np.reshape(x, [4, 2])).toThrow(/\(6 elements\) into \[4,2\] \(8 elements\)/);
  });

  test("ravel and flatten read views in row-major order", async () => {
    const x = np.arange(6).reshape(2, 3);
    await expectEqual(np.ravel(x.T), [0, 3, 1, 4, 2, 5]);
    await expectEqual(x.T.flatten(), [0, 3, 1, 4, 2, 5]);
    await expectEqual(np.flip(x, 1).ravel(), [2, 1, 0, 5, 4, 3]);
    await expectEqual(np.ravel(np.array(3)), [3]);
  });

  test("transpose: default reverses axes, explicit and negative axes", async () => {
    const s = [2, 3, 4];
    const x = np.arange(24).reshape(s);
    await expectEqual(x.T, build([4, 3, 2], ([k, j, i]) => lin(s, [i!, j!, k!])));
    await expectEqual(np.transpose(x), build([4, 3, 2], ([k, j, i]) => lin(s, [i!, j!, k!])));
    await expectEqual(np.transpose(x, [1, 0, 2]), build([3, 2, 4], ([j, i, k]) => lin(s, [i!, j!, k!])));
    await expectEqual(x.transpose(-1, 0, 1), build([4, 2, 3], ([k, i, j]) => lin(s, [i!, j!, k!])));
    await expectEqual(x.transpose([2, 0, 1]), build([4, 2, 3], ([k, i, j]) => lin(s, [i!, j!, k!])));
    expect(np.transpose(x, [0, 1, 2]).shape).toEqual([2, 3, 4]);
    expect(() => np.transpose(x, [0, 0, 1])).toThrow(/not a permutation/);
    expect(() => np.transpose(x, [0, 1])).toThrow(/not a permutation/);
    expect(() => np.transpose(x, [0, 1, 3])).toThrow(IndexError);
  });

  test("swapaxes and moveaxis (single axes and lists)", async () => {
    const s = [2, 3, 4];
    const x = np.arange(24).reshape(s);
    await expectEqual(np.swapaxes(x, 0, 2), build([4, 3, 2], ([k, j, i]) => lin(s, [i!, j!, k!])));
    await expectEqual(x.swapaxes(-1, 1), build([2, 4, 3], ([i, k, j]) => lin(s, [i!, j!, k!])));
    await expectEqual(np.moveaxis(x, 0, -1), build([3, 4, 2], ([j, k, i]) => lin(s, [i!, j!, k!])));
    await expectEqual(np.moveaxis(x, -1, 0), build([4, 2, 3], ([k, i, j]) => lin(s, [i!, j!, k!])));
    // numpy: moveaxis(x, [0, 2], [1, 0]) has shape (4, 2, 3)
    await expectEqual(np.moveaxis(x, [0, 2], [1, 0]), build([4, 2, 3], ([k, i, j]) => lin(s, [i!, j!, k!])));
    // numpy: moveaxis(x, [0, 1], [-1, -2]) has shape (4, 3, 2)
    await expectEqual(np.moveaxis(x, [0, 1], [-1, -2]), build([4, 3, 2], ([k, j, i]) => lin(s, [i!, j!, k!])));
    expect(() => np.moveaxis(x, [0, 1], [0])).toThrow(/same number of axes/);
    expect(() => np.moveaxis(x, [0, 0], [1, 2])).toThrow(/repeated axis/);
    expect(() => np.moveaxis(x, [0, 1], [2, -1])).toThrow(/repeated axis/);
    expect(() => np.moveaxis(x, 3, 0)).toThrow(IndexError);
  });

  test("expandDims with several and negative axes", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    expect(np.expandDims(x, 0).shape).toEqual([1, 2, 3]);
    expect(np.expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(np.expandDims(x, [0, 3]).shape).toEqual([1, 2, 3, 1]);
    expect(np.expandDims(x, [1, -2]).shape).toEqual([2, 1, 1, 3]);
    expect(x.expandDims([-1, 0]).shape).toEqual([1, 2, 3, 1]);
    await expectEqual(np.expandDims(x, 1), [[[1, 2, 3]], [[4, 5, 6]]]);
    await expectEqual(np.expandDims(np.array(5), [0, 1]), [[5]]);
    expect(() => np.expandDims(x, 3)).toThrow(IndexError);
    expect(() => np.expandDims(x, [0, 0])).toThrow(/repeated axis/);
  });

  test("squeeze all or named axes", async () => {
    const x = np.arange(6).reshape(1, 3, 1, 2);
    await expectEqual(np.squeeze(x), [[0, 1], [2, 3], [4, 5]]);
    expect(np.squeeze(x, 0).shape).toEqual([3, 1, 2]);
    expect(x.squeeze([-2]).shape).toEqual([1, 3, 2]);
    expect(np.squeeze(x, [0, 2]).shape).toEqual([3, 2]);
    expect(np.squeeze(np.ones([1, 1])).shape).toEqual([]);
    expect(() => np.squeeze(x, 1)).toThrow(ShapeError);
    expect(() => np.squeeze(x, 1)).toThrow(/cannot squeeze axis 1 of shape \[1,3,1,2\]: its size is 3/);
    expect(() => np.squeeze(x, 4)).toThrow(IndexError);
  });

  test("broadcastTo and broadcastArrays", async () => {
    await expectEqual(np.broadcastTo(np.array([1, 2, 3]), [2, 3]), [[1, 2, 3], [1, 2, 3]]);
    await expectEqual(np.array([[1], [2]]).broadcastTo([2, 2, 3]), [[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
    await expectEqual(np.broadcastTo(np.array(4, { dtype: "int32" }), [3]), [4, 4, 4], "int32");
    expect(() => np.broadcastTo(np.array([1, 2, 3]), [4])).toThrow(ShapeError);
    expect(() => np.broadcastTo(np.array([1, 2, 3]), [4])).toThrow(/cannot broadcast an array of shape \[3\] to shape \[4\]/);
    expect(() => np.broadcastTo(np.zeros([2, 3]), [3])).toThrow(/cannot broadcast/);
    expect(() => np.broadcastTo(np.array([1]), [-2])).toThrow(/non-negative integers/);
    expect(() => np.broadcastTo(np.array([1]), [2.5])).toThrow(/non-negative integers/);
    const [a, b, c] = np.broadcastArrays(np.array([[1], [2], [3]]), np.array([10, 20, 30, 40]), 5);
    await expectEqual(a!, [[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]]);
    await expectEqual(b!, [[10, 20, 30, 40], [10, 20, 30, 40], [10, 20, 30, 40]]);
    await expectEqual(c!, [[5, 5, 5, 5], [5, 5, 5, 5], [5, 5, 5, 5]]);
    expect(() => np.broadcastArrays(np.zeros([2]), np.zeros([3]))).toThrow(/cannot be broadcast together/);
  });

  test("concatenate along axes, flattened, with promotion", async () => {
    const a = np.array([[1, 2], [3, 4]]);
    const b = np.array([[5, 6]]);
    await expectEqual(np.concatenate([a, b]), [[1, 2], [3, 4], [5, 6]]);
    await expectEqual(np.concatenate([a, b.T], 1), [[1, 2, 5], [3, 4, 6]]);
    await expectEqual(np.concatenate([a, b.T, a], -1), [[1, 2, 5, 1, 2], [3, 4, 6, 3, 4]]);
    await expectEqual(np.concatenate([a, b, np.array([7])], null), [1, 2, 3, 4, 5, 6, 7]);
    await expectEqual(np.concatenate([np.array(1), np.array(2)], null), [1, 2]);
    const i = np.array([1, 2], { dtype: "int32" });
    await expectEqual(np.concatenate([i, np.array([true, false])]), [1, 2, 1, 0], "int32");
    await expectClose(np.concatenate([i, np.array([0.5])]), [1, 2, 0.5], { dtype: "float32" });
    await expectEqual(np.concatenate([np.array([true]), np.array([false])]), [true, false], "bool");
    // a single input is returned as is; views as inputs are read through their strides
    await expectEqual(np.concatenate([a]), [[1, 2], [3, 4]]);
    await expectEqual(np.concatenate([a.T, np.flip(a, 0)], 0), [[1, 3], [2, 4], [3, 4], [1, 2]]);
  });

  test("concatenate more inputs than one kernel reads (chunked)", async () => {
    const xs = range(13).map((k) => np.full([1, 2], k, { dtype: "int32" }));
    await expectEqual(np.concatenate(xs), range(13).map((k) => [k, k]), "int32");
    // uneven widths along axis 1, and more than 36 inputs (two levels of chunking)
    const ys = range(40).map((k) => np.full([2, (k % 3) + 1], k));
    const want = [0, 1].map((r) => range(40).flatMap((k) => Array<number>((k % 3) + 1).fill(k + r * 0)));
    await expectEqual(np.concatenate(ys, 1), want);
    await expectEqual(np.stack(range(8).map((k) => np.array([k, -k])), 1), [range(8), range(8).map((k) => -k)]);
  });

  test("concatenate with empty pieces", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.concatenate([np.zeros([0, 3]), x, np.zeros([0, 3])]), [[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.concatenate([x, np.zeros([2, 0]), x.get(":", "::-1")], 1), [[1, 2, 3, 3, 2, 1], [4, 5, 6, 6, 5, 4]]);
    const e = np.concatenate([np.zeros([0, 3]), np.zeros([0, 3])]);
    expect(e.shape).toEqual([0, 3]);
    expect(await e.toArray()).toEqual([]);
    expect(np.concatenate([np.zeros([2, 0]), np.zeros([2, 0])], 1).shape).toEqual([2, 0]);
  });

  test("lax.concatenate (the primitive) with empty operands", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(lax.concatenate([np.zeros([0, 3]), x, np.zeros([0, 3])], 0), [[1, 2, 3], [4, 5, 6]]);
    await expectEqual(lax.concatenate([x, np.zeros([2, 0])], 1).add(1), [[2, 3, 4], [5, 6, 7]]);
    expect(lax.concatenate([np.zeros([0, 3]), np.zeros([0, 3])], 0).shape).toEqual([0, 3]);
  });

  test("concatenate errors", () => {
    expect(() => np.concatenate([])).toThrow(/needs at least one array/);
    expect(() => np.concatenate([np.array(1), np.array(2)])).toThrow(/zero-dimensional arrays cannot be concatenated/);
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([2, 4])])).toThrow(ShapeError);
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([2, 4])])).toThrow(/same shape except along axis 0, got \[2,3\], \[2,4\]/);
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([3])])).toThrow(ShapeError);
    // an empty piece must still have the right shape on the other axes
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([0, 4])])).toThrow(/got \[2,3\], \[0,4\]/);
    expect(() => np.concatenate([np.zeros([2, 3]), np.zeros([2, 3])], 2)).toThrow(IndexError);
  });

  test("stack, hstack, vstack", async () => {
    const a = np.array([1, 2, 3]);
    const b = np.array([4, 5, 6]);
    await expectEqual(np.stack([a, b]), [[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.stack([a, b], 1), [[1, 4], [2, 5], [3, 6]]);
    await expectEqual(np.stack([a, b], -1), [[1, 4], [2, 5], [3, 6]]);
    await expectEqual(np.stack([np.array(1), np.array(2)]), [1, 2]);
    const m = np.array([[1, 2], [3, 4]]);
    await expectEqual(np.stack([m, m.T], 1), [[[1, 2], [1, 3]], [[3, 4], [2, 4]]]);
    expect(() => np.stack([a, np.zeros([2])])).toThrow(/array 0 is \[3\] but array 1 is \[2\]/);
    expect(() => np.stack([a, b], 2)).toThrow(IndexError);
    expect(() => np.stack([])).toThrow(/at least one array/);
    await expectEqual(np.hstack([a, np.array([7, 8])]), [1, 2, 3, 7, 8]);
    await expectEqual(np.hstack([m, np.array([[9], [10]])]), [[1, 2, 9], [3, 4, 10]]);
    await expectEqual(np.hstack([np.array(1), np.array([2, 3]), np.array(4)]), [1, 2, 3, 4]);
    await expectEqual(np.vstack([a, b]), [[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.vstack([m, np.array([5, 6])]), [[1, 2], [3, 4], [5, 6]]);
    await expectEqual(np.vstack([np.array(1), np.array(2)]), [[1], [2]]);
  });

  test("split by sections and by indices", async () => {
    const x = np.arange(6);
    const parts = np.split(x, 3);
    expect(parts.length).toBe(3);
    await expectEqual(parts[0]!, [0, 1]);
    await expectEqual(parts[1]!, [2, 3]);
    await expectEqual(parts[2]!, [4, 5]);
    const p2 = np.split(x, [1, 4]);
    await expectEqual(p2[0]!, [0]);
    await expectEqual(p2[1]!, [1, 2, 3]);
    await expectEqual(p2[2]!, [4, 5]);
    // negative, past-the-end and decreasing indices behave like Python slices
    const p3 = np.split(x, [-2, 10]);
    await expectEqual(p3[0]!, [0, 1, 2, 3]);
    await expectEqual(p3[1]!, [4, 5]);
    expect(p3[2]!.shape).toEqual([0]);
    const p4 = np.split(x, [4, 1]);
    await expectEqual(p4[0]!, [0, 1, 2, 3]);
    expect(p4[1]!.shape).toEqual([0]);
    await expectEqual(p4[2]!, [1, 2, 3, 4, 5]);
    const m = np.arange(12).reshape(3, 4);
    const [l, r] = np.split(m, 2, 1);
    await expectEqual(l!, [[0, 1], [4, 5], [8, 9]]);
    await expectEqual(r!, [[2, 3], [6, 7], [10, 11]]);
    const [top, bottom] = np.split(m, [1], -2);
    await expectEqual(top!, [[0, 1, 2, 3]]);
    await expectEqual(bottom!.add(100), [[104, 105, 106, 107], [108, 109, 110, 111]]);
    expect(() => np.split(x, 4)).toThrow(ShapeError);
    expect(() => np.split(x, 4)).toThrow(/axis 0 of size 6 does not split into 4 equal sections/);
    expect(() => np.split(x, 0)).toThrow(/equal sections/);
  });

  test("arraySplit allows unequal sections", async () => {
    const p = np.arraySplit(np.arange(7), 3);
    expect(p.map((a) => a.shape[0])).toEqual([3, 2, 2]);
    await expectEqual(p[0]!, [0, 1, 2]);
    await expectEqual(p[1]!, [3, 4]);
    await expectEqual(p[2]!, [5, 6]);
    const q = np.arraySplit(np.arange(2), 3);
    expect(q.map((a) => a.shape[0])).toEqual([1, 1, 0]);
    const r = np.arraySplit(np.arange(8).reshape(2, 4), 3, 1);
    await expectEqual(r[0]!, [[0, 1], [4, 5]]);
    await expectEqual(r[1]!, [[2], [6]]);
    await expectEqual(r[2]!, [[3], [7]]);
    const s = np.arraySplit(np.arange(5), [2]);
    await expectEqual(s[1]!, [2, 3, 4]);
    expect(() => np.arraySplit(np.arange(5), 0)).toThrow(/sections/);
  });

  test("tile", async () => {
    await expectEqual(np.tile(np.array([1, 2]), 2), [1, 2, 1, 2]);
    await expectEqual(np.tile(np.array([1, 2]), [2, 1]), [[1, 2], [1, 2]]);
    const m = np.array([[1, 2], [3, 4]]);
    await expectEqual(np.tile(m, 2), [[1, 2, 1, 2], [3, 4, 3, 4]]);
    await expectEqual(np.tile(m, [2, 1]), [[1, 2], [3, 4], [1, 2], [3, 4]]);
    await expectEqual(np.tile(m, [2, 1, 2]), [[[1, 2, 1, 2], [3, 4, 3, 4]], [[1, 2, 1, 2], [3, 4, 3, 4]]]);
    await expectEqual(np.tile(m.T, [1, 2]), [[1, 3, 1, 3], [2, 4, 2, 4]]);
    expect(np.tile(m, [0, 1]).shape).toEqual([0, 2]);
    expect(() => np.tile(m, -1)).toThrow(/non-negative integers/);
    expect(() => np.tile(m, [1, 1.5])).toThrow(/non-negative integers/);
  });

  test("repeat with a scalar and per-element counts", async () => {
    await expectEqual(np.repeat(np.array([1, 2]), 2), [1, 1, 2, 2]);
    const m = np.array([[1, 2], [3, 4]], { dtype: "int32" });
    await expectEqual(np.repeat(m, 2), [1, 1, 2, 2, 3, 3, 4, 4], "int32");
    await expectEqual(np.repeat(m, 2, 0), [[1, 2], [1, 2], [3, 4], [3, 4]]);
    await expectEqual(m.repeat(3, 1), [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]]);
    await expectEqual(np.repeat(m, 2, -1), [[1, 1, 2, 2], [3, 3, 4, 4]]);
    await expectEqual(np.repeat(np.array([5, 6, 7]), [1, 0, 2]), [5, 7, 7]);
    await expectEqual(np.repeat(m, [2, 1], 1), [[1, 1, 2], [3, 3, 4]], "int32");
    await expectEqual(np.repeat(m, [0, 3], 0), [[3, 4], [3, 4], [3, 4]]);
    expect(np.repeat(m, 0, 0).shape).toEqual([0, 2]);
    expect(() => np.repeat(m, [1, 2, 3], 0)).toThrow(/list of 2 of them/);
    expect(() => np.repeat(m, -1)).toThrow(ShapeError);
  });

  test("flip", async () => {
    await expectEqual(np.flip(np.array([1, 2, 3])), [3, 2, 1]);
    const m = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.flip(m), [[6, 5, 4], [3, 2, 1]]);
    await expectEqual(np.flip(m, 0), [[4, 5, 6], [1, 2, 3]]);
    await expectEqual(m.flip(-1), [[3, 2, 1], [6, 5, 4]]);
    const s = [2, 3, 4];
    const x = np.arange(24).reshape(s);
    await expectEqual(np.flip(x, [0, 2]), build(s, ([i, j, k]) => lin(s, [1 - i!, j!, 3 - k!])));
    // flipping twice is the identity; the flipped view feeds a kernel
    await expectEqual(np.flip(np.flip(m, 1), 1).mul(2), [[2, 4, 6], [8, 10, 12]]);
    expect(() => np.flip(m, 2)).toThrow(IndexError);
  });

  test("roll with negative shifts and several axes", async () => {
    const v = np.array([1, 2, 3, 4]);
    await expectEqual(np.roll(v, 1), [4, 1, 2, 3]);
    await expectEqual(np.roll(v, -1), [2, 3, 4, 1]);
    await expectEqual(np.roll(v, 6), [3, 4, 1, 2]);
    await expectEqual(np.roll(v, -9), [2, 3, 4, 1]);
    await expectEqual(np.roll(v, 4), [1, 2, 3, 4]);
    const m = np.array([[0, 1, 2], [3, 4, 5]]);
    await expectEqual(np.roll(m, 1), [[5, 0, 1], [2, 3, 4]]);
    await expectEqual(np.roll(m, 1, 0), [[3, 4, 5], [0, 1, 2]]);
    await expectEqual(np.roll(m, -1, -1), [[1, 2, 0], [4, 5, 3]]);
    await expectEqual(np.roll(m, [1, -1], [0, 1]), [[4, 5, 3], [1, 2, 0]]);
    await expectEqual(np.roll(m, 1, [0, 1]), [[5, 3, 4], [2, 0, 1]]);
    await expectEqual(np.roll(m, [1, 1], [1, 1]), [[1, 2, 0], [4, 5, 3]]);
    expect(() => np.roll(m, [1, 2], 0)).toThrow(/2 shifts for 1 axes/);
  });

  test("pad: constant (with value), per-axis widths", async () => {
    await expectEqual(np.pad(np.array([1, 2, 3]), 2), [0, 0, 1, 2, 3, 0, 0]);
    await expectEqual(np.pad(np.array([1, 2, 3], { dtype: "int32" }), [1, 2], { constantValues: 9 }), [9, 1, 2, 3, 9, 9], "int32");
    const m = np.array([[1, 2], [3, 4]]);
    await expectEqual(np.pad(m, [[1, 0], [0, 2]]), [[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    await expectEqual(np.pad(m, [1, 0], { constantValues: -1 }), [[-1, -1, -1], [-1, 1, 2], [-1, 3, 4]]);
    await expectEqual(np.pad(m.T, [[0, 1], [1, 0]], { constantValues: 7 }), [[7, 1, 3], [7, 2, 4], [7, 7, 7]]);
    await expectEqual(np.pad(np.array([true]), 1), [false, true, false], "bool");
    expect(() => np.pad(m, -1)).toThrow(/non-negative integers/);
    // one [before, after] pair applies to every axis (numpy and JAX broadcast it)
    await expectEqual(np.pad(m, [[1, 0]]), [[0, 0, 0], [0, 1, 2], [0, 3, 4]]);
    expect(() => np.pad(m, [[1, 1], [1, 1], [1, 1]])).toThrow(/np\.pad/);
  });

  test("pad: edge, reflect, symmetric, wrap", async () => {
    const v = np.array([1, 2, 3]);
    await expectEqual(np.pad(v, [2, 3], { mode: "edge" }), [1, 1, 1, 2, 3, 3, 3, 3]);
    await expectEqual(np.pad(v, 2, { mode: "reflect" }), [3, 2, 1, 2, 3, 2, 1]);
    // numpy: np.pad([1, 2, 3], 3, mode="reflect")
    await expectEqual(np.pad(v, 3, { mode: "reflect" }), [2, 3, 2, 1, 2, 3, 2, 1, 2]);
    await expectEqual(np.pad(v, 2, { mode: "symmetric" }), [2, 1, 1, 2, 3, 3, 2]);
    // numpy: np.pad([1, 2, 3], 4, mode="symmetric")
    await expectEqual(np.pad(v, 4, { mode: "symmetric" }), [3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]);
    await expectEqual(np.pad(v, [2, 4], { mode: "wrap" }), [2, 3, 1, 2, 3, 1, 2, 3, 1]);
    await expectEqual(np.pad(np.array([5]), 2, { mode: "reflect" }), [5, 5, 5, 5, 5]);
    const m = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.pad(m, [[1, 1], [2, 0]], { mode: "reflect" }), [
      [6, 5, 4, 5, 6],
      [3, 2, 1, 2, 3],
      [6, 5, 4, 5, 6],
      [3, 2, 1, 2, 3],
    ]);
    await expectEqual(np.pad(m, [[0, 1], [1, 1]], { mode: "edge" }), [[1, 1, 2, 3, 3], [4, 4, 5, 6, 6], [4, 4, 5, 6, 6]]);
    await expectEqual(np.pad(m, [[1, 0], [0, 2]], { mode: "wrap" }), [[4, 5, 6, 4, 5], [1, 2, 3, 1, 2], [4, 5, 6, 4, 5]]);
    expect(() => np.pad(np.zeros([0]), 1, { mode: "edge" })).toThrow(/cannot apply "edge" padding to axis 0 of size 0/);
  });

  test("triu and tril with k, batched", async () => {
    const x = np.arange(1, 13).reshape(3, 4);
    const want = (keep: (i: number, j: number) => boolean) => build([3, 4], ([i, j]) => (keep(i!, j!) ? 4 * i! + j! + 1 : 0));
    await expectEqual(np.triu(x), want((i, j) => j >= i), "int32");
    await expectEqual(np.triu(x, 1), want((i, j) => j >= i + 1));
    await expectEqual(np.triu(x, -1), want((i, j) => j >= i - 1));
    await expectEqual(np.tril(x), want((i, j) => j <= i), "int32");
    await expectEqual(np.tril(x, -1), want((i, j) => j <= i - 1));
    await expectEqual(np.tril(x, 2), want((i, j) => j <= i + 2));
    const b = np.ones([2, 2, 2]);
    await expectEqual(np.tril(b), [[[1, 0], [1, 1]], [[1, 0], [1, 1]]], "float32");
    await expectEqual(np.triu(x.T), build([4, 3], ([i, j]) => (j! >= i! ? 4 * j! + i! + 1 : 0)));
    expect(() => np.triu(np.ones([3]))).toThrow(/needs at least 2 axes/);
    await expectEqual(np.triu(np.ones([2, 2], { dtype: "bool" })), [[true, true], [false, true]], "bool");
    await expectEqual(np.tril(np.ones([2, 2], { dtype: "float16" }), -1), [[0, 0], [1, 0]], "float16");
  });

  test("reading non-contiguous views directly", async () => {
    const s = [2, 3, 4];
    const x = np.arange(24).reshape(s);
    expect(await x.T.toArray()).toEqual(build([4, 3, 2], ([k, j, i]) => lin(s, [i!, j!, k!])));
    expect(await np.flip(x, 1).toArray()).toEqual(build(s, ([i, j, k]) => lin(s, [i!, 2 - j!, k!])));
    expect(await np.broadcastTo(np.array([1, 2]), [3, 2]).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(Array.from(await x.get(1, "::2", "1:3").data())).toEqual([13, 14, 21, 22]);
    expect(Array.from(await x.get(":", 2).data())).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    if (device === "cpu") expect(Array.from(x.get(":", "::-2", 0).dataSync())).toEqual([8, 0, 20, 12]);
    expect(await x.get(1, 1, 1).item()).toBe(17);
    expect(await np.broadcastTo(np.array(3), [2, 2]).toArray()).toEqual([[3, 3], [3, 3]]);
  });

  test("compositions of views feed strided kernels", async () => {
    const s = [2, 3, 4];
    const vals = randomValues(24, 7);
    const x = np.array(nested(vals, s));
    const at = (i: number, j: number, k: number) => vals[lin(s, [i, j, k])]!;

    // transpose -> slice (steps, reversal) -> reshape (needs a copy) -> add with broadcasting
    const t = x.transpose(2, 0, 1); // [4,2,3]: t[k,i,j] = x[i,j,k]
    const sl = t.get("1:4:2", ":", "::-1"); // [2,2,3]: k = 1 + 2a, j = 2 - c
    const r = sl.reshape(4, 3);
    const row = np.array([100, 200, 300]);
    await expectClose(
      r.add(row),
      build([4, 3], ([p, c]) => at(p! % 2, 2 - c!, 1 + 2 * Math.floor(p! / 2)) + [100, 200, 300][c!]!),
    );

    // reshape of a sliced view that stays a view, then a kernel
    const v = x.get(":", "1:3").reshape(2, 8); // merges the last two axes of a strided view
    await expectClose(v.mul(2), build([2, 8], ([i, q]) => 2 * at(i!, 1 + Math.floor(q! / 4), q! % 4)));

    // reshape of a reversed array (negative strides) then a transposed operand
    const f = np.flip(np.arange(6), 0).reshape(2, 3); // [[5,4,3],[2,1,0]]
    await expectEqual(f.add(np.arange(6).reshape(3, 2).T), [[5, 6, 7], [3, 4, 5]]);
    await expectEqual(f.reshape(3, 2), [[5, 4], [3, 2], [1, 0]]);

    // broadcast view (zero strides) sliced with an offset, then reshaped
    const bc = np.broadcastTo(np.array([[1], [2], [3]]), [3, 4]).get("1:", "1:");
    await expectEqual(bc.reshape(6), [2, 2, 2, 3, 3, 3]);
    await expectEqual(bc.add(bc.T.T), [[4, 4, 4], [6, 6, 6]]);

    // offset views of the same buffer combined in one kernel
    const a = np.arange(10);
    await expectEqual(a.get("2:").sub(a.get(":-2")), [2, 2, 2, 2, 2, 2, 2, 2]);
    await expectEqual(a.get("1::3").mul(a.get("9:0:-3")), [1 * 9, 4 * 6, 7 * 3]);

    // a view of a view of a transposed view, reshaped to 1-D
    const m = np.arange(12).reshape(3, 4).T; // [4,3]
    const mm = m.get("::-1").get("1:3").ravel(); // rows 2,1 of m => [[2,6,10],[1,5,9]]
    await expectEqual(mm, [2, 6, 10, 1, 5, 9]);
    await expectEqual(mm.reshape(3, 2).swapaxes(0, 1).sub(1), [[1, 9, 4], [5, 0, 8]]);
    await expectEqual(np.concatenate([mm.reshape(2, 3), m.get("0:1")]).sum(0), [3, 15, 27]);
  });
});
