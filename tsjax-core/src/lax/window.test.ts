import { expect, test } from "vitest";
import { type Array, DTypeError, IndexError, ShapeError, jit, lax, np } from "../index.js";
import { describeDevices, expectClose, expectEqual, nested, randomValues, rng, forEachIndex } from "../../test/helpers.js";
import { contiguousStrides as stridesOf, sizeOf } from "../shape.js";

// ---------------------------------------------------------------------------------------------
// JS references
// ---------------------------------------------------------------------------------------------

type Pads = [number, number][];
type WinOp = "max" | "min" | "sum" | "avg";

/** XLA ReduceWindow on flat data: padding and base-dilation holes take no part in the reduction. */
function refReduceWindow(
  x: readonly number[],
  shape: readonly number[],
  op: WinOp,
  win: readonly number[],
  strides: readonly number[],
  pads: Pads,
  baseDil: readonly number[] = shape.map(() => 1),
  winDil: readonly number[] = shape.map(() => 1),
): { data: number[]; shape: number[] } {
  const outShape = shape.map((n, i) => {
    const padded = (n - 1) * baseDil[i]! + 1 + pads[i]![0] + pads[i]![1];
    const dw = (win[i]! - 1) * winDil[i]! + 1;
    return padded < dw ? 0 : Math.floor((padded - dw) / strides[i]!) + 1;
  });
  const xs = stridesOf(shape);
  const out: number[] = [];
  forEachIndex(outShape, (y) => {
    let acc = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
    let count = 0;
    forEachIndex(win, (k) => {
      let off = 0;
      for (let d = 0; d < shape.length; d++) {
        const p = y[d]! * strides[d]! - pads[d]![0] + k[d]! * winDil[d]!;
        if (p < 0 || p % baseDil[d]! !== 0 || p / baseDil[d]! >= shape[d]!) return;
        off += (p / baseDil[d]!) * xs[d]!;
      }
      const v = x[off]!;
      count++;
      if (op === "max") acc = Math.max(acc, v);
      else if (op === "min") acc = Math.min(acc, v);
      else acc += v;
    });
    out.push(op === "avg" ? acc / count : acc);
  });
  return { data: out, shape: outShape };
}

/** JAX's padtype_to_pads on (already dilated) input and window sizes. */
function stringPads(kind: "VALID" | "SAME" | "SAME_LOWER", inSizes: readonly number[], win: readonly number[], strides: readonly number[]): Pads {
  return inSizes.map((n, i) => {
    if (kind === "VALID") return [0, 0];
    const out = Math.ceil(n / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + win[i]! - n);
    const small = Math.floor(total / 2);
    return kind === "SAME" ? [small, total - small] : [total - small, small];
  });
}

/** XLA Pad on flat data: interior padding, then low/high padding (negative crops). */
function refPad(x: readonly number[], shape: readonly number[], value: number, config: readonly [number, number, number][]): { data: number[]; shape: number[] } {
  const outShape = shape.map((n, i) => config[i]![0] + config[i]![1] + n + Math.max(0, n - 1) * config[i]![2]);
  const xs = stridesOf(shape);
  const out: number[] = [];
  forEachIndex(outShape, (idx) => {
    let off = 0;
    for (let d = 0; d < shape.length; d++) {
      const t = idx[d]! - config[d]![0];
      const step = config[d]![2] + 1;
      if (t < 0 || t % step !== 0 || t / step >= shape[d]!) {
        out.push(value);
        return;
      }
      off += (t / step) * xs[d]!;
    }
    out.push(x[off]!);
  });
  return { data: out, shape: outShape };
}

/** Cumulative reduction along `axis` of flat data. */
function refCumulative(x: readonly number[], shape: readonly number[], axis: number, op: "sum" | "prod" | "max" | "min", reverse: boolean): number[] {
  const out = [...x];
  const st = stridesOf(shape);
  const n = shape[axis]!;
  forEachIndex(shape.map((d, i) => (i === axis ? 1 : d)), (idx) => {
    let base = 0;
    idx.forEach((v, i) => (base += v * st[i]!));
    let acc: number | undefined;
    for (let j = 0; j < n; j++) {
      const pos = base + (reverse ? n - 1 - j : j) * st[axis]!;
      const v = x[pos]!;
      acc = acc === undefined ? v : op === "sum" ? acc + v : op === "prod" ? acc * v : op === "max" ? Math.max(acc, v) : Math.min(acc, v);
      out[pos] = acc;
    }
  });
  return out;
}

/** [0, 1, ..., n - 1] */
function count(n: number): number[] {
  return globalThis.Array.from({ length: n }, (_, i) => i);
}

function arrayOf(values: readonly number[], shape: readonly number[], dtype: "float32" | "int32" | "uint32" = "float32"): Array {
  const data = dtype === "float32" ? new Float32Array(values) : dtype === "int32" ? new Int32Array(values) : new Uint32Array(values);
  return np.array(data).reshape(shape as number[]);
}

