import { expect, test } from "vitest";
import { IndexError, np } from "../index.js";
import { describeDevices, expectClose, expectEqual, nested, randomValues } from "../../test/helpers.js";
import { contiguousStrides as stridesOf } from "../shape.js";

/**
 * Reference reduction in float64: folds `f` over `axes` of the row-major `values` of `shape`.
 * Returns the flat result (row-major over the kept axes) and its shape.
 */
function refReduce(
  values: readonly number[],
  shape: readonly number[],
  axes: readonly number[],
  f: (acc: number, v: number) => number,
  init: number,
): { values: number[]; shape: number[] } {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => shape[i]!);
  const outStrides = stridesOf(outShape);
  const size = outShape.reduce((a, b) => a * b, 1);
  const out = new globalThis.Array<number>(size).fill(init);
  const inStrides = stridesOf(shape);
  for (let flat = 0; flat < values.length; flat++) {
    let o = 0;
    kept.forEach((d, k) => {
      const idx = Math.floor(flat / inStrides[d]!) % shape[d]!;
      o += idx * outStrides[k]!;
    });
    out[o] = f(out[o]!, values[flat]!);
  }
  return { values: out, shape: outShape };
}

const add = (a: number, b: number) => a + b;

/** Row-major values of the transpose (reversed axes) of a 2-D array. */
function transpose2(values: readonly number[], rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out.push(values[i * cols + j]!);
  return out;
}