async function checkClose(actual: Array, want: { data: readonly number[]; shape: readonly number[] }, rtol = 1e-5, atol = 1e-5): Promise<void> {
  expect(actual.shape).toEqual(want.shape);
  await expectClose(actual, nested(want.data as number[], want.shape), { rtol, atol });
}

test("references: hand-computed values", () => {
  expect(refReduceWindow([1, 2, 3, 4], [4], "avg", [3], [1], [[1, 1]]).data).toEqual([1.5, 2, 3, 3.5]);
  expect(refReduceWindow([-1, -2, -3], [3], "max", [2], [1], [[0, 0]], [2]).data).toEqual([-1, -2, -2, -3]);
  expect(refReduceWindow([1, 2, 3, 4, 5], [5], "sum", [2], [1], [[0, 0]], [1], [2]).data).toEqual([4, 6, 8]);
  expect(refPad([1, 2, 3], [3], 0, [[1, 2, 1]]).data).toEqual([0, 1, 0, 2, 0, 3, 0, 0]);
  expect(refPad([1, 2, 3], [3], 9, [[-2, 1, 1]]).data).toEqual([2, 9, 3, 9]);
  expect(refCumulative([1, 2, 3, 4], [2, 2], 0, "sum", true)).toEqual([4, 6, 3, 4]);
  expect(stringPads("SAME", [7], [3], [2])).toEqual([[1, 1]]);
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax.reduceWindow", () => {
  let seed = 1000;

  async function runCase(
    shape: number[],
    op: WinOp,
    win: number[],
    strides: number[],
    padding: "VALID" | "SAME" | "SAME_LOWER" | Pads,
    opts: { baseDilation?: number[]; windowDilation?: number[] } = {},
  ): Promise<void> {
    const xv = randomValues(sizeOf(shape), seed++, -5, 5);
    const bd = opts.baseDilation ?? shape.map(() => 1);
    const wd = opts.windowDilation ?? shape.map(() => 1);
    const pads = typeof padding === "string"
      ? stringPads(padding, shape.map((n, i) => (n - 1) * bd[i]! + 1), win.map((w, i) => (w - 1) * wd[i]! + 1), strides)
      : padding;
    const want = refReduceWindow(xv, shape, op, win, strides, pads, bd, wd);
    await checkClose(lax.reduceWindow(arrayOf(xv, shape), op, win, strides, padding, opts), want);
  }

  test("hand-computed examples", async () => {
    const x = np.array([1, 2, 3, 4]);
    await expectClose(lax.reduceWindow(x, "sum", [2], [1], "VALID"), [3, 5, 7]);
    await expectClose(lax.reduceWindow(x, "max", [2], [2], "VALID"), [2, 4]);
    // avg counts only real elements under padding
    await expectClose(lax.reduceWindow(x, "avg", [3], [1], "SAME"), [1.5, 2, 3, 3.5]);
    // max pads with -inf, min with +inf (not with zeros)
    const neg = np.array([-4, -1, -3]);
    await expectClose(lax.reduceWindow(neg, "max", [3], [1], "SAME"), [-1, -1, -1]);
    await expectClose(lax.reduceWindow(np.array([4, 1, 3]), "min", [3], [1], "SAME"), [1, 1, 1]);
    // a window made only of padding reduces to the identity
    await expectClose(lax.reduceWindow(neg, "max", [2], [1], [[2, 0]]), [-Infinity, -4, -1, -1]);
    await expectClose(lax.reduceWindow(neg, "sum", [2], [1], [[2, 0]]), [0, -4, -5, -4]);
    // base dilation: holes take no part (max of [-1, hole] is -1, not 0)
    await expectClose(lax.reduceWindow(np.array([-1, -2, -3]), "max", [2], [1], "VALID", { baseDilation: [2] }), [-1, -2, -2, -3]);
    await expectClose(lax.reduceWindow(np.array([1, 2, 3]), "avg", [2], [1], "VALID", { baseDilation: [2] }), [1, 2, 2, 3]);
    // window dilation
    await expectClose(lax.reduceWindow(np.array([1, 2, 3, 4, 5]), "sum", [2], [1], "VALID", { windowDilation: [2] }), [4, 6, 8]);
  });

  test("integer dtypes pad with the dtype's identity", async () => {
    const xi = np.array([-5, -3, -7], { dtype: "int32" });
    await expectEqual(lax.reduceWindow(xi, "max", [2], [1], "SAME"), [-3, -3, -7], "int32");
    await expectEqual(lax.reduceWindow(xi, "min", [2], [1], "SAME_LOWER"), [-5, -5, -7], "int32");
    await expectEqual(lax.reduceWindow(xi, "sum", [2], [1], "SAME"), [-8, -10, -7], "int32");
    await expectEqual(lax.reduceWindow(xi, "max", [2], [1], [[1, 0]]), [-5, -3, -3], "int32");
    const xu = np.array([5, 4000000000, 7], { dtype: "uint32" });
    await expectEqual(lax.reduceWindow(xu, "min", [2], [1], "SAME"), [5, 7, 7], "uint32");
    await expectEqual(lax.reduceWindow(xu, "max", [2], [1], [[1, 1]]), [5, 4000000000, 4000000000, 7], "uint32");
    // avg of ints is a float mean
    await expectClose(lax.reduceWindow(np.array([1, 2, 4], { dtype: "int32" }), "avg", [2], [1], "VALID"), [1.5, 3]);
  });

  test("NaN propagates; bool and float16 operands", async () => {
    await expectClose(lax.reduceWindow(np.array([1, NaN, 3, 4]), "max", [2], [1], "VALID"), [NaN, NaN, 4]);
    await expectClose(lax.reduceWindow(np.array([1, NaN, 3, 4]), "min", [2], [1], "VALID"), [NaN, NaN, 3]);
    await expectClose(lax.reduceWindow(np.array([1, NaN, 3, 4]), "avg", [2], [2], "VALID"), [NaN, 3.5]);
    // bool max is "any" (padding false), min is "all" (padding true)
    await expectEqual(lax.reduceWindow(np.array([true, false, false, true]), "max", [2], [1], "SAME"), [true, false, true, true], "bool");
    await expectEqual(lax.reduceWindow(np.array([true, false, true, true]), "min", [2], [1], "SAME"), [false, false, true, true], "bool");
    const h = np.array([1, 2, 3, 4], { dtype: "float16" });
    await expectClose(lax.reduceWindow(h, "sum", [2], [1], "VALID"), [3, 5, 7], { dtype: "float16" });
    await expectClose(lax.reduceWindow(h, "avg", [3], [1], "SAME"), [1.5, 2, 3, 3.5], { dtype: "float16" });
    await expectClose(lax.reduceWindow(h, "max", [2], [1], "SAME"), [2, 3, 4, 4], { dtype: "float16" });
  });

  test("1-D and 2-D: all ops, strides, VALID/SAME/SAME_LOWER/explicit", async () => {
    for (const op of ["max", "min", "sum", "avg"] as const) {
      await runCase([11], op, [3], [1], "VALID");
      await runCase([11], op, [4], [2], "SAME");
      await runCase([10], op, [4], [3], "SAME_LOWER");
      await runCase([7, 9], op, [3, 3], [2, 2], "SAME");
      await runCase([7, 9], op, [2, 3], [1, 2], "VALID");
      await runCase([6, 5], op, [3, 2], [2, 1], [[2, 1], [0, 3]]);
    }
  });

  test("NHWC pooling (4-D) and 3-D windows", async () => {
    for (const op of ["max", "avg"] as const) {
      await runCase([2, 8, 7, 3], op, [1, 2, 2, 1], [1, 2, 2, 1], "VALID");
      await runCase([2, 8, 7, 3], op, [1, 3, 3, 1], [1, 2, 2, 1], "SAME");
    }
    await runCase([3, 5, 6], "sum", [2, 2, 3], [1, 2, 2], "SAME");
    await runCase([3, 5, 6], "min", [3, 1, 2], [2, 1, 1], [[1, 1], [0, 0], [1, 0]]);
  });

  test("base and window dilation", async () => {
    for (const op of ["max", "min", "sum", "avg"] as const) {
      await runCase([6], op, [3], [1], "VALID", { baseDilation: [2] });
      await runCase([6], op, [3], [2], [[1, 2]], { baseDilation: [3] });
      await runCase([9], op, [3], [1], "SAME", { windowDilation: [2] });
      await runCase([5, 6], op, [2, 3], [1, 2], "SAME", { windowDilation: [2, 2] });
      await runCase([4, 5], op, [3, 2], [2, 1], [[1, 1], [2, 0]], { baseDilation: [2, 1], windowDilation: [1, 2] });
    }
    // string padding on the base-dilated input: SAME keeps the dilated size
    expect(lax.reduceWindow(np.ones([4]), "sum", [3], [1], "SAME", { baseDilation: [2] }).shape).toEqual([7]);
    await runCase([4, 5], "max", [3, 3], [1, 1], "SAME", { baseDilation: [2, 3] });
  });

  test("negative padding crops", async () => {
    await runCase([9], "sum", [2], [1], [[-2, -1]]);
    await runCase([6, 7], "max", [2, 2], [1, 2], [[-1, 1], [1, -2]]);
  });

  test("errors name the op", () => {
    const x = np.ones([4, 4]);
    expect(() => lax.reduceWindow(x, "max", [2], [1, 1], "VALID")).toThrow(ShapeError);
    expect(() => lax.reduceWindow(x, "max", [2], [1, 1], "VALID")).toThrow(/lax\.reduceWindow\(\[4,4\], max\): windowDimensions needs 2/);
    expect(() => lax.reduceWindow(x, "sum", [2, 2], [1], "VALID")).toThrow(/lax\.reduceWindow.*windowStrides needs 2/);
    expect(() => lax.reduceWindow(x, "sum", [2, 2], [1, 0], [[0, 0], [0, 0]])).toThrow(/lax\.reduceWindow.*windowStrides/);
    expect(() => lax.reduceWindow(x, "sum", [2, 2], [1, 1], [[0, 0]])).toThrow(/lax\.reduceWindow.*padding needs 2/);
    expect(() => lax.reduceWindow(x, "min", [2, 2], [1, 1], "VALID", { baseDilation: [0, 1] })).toThrow(/lax\.reduceWindow.*baseDilation/);
    expect(() => lax.reduceWindow(np.array([true]), "sum", [1], [1], "VALID")).toThrow(DTypeError);
  });
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax.dynamicSlice / dynamicUpdateSlice", () => {
  const grid = () => arrayOf(count(12), [3, 4], "int32");

  test("dynamicSlice with in-range, clamped and negative starts", async () => {
    await expectEqual(lax.dynamicSlice(grid(), [1, 1], [2, 3]), [[5, 6, 7], [9, 10, 11]], "int32");
    // overrunning starts are moved back so the slice fits
    await expectEqual(lax.dynamicSlice(grid(), [1, 1], [2, 4]), [[4, 5, 6, 7], [8, 9, 10, 11]]);
    await expectEqual(lax.dynamicSlice(grid(), [5, 9], [2, 3]), [[5, 6, 7], [9, 10, 11]]);
    // negative starts count from the end (as JAX), then clamp
    await expectEqual(lax.dynamicSlice(grid(), [-1, -2], [1, 2]), [[10, 11]]);
    await expectEqual(lax.dynamicSlice(grid(), [-10, -3], [2, 2]), [[1, 2], [5, 6]]);
    expect(lax.dynamicSlice(grid(), [2, 1], [0, 2]).shape).toEqual([0, 2]);
  });

  test("dynamicSlice with array starts (int32, uint32)", async () => {
    const i32 = (v: number) => np.array(v, { dtype: "int32" });
    await expectEqual(lax.dynamicSlice(grid(), [i32(2), i32(1)], [1, 2]), [[9, 10]]);
    await expectEqual(lax.dynamicSlice(grid(), [i32(-1), i32(100)], [1, 2]), [[10, 11]]);
    await expectEqual(lax.dynamicSlice(grid(), [i32(-2), i32(-100)], [2, 1]), [[4], [8]]);
    await expectEqual(lax.dynamicSlice(grid(), [np.array(1, { dtype: "uint32" }), np.array([3], { dtype: "int32" })], [2, 2]), [[6, 7], [10, 11]]);
  });

  test("dynamicUpdateSlice writes at clamped starts", async () => {
    const z = np.zeros([6]);
    const o = np.ones([3]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [2]), [0, 0, 1, 1, 1, 0]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [3]), [0, 0, 0, 1, 1, 1]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [5]), [0, 0, 0, 1, 1, 1]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [-4]), [0, 0, 1, 1, 1, 0]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [-1]), [0, 0, 0, 1, 1, 1]);
    await expectEqual(lax.dynamicUpdateSlice(z, o, [np.array(-9, { dtype: "int32" })]), [1, 1, 1, 0, 0, 0]);
    const g = lax.dynamicUpdateSlice(grid(), np.array([[-1, -2], [-3, -4]], { dtype: "int32" }), [1, 3]);
    await expectEqual(g, [[0, 1, 2, 3], [4, 5, -1, -2], [8, 9, -3, -4]], "int32");
    // the operand is unchanged (immutable)
    await expectEqual(z, [0, 0, 0, 0, 0, 0]);
  });

  test("errors", () => {
    expect(() => lax.dynamicSlice(grid(), [1], [1, 1])).toThrow(IndexError);
    expect(() => lax.dynamicSlice(grid(), [1], [1, 1])).toThrow(/lax\.dynamicSlice: needs one scalar integer start index per axis/);
    expect(() => lax.dynamicSlice(grid(), [0, 0], [4, 1])).toThrow(/lax\.dynamicSlice: slice sizes \[4,1\] do not fit shape \[3,4\]/);
    expect(() => lax.dynamicUpdateSlice(grid(), np.ones([2, 2]), [0, 0])).toThrow(/lax\.dynamicUpdateSlice: the update \[2,2\] float32 must have the operand's dtype/);
    expect(() => lax.dynamicUpdateSlice(np.zeros([3]), np.ones([4]), [0])).toThrow(ShapeError);
    expect(() => lax.dynamicSlice(grid(), [1.5, 0], [1, 1])).toThrow(/lax\.dynamicSlice: start indices must be integers, got 1\.5/);
    expect(() => lax.dynamicSlice(grid(), [np.array(1), 0], [1, 1])).toThrow(/lax\.dynamicSlice: start indices must be integer arrays, got float32/);
    expect(() => lax.dynamicUpdateSlice(np.zeros([3]), np.ones([1]), [np.array([0, 1], { dtype: "int32" })])).toThrow(
      /lax\.dynamicUpdateSlice: each start index must be a scalar, got shape \[2\]/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax.pad / lax.iota", (device) => {
  test("pad: low/high/interior, negative cropping", async () => {
    const x = np.array([1, 2, 3]);
    await expectClose(lax.pad(x, 0, [[1, 2, 1]]), [0, 1, 0, 2, 0, 3, 0, 0]);
    await expectClose(lax.pad(x, 9, [[-2, 1, 1]]), [2, 9, 3, 9]);
    await expectClose(lax.pad(x, 0, [[-1, -1, 0]]), [2]);
    await expectClose(lax.pad(x, 0, [[-3, 0, 0]]), []);
    await expectClose(lax.pad(x, np.array(-1), [[0, 0, 2]]), [1, -1, -1, 2, -1, -1, 3]);
    // padding value converted to the operand's dtype
    await expectEqual(lax.pad(np.array([1, 2], { dtype: "int32" }), 7, [[1, 1, 0]]), [7, 1, 2, 7], "int32");
    await expectEqual(lax.pad(np.array([true]), false, [[1, 0, 0]]), [false, true], "bool");
    // 3-D random vs the reference
    const shape = [3, 4, 2];
    const xv = randomValues(sizeOf(shape), 77);
    const config: [number, number, number][] = [[1, -1, 2], [-2, 3, 1], [0, 2, 0]];
    await checkClose(lax.pad(arrayOf(xv, shape), 0.5, config), refPad(xv, shape, 0.5, config));
    const config2: [number, number, number][] = [[-3, -2, 3], [2, -4, 0], [-1, 1, 4]];
    await checkClose(lax.pad(arrayOf(xv, shape), -7, config2), refPad(xv, shape, -7, config2));
  });

  test("pad errors", () => {
    expect(() => lax.pad(np.array([1, 2]), 0, [[-3, 0, 0]])).toThrow(/lax\.pad: negative padding/);
    expect(() => lax.pad(np.array([1, 2]), 0, [[0, 0, -1]])).toThrow(/lax\.pad: need one \[low, high, interior\] per axis/);
    expect(() => lax.pad(np.array([1, 2]), 0, [[0, 0, 0], [0, 0, 0]])).toThrow(ShapeError);
    expect(() => lax.pad(np.array([1, 2]), np.array([0, 0]), [[0, 0, 0]])).toThrow(/lax\.pad: the padding value must be a scalar/);
  });

  test("iota", async () => {
    const a = lax.iota("int32", 5);
    expect(a.device).toBe(device);
    await expectEqual(a, [0, 1, 2, 3, 4], "int32");
    await expectEqual(lax.iota("float32", [2, 3], 1), [[0, 1, 2], [0, 1, 2]], "float32");
    await expectEqual(lax.iota("uint32", [3, 2], 0), [[0, 0], [1, 1], [2, 2]], "uint32");
    await expectEqual(lax.iota("int32", [2, 1, 3], 2), [[[0, 1, 2]], [[0, 1, 2]]]);
    await expectEqual(lax.iota("int32", 0), []);
    expect(() => lax.iota("int32", [2, 3], 2)).toThrow(IndexError);
    expect(() => lax.iota("int32", [2, 3], 2)).toThrow(/lax\.iota: dimension 2 out of range for shape \[2,3\]/);
    expect(() => lax.iota("bool", 3)).toThrow(DTypeError);
  });
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax.gather / lax.scatter", () => {
  const idx = (v: number[][]) => np.array(v, { dtype: "int32" });
  const rows = () => arrayOf(count(12), [4, 3]);

  test("gather rows with clip and fill modes", async () => {
    await expectEqual(lax.gather(rows(), idx([[2], [0], [5], [-1]]), [0]), [[6, 7, 8], [0, 1, 2], [9, 10, 11], [0, 1, 2]]);
    await expectEqual(lax.gather(rows(), idx([[2], [0], [5], [-1]]), [0], { mode: "clip" }), [[6, 7, 8], [0, 1, 2], [9, 10, 11], [0, 1, 2]]);
    await expectEqual(lax.gather(rows(), idx([[2], [4], [-1]]), [0], { mode: "fill", fillValue: -1 }), [[6, 7, 8], [-1, -1, -1], [-1, -1, -1]]);
    // default fill is NaN for floats
    await expectClose(lax.gather(rows(), idx([[7]]), [0], { mode: "fill" }), [[NaN, NaN, NaN]]);
    // int32 operand with fill
    await expectEqual(lax.gather(arrayOf(count(4), [4], "int32"), idx([[1], [9]]), [0], { mode: "fill", fillValue: 42 }), [1, 42], "int32");
  });

  test("gather along another axis, several axes and batch dims", async () => {
    // columns: out[b, r] = x[r, idx[b]]
    await expectEqual(lax.gather(rows(), idx([[2], [0]]), [1]), [[2, 5, 8, 11], [0, 3, 6, 9]]);
    // points: (row, col) pairs; out-of-range coordinates clamp per axis
    await expectEqual(lax.gather(rows(), idx([[1, 2], [3, 0], [9, -4]]), [0, 1]), [5, 9, 9]);
    await expectEqual(lax.gather(rows(), idx([[1, 2], [3, 3]]), [0, 1], { mode: "fill", fillValue: 0.5 }), [5, 0.5]);
    // axes listed in another order
    await expectEqual(lax.gather(rows(), idx([[2, 1], [0, 3]]), [1, 0]), [5, 9]);
    // 2-D batch of indices
    const x3 = arrayOf(count(24), [2, 3, 4]);
    const g = lax.gather(x3, np.array([[[1], [0]], [[2], [2]]], { dtype: "int32" }), [1]);
    expect(g.shape).toEqual([2, 2, 2, 4]);
    await expectEqual(g.get(0, 0), [[4, 5, 6, 7], [16, 17, 18, 19]]);
    await expectEqual(g.get(1, 1), [[8, 9, 10, 11], [20, 21, 22, 23]]);
  });

  test("scatter set/add/mul/min/max; duplicates combine; out-of-range dropped", async () => {
    const z = np.zeros([5]);
    await expectEqual(lax.scatter(z, idx([[1], [3]]), np.array([10, 20]), [0]), [0, 10, 0, 20, 0]);
    await expectEqual(lax.scatter(z, idx([[1], [1], [3], [1]]), np.array([1, 2, 3, 4]), [0], "add"), [0, 7, 0, 3, 0]);
    await expectEqual(lax.scatter(z, idx([[7], [-1], [2], [5]]), np.array([1, 2, 3, 4]), [0], "add"), [0, 0, 3, 0, 0]);
    await expectEqual(lax.scatter(z, idx([[7], [-1]]), np.array([1, 2]), [0], "set"), [0, 0, 0, 0, 0]);
    const base = np.array([1, 2, 3, 4, 5]);
    await expectEqual(lax.scatter(base, idx([[0], [0], [4]]), np.array([2, 3, -1]), [0], "mul"), [6, 2, 3, 4, -5]);
    await expectEqual(lax.scatter(base, idx([[1], [1], [2]]), np.array([0, -3, 9]), [0], "min"), [1, -3, 3, 4, 5]);
    await expectEqual(lax.scatter(base, idx([[1], [1], [2]]), np.array([7, 8, -9]), [0], "max"), [1, 8, 3, 4, 5]);
    // rows of a matrix, int32
    const m = np.zeros([3, 2], { dtype: "int32" });
    const upd = np.array([[1, 2], [3, 4], [5, 6]], { dtype: "int32" });
    await expectEqual(lax.scatter(m, idx([[2], [0], [2]]), upd, [0], "add"), [[3, 4], [0, 0], [6, 8]], "int32");
    // points with two coordinates; one out of range along the second axis is dropped
    await expectEqual(lax.scatter(np.zeros([2, 3]), idx([[1, 2], [0, 0], [1, 3]]), np.array([5, 6, 7]), [0, 1], "add"), [[6, 0, 0], [0, 0, 5]]);
    // the operand is unchanged
    await expectEqual(z, [0, 0, 0, 0, 0]);
  });

  test("scatter-add with many colliding updates", async () => {
    const n = 3000;
    const r = rng(5);
    const targets = globalThis.Array.from({ length: n }, () => Math.floor(r() * 7) - 1); // -1 .. 5, some dropped
    const vals = globalThis.Array.from({ length: n }, () => Math.floor(r() * 9) - 4);
    const want = [0, 0, 0, 0, 0];
    targets.forEach((t, i) => {
      if (t >= 0 && t < 5) want[t] += vals[i]!;
    });
    const ti = np.array(targets.map((t) => [t]), { dtype: "int32" });
    await expectEqual(lax.scatter(np.zeros([5]), ti, np.array(vals), [0], "add"), want);
    await expectEqual(lax.scatter(np.zeros([5], { dtype: "int32" }), ti, np.array(vals, { dtype: "int32" }), [0], "add"), want, "int32");
  });

  test("gather/scatter errors", () => {
    expect(() => lax.gather(rows(), np.array([[1]]), [0])).toThrow(/gather: indices must be int32 or uint32, got float32/);
    expect(() => lax.gather(rows(), idx([[1, 2]]), [0])).toThrow(/gather: indices of shape \[1,2\] must end in an axis of size 1/);
    expect(() => lax.gather(rows(), idx([[1]]), [2])).toThrow(IndexError);
    expect(() => lax.scatter(rows(), idx([[1]]), np.ones([2]), [0])).toThrow(/scatter \(set\): updates must have shape \[1,3\]/);
    expect(() => lax.scatter(np.array([true]), idx([[0]]), np.array([true]), [0], "add")).toThrow(DTypeError);
  });
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax cumulative ops and sort", () => {
  test("cumsum/cumprod/cummax/cummin along each axis, forward and reverse", async () => {
    const shape = [4, 5];
    const xv = randomValues(20, 31, -2, 2);
    const pv = randomValues(20, 32, 0.5, 1.5);
    const x = arrayOf(xv, shape);
    const p = arrayOf(pv, shape);
    for (const axis of [0, 1, -1]) {
      const ax = axis < 0 ? axis + 2 : axis;
      for (const reverse of [false, true]) {
        const want = (v: number[], op: "sum" | "prod" | "max" | "min") => ({ data: refCumulative(v, shape, ax, op, reverse), shape });
        await checkClose(lax.cumsum(x, axis, { reverse }), want(xv, "sum"));
        await checkClose(lax.cumprod(p, axis, { reverse }), want(pv, "prod"));
        await checkClose(lax.cummax(x, axis, { reverse }), want(xv, "max"));
        await checkClose(lax.cummin(x, axis, { reverse }), want(xv, "min"));
      }
    }
  });

  test("cumulative ops on integers and small cases", async () => {
    const x = np.array([3, -1, 4, -1, 5], { dtype: "int32" });
    await expectEqual(lax.cumsum(x), [3, 2, 6, 5, 10], "int32");
    await expectEqual(lax.cumsum(x, 0, { reverse: true }), [10, 7, 8, 4, 5], "int32");
    await expectEqual(lax.cumprod(x), [3, -3, -12, 12, 60], "int32");
    await expectEqual(lax.cummax(x, 0, { reverse: true }), [5, 5, 5, 5, 5], "int32");
    await expectEqual(lax.cummin(x), [3, -1, -1, -1, -1], "int32");
    // long rows (more than one workgroup's worth)
    const n = 3000;
    const ones = np.ones([n], { dtype: "int32" });
    const got = await lax.cumsum(ones, 0, { reverse: true }).data();
    expect(got[0]).toBe(n);
    expect(got[n - 1]).toBe(1);
    expect(globalThis.Array.from(got).every((v, i) => v === n - i)).toBe(true);
    expect(() => lax.cumsum(x, 1)).toThrow(/cumsum/);
  });

  test("sortWithIndices is stable and puts NaN last", async () => {
    const vals = [3, 1, 2, 1, 3, 0, 2, 1];
    const [s, perm] = lax.sortWithIndices(np.array(vals));
    const wantPerm = vals.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
    await expectEqual(s, [...vals].sort((a, b) => a - b));
    await expectEqual(perm, wantPerm, "int32");
    const [s2, p2] = lax.sortWithIndices(np.array([3, NaN, 1, -Infinity, 2]));
    await expectClose(s2, [-Infinity, 1, 2, 3, NaN]);
    await expectEqual(p2, [3, 2, 4, 0, 1]);
    // along each axis of a 2-D array
    const m = np.array([[3, 1, 2], [1, 1, 0]], { dtype: "int32" });
    const [r0, q0] = lax.sortWithIndices(m, 0);
    await expectEqual(r0, [[1, 1, 0], [3, 1, 2]], "int32");
    await expectEqual(q0, [[1, 0, 1], [0, 1, 0]]);
    const [r1, q1] = lax.sortWithIndices(m, -1);
    await expectEqual(r1, [[1, 2, 3], [0, 1, 1]]);
    await expectEqual(q1, [[1, 2, 0], [2, 0, 1]]);
    await expectEqual(lax.sort(np.array([2, -1, 0])), [-1, 0, 2]);
    expect(() => lax.sortWithIndices(m, 2)).toThrow(IndexError);
  });

  test("sort of random rows matches a JS sort", async () => {
    const shape = [6, 37];
    const xv = randomValues(sizeOf(shape), 91);
    const [s, p] = lax.sortWithIndices(arrayOf(xv, shape), 1);
    const sd = await s.data();
    const pd = await p.data();
    for (let r = 0; r < shape[0]!; r++) {
      const row = xv.slice(r * 37, (r + 1) * 37);
      const order = row.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(globalThis.Array.from(sd.slice(r * 37, (r + 1) * 37))).toEqual(order.map(([v]) => v));
      expect(globalThis.Array.from(pd.slice(r * 37, (r + 1) * 37))).toEqual(order.map(([, i]) => i));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describeDevices("lax elementwise", () => {
  test("bitcastConvertType", async () => {
    await expectEqual(lax.bitcastConvertType(np.array([1, -2, 0.5]), "uint32"), [1065353216, 3221225472, 1056964608], "uint32");
    await expectEqual(lax.bitcastConvertType(np.array([-1, 1], { dtype: "int32" }), "uint32"), [4294967295, 1], "uint32");
    await expectEqual(lax.bitcastConvertType(np.array([-0]), "int32"), [-2147483648], "int32");
    await expectEqual(lax.bitcastConvertType(np.array([1065353216, 3223322624], { dtype: "uint32" }), "float32"), [1, -2.5], "float32");
    await expectEqual(lax.bitcastConvertType(np.array([2139095040], { dtype: "int32" }), "float32"), [Infinity]);
    // round trip of arbitrary floats
    const v = randomValues(16, 3, -1e6, 1e6);
    await expectEqual(lax.bitcastConvertType(lax.bitcastConvertType(np.array(v), "int32"), "float32"), v);
    expect(() => lax.bitcastConvertType(np.array([true]), "int32")).toThrow(DTypeError);
  });

  test("integerPow", async () => {
    const v = [-2, -1, -0.5, 0.5, 1.5, 3];
    for (const y of [0, 1, 2, 3, 5, -1, -2]) {
      await expectClose(lax.integerPow(np.array(v), y), v.map((b) => b ** y), { rtol: 1e-6 });
    }
    await expectEqual(lax.integerPow(np.array([2, -3, 7], { dtype: "int32" }), 3), [8, -27, 343], "int32");
    await expectEqual(lax.integerPow(np.array([3], { dtype: "int32" }), 19), [1162261467], "int32");
    await expectClose(lax.integerPow(np.array([0]), -1), [Infinity]);
    expect(() => lax.integerPow(np.array([2], { dtype: "int32" }), -1)).toThrow(/lax\.integerPow: negative exponent/);
    expect(() => lax.integerPow(np.array([2]), 1.5)).toThrow(/lax\.integerPow: the exponent must be an integer/);
  });

  test("select and clamp", async () => {
    const pred = np.array([true, false, true]);
    await expectEqual(lax.select(pred, np.array([1, 2, 3]), np.array([10, 20, 30])), [1, 20, 3]);
    const x = np.array([-2, 0.5, 3, NaN]);
    await expectClose(lax.clamp(np.zerosLike(x), x, np.onesLike(x)), [0, 0.5, 1, NaN]);
    await expectEqual(lax.clamp(np.array([0, 5], { dtype: "int32" }), np.array([-1, 9], { dtype: "int32" }), np.array([3, 7], { dtype: "int32" })), [0, 7], "int32");
    expect(() => lax.select(np.array([1, 0, 1]), np.ones([3]), np.ones([3]))).toThrow(/lax\.select: the predicate must be bool/);
    expect(() => lax.select(np.array([true]), np.ones([3]), np.ones([3]))).toThrow(/lax\.select: the predicate must be a scalar or have the cases' shape \[3\], got shape \[1\]/);
    expect(() => lax.select(pred, np.ones([3]), np.ones([3], { dtype: "int32" }))).toThrow(/lax\.select requires arguments to have the same dtypes, got int32, float32\. \(np\.where promotes them/);
  });

  test("lax.rem: integer remainder by zero gives the dividend (XLA), INT_MIN % -1 gives 0", async () => {
    const INT_MIN = -2147483648;
    const x = np.array([7, -7, 5, -5, 0, INT_MIN, INT_MIN], { dtype: "int32" });
    const y = np.array([3, 3, 0, 0, 0, -1, 0], { dtype: "int32" });
    const want = [1, -1, 5, -5, 0, 0, INT_MIN];
    await expectEqual(lax.rem(x, y), want, "int32");
    await expectEqual(jit((a: Array, b: Array) => lax.rem(a, b))(x, y), want, "int32");
    // a zero divisor known when the kernel is built (a constant) takes another code path
    await expectEqual(jit((a: Array) => lax.rem(a, np.zerosLike(a)))(x), [7, -7, 5, -5, 0, INT_MIN, INT_MIN], "int32");
    await expectEqual(jit((a: Array) => lax.rem(a, np.fullLike(a, -1)))(x), [0, 0, 0, 0, 0, 0, 0], "int32");
    const u = (v: number[]) => np.array(v, { dtype: "uint32" });
    await expectEqual(lax.rem(u([7, 5, 4294967295]), u([3, 0, 0])), [1, 5, 4294967295], "uint32");
    await expectEqual(jit((a: Array, b: Array) => lax.rem(a, b))(u([7, 5]), u([3, 0])), [1, 5], "uint32");
    // numpy's remainders give 0 instead (as jnp.remainder / jnp.fmod do)
    await expectEqual(np.mod(x, y), [1, 2, 0, 0, 0, 0, 0], "int32");
    await expectEqual(np.fmod(x, y), [1, -1, 0, 0, 0, 0, 0], "int32");
    await expectEqual(np.floorDivide(x, y), [2, -3, 0, 0, 0, INT_MIN, 0], "int32");
    // float remainder by zero is NaN
    await expectEqual(lax.rem(np.array([1, -1]), np.array([0, 0])), [NaN, NaN]);
  });

  test("binary ops require equal shapes and dtypes", async () => {
    await expectEqual(lax.add(np.array([1, 2]), np.array([3, 4])), [4, 6]);
    await expectEqual(lax.div(np.array([7, -7, 5], { dtype: "int32" }), np.array([2, 2, 0], { dtype: "int32" })), [3, -3, 0], "int32");
    await expectEqual(lax.rem(np.array([7, -7], { dtype: "int32" }), np.array([3, 3], { dtype: "int32" })), [1, -1]);
    await expectEqual(lax.lt(np.array([1, 3]), np.array([2, 2])), [true, false], "bool");
    expect(() => lax.add(np.ones([2, 3]), np.ones([3]))).toThrow(ShapeError);
    expect(() => lax.add(np.ones([2, 3]), np.ones([3]))).toThrow(
      /lax\.add: arrays must have the same number of dimensions \(or be scalars\), got shapes \[2,3\], \[3\]\. Use np\.add to broadcast/,
    );
    expect(() => lax.mul(np.ones([2]), np.ones([2], { dtype: "int32" }))).toThrow(/lax\.mul requires arguments to have the same dtypes, got float32, int32\. \(np\.multiply promotes them/);
    // size-1 axes broadcast in JAX 0.10's lax: lax.max(ones(1), ones(2)) is [1, 1]
    await expectEqual(lax.max(np.ones([1]), np.ones([2])), [1, 1]);
    expect(() => lax.sin(np.array([1], { dtype: "int32" }))).toThrow(DTypeError);
  });
});