describeDevices("np reductions", () => {
  test("sum over every axis form matches a float64 reference", async () => {
    const shape = [3, 4, 5];
    const v = randomValues(60, 11);
    const x = np.array(nested(v, shape));
    for (const axes of [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]) {
      const r = refReduce(v, shape, axes, add, 0);
      await expectClose(np.sum(x, axes), nested(r.values, r.shape), { dtype: "float32" });
    }
    // negative axes, axis omitted, null
    const r2 = refReduce(v, shape, [2], add, 0);
    await expectClose(np.sum(x, -1), nested(r2.values, r2.shape));
    const r02 = refReduce(v, shape, [0, 2], add, 0);
    await expectClose(np.sum(x, [-1, 0]), nested(r02.values, r02.shape));
    const total = v.reduce(add, 0);
    await expectClose(np.sum(x), total);
    await expectClose(np.sum(x, null), total);
    expect(np.sum(x).shape).toEqual([]);
  });

  test("both call forms, keepdims and Array methods", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.sum(x, 1), [6, 15]);
    await expectEqual(np.sum(x, { axis: 1 }), [6, 15]);
    await expectEqual(np.sum(x, 1, { keepdims: true }), [[6], [15]]);
    await expectEqual(np.sum(x, { axis: 0, keepdims: true }), [[5, 7, 9]]);
    await expectEqual(np.sum(x, { keepdims: true }), [[21]]);
    await expectEqual(np.sum(x, [0, 1], { keepdims: true }), [[21]]);
    await expectEqual(x.sum(), 21);
    await expectEqual(x.sum(0), [5, 7, 9]);
    await expectEqual(x.sum({ axis: -1, keepdims: true }), [[6], [15]]);
    await expectEqual(x.prod(1), [6, 120]);
    await expectEqual(x.max(0), [4, 5, 6]);
    await expectEqual(x.min({ axis: 1, keepdims: true }), [[1], [4]]);
    await expectClose(x.mean(0), [2.5, 3.5, 4.5]);
    await expectClose(x.var(1), [2 / 3, 2 / 3]);
    await expectClose(x.std({ axis: 1, ddof: 1 }), [1, 1]);
    await expectEqual(x.argmax(1), [2, 2]);
    await expectEqual(x.argmin(), 0);
    await expectEqual(x.cumsum(1), [[1, 3, 6], [4, 9, 15]]);
    await expectEqual(x.cumprod(), [1, 2, 6, 24, 120, 720]);
    await expectEqual(x.gt(3).any(1), [false, true]);
    await expectEqual(x.gt(0).all(), true);
  });

  test("result dtypes", async () => {
    const b = np.array([[true, false, true], [true, true, true]]);
    await expectEqual(np.sum(b), 5, "int32");
    await expectEqual(np.sum(b, 1), [2, 3], "int32");
    await expectEqual(np.prod(b, 1), [0, 1], "int32");
    await expectEqual(np.cumsum(b), [1, 1, 2, 3, 4, 5], "int32");
    await expectEqual(np.max(b, 1), [true, true], "bool");
    await expectEqual(np.min(b, 1), [false, true], "bool");
    await expectClose(np.mean(b, 1), [2 / 3, 1], { dtype: "float32" });
    const i = np.array([1, 2, 4], { dtype: "int32" });
    await expectEqual(np.sum(i), 7, "int32");
    await expectEqual(np.prod(i), 8, "int32");
    await expectEqual(np.max(i), 4, "int32");
    await expectClose(np.mean(i), 7 / 3, { dtype: "float32" });
    await expectClose(np.var_(i), 14 / 9, { dtype: "float32" });
    await expectClose(np.std(i), Math.sqrt(14 / 9), { dtype: "float32" });
    await expectEqual(np.argmax(i), 2, "int32");
    await expectEqual(np.sum(i, { dtype: "float32" }), 7, "float32");
    const u = np.array(new Uint32Array([4000000000, 5]));
    await expectEqual(np.max(u), 4000000000, "uint32");
    await expectEqual(np.min(u), 5, "uint32");
    await expectEqual(np.argmax(u), 0, "int32");
    await expectEqual(np.sum(np.array(new Uint32Array([4000000000, 200000000]))), 4200000000, "uint32");
    await expectEqual(np.any(np.array([0, 0, 3])), true, "bool");
    await expectEqual(np.all(np.array([1, 2, 0], { dtype: "int32" })), false, "bool");
  });

  test("integer sums wrap around like int32", async () => {
    const x = np.array([2147483647, 1, 5], { dtype: "int32" });
    await expectEqual(np.sum(x), -2147483643, "int32");
    await expectEqual(np.cumsum(x), [2147483647, -2147483648, -2147483643], "int32");
    await expectEqual(np.prod(np.array([65536, 65536, 3], { dtype: "int32" })), 0, "int32");
  });

  test("prod, max, min, mean against a reference", async () => {
    const shape = [4, 6];
    const v = randomValues(24, 5, 0.5, 1.5);
    const x = np.array(nested(v, shape));
    for (const ax of [0, 1]) {
      const p = refReduce(v, shape, [ax], (a, b) => a * b, 1);
      await expectClose(np.prod(x, ax), nested(p.values, p.shape));
      const mx = refReduce(v, shape, [ax], Math.max, -Infinity);
      await expectEqual(np.max(x, ax), nested(mx.values, mx.shape));
      const mn = refReduce(v, shape, [ax], Math.min, Infinity);
      await expectEqual(np.min(x, ax), nested(mn.values, mn.shape));
      const s = refReduce(v, shape, [ax], add, 0);
      await expectClose(np.mean(x, ax), nested(s.values.map((t) => t / shape[ax]!), s.shape));
    }
    await expectEqual(np.amax(x), Math.max(...v));
    await expectEqual(np.amin(x), Math.min(...v));
  });

  test("var and std with ddof against a two-pass reference", async () => {
    const shape = [5, 7];
    const v = randomValues(35, 9, -3, 4);
    const x = np.array(nested(v, shape));
    const refVar = (xs: number[], ddof: number) => {
      const m = xs.reduce(add, 0) / xs.length;
      return xs.reduce((a, t) => a + (t - m) ** 2, 0) / (xs.length - ddof);
    };
    const rows = Array.from({ length: 5 }, (_, i) => v.slice(i * 7, i * 7 + 7));
    const cols = Array.from({ length: 7 }, (_, j) => rows.map((r) => r[j]!));
    await expectClose(np.var_(x, 1), rows.map((r) => refVar(r, 0)));
    await expectClose(np.var(x, 0), cols.map((c) => refVar(c, 0)));
    await expectClose(np.var_(x, 0, { ddof: 1 }), cols.map((c) => refVar(c, 1)));
    await expectClose(np.var_(x, { axis: 1, ddof: 2, keepdims: true }), rows.map((r) => [refVar(r, 2)]));
    await expectClose(np.var_(x), refVar(v, 0));
    await expectClose(np.std(x, 1, { ddof: 1 }), rows.map((r) => Math.sqrt(refVar(r, 1))));
    await expectClose(np.std(x), Math.sqrt(refVar(v, 0)));
    await expectClose(np.std(x, { axis: 0, keepdims: true }), [cols.map((c) => Math.sqrt(refVar(c, 0)))]);
    // a large offset does not destroy precision (two-pass)
    await expectClose(np.var_(np.array([10000.5, 10001.5, 10002.5, 10003.5])), 1.25, { rtol: 1e-3 });
    // ddof >= n: numpy divides by max(n - ddof, 0)
    await expectEqual(np.var_(np.array([1, 2]), { ddof: 2 }), Infinity);
  });

  test("any and all", async () => {
    const x = np.array([[0, 0, 1], [0, 0, 0]]);
    await expectEqual(np.any(x, 1), [true, false], "bool");
    await expectEqual(np.all(x, 0), [false, false, false], "bool");
    await expectEqual(np.all(np.array([[1, -1], [NaN, 2]]), 1), [true, true]);
    await expectEqual(np.any(np.array([NaN])), true);
    await expectEqual(np.any(x, { axis: 0, keepdims: true }), [[false, false, true]]);
    await expectEqual(np.any(np.array([true, false])), true);
    await expectEqual(np.all(np.array([true, false])), false);
    await expectEqual(np.any(np.zeros([0])), false);
    await expectEqual(np.all(np.zeros([0])), true);
    await expectEqual(np.all(np.zeros([2, 0]), 1), [true, true]);
  });

  test("NaN propagates through max and min; argmax treats NaN as the maximum", async () => {
    const x = np.array([[1, NaN, 3], [4, 5, 6], [NaN, 0, -1]]);
    await expectEqual(np.max(x, 1), [NaN, 6, NaN]);
    await expectEqual(np.min(x, 1), [NaN, 4, NaN]);
    await expectEqual(np.max(x, 0), [NaN, NaN, 6]);
    await expectEqual(np.max(x), NaN);
    await expectEqual(np.max(np.array([NaN, 1])), NaN);
    await expectEqual(np.max(np.array([1, NaN])), NaN);
    await expectEqual(np.argmax(x, 1), [1, 2, 0]);
    await expectEqual(np.argmin(x, 1), [1, 0, 0]);
    await expectEqual(np.argmax(np.array([1, 9, NaN, NaN, 9])), 2);
    await expectEqual(np.argmin(np.array([1, -9, 3, NaN])), 3);
    await expectEqual(np.sum(np.array([1, NaN])), NaN);
    await expectEqual(np.max(np.array([-Infinity, -Infinity])), -Infinity);
  });

  test("argmax/argmin: first occurrence, extremes, keepdims, axes", async () => {
    await expectEqual(np.argmax(np.array([3, 7, 7, 1, 7])), 1);
    await expectEqual(np.argmin(np.array([3, 1, 7, 1, 1])), 1);
    await expectEqual(np.argmax(np.array([-Infinity, -Infinity])), 0);
    await expectEqual(np.argmin(np.array([Infinity, Infinity, 2])), 2);
    await expectEqual(np.argmax(np.array([-2147483648, -2147483648], { dtype: "int32" })), 0);
    await expectEqual(np.argmin(np.array([2147483647, 2147483647, 5], { dtype: "int32" })), 2);
    await expectEqual(np.argmax(np.array([false, false, true, true])), 2);
    await expectEqual(np.argmin(np.array([true, false, false])), 1);
    await expectEqual(np.argmax(np.array([0.5, 2, 2, 1], { dtype: "float16" })), 1);
    const m = np.array([[1, 9, 2], [8, 3, 8], [0, 0, 0]]);
    await expectEqual(np.argmax(m, 0), [1, 0, 1], "int32");
    await expectEqual(np.argmax(m, 1), [1, 0, 0]);
    await expectEqual(np.argmax(m, -1), [1, 0, 0]);
    await expectEqual(np.argmin(m, 0), [2, 2, 2]);
    await expectEqual(np.argmax(m), 1);
    await expectEqual(np.argmax(m, 1, { keepdims: true }), [[1], [0], [0]]);
    await expectEqual(np.argmax(m, null, { keepdims: true }), [[1]]);
    await expectEqual(np.argmax(m.T, 1), [1, 0, 1]);
    // 3-D, middle axis
    const v = randomValues(2 * 5 * 3, 21);
    const x = np.array(nested(v, [2, 5, 3]));
    const want: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 3; k++) {
        let best = 0;
        for (let j = 1; j < 5; j++) if (v[i * 15 + j * 3 + k]! > v[i * 15 + best * 3 + k]!) best = j;
        want.push(best);
      }
    }
    await expectEqual(np.argmax(x, 1), nested(want, [2, 3]));
  });

  test("cumsum and cumprod along axes", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.cumsum(x), [1, 3, 6, 10, 15, 21], "float32");
    await expectEqual(np.cumsum(x, 0), [[1, 2, 3], [5, 7, 9]]);
    await expectEqual(np.cumsum(x, 1), [[1, 3, 6], [4, 9, 15]]);
    await expectEqual(np.cumsum(x, -2), [[1, 2, 3], [5, 7, 9]]);
    await expectEqual(np.cumprod(x, 1), [[1, 2, 6], [4, 20, 120]]);
    await expectEqual(np.cumprod(x, 0), [[1, 2, 3], [4, 10, 18]]);
    await expectEqual(np.cumsum(x.T, 1), [[1, 5], [2, 7], [3, 9]]);
    await expectEqual(np.cumsum(x.get(":", "::-1"), 1), [[3, 5, 6], [6, 11, 15]]);
    await expectEqual(np.cumsum(np.array([1, 2, 3], { dtype: "int32" }), 0, { dtype: "float32" }), [1, 3, 6], "float32");
    const e = np.cumsum(np.zeros([0, 3]), 0);
    expect(e.shape).toEqual([0, 3]);
    expect(await e.data()).toEqual(new Float32Array(0));
    // long rows against a float64 reference
    const v = randomValues(3000, 4);
    let acc = 0;
    const want = v.map((t) => (acc += t));
    await expectClose(np.cumsum(np.array(v)), want, { atol: 1e-3 });
  });

  test("empty arrays", async () => {
    await expectEqual(np.sum(np.zeros([0])), 0, "float32");
    await expectEqual(np.sum(np.zeros([0, 3]), 0), [0, 0, 0]);
    await expectEqual(np.sum(np.zeros([3, 0]), 1), [0, 0, 0]);
    expect(np.sum(np.zeros([3, 0]), 0).shape).toEqual([0]);
    await expectEqual(np.prod(np.zeros([0])), 1);
    await expectEqual(np.prod(np.zeros([2, 0], { dtype: "int32" }), 1), [1, 1], "int32");
    await expectEqual(np.mean(np.zeros([0])), NaN);
    await expectEqual(np.mean(np.zeros([2, 0]), 1), [NaN, NaN]);
    await expectEqual(np.var_(np.zeros([0])), NaN);
    expect(() => np.max(np.zeros([0]))).toThrow(IndexError);
    expect(() => np.max(np.zeros([0]))).toThrow(/np\.max: zero-size array of shape \[0\].*no identity/);
    expect(() => np.min(np.zeros([2, 0]), 1)).toThrow(/np\.min: zero-size array/);
    // reducing a non-empty axis of an array with an empty axis is fine
    expect(np.max(np.zeros([0, 2]), 1).shape).toEqual([0]);
    expect(() => np.argmax(np.zeros([0]))).toThrow(/argmax of an empty sequence/);
    expect(() => np.argmin(np.zeros([3, 0]), 1)).toThrow(IndexError);
  });

  test("0-d inputs", async () => {
    const s = np.array(5);
    await expectEqual(np.sum(s), 5);
    await expectEqual(np.prod(s), 5);
    await expectEqual(np.max(s), 5);
    await expectEqual(np.mean(s), 5);
    await expectEqual(np.var_(s), 0);
    await expectEqual(np.argmax(s), 0, "int32");
    await expectEqual(np.cumsum(s), [5]);
    await expectEqual(np.sum(s, { keepdims: true }), 5);
    await expectEqual(np.sum(np.array(true)), 1, "int32");
    expect(() => np.sum(s, 0)).toThrow(/np\.sum: axis 0 is out of bounds.*scalar/);
  });

  test("bad axes throw IndexError naming the op and the valid range", () => {
    const x = np.zeros([2, 3]);
    expect(() => np.sum(x, 2)).toThrow(IndexError);
    expect(() => np.sum(x, 2)).toThrow(/np\.sum: axis 2 is out of bounds .* rank 2 \(valid axes: -2\.\.1\)/);
    expect(() => np.mean(x, -3)).toThrow(/np\.mean: axis -3 .*-2\.\.1/);
    expect(() => np.max(x, [0, 5])).toThrow(/np\.max: axis 5/);
    expect(() => np.var_(x, 3)).toThrow(/np\.var: axis 3/);
    expect(() => np.argmax(x, 2)).toThrow(/np\.argmax: axis 2 .*-2\.\.1/);
    expect(() => np.cumsum(x, -3)).toThrow(/np\.cumsum: axis -3/);
    expect(() => np.sum(x, [1, -1])).toThrow(/np\.sum: repeated axis/);
    expect(() => np.sum(x, 0.5)).toThrow(IndexError);
    expect(() => np.any(x, 4)).toThrow(/np\.any: axis 4/);
    expect(() => np.prod(x, 7)).toThrow(IndexError);
    expect(() => np.std(x, 7)).toThrow(IndexError);
  });

  test("non-contiguous views: transposes, reversed and strided slices, broadcasts", async () => {
    const rows = 6;
    const cols = 10;
    const v = randomValues(rows * cols, 3);
    const x = np.array(nested(v, [rows, cols]));
    const tv = transpose2(v, rows, cols);
    for (const ax of [0, 1]) {
      const r = refReduce(tv, [cols, rows], [ax], add, 0);
      await expectClose(np.sum(x.T, ax), nested(r.values, r.shape));
      const m = refReduce(tv, [cols, rows], [ax], Math.max, -Infinity);
      await expectEqual(np.max(x.T, ax), nested(m.values, m.shape));
    }
    await expectClose(np.sum(x.T), v.reduce(add, 0), { rtol: 1e-5 });
    // reversed rows and columns
    const rv: number[] = [];
    for (let i = rows - 1; i >= 0; i--) for (let j = cols - 1; j >= 0; j--) rv.push(v[i * cols + j]!);
    const xr = x.get("::-1", "::-1");
    const r1 = refReduce(rv, [rows, cols], [1], add, 0);
    await expectClose(np.sum(xr, 1), nested(r1.values, r1.shape));
    const argWant = Array.from({ length: rows }, (_, i) => {
      const row = rv.slice(i * cols, (i + 1) * cols);
      return row.indexOf(Math.max(...row));
    });
    await expectEqual(np.argmax(xr, 1), argWant);
    // strided slice x[1::2, ::3]
    const sv: number[] = [];
    for (let i = 1; i < rows; i += 2) for (let j = 0; j < cols; j += 3) sv.push(v[i * cols + j]!);
    const r2 = refReduce(sv, [3, 4], [0], add, 0);
    await expectClose(np.sum(x.get("1::2", "::3"), 0), nested(r2.values, r2.shape));
    await expectClose(np.mean(x.get("1::2", "::3")), sv.reduce(add, 0) / sv.length);
    // broadcast view: each row is the same vector
    const row = np.array([1, 2, 3, 4]);
    const b = np.broadcastTo(row, [5, 4]);
    await expectEqual(np.sum(b, 0), [5, 10, 15, 20]);
    await expectEqual(np.sum(b, 1), [10, 10, 10, 10, 10]);
    await expectEqual(np.sum(b), 50);
    await expectEqual(np.cumsum(b, 0).get(-1), [5, 10, 15, 20]);
    // transposed 3-D view reduced over a middle axis
    const v3 = randomValues(2 * 3 * 4, 8);
    const x3 = np.array(nested(v3, [2, 3, 4])).transpose(2, 0, 1); // shape [4, 2, 3]
    const t3: number[] = [];
    for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) t3.push(v3[i * 12 + j * 4 + k]!);
    const r3 = refReduce(t3, [4, 2, 3], [1], add, 0);
    await expectClose(np.sum(x3, 1), nested(r3.values, r3.shape));
    const r3b = refReduce(t3, [4, 2, 3], [0, 2], add, 0);
    await expectClose(np.sum(x3, [0, 2]), nested(r3b.values, r3b.shape));
    // a contiguous row slice with an offset (reads linearly from a nonzero start)
    const r4 = refReduce(v.slice(2 * cols, 5 * cols), [3, cols], [1], add, 0);
    await expectClose(np.sum(x.get("2:5"), 1), nested(r4.values, r4.shape));
    await expectClose(np.sum(x.get(3)), v.slice(3 * cols, 4 * cols).reduce(add, 0));
  });

  test("4-D reductions over non-adjacent axes", async () => {
    const shape = [2, 3, 4, 5];
    const v = randomValues(120, 31);
    const x = np.array(nested(v, shape));
    for (const axes of [[0, 2], [1, 3], [0, 3], [1, 2], [0, 1, 3]]) {
      const r = refReduce(v, shape, axes, add, 0);
      await expectClose(np.sum(x, axes), nested(r.values, r.shape));
      const kept = shape.map((n, i) => (axes.includes(i) ? 1 : n));
      const m = refReduce(v, shape, axes, Math.max, -Infinity);
      await expectEqual(np.max(x, axes, { keepdims: true }), nested(m.values, kept));
    }
  });

  test("large arrays: 1M-element sum and 4096x512 reductions over each axis", async () => {
    const n = 1 << 20;
    const v = randomValues(n, 77, 0, 1);
    const total = v.reduce(add, 0);
    const x = np.array(new Float32Array(v));
    await expectClose(np.sum(x), total, { rtol: 1e-4 });
    await expectClose(np.mean(x), total / n, { rtol: 1e-4 });

    const R = 4096;
    const C = 512;
    const w = randomValues(R * C, 78);
    const m = np.array(new Float32Array(w)).reshape(R, C);
    const colSum = new globalThis.Array<number>(C).fill(0);
    const rowSum = new globalThis.Array<number>(R).fill(0);
    const rowMax = new globalThis.Array<number>(R).fill(-Infinity);
    const colMin = new globalThis.Array<number>(C).fill(Infinity);
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        const t = w[i * C + j]!;
        colSum[j] += t;
        rowSum[i] += t;
        rowMax[i] = Math.max(rowMax[i]!, t);
        colMin[j] = Math.min(colMin[j]!, t);
      }
    }
    await expectClose(np.sum(m, 0), colSum, { atol: 2e-3, rtol: 1e-4 });
    await expectClose(np.sum(m, 1), rowSum, { atol: 1e-3, rtol: 1e-4 });
    await expectEqual(np.max(m, 1), rowMax);
    await expectEqual(np.min(m, 0), colMin);
    await expectClose(np.sum(m.T, 1), colSum, { atol: 2e-3, rtol: 1e-4 });
    await expectClose(np.sum(m), w.reduce(add, 0), { atol: 0.05, rtol: 1e-4 });
  });

  test("float16 reduces in float32", async () => {
    // 4096 * 0.1 accumulated in float16 would stall far below 409.6.
    const x = np.full([4096], 0.1, { dtype: "float16" });
    const h = Math.fround(0.0999755859375 * 4096); // 0.1 rounded to float16, times 4096
    await expectClose(np.sum(x), h, { dtype: "float16", rtol: 1e-3 });
    await expectClose(np.mean(x), 0.0999755859375, { dtype: "float16", rtol: 1e-3 });
    const y = np.array([[1, 2.5], [-3, 4]], { dtype: "float16" });
    await expectEqual(np.sum(y, 0), [-2, 6.5], "float16");
    await expectEqual(np.max(y, 1), [2.5, 4], "float16");
    await expectEqual(np.prod(y, 1), [2.5, -12], "float16");
    await expectClose(np.var_(y, 1), [0.5625, 12.25], { dtype: "float16", rtol: 1e-3 });
    await expectClose(np.std(y, 1), [0.75, 3.5], { dtype: "float16", rtol: 1e-3 });
    await expectEqual(np.argmin(y, 0), [1, 0]);
    await expectEqual(np.cumsum(y, 1), [[1, 3.5], [-3, 1]], "float16");
    await expectEqual(np.max(np.array([1, NaN], { dtype: "float16" })), NaN);
  });
});
