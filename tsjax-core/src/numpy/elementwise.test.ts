import { expect, test } from "vitest";
import { type Array, type ArrayLike, type DType, DTypeError, ShapeError, np } from "../index.js";
import * as elementwise from "./elementwise.js";
import { describeDevices, expectClose, expectEqual, nested, randomValues } from "../../test/helpers.js";

const f32 = Math.fround;
const PI = Math.PI;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const U32_MAX = 4294967295;

const i32 = (v: number[] | number) => np.array(v, { dtype: "int32" });
const u32 = (v: number[] | number) => np.array(v, { dtype: "uint32" });
const f16 = (v: number[] | number) => np.array(v, { dtype: "float16" });
const b = (v: boolean[]) => np.array(v);

/** `n` values spread log-uniformly over [lo, hi] (lo > 0), rounded to float32. */
function logValues(n: number, seed: number, lo: number, hi: number): number[] {
  return randomValues(n, seed, Math.log(lo), Math.log(hi)).map((v) => f32(Math.exp(v)));
}

/** Float32 values next to 1 (where an absolute-error log loses its relative accuracy). */
const NEAR_ONE = [1, 2, 3, 17, 300, 5000].flatMap((k) => [f32(1 + k * 2 ** -23), f32(1 - k * 2 ** -24)]);
const SMALL = [1e-6, -1e-6, 1e-10, -3e-8, 2.5e-5, -7e-4].map(f32);

/** Which elements of a float array are negative zero. */
async function negZeros(x: Array): Promise<boolean[]> {
  return globalThis.Array.from(await x.data(), (v) => Object.is(v, -0));
}

/** Compares a big float result with a JS loop. */
async function expectLoop(x: Array, want: (i: number) => number, rtol = 0): Promise<void> {
  const got = await x.data();
  expect(got.length).toBeGreaterThan(0);
  for (let i = 0; i < got.length; i++) {
    const w = want(i);
    const g = got[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= rtol * Math.abs(w);
    if (!ok) expect.fail(`element ${i} of ${x.toString()}: got ${g}, expected ${w} (rtol ${rtol})`);
  }
}

interface UnaryCase {
  fn: (x: ArrayLike) => Array;
  ref: (x: number) => number;
  /** Inputs checked against `ref` (rounded to float32). */
  inputs: number[];
  /** Inputs with their known results (special values). */
  special: [number, number][];
  rtol: number;
  atol?: number;
}

const range = (n: number, seed: number, lo: number, hi: number) => randomValues(n, seed, lo, hi);

/** Float32 unary functions: Math.* in float64 is the oracle; special values are listed. */
const UNARY: Record<string, UnaryCase> = {
  exp: {
    fn: np.exp, ref: Math.exp, rtol: 1e-6,
    inputs: [...range(300, 1, -87, 88.7), ...SMALL],
    special: [[0, 1], [1, f32(Math.E)], [NaN, NaN], [Infinity, Infinity], [-Infinity, 0], [89, Infinity], [1000, Infinity],
      [-1000, 0], [88.72283172607422, 3.402798519021476e38], [88.72283935546875, Infinity], [Math.log(2), 2]],
  },
  exp2: {
    fn: np.exp2, ref: (x) => 2 ** x, rtol: 1e-6,
    inputs: range(300, 2, -125, 127.9),
    special: [[0, 1], [3, 8], [-1, 0.5], [10, 1024], [-20, 2 ** -20], [128, Infinity], [127.5, f32(2 ** 127.5)],
      [Infinity, Infinity], [-Infinity, 0], [NaN, NaN], [-200, 0]],
  },
  expm1: {
    fn: np.expm1, ref: Math.expm1, rtol: 1e-6,
    inputs: [...range(300, 3, -10, 10), ...range(100, 4, -0.6, 0.6), ...SMALL, 60, 88.7],
    special: [[0, 0], [1e-6, 1.0000005000001665e-6], [-1e-6, -9.999995000001666e-7], [1e-10, 1e-10], [Infinity, Infinity],
      [-Infinity, -1], [NaN, NaN], [89, Infinity], [-100, -1]],
  },
  log: {
    fn: np.log, ref: Math.log, rtol: 1e-6,
    inputs: [...logValues(300, 5, 1e-37, 3e38), ...range(100, 6, 0.5, 2), ...NEAR_ONE],
    special: [[0, -Infinity], [-0, -Infinity], [-1, NaN], [-Infinity, NaN], [1, 0], [Infinity, Infinity], [NaN, NaN],
      [Math.E, f32(Math.log(f32(Math.E)))]],
  },
  log2: {
    fn: np.log2, ref: Math.log2, rtol: 1e-6,
    inputs: [...logValues(300, 7, 1e-37, 3e38), ...range(100, 8, 0.5, 2), ...NEAR_ONE],
    special: [[0, -Infinity], [-2, NaN], [1, 0], [8, 3], [0.25, -2], [2 ** -100, -100], [Infinity, Infinity], [NaN, NaN]],
  },
  log10: {
    fn: np.log10, ref: Math.log10, rtol: 1e-6,
    inputs: [...logValues(300, 9, 1e-37, 3e38), ...NEAR_ONE],
    special: [[0, -Infinity], [-1, NaN], [1, 0], [100, 2], [1000, 3], [1e-5, -5], [Infinity, Infinity], [NaN, NaN]],
  },
  log1p: {
    fn: np.log1p, ref: Math.log1p, rtol: 1e-6,
    inputs: [...range(300, 10, -0.999, 3), ...logValues(100, 11, 1, 1e30), ...SMALL],
    special: [[0, 0], [-1, -Infinity], [-2, NaN], [1e-10, 1e-10], [1e-6, 9.999995000003334e-7], [Infinity, Infinity],
      [-Infinity, NaN], [NaN, NaN], [f32(Math.E - 1), f32(Math.log1p(f32(Math.E - 1)))]],
  },
  sqrt: {
    fn: np.sqrt, ref: Math.sqrt, rtol: 2e-7,
    inputs: [...logValues(300, 12, 1e-37, 3e38), ...range(100, 13, 0, 10)],
    special: [[0, 0], [4, 2], [2, f32(Math.SQRT2)], [-1, NaN], [-Infinity, NaN], [Infinity, Infinity], [NaN, NaN]],
  },
  rsqrt: {
    fn: np.rsqrt, ref: (x) => 1 / Math.sqrt(x), rtol: 3e-7,
    inputs: logValues(300, 14, 1e-30, 1e30),
    special: [[4, 0.5], [0, Infinity], [-0, -Infinity], [Infinity, 0], [-1, NaN], [NaN, NaN]],
  },
  cbrt: {
    fn: np.cbrt, ref: Math.cbrt, rtol: 3e-7,
    inputs: [...range(300, 15, -1000, 1000), ...logValues(50, 16, 1e-30, 1e30), ...SMALL],
    special: [[-8, -2], [27, 3], [0, 0], [Infinity, Infinity], [-Infinity, -Infinity], [NaN, NaN], [-0.125, -0.5]],
  },
  sin: {
    fn: np.sin, ref: Math.sin, rtol: 1e-6, atol: 2e-7,
    inputs: [...range(300, 17, -100, 100), ...SMALL],
    special: [[0, 0], [f32(PI / 2), 1], [Infinity, NaN], [-Infinity, NaN], [NaN, NaN]],
  },
  cos: {
    fn: np.cos, ref: Math.cos, rtol: 1e-6, atol: 2e-7,
    inputs: range(300, 18, -100, 100),
    special: [[0, 1], [f32(PI), -1], [Infinity, NaN], [-Infinity, NaN], [NaN, NaN]],
  },
  tan: {
    fn: np.tan, ref: Math.tan, rtol: 1e-6, atol: 2e-7,
    inputs: [...range(300, 19, -1.5, 1.5), ...SMALL],
    special: [[0, 0], [f32(PI / 4), f32(Math.tan(f32(PI / 4)))], [Infinity, NaN], [NaN, NaN]],
  },
  arcsin: {
    fn: np.arcsin, ref: Math.asin, rtol: 1e-6,
    inputs: [...range(300, 20, -1, 1), ...SMALL, 0.5, -0.5, f32(0.99999994)],
    special: [[0, 0], [1, f32(PI / 2)], [-1, f32(-PI / 2)], [0.5, f32(PI / 6)], [1.5, NaN], [-2, NaN], [Infinity, NaN],
      [NaN, NaN]],
  },
  arccos: {
    fn: np.arccos, ref: Math.acos, rtol: 1e-6,
    inputs: [...range(300, 21, -1, 1), 0.5, -0.5, f32(0.99999994), f32(-0.99999994)],
    special: [[1, 0], [-1, f32(PI)], [0, f32(PI / 2)], [0.5, f32(PI / 3)], [2, NaN], [-1.5, NaN], [NaN, NaN]],
  },
  arctan: {
    fn: np.arctan, ref: Math.atan, rtol: 1e-6,
    inputs: [...range(300, 22, -10, 10), ...logValues(100, 23, 1e-20, 1e30), ...SMALL],
    special: [[0, 0], [1, f32(PI / 4)], [Infinity, f32(PI / 2)], [-Infinity, f32(-PI / 2)], [NaN, NaN]],
  },
  sinh: {
    fn: np.sinh, ref: Math.sinh, rtol: 1e-6,
    inputs: [...range(300, 24, -89, 89), ...range(100, 25, -1, 1), ...SMALL, 89.4, -89.4],
    special: [[0, 0], [1e-10, 1e-10], [1, f32(Math.sinh(1))], [Infinity, Infinity], [-Infinity, -Infinity],
      [90, Infinity], [-90, -Infinity], [NaN, NaN]],
  },
  cosh: {
    fn: np.cosh, ref: Math.cosh, rtol: 1e-6,
    inputs: [...range(300, 26, -89, 89), 89.4, ...SMALL],
    special: [[0, 1], [Infinity, Infinity], [-Infinity, Infinity], [90, Infinity], [-90, Infinity], [NaN, NaN]],
  },
  tanh: {
    fn: np.tanh, ref: Math.tanh, rtol: 1e-6,
    inputs: [...range(300, 27, -10, 10), ...range(100, 28, -0.7, 0.7), ...SMALL],
    special: [[0, 0], [1e-10, 1e-10], [Infinity, 1], [-Infinity, -1], [20, 1], [-20, -1], [NaN, NaN]],
  },
  arcsinh: {
    fn: np.arcsinh, ref: Math.asinh, rtol: 1e-6,
    inputs: [...range(300, 29, -100, 100), ...logValues(100, 30, 1e-20, 3e38), ...SMALL],
    special: [[0, 0], [1e-10, 1e-10], [Infinity, Infinity], [-Infinity, -Infinity], [NaN, NaN],
      [1e30, f32(Math.asinh(f32(1e30)))]],
  },
  arccosh: {
    fn: np.arccosh, ref: Math.acosh, rtol: 1e-6,
    inputs: [...range(300, 31, 1, 100), ...logValues(100, 32, 1, 3e38), ...NEAR_ONE.filter((x) => x >= 1)],
    special: [[1, 0], [0.5, NaN], [-1, NaN], [Infinity, Infinity], [-Infinity, NaN], [NaN, NaN]],
  },
  arctanh: {
    fn: np.arctanh, ref: Math.atanh, rtol: 1e-6,
    inputs: [...range(300, 33, -0.9999, 0.9999), ...SMALL, f32(0.99999994)],
    special: [[0, 0], [1e-10, 1e-10], [0.5, f32(Math.atanh(0.5))], [1, Infinity], [-1, -Infinity], [2, NaN], [-1.5, NaN],
      [NaN, NaN]],
  },
  reciprocal: {
    fn: np.reciprocal, ref: (x) => 1 / x, rtol: 1e-7,
    inputs: [...range(300, 34, -100, 100), ...logValues(100, 35, 1e-37, 1e37)],
    special: [[4, 0.25], [0, Infinity], [-0, -Infinity], [Infinity, 0], [-Infinity, -0], [NaN, NaN]],
  },
  square: {
    fn: np.square, ref: (x) => x * x, rtol: 1e-7,
    inputs: range(300, 36, -1e4, 1e4),
    special: [[-3, 9], [1e20, Infinity], [-Infinity, Infinity], [NaN, NaN]],
  },
};

describeDevices("np elementwise", (device) => {
  // ------------------------------------------------------------------------------------------
  // Unary float functions against Math.* (float64) and their special values.

  for (const [name, c] of Object.entries(UNARY)) {
    test(`${name}: float32 values and special values`, async () => {
      const xs = [...c.inputs.map(f32), ...c.special.map(([x]) => x)];
      const want = [...c.inputs.map((x) => f32(c.ref(f32(x)))), ...c.special.map(([, y]) => y)];
      await expectClose(c.fn(np.array(xs)), want, { rtol: c.rtol, atol: c.atol ?? 0, dtype: "float32" });
    });
  }

  test("unary functions on float16 inputs stay float16 (computed in float32 and rounded)", async () => {
    // Multiples of 1/32 are exact in float16.
    const grid = (lo: number, hi: number) =>
      globalThis.Array.from({ length: Math.round((hi - lo) * 32) + 1 }, (_, i) => lo + i / 32);
    const all = grid(-4, 4);
    const domains: Record<string, number[]> = {
      log: grid(1 / 32, 4), log2: grid(1 / 32, 4), log10: grid(1 / 32, 4), log1p: grid(-31 / 32, 4),
      sqrt: grid(0, 4), rsqrt: grid(1 / 32, 4), reciprocal: grid(1 / 32, 4), tan: grid(-1.5, 1.5),
      arcsin: grid(-1, 1), arccos: grid(-1, 1), arctanh: grid(-31 / 32, 31 / 32), arccosh: grid(1, 4),
    };
    for (const [name, c] of Object.entries(UNARY)) {
      const xs = domains[name] ?? all;
      const y = c.fn(f16(xs));
      expect(y.dtype, name).toBe("float16");
      await expectClose(y, xs.map(c.ref), { rtol: 1e-3, atol: 1e-7 });
    }
  });

  test("binary functions on float16 inputs stay float16", async () => {
    const x = randomValues(200, 60, -8, 8).map((v) => Math.round(v * 64) / 64);
    const y = randomValues(200, 61, 0.25, 4).map((v) => Math.round(v * 64) / 64);
    const X = f16(x);
    const Y = f16(y);
    const checks: [(a: ArrayLike, b: ArrayLike) => Array, (a: number, b: number) => number][] = [
      [np.divide, (a, d) => a / d], [np.arctan2, Math.atan2], [np.hypot, Math.hypot], [np.fmod, (a, d) => a % d],
      [np.maximum, Math.max], [np.minimum, Math.min], [np.multiply, (a, d) => a * d], [np.subtract, (a, d) => a - d],
      [(a, d) => np.power(np.abs(a), d), (a, d) => Math.abs(a) ** d],
    ];
    for (const [fn, ref] of checks) {
      await expectClose(fn(X, Y), x.map((v, i) => ref(v, y[i]!)), { rtol: 1e-3, atol: 1e-7, dtype: "float16" });
    }
  });

  test("float16 special values", async () => {
    // float16 overflows at 65520: exp(12) = 162755 and 300**2 are infinite.
    await expectClose(np.exp(f16([12, -20, 11])), [Infinity, 0, 59874], { rtol: 1e-3, dtype: "float16" });
    await expectEqual(np.square(f16([300, -3, 0.5])), [Infinity, 9, 0.25], "float16");
    await expectEqual(np.log(f16([0, -1, Infinity, NaN])), [-Infinity, NaN, Infinity, NaN], "float16");
    await expectEqual(np.sqrt(f16([-1, 4, Infinity])), [NaN, 2, Infinity], "float16");
    await expectEqual(np.tanh(f16([Infinity, -Infinity, 0])), [1, -1, 0], "float16");
    await expectEqual(np.exp2(f16([16, 15, -Infinity])), [Infinity, 32768, 0], "float16");
    await expectEqual(np.sinh(f16([12, -12])), [Infinity, -Infinity], "float16");
    await expectEqual(np.divide(f16([1, -1, 0]), f16([0, 0, 0])), [Infinity, -Infinity, NaN], "float16");
  });

  test("accuracy near 0 is relative (expm1, log1p, sinh, tanh, arcsinh, arctanh)", async () => {
    const xs = [1e-6, -1e-6, 3e-7, 1e-12, -2e-20].map(f32);
    const fns: [(x: ArrayLike) => Array, (x: number) => number][] = [
      [np.expm1, Math.expm1], [np.log1p, Math.log1p], [np.sinh, Math.sinh], [np.tanh, Math.tanh],
      [np.arcsinh, Math.asinh], [np.arctanh, Math.atanh], [np.sin, Math.sin], [np.arctan, Math.atan],
    ];
    for (const [fn, ref] of fns) {
      await expectClose(fn(np.array(xs)), xs.map((x) => ref(x)), { rtol: 1e-6, atol: 0 });
    }
    // The naive formulas lose everything here: exp(1e-7) - 1 in float32 is 1.19e-7.
    await expectClose(np.expm1(np.array([1e-7])), [1.00000005e-7], { rtol: 1e-6, atol: 0 });
    await expectClose(np.log1p(np.array([1e-7])), [9.9999995e-8], { rtol: 1e-6, atol: 0 });
  });

  test("integer and bool inputs of float functions compute in float32", async () => {
    await expectClose(np.exp(i32([0, 1, -1])), [1, Math.E, 1 / Math.E], { dtype: "float32" });
    await expectClose(np.sqrt(u32([4, 2, U32_MAX])), [2, Math.SQRT2, 65536], { dtype: "float32" });
    await expectClose(np.log(b([true, false])), [0, -Infinity], { dtype: "float32" });
    await expectClose(np.reciprocal(i32([4, 0, -2])), [0.25, Infinity, -0.5], { dtype: "float32" });
    await expectClose(np.sin(2), Math.sin(2), { dtype: "float32" });
    expect(np.sin(2).weakType).toBe(true);
    expect(np.sin(i32([2])).weakType).toBe(false);
  });

  test("signed zeros", async () => {
    expect(await negZeros(np.sqrt(np.array([-0, 0])))).toEqual([true, false]);
    expect(await negZeros(np.negative(np.array([0, -0, 1])))).toEqual([true, false, false]);
    expect(await negZeros(np.reciprocal(np.array([-Infinity, Infinity])))).toEqual([true, false]);
    expect(await negZeros(np.abs(np.array([-0, 0])))).toEqual([false, false]);
    expect(await negZeros(np.arctan2(np.array([-0, 0, -0, -1]), np.array([0, 1, 5, Infinity])))).toEqual([true, false, true, true]);
    // Odd functions keep the sign of zero.
    for (const fn of [np.sin, np.tan, np.arcsin, np.arctan, np.sinh, np.tanh, np.arcsinh, np.arctanh, np.expm1, np.log1p, np.cbrt]) {
      expect(await negZeros(fn(np.array([-0, 0]))), fn.name).toEqual([true, false]);
    }
    expect(await negZeros(np.ceil(np.array([-0.5, 0.5])))).toEqual([true, false]);
  });

  // ------------------------------------------------------------------------------------------
  // Arithmetic

  test("add, subtract, multiply, divide on float32 with broadcasting", async () => {
    const x = np.array([[1], [2]]); // [2, 1]
    const y = np.array([10, 20, 30]); // [3]
    await expectEqual(np.add(x, y), [[11, 21, 31], [12, 22, 32]], "float32");
    await expectEqual(np.subtract(x, y), [[-9, -19, -29], [-8, -18, -28]], "float32");
    await expectEqual(np.multiply(x, y), [[10, 20, 30], [20, 40, 60]], "float32");
    await expectClose(np.divide(x, y), [[0.1, 0.05, 1 / 30], [0.2, 0.1, 1 / 15]], { rtol: 1e-7, dtype: "float32" });
    await expectEqual(np.trueDivide(y, 4), [2.5, 5, 7.5], "float32");
    await expectEqual(np.subtract(5, np.array([1, 2])), [4, 3], "float32");
    await expectEqual(np.add(np.array(2), np.array([1, 2])), [3, 4]);
    await expectClose(np.add(0.1, np.array([0.2])), [f32(f32(0.1) + f32(0.2))], { rtol: 0, atol: 0 });
  });

  test("float arithmetic special values: 0/0, 1/0, -1/0, inf - inf, inf * 0", async () => {
    await expectEqual(
      np.divide(np.array([0, 1, -1, 1, NaN, Infinity, -0, 6]), np.array([0, 0, 0, -0, 1, Infinity, 5, -3])),
      [NaN, Infinity, -Infinity, -Infinity, NaN, NaN, -0, -2],
    );
    await expectEqual(np.subtract(np.array([Infinity, Infinity, 1]), np.array([Infinity, -Infinity, NaN])), [NaN, Infinity, NaN]);
    await expectEqual(np.multiply(np.array([Infinity, -Infinity, 3e38]), np.array([0, -2, 10])), [NaN, Infinity, Infinity]);
    await expectEqual(np.add(np.array([3e38, -3e38]), np.array([3e38, -3e38])), [Infinity, -Infinity]);
  });

  test("binary float functions against Math.* on random values", async () => {
    const n = 400;
    const x = randomValues(n, 40, -50, 50);
    const y = randomValues(n, 41, -50, 50);
    const pos = randomValues(n, 42, 0.01, 20);
    const ex = randomValues(n, 43, -12, 12);
    const X = np.array(x);
    const Y = np.array(y);
    await expectEqual(np.add(X, Y), x.map((v, i) => f32(v + y[i]!)));
    await expectEqual(np.subtract(X, Y), x.map((v, i) => f32(v - y[i]!)));
    await expectEqual(np.multiply(X, Y), x.map((v, i) => f32(v * y[i]!)));
    await expectEqual(np.divide(X, Y), x.map((v, i) => f32(v / y[i]!)));
    await expectClose(np.power(np.array(pos), np.array(ex)), pos.map((v, i) => f32(v ** ex[i]!)), { rtol: 3e-6, atol: 0 });
    await expectClose(np.arctan2(Y, X), y.map((v, i) => f32(Math.atan2(v, x[i]!))), { rtol: 1e-6, atol: 0 });
    await expectClose(np.hypot(X, Y), x.map((v, i) => f32(Math.hypot(v, y[i]!))), { rtol: 2e-7, atol: 0 });
    await expectEqual(np.maximum(X, Y), x.map((v, i) => Math.max(v, y[i]!)));
    await expectEqual(np.minimum(X, Y), x.map((v, i) => Math.min(v, y[i]!)));
    // C fmod is exact; Python's mod and floor division follow from it.
    const d = np.array(pos);
    await expectEqual(np.fmod(X, d), x.map((v, i) => v % pos[i]!));
    const pyMod = (a: number, m: number) => {
      const r = a % m;
      return r !== 0 && r < 0 !== m < 0 ? f32(r + m) : r;
    };
    await expectEqual(np.mod(X, d), x.map((v, i) => pyMod(v, pos[i]!)));
    await expectEqual(np.mod(X, np.negative(d)), x.map((v, i) => pyMod(v, -pos[i]!)));
    await expectEqual(np.floorDivide(X, d), x.map((v, i) => Math.floor(v / pos[i]!)));
  });

  test("fmod is exact for large quotients", async () => {
    const x = [1e30, -3e38, 123456.7, 16777215, 1e-30, 7.5];
    const y = [3, 0.1, 1e-3, 0.5, 3e-31, 1e30];
    await expectEqual(np.fmod(np.array(x), np.array(y)), x.map((v, i) => f32(v) % f32(y[i]!)));
  });

  test("power: special cases", async () => {
    const cases: [number, number, number][] = [
      [0, 0, 1], [NaN, 0, 1], [Infinity, 0, 1], [1, NaN, 1], [1, Infinity, 1], [-8, 1 / 3, NaN], [-2, 3, -8], [-2, 2, 4],
      [-2, -3, -0.125], [2, -1, 0.5], [0, -1, Infinity], [-0, -1, -Infinity], [-0, -2, Infinity], [0, 2, 0], [-1, Infinity, 1],
      [-1, -Infinity, 1], [2, Infinity, Infinity], [0.5, Infinity, 0], [2, -Infinity, 0], [0.5, -Infinity, Infinity],
      [Infinity, -1, 0], [Infinity, 0.5, Infinity], [-Infinity, 3, -Infinity], [-Infinity, 2, Infinity], [-Infinity, -3, -0],
      [NaN, 1, NaN], [2, NaN, NaN], [4, 0.5, 2], [-2, 0.5, NaN], [10, 38, 1e38], [10, 39, Infinity], [2, -127, 2 ** -127],
      [2, 10, 1024], [3, 2, 9],
    ];
    await expectClose(
      np.power(np.array(cases.map((c) => c[0])), np.array(cases.map((c) => c[1]))),
      cases.map((c) => c[2]),
      { rtol: 5e-6, atol: 0 },
    );
  });

  test("power with a JS integer exponent multiplies exactly; other exponents broadcast", async () => {
    const x = np.array([-2, 1.5, 0, NaN, Infinity, -Infinity]);
    await expectEqual(np.power(x, 3), [-8, 3.375, 0, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.power(x, 0), [1, 1, 1, 1, 1, 1], "float32");
    await expectClose(np.power(x, -2), [0.25, 1 / 2.25, Infinity, NaN, 0, 0], { rtol: 1e-7, dtype: "float32" });
    await expectClose(np.power(np.array([1.0001]), 64), [f32(1.0001) ** 64], { rtol: 1e-6 });
    await expectClose(np.power(2, np.array([0.5, 3, -1])), [Math.SQRT2, 8, 0.5], { rtol: 1e-6, dtype: "float32" });
    await expectClose(np.power(np.array([[4], [9]]), np.array([0.5, 2])), [[2, 16], [3, 81]], { rtol: 1e-6 });
    await expectEqual(np.power(f16([2, 3]), 2), [4, 9], "float16");
  });

  test("integer power wraps; negative exponents of integer arrays", async () => {
    await expectEqual(
      np.power(i32([2, -2, 3, 0, 2, 1, -1, -1, 2, 7]), i32([10, 3, 0, 0, 31, -5, -3, -2, -1, 12])),
      [1024, -8, 1, 1, INT_MIN, 1, -1, 1, 0, Math.imul(7 ** 6, 7 ** 6)],
      "int32",
    );
    await expectEqual(np.power(i32([3, -4]), 2), [9, 16], "int32");
    await expectEqual(np.power(i32([2, 3]), 31), [INT_MIN, Math.imul(3 ** 15, Math.imul(3 ** 15, 3))], "int32");
    await expectEqual(np.power(u32([2, 3, 65536]), u32([32, 3, 2])), [0, 27, 0], "uint32");
    await expectEqual(np.power(i32([2, 4]), -1), [0.5, 0.25], "float32");
    // Exponents beyond 64 use the general power; the dtype rule is the same.
    const pow3to70 = Math.imul(3 ** 10, Math.imul(Math.imul(3 ** 20, 3 ** 20), 3 ** 20)); // 3**70 mod 2**32
    await expectEqual(np.power(i32([2, -1, 3]), 70), [0, 1, pow3to70], "int32");
    await expectClose(np.power(i32([2]), -70), [2 ** -70], { rtol: 1e-6, dtype: "float32" });
    await expectClose(np.power(np.array([1.5, -1.5]), 100), [1.5 ** 100, 1.5 ** 100], { rtol: 1e-5, dtype: "float32" });
    await expectEqual(np.power(i32([4]), 0.5), [2], "float32");
  });

  test("integer add/subtract/multiply wrap around", async () => {
    await expectEqual(np.add(i32([INT_MAX, INT_MIN, -5]), i32([1, -1, 3])), [INT_MIN, INT_MAX, -2], "int32");
    await expectEqual(np.subtract(i32([INT_MIN, 0]), 1), [INT_MAX, -1], "int32");
    await expectEqual(
      np.multiply(i32([65536, 123456789, -7, INT_MIN]), i32([65536, 987654321, 6, -1])),
      [0, Math.imul(123456789, 987654321), -42, INT_MIN],
      "int32",
    );
    await expectEqual(np.add(u32([U32_MAX, 5]), 1), [0, 6], "uint32");
    await expectEqual(np.subtract(u32([0, 5]), u32([1, 3])), [U32_MAX, 2], "uint32");
    await expectEqual(
      np.multiply(u32([65536, U32_MAX, 3000000000]), u32([65536, 2, 3])),
      [0, U32_MAX - 1, 9000000000 % 2 ** 32],
      "uint32",
    );
    await expectEqual(np.divide(u32([U32_MAX, 7]), u32([1, 2])), [2 ** 32, 3.5], "float32");
  });

  test("integer division: true divide gives float32 (0/0 NaN, x/0 inf)", async () => {
    await expectEqual(np.divide(i32([7, -7, 1, 0, -1]), i32([2, 2, 0, 0, 0])), [3.5, -3.5, Infinity, NaN, -Infinity], "float32");
    await expectEqual(np.divide(b([true, false]), b([true, true])), [1, 0], "float32");
  });

  test("floorDivide and mod on int32 follow Python (and give 0 for division by zero)", async () => {
    const as = [-7, 7, -8, 8, 0, INT_MIN, INT_MAX, -1, 5];
    const bs = [2, -2, 3, -3, 1, -1, 0, INT_MIN, INT_MAX];
    const wrap = (v: number) => v | 0;
    const table = (f: (a: number, d: number) => number) => as.flatMap((a) => bs.map((d) => (d === 0 ? 0 : wrap(f(a, d)))));
    const fd = nested(table((a, d) => Math.floor(a / d)), [as.length, bs.length]) as number[][];
    const md = nested(table((a, d) => a - d * Math.floor(a / d)), [as.length, bs.length]) as number[][];
    const fm = nested(table((a, d) => a % d), [as.length, bs.length]);
    const A = i32(as).reshape(as.length, 1);
    const D = i32(bs);
    await expectEqual(np.floorDivide(A, D), fd, "int32");
    await expectEqual(np.mod(A, D), md, "int32");
    await expectEqual(np.remainder(A, D), md, "int32");
    await expectEqual(np.fmod(A, D), fm, "int32");
    // Spot checks of the oracle itself.
    expect(fd[0]!.slice(0, 4)).toEqual([-4, 3, -3, 2]);
    expect(md[0]!.slice(0, 4)).toEqual([1, -1, 2, -1]);
    expect(fd[5]![5]).toBe(INT_MIN);
    // Constant divisors take another code path in the kernels.
    await expectEqual(np.floorDivide(i32([-7, 7, INT_MIN]), -2), [3, -4, 1073741824], "int32");
    await expectEqual(np.mod(i32([-7, 7, INT_MIN]), 3), [2, 1, 1], "int32");
    await expectEqual(np.floorDivide(i32([-7, 7]), 0), [0, 0], "int32");
    await expectEqual(np.mod(i32([-7, 7]), 0), [0, 0], "int32");
  });

  test("floorDivide and mod on uint32 (no sign fix-ups; division by zero gives 0)", async () => {
    await expectEqual(np.floorDivide(u32([U32_MAX, 10, 7, 3]), u32([2, 3, 0, U32_MAX])), [2147483647, 3, 0, 0], "uint32");
    await expectEqual(np.mod(u32([U32_MAX, 10, 7, 3]), u32([2, 3, 0, U32_MAX])), [1, 1, 0, 3], "uint32");
    await expectEqual(np.fmod(u32([U32_MAX, 10]), 7), [U32_MAX % 7, 3], "uint32");
  });

  test("floorDivide and mod on floats follow Python", async () => {
    const a = [-7.5, 7.5, -7.5, 5, 1, Infinity, 2, -2, 1e10, 0];
    const d = [2, -2, -2, 3, 0, 2, Infinity, Infinity, 3, 5];
    await expectEqual(np.mod(np.array(a), np.array(d)), [0.5, -0.5, -1.5, 2, NaN, NaN, 2, Infinity, 1, 0]);
    await expectEqual(np.floorDivide(np.array(a.slice(0, 4)), np.array(d.slice(0, 4))), [-4, -4, 3, 1]);
    await expectEqual(np.floorDivide(np.array([1e10, -7, 7]), np.array([3, 2, 0.5])), [f32(3333333333), -4, 14]);
    await expectEqual(
      np.fmod(np.array([-7.5, 7.5, 5.5, Infinity, 1, -0.5]), np.array([2, -2, 0, 1, Infinity, 1])),
      [-1.5, 1.5, NaN, NaN, 1, -0.5],
    );
    await expectEqual(np.mod(f16([-7.5, 7.5]), 2), [0.5, 1.5], "float16");
    await expectEqual(np.floorDivide(f16([-7.5, 7.5]), 2), [-4, 3], "float16");
  });

  test("negative, positive, abs, sign", async () => {
    await expectEqual(np.negative(np.array([1, -2.5, Infinity, NaN])), [-1, 2.5, -Infinity, NaN], "float32");
    await expectEqual(np.negative(i32([5, INT_MIN, 0])), [-5, INT_MIN, 0], "int32");
    await expectEqual(np.negative(u32([1, 0])), [U32_MAX, 0], "uint32");
    await expectEqual(np.positive(np.array([1, -2, NaN])), [1, -2, NaN], "float32");
    await expectEqual(np.positive(i32([-3])), [-3], "int32");
    await expectEqual(np.positive(u32([U32_MAX])), [U32_MAX], "uint32");
    await expectEqual(np.abs(np.array([-1.5, 2, -Infinity, NaN])), [1.5, 2, Infinity, NaN], "float32");
    await expectEqual(np.absolute(i32([-7, 7, INT_MIN])), [7, 7, INT_MIN], "int32");
    await expectEqual(np.abs(u32([U32_MAX])), [U32_MAX], "uint32");
    await expectEqual(np.abs(b([true, false])), [true, false], "bool");
    await expectEqual(np.abs(f16([-2.5])), [2.5], "float16");
    await expectEqual(np.sign(np.array([-3, 0, 2, NaN, -Infinity, Infinity, 1e-30, -1e-30])), [-1, 0, 1, NaN, -1, 1, 1, -1], "float32");
    await expectEqual(np.sign(i32([-5, 0, 7, INT_MIN])), [-1, 0, 1, -1], "int32");
    await expectEqual(np.sign(u32([0, 9, U32_MAX])), [0, 1, 1], "uint32");
    await expectEqual(np.sign(f16([-2, NaN])), [-1, NaN], "float16");
  });

  test("floor, ceil, trunc, rint, round (half to even)", async () => {
    const x = np.array([1.7, -1.2, -0.5, 0.5, 1.5, 2.5, -2.5, 0.49999997, 8388609, NaN, Infinity, -Infinity]);
    await expectEqual(np.floor(x), [1, -2, -1, 0, 1, 2, -3, 0, 8388609, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.ceil(x), [2, -1, -0, 1, 2, 3, -2, 1, 8388609, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.trunc(x), [1, -1, -0, 0, 1, 2, -2, 0, 8388609, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.rint(x), [2, -1, -0, 0, 2, 2, -2, 0, 8388609, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.round(x), [2, -1, -0, 0, 2, 2, -2, 0, 8388609, NaN, Infinity, -Infinity], "float32");
    await expectEqual(np.around(np.array([3.5, 4.5])), [4, 4]);
    await expectEqual(np.rint(f16([0.5, 1.5, 2.5, -3.5])), [0, 2, 2, -4], "float16");
    for (const fn of [np.floor, np.ceil, np.trunc, np.round]) {
      await expectEqual(fn(i32([-3, 4])), [-3, 4], "int32");
    }
    // jnp.rint computes integers and bools in float32
    await expectEqual(np.rint(i32([-3, 4])), [-3, 4], "float32");
    await expectEqual(np.rint(np.array([true, false])), [1, 0], "float32");
  });

  test("round with decimals", async () => {
    await expectClose(np.round(np.array([1.25, 2.5, 0.125, -1.75, 3.14159]), 1), [1.2, 2.5, 0.1, -1.8, 3.1], { rtol: 1e-7 });
    await expectClose(np.round(np.array([0.125, 0.375, -0.555]), 2), [0.12, 0.38, -0.56], { rtol: 1e-7 });
    await expectEqual(np.round(np.array([250, 350, 1234.5, -150, 49]), -2), [200, 400, 1200, -200, 0]);
    // Integers with negative decimals round half to even, as numpy does.
    await expectEqual(
      np.round(i32([15, 25, -15, -25, 14, 16, 5, -5, 149, 150, 250, 2147483644]), -1),
      [20, 20, -20, -20, 10, 20, 0, 0, 150, 150, 250, 2147483640],
      "int32",
    );
    await expectEqual(np.round(i32([150, 250, 249, 251, -150, -250]), -2), [200, 200, 200, 300, -200, -200], "int32");
    await expectEqual(np.round(u32([15, 25, 4294967290]), -1), [20, 20, 4294967290], "uint32");
    await expectEqual(np.round(i32([INT_MAX, INT_MIN, 5]), -10), [0, 0, 0], "int32");
    await expectEqual(np.round(i32([7]), 2), [7], "int32");
    expect(() => np.round(np.array([1]), 0.5)).toThrow(/np\.round: decimals must be an integer/);
  });

  // ------------------------------------------------------------------------------------------
  // arctan2, hypot, maximum/minimum, clip, where

  test("arctan2 at signed zeros and infinities", async () => {
    const cases: [number, number, number][] = [
      [0, 0, 0], [-0, 0, -0], [0, -0, PI], [-0, -0, -PI], [0, 1, 0], [-0, -1, -PI], [0, -1, PI], [1, 0, PI / 2],
      [-1, -0, -PI / 2], [Infinity, Infinity, PI / 4], [Infinity, -Infinity, (3 * PI) / 4], [-Infinity, Infinity, -PI / 4],
      [-Infinity, -Infinity, (-3 * PI) / 4], [1, Infinity, 0], [1, -Infinity, PI], [-1, -Infinity, -PI], [Infinity, 1, PI / 2],
      [-Infinity, 5, -PI / 2], [NaN, 1, NaN], [1, NaN, NaN], [1, 1, PI / 4], [-1, -1, (-3 * PI) / 4], [1e-30, -1e30, PI],
      [3e38, 1e-30, PI / 2],
    ];
    const y = np.array(cases.map((c) => c[0]));
    const x = np.array(cases.map((c) => c[1]));
    await expectClose(np.arctan2(y, x), cases.map((c) => f32(c[2])), { rtol: 1e-7, atol: 0, dtype: "float32" });
    expect(await negZeros(np.arctan2(np.array([0, -0]), np.array([0, 0])))).toEqual([false, true]);
    await expectClose(np.arctan2(1, np.array([1])), [PI / 4], { rtol: 1e-7 });
    await expectClose(np.arctan2(i32([1, -1]), i32([0, 0])), [PI / 2, -PI / 2], { rtol: 1e-7, dtype: "float32" });
  });

  test("hypot: no overflow, infinities win over NaN", async () => {
    await expectClose(
      np.hypot(
        np.array([3, 1e30, 1e-30, 0, Infinity, NaN, Infinity, -Infinity, NaN, -3, 3e38]),
        np.array([4, 1e30, 1e-30, 0, NaN, Infinity, Infinity, 1, 1, -4, 3e38]),
      ),
      [5, 1.4142135e30, 1.4142135e-30, 0, Infinity, Infinity, Infinity, Infinity, NaN, 5, Infinity],
      { rtol: 1e-7, atol: 0, dtype: "float32" },
    );
    await expectEqual(np.hypot(3, i32([4])), [5], "float32");
  });

  test("maximum and minimum propagate NaN; work on every dtype", async () => {
    const x = np.array([1, NaN, 3, -Infinity, NaN]);
    const y = np.array([NaN, 2, 1, Infinity, NaN]);
    await expectEqual(np.maximum(x, y), [NaN, NaN, 3, Infinity, NaN], "float32");
    await expectEqual(np.minimum(x, y), [NaN, NaN, 1, -Infinity, NaN], "float32");
    await expectEqual(np.maximum(np.array([1, 5]), 3), [3, 5]);
    await expectEqual(np.minimum(np.array([1, 5]), 3), [1, 3]);
    await expectEqual(np.maximum(i32([-5, 3, INT_MIN]), -1), [-1, 3, -1], "int32");
    await expectEqual(np.minimum(i32([-5, 3, INT_MAX]), -1), [-5, -1, -1], "int32");
    await expectEqual(np.maximum(u32([U32_MAX, 0]), u32([1, 5])), [U32_MAX, 5], "uint32");
    await expectEqual(np.minimum(u32([U32_MAX, 0]), u32([1, 5])), [1, 0], "uint32");
    await expectEqual(np.maximum(b([true, false, false]), b([false, false, true])), [true, false, true], "bool");
    await expectEqual(np.minimum(b([true, false, true]), b([true, true, false])), [true, false, false], "bool");
    await expectEqual(np.maximum(i32([1, 4]), np.array([2.5, 0.5])), [2.5, 4], "float32");
    await expectEqual(np.maximum(f16([1, NaN]), 2), [2, NaN], "float16");
  });

  test("clip: bounds optional, NaN stays NaN, broadcasting bounds", async () => {
    const x = np.array([-2, 0.5, 9, NaN, -Infinity, Infinity]);
    await expectEqual(np.clip(x, 0, 1), [0, 0.5, 1, NaN, 0, 1], "float32");
    await expectEqual(np.clip(x, null, 1), [-2, 0.5, 1, NaN, -Infinity, 1]);
    await expectEqual(np.clip(x, 0), [0, 0.5, 9, NaN, 0, Infinity]);
    await expectEqual(np.clip(x), [-2, 0.5, 9, NaN, -Infinity, Infinity]);
    await expectEqual(np.clip(np.array([0.5, 5]), 2, 1), [1, 1]);
    await expectEqual(np.clip(i32([-5, 5, 20]), 0, 10), [0, 5, 10], "int32");
    await expectEqual(np.clip(np.array([[1], [5]]), np.array([0, 2, 4]), 3), [[1, 2, 3], [3, 3, 3]]);
    await expectEqual(np.clip(u32([0, U32_MAX]), 3, 4000000000), [3, 4000000000], "uint32");
  });

  test("where: broadcasting of condition and cases, promotion, nonzero conditions", async () => {
    const c = b([true, false]).reshape(2, 1);
    await expectEqual(np.where(c, i32([1, 2, 3]), 0.5), [[1, 2, 3], [0.5, 0.5, 0.5]], "float32");
    const w = np.where(i32([0, 2, -1]), 10, 20);
    await expectEqual(w, [20, 10, 10], "int32");
    expect(w.weakType).toBe(true);
    await expectEqual(np.where(np.array([0, NaN, -0, 0.1]), i32([1, 2, 3, 4]), i32([-1, -2, -3, -4])), [-1, 2, -3, 4], "int32");
    await expectEqual(np.where(true, f16([1.5]), 2), [1.5], "float16");
    await expectEqual(np.where(np.array([1, -1]).gt(0), u32([7, 8]), u32([U32_MAX, 0])), [7, 0], "uint32");
    await expectEqual(np.where(b([true, false]), b([false, false]), b([true, true])), [false, true], "bool");
    const s = np.where(false, 1, 2.5);
    await expectEqual(s, 2.5, "float32");
    expect(s.weakType).toBe(true);
  });

  // ------------------------------------------------------------------------------------------
  // Comparisons, logic, predicates

  test("comparisons (NaN compares false except notEqual)", async () => {
    const x = np.array([1, 2, NaN, 3, -0, Infinity]);
    const y = np.array([2, 2, NaN, 1, 0, Infinity]);
    await expectEqual(np.equal(x, y), [false, true, false, false, true, true], "bool");
    await expectEqual(np.notEqual(x, y), [true, false, true, true, false, false], "bool");
    await expectEqual(np.less(x, y), [true, false, false, false, false, false], "bool");
    await expectEqual(np.lessEqual(x, y), [true, true, false, false, true, true], "bool");
    await expectEqual(np.greater(x, y), [false, false, false, true, false, false], "bool");
    await expectEqual(np.greaterEqual(x, y), [false, true, false, true, true, true], "bool");
    await expectEqual(np.less(np.array([NaN, 1]), NaN), [false, false]);
    await expectEqual(np.less(i32([-1, 0, INT_MIN]), i32([0, -1, INT_MAX])), [true, false, true]);
    // uint32 compares as unsigned, also against a weak JS number.
    await expectEqual(np.greater(u32([U32_MAX, 0, 2147483648]), 1), [true, false, true]);
    await expectEqual(np.less(b([false, true, false]), b([true, true, false])), [true, false, false]);
    await expectEqual(np.greaterEqual(b([false, true]), b([true, true])), [false, true]);
    // int32 and float32 compare as float32 (16777217 rounds to 16777216).
    await expectEqual(np.equal(i32([16777217]), np.array([16777216])), [true]);
    await expectEqual(np.equal(np.array([[1], [2]]), np.array([1, 2, 3])), [[true, false, false], [false, true, false]]);
    await expectEqual(np.less(f16([1, 2]), 1.5), [true, false], "bool");
  });

  test("logical functions treat nonzero (and NaN) as true", async () => {
    const x = np.array([0, 1, 2, NaN, -0]);
    await expectEqual(np.logicalAnd(x, 1), [false, true, true, true, false], "bool");
    await expectEqual(np.logicalOr(x, 0), [false, true, true, true, false], "bool");
    await expectEqual(np.logicalXor(x, true), [true, false, false, false, true], "bool");
    await expectEqual(np.logicalNot(x), [true, false, false, false, true], "bool");
    await expectEqual(np.logicalAnd(b([true, false]), b([true, true])), [true, false]);
    await expectEqual(np.logicalOr(i32([0, 0, 3]), u32([0, 1, 0])), [false, true, true]);
    await expectEqual(np.logicalXor(b([true, false]).reshape(2, 1), b([true, false])), [[false, true], [true, false]]);
    await expectEqual(np.logicalNot(i32([0, -7])), [true, false]);
  });

  test("isnan, isinf, isfinite", async () => {
    const x = np.array([1, NaN, Infinity, -Infinity, 0, -0, 3.4e38, -NaN]);
    await expectEqual(np.isnan(x), [false, true, false, false, false, false, false, true], "bool");
    await expectEqual(np.isinf(x), [false, false, true, true, false, false, false, false], "bool");
    await expectEqual(np.isfinite(x), [true, false, false, false, true, true, true, false], "bool");
    const h = f16([NaN, 70000, 65504, -1]);
    await expectEqual(np.isnan(h), [true, false, false, false]);
    await expectEqual(np.isinf(h), [false, true, false, false]);
    await expectEqual(np.isfinite(h), [false, false, true, true]);
    for (const v of [i32([1, INT_MIN]), u32([U32_MAX, 0]), b([true, false])]) {
      await expectEqual(np.isnan(v), [false, false], "bool");
      await expectEqual(np.isinf(v), [false, false], "bool");
      await expectEqual(np.isfinite(v), [true, true], "bool");
    }
    // The NaNs that arithmetic produces are detected too.
    await expectEqual(np.isnan(np.divide(np.array([0, 1]), np.array([0, 0]))), [true, false]);
  });

  // ------------------------------------------------------------------------------------------
  // Bitwise

  test("bitwise and/or/xor/not on int32, uint32 and bool", async () => {
    const x = i32([12, -1, INT_MAX, 0]);
    const y = i32([10, 0x0f0f, INT_MIN, -1]);
    await expectEqual(np.bitwiseAnd(x, y), [8, 0x0f0f, 0, 0], "int32");
    await expectEqual(np.bitwiseOr(x, y), [14, -1, -1, -1], "int32");
    await expectEqual(np.bitwiseXor(x, y), [6, ~0x0f0f, -1, -1], "int32");
    await expectEqual(np.bitwiseNot(i32([0, -1, 5, INT_MAX])), [-1, 0, -6, INT_MIN], "int32");
    await expectEqual(np.invert(i32([7])), [-8], "int32");
    const ux = u32([0xffffffff, 0xf0f0f0f0, 5]);
    const uy = u32([0x0000ffff, 0xffffffff, 3]);
    await expectEqual(np.bitwiseAnd(ux, uy), [0xffff, 0xf0f0f0f0, 1], "uint32");
    await expectEqual(np.bitwiseOr(ux, uy), [0xffffffff, 0xffffffff, 7], "uint32");
    await expectEqual(np.bitwiseXor(ux, uy), [0xffff0000, 0x0f0f0f0f, 6], "uint32");
    await expectEqual(np.bitwiseNot(u32([0, 0xffffffff, 5])), [U32_MAX, 0, U32_MAX - 5], "uint32");
    const p = b([true, true, false, false]);
    const q = b([true, false, true, false]);
    await expectEqual(np.bitwiseAnd(p, q), [true, false, false, false], "bool");
    await expectEqual(np.bitwiseOr(p, q), [true, true, true, false], "bool");
    await expectEqual(np.bitwiseXor(p, q), [false, true, true, false], "bool");
    await expectEqual(np.bitwiseNot(b([true, false])), [false, true], "bool");
    await expectEqual(np.bitwiseAnd(i32([12]), 10), [8], "int32");
  });

  test("shifts: >= 32 (or negative) shifts out everything; arithmetic right shift for int32", async () => {
    await expectEqual(np.leftShift(i32([1, 1, 1, -1, 5, 3]), i32([0, 31, 32, 1, 40, -1])), [1, INT_MIN, 0, -2, 0, 0], "int32");
    await expectEqual(
      np.rightShift(i32([-16, -16, -1, 16, INT_MAX, -5, 7]), i32([2, 32, 100, 33, 31, -1, 1])),
      [-4, -1, -1, 0, 0, -1, 3],
      "int32",
    );
    await expectEqual(np.rightShift(u32([U32_MAX, 16, 0x80000000, 8]), u32([1, 32, 31, 3])), [2147483647, 0, 1, 1], "uint32");
    await expectEqual(np.leftShift(u32([1, 0xffffffff, 1]), u32([31, 4, 32])), [2147483648, 4294967280, 0], "uint32");
    // Constant shift amounts.
    await expectEqual(np.leftShift(i32([1, -3]), 4), [16, -48], "int32");
    await expectEqual(np.leftShift(i32([1, -3]), 40), [0, 0], "int32");
    await expectEqual(np.rightShift(i32([-5, 5]), 40), [-1, 0], "int32");
    await expectEqual(np.rightShift(i32([-16]), 2), [-4], "int32");
    await expectEqual(np.rightShift(u32([U32_MAX]), 32), [0], "uint32");
    await expectEqual(np.leftShift(i32([1, 2]), -1), [0, 0], "int32");
  });

  test("bitwiseCount counts the bits of the absolute value (as numpy)", async () => {
    await expectEqual(np.bitwiseCount(i32([0, 1, 7, -1, -7, INT_MIN, 0x55555555, INT_MAX])), [0, 1, 3, 1, 3, 1, 16, 31], "int32");
    await expectEqual(np.bitwiseCount(u32([0xffffffff, 0x80000000, 6])), [32, 1, 2], "uint32");
  });

  // ------------------------------------------------------------------------------------------
  // bool semantics, astype

  test("bool arithmetic: add is or, multiply is and; numbers promote to int32", async () => {
    const p = b([true, true, false, false]);
    const q = b([true, false, true, false]);
    await expectEqual(np.add(p, q), [true, true, true, false], "bool");
    await expectEqual(np.multiply(p, q), [true, false, false, false], "bool");
    await expectEqual(np.add(p, true), [true, true, true, true], "bool");
    const r = np.add(b([true, false]), 1);
    await expectEqual(r, [2, 1], "int32");
    expect(r.weakType).toBe(true);
    await expectEqual(np.multiply(b([true, false]), 2.5), [2.5, 0], "float32");
    await expectEqual(np.add(b([true, false]), i32([5, 5])), [6, 5], "int32");
  });

  test("astype: numpy casting (float to int truncates and saturates, NaN to 0)", async () => {
    await expectEqual(
      np.astype(np.array([1.7, -1.7, NaN, 1e10, -1e10, Infinity, -Infinity, 2147483520]), "int32"),
      [1, -1, 0, INT_MAX, INT_MIN, INT_MAX, INT_MIN, 2147483520],
      "int32",
    );
    await expectEqual(np.astype(np.array([-1, 3.9, 5e9, NaN, Infinity]), "uint32"), [0, 3, U32_MAX, 0, U32_MAX], "uint32");
    await expectEqual(np.astype(np.array([0, -0, NaN, 0.5, -Infinity]), "bool"), [false, false, true, true, true], "bool");
    await expectEqual(np.astype(i32([65504, 65520, 2049, -70000]), "float16"), [65504, Infinity, 2048, -Infinity], "float16");
    await expectEqual(np.astype(b([true, false]), "float32"), [1, 0], "float32");
    await expectEqual(np.astype(i32([-1, INT_MIN]), "uint32"), [U32_MAX, 2147483648], "uint32");
    await expectEqual(np.astype(u32([U32_MAX, 2147483648]), "int32"), [-1, INT_MIN], "int32");
    await expectEqual(np.astype(f16([2.5, -2.5, 65504]), "int32"), [2, -2, 65504], "int32");
    await expectEqual(np.astype(i32([16777217]), "float32"), [16777216], "float32");
    await expectEqual(np.astype(np.array([1.5]), "float32"), [1.5], "float32");
    await expectEqual(np.astype(3, "uint32"), 3, "uint32");
  });

  // ------------------------------------------------------------------------------------------
  // Result dtypes, shapes, sizes

  test("result dtypes follow JAX promotion", async () => {
    const F32 = np.array([1]);
    const F16 = f16([1]);
    const I32 = i32([1]);
    const U32 = u32([1]);
    const B = b([true]);
    const cases: [Array, DType, boolean][] = [
      [np.add(I32, U32), "int32", false],
      [np.add(I32, 2), "int32", false],
      [np.add(I32, 2.5), "float32", true],
      [np.add(U32, 2), "uint32", false],
      [np.add(U32, 2.5), "float32", true],
      [np.add(F16, 2), "float16", false],
      [np.add(F16, 2.5), "float16", false],
      [np.add(F16, F32), "float32", false],
      [np.add(F16, I32), "float16", false],
      [np.add(F16, U32), "float16", false],
      [np.add(B, 1), "int32", true],
      [np.add(B, 1.5), "float32", true],
      [np.add(B, I32), "int32", false],
      [np.add(B, B), "bool", false],
      [np.add(2, 3), "int32", true],
      [np.add(2, 3.5), "float32", true],
      [np.multiply(F32, I32), "float32", false],
      [np.divide(I32, I32), "float32", false],
      [np.divide(I32, 2), "float32", false],
      [np.divide(F16, 2), "float16", false],
      [np.divide(1, 2), "float32", true],
      [np.exp(I32), "float32", false],
      [np.exp(F16), "float16", false],
      [np.sqrt(B), "float32", false],
      [np.arctan2(F16, I32), "float16", false],
      [np.maximum(U32, I32), "int32", false],
      [np.floorDivide(U32, 2), "uint32", false],
      [np.mod(I32, 2.5), "float32", true],
      [np.power(I32, 2), "int32", false],
      [np.power(I32, 0.5), "float32", true],
      [np.bitwiseAnd(U32, 1), "uint32", false],
      [np.equal(I32, 2.5), "bool", false],
      [np.isnan(F16), "bool", false],
      [np.where(B, I32, U32), "int32", false],
      [np.where(B, F16, 1), "float16", false],
      [np.hypot(I32, I32), "float32", false],
      [np.reciprocal(U32), "float32", false],
      [np.sign(U32), "uint32", false],
      [np.round(F16, 1), "float16", false],
    ];
    for (const [i, [x, dtype, weak]] of cases.entries()) {
      expect(x.dtype, `case ${i}`).toBe(dtype);
      expect(x.weakType, `weak type of case ${i}`).toBe(weak);
    }
    await expectEqual(np.add(I32, U32), [2]);
    await expectEqual(np.add(2, 3), 5, "int32");
    expect(np.add(2, 3).device).toBe(device);
  });

  test("float16 arithmetic rounds to float16 and overflows at 65520", async () => {
    await expectEqual(
      np.add(f16([1, 2.5, 60000, -60000]), f16([0.0009765625, 0.5, 10000, -10000])),
      [1.0009765625, 3, Infinity, -Infinity],
      "float16",
    );
    await expectEqual(np.add(f16([1]), 0.1), [1.099609375], "float16");
    await expectEqual(np.divide(f16([1, 1, 0]), f16([3, 0, 0])), [0.333251953125, Infinity, NaN], "float16");
    await expectEqual(np.multiply(f16([300, 0.1]), f16([300, 3])), [Infinity, 0.2998046875], "float16");
    await expectEqual(np.subtract(f16([2048]), 1), [2047], "float16");
    await expectEqual(np.add(f16([2048]), 1), [2048], "float16");
    await expectEqual(np.add(f16([1]), np.array([0.0001])), [f32(1.0001)], "float32");
    // JS numbers round to float16 once, from their exact value (no false ties via float32).
    await expectEqual(
      f16([1 + 2 ** -11 + 1e-9, 1 + 2 ** -11, 65519.99, -65519.99, 65520, 2 ** -25 + 1e-12, 2 ** -25]),
      [1.0009765625, 1, 65504, -65504, Infinity, 2 ** -24, 0],
      "float16",
    );
    await expectEqual(np.add(f16([0, 1]), 1 + 2 ** -11 + 1e-9), [1.0009765625, 2], "float16");
  });

  test("empty and 0-d arrays", async () => {
    const e = np.add(np.zeros([0]), 1);
    expect(e.shape).toEqual([0]);
    await expectEqual(e, []);
    const e2 = np.exp(np.zeros([0, 3]));
    expect(e2.shape).toEqual([0, 3]);
    expect(await e2.toArray()).toEqual([]);
    expect(np.add(np.zeros([0, 1]), np.zeros([3])).shape).toEqual([0, 3]);
    expect(np.maximum(i32([]), 1).dtype).toBe("int32");
    expect(np.less(np.zeros([2, 0]), 1).shape).toEqual([2, 0]);
    const z = np.exp(np.array(0.5));
    expect(z.shape).toEqual([]);
    await expectClose(z, Math.exp(0.5), { dtype: "float32" });
    await expectEqual(np.maximum(i32(3), 5), 5, "int32");
    await expectEqual(np.add(np.array(2), np.array([[1], [2]])), [[3], [4]]);
    await expectEqual(np.where(np.array(true), np.array(1), np.array(2)), 1);
  });

  test("broadcasting errors name the op", () => {
    expect(() => np.add(np.zeros([2]), np.zeros([3]))).toThrow(ShapeError);
    expect(() => np.add(np.zeros([2]), np.zeros([3]))).toThrow(/np\.add: shapes .* cannot be broadcast together/);
    expect(() => np.arctan2(np.zeros([2, 2]), np.zeros([3]))).toThrow(/np\.arctan2: shapes/);
    expect(() => np.where(np.zeros([4]), np.zeros([2]), 1)).toThrow(/np\.where/);
  });

  test("large arrays (100k elements) match a JS loop", async () => {
    const n = 100_000;
    const x = randomValues(n, 50, -100, 100);
    const y = randomValues(n, 51, 0.5, 50);
    const X = np.array(x);
    const Y = np.array(y);
    await expectLoop(np.add(X, Y), (i) => f32(x[i]! + y[i]!));
    await expectLoop(np.multiply(X, Y), (i) => f32(x[i]! * y[i]!));
    await expectLoop(np.exp(np.divide(X, 10)), (i) => f32(Math.exp(f32(x[i]! / 10))), 1e-6);
    await expectLoop(np.mod(X, Y), (i) => {
      const r = x[i]! % y[i]!;
      return r < 0 ? f32(r + y[i]!) : r;
    });
    await expectLoop(np.where(X.gt(0), X, Y), (i) => (x[i]! > 0 ? x[i]! : y[i]!));
    await expectLoop(np.maximum(X, np.negative(Y)), (i) => Math.max(x[i]!, -y[i]!));
    const xi = x.map((v) => Math.round(v * 1e7));
    const yi = y.map((v, i) => (i % 7 === 0 ? -1 : 1) * Math.round(v * 3));
    const XI = i32(xi);
    const YI = i32(yi);
    await expectLoop(np.floorDivide(XI, YI), (i) => Math.floor(xi[i]! / yi[i]!));
    await expectLoop(np.multiply(XI, YI), (i) => Math.imul(xi[i]!, yi[i]!));
    const big = np.add(np.array(x).reshape(1000, 100), np.arange(100));
    await expectLoop(big, (i) => f32(x[i]! + (i % 100)));
  });

  // ------------------------------------------------------------------------------------------
  // Array methods and errors

  test("Array methods call the numpy functions", async () => {
    const x = np.array([[1, -2], [3, 4]]);
    await expectEqual(x.add(1), [[2, -1], [4, 5]]);
    await expectEqual(x.sub(1), [[0, -3], [2, 3]]);
    await expectEqual(x.mul(np.array([2, 3])), [[2, -6], [6, 12]]);
    await expectEqual(x.div(2), [[0.5, -1], [1.5, 2]]);
    await expectEqual(x.floorDiv(3), [[0, -1], [1, 1]]);
    await expectEqual(x.mod(3), [[1, 1], [0, 1]]);
    await expectEqual(x.pow(2), [[1, 4], [9, 16]]);
    await expectEqual(x.neg(), [[-1, 2], [-3, -4]]);
    await expectEqual(x.abs(), [[1, 2], [3, 4]]);
    await expectEqual(x.square(), [[1, 4], [9, 16]]);
    await expectClose(x.abs().sqrt(), [[1, Math.SQRT2], [Math.sqrt(3), 2]], { rtol: 2e-7 });
    await expectClose(x.exp(), [[Math.E, Math.exp(-2)], [Math.exp(3), Math.exp(4)]], { rtol: 1e-6 });
    await expectClose(x.log(), [[0, NaN], [Math.log(3), Math.log(4)]], { rtol: 1e-6 });
    await expectEqual(x.maximum(0), [[1, 0], [3, 4]]);
    await expectEqual(x.minimum(0), [[0, -2], [0, 0]]);
    await expectEqual(x.clip(0, 3), [[1, 0], [3, 3]]);
    await expectEqual(np.array([0.5, 1.5, 1.26]).round(), [0, 2, 1]);
    await expectClose(np.array([1.26]).round(1), [1.3], { rtol: 1e-7 });
    await expectEqual(x.eq(3), [[false, false], [true, false]]);
    await expectEqual(x.ne(3), [[true, true], [false, true]]);
    await expectEqual(x.lt(3), [[true, true], [false, false]]);
    await expectEqual(x.le(3), [[true, true], [true, false]]);
    await expectEqual(x.gt(3), [[false, false], [false, true]]);
    await expectEqual(x.ge(3), [[false, false], [true, true]]);
    const k = i32([12, 5]);
    await expectEqual(k.and(6), [4, 4], "int32");
    await expectEqual(k.or(1), [13, 5], "int32");
    await expectEqual(k.not(), [-13, -6], "int32");
    await expectEqual(b([true, false]).not(), [false, true], "bool");
    await expectEqual(x.astype("int32"), [[1, -2], [3, 4]], "int32");
  });

  test("wrong dtypes throw errors that name the op", () => {
    const F = np.array([1.5]);
    const B = b([true]);
    const I = i32([1]);
    expect(() => np.bitwiseAnd(F, 1)).toThrow(DTypeError);
    expect(() => np.bitwiseAnd(F, 1)).toThrow(/np\.bitwiseAnd: needs integer or bool operands, got float32/);
    expect(() => np.bitwiseOr(f16([1]), I)).toThrow(/np\.bitwiseOr: needs integer or bool operands, got float16/);
    expect(() => np.bitwiseXor(I, 0.5)).toThrow(/np\.bitwiseXor: .*got float32/);
    expect(() => np.bitwiseNot(F)).toThrow(/np\.bitwiseNot: needs integer or bool operands, got float32/);
    expect(() => np.leftShift(B, B)).toThrow(/np\.leftShift: needs integer operands, got bool/);
    expect(() => np.rightShift(B, B)).toThrow(/np\.rightShift: needs integer operands, got bool/);
    expect(() => np.rightShift(F, 1)).toThrow(/np\.rightShift: needs integer operands, got float32/);
    expect(() => np.bitwiseCount(B)).toThrow(/np\.bitwiseCount: needs integer operands, got bool/);
    expect(() => np.bitwiseCount(F)).toThrow(/np\.bitwiseCount: .*float32/);
    expect(() => F.and(1)).toThrow(/np\.bitwiseAnd/);
    expect(() => F.not()).toThrow(/np\.bitwiseNot/);
    expect(() => np.subtract(B, B)).toThrow(DTypeError);
    expect(() => np.subtract(B, B)).toThrow(/np\.subtract: not defined for bool arrays/);
    expect(() => np.subtract(B, true)).toThrow(/np\.subtract: not defined for bool/);
    expect(() => B.sub(B)).toThrow(/np\.subtract/);
    expect(() => np.negative(B)).toThrow(/np\.negative: not defined for bool/);
    expect(() => np.sign(B)).toThrow(/np\.sign: not defined for bool/);
    expect(() => np.floorDivide(B, B)).toThrow(/np\.floorDivide: not defined for bool/);
    expect(() => np.mod(B, B)).toThrow(/np\.mod: not defined for bool/);
    expect(() => np.fmod(B, B)).toThrow(/np\.fmod: not defined for bool/);
    expect(() => np.square(B)).toThrow(/np\.square: not defined for bool/);
    expect(() => np.power(B, 2)).toThrow(/np\.power: not defined for bool/);
    expect(() => np.power(B, B)).toThrow(/np\.power: not defined for bool/);
    expect(() => np.power(B, -1)).toThrow(/np\.power: not defined for bool/);
    expect(() => np.power(B, 100)).toThrow(/np\.power: not defined for bool/);
    expect(() => np.round(B, -1)).toThrow(/np\.round: not defined for bool/);
  });

  test("bad operands throw errors that name the op", () => {
    expect(() => np.add(np.array([1]), "a" as unknown as number)).toThrow(TypeError);
    expect(() => np.add(np.array([1]), "a" as unknown as number)).toThrow(
      /np\.add: expected an Array, a number or a boolean, got string a/,
    );
    expect(() => np.exp([1, 2] as unknown as number)).toThrow(/np\.exp: .*JS list of length 2/);
    expect(() => np.add(u32([1]), -1)).toThrow(/np\.add: the JS number -1 does not fit in uint32/);
    expect(() => np.add(i32([1]), 3e9)).toThrow(/np\.add: the JS number 3000000000 does not fit in int32/);
    expect(() => np.maximum(i32([1]), 2 ** 31)).toThrow(/np\.maximum: .*does not fit in int32/);
  });

  test("aliases are the same functions", () => {
    expect(np.trueDivide).toBe(np.divide);
    expect(np.remainder).toBe(np.mod);
    expect(np.absolute).toBe(np.abs);
    expect(np.around).toBe(np.round);
    expect(np.invert).toBe(np.bitwiseNot);
  });
});

// (divmod: index-modes.test.ts, against JAX)
test("every function of elementwise.ts has tests here", () => {
  const tested = [
    "abs", "absolute", "add", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh", "around",
    "astype", "bitwiseAnd", "bitwiseCount", "bitwiseNot", "bitwiseOr", "bitwiseXor", "cbrt", "ceil", "clip", "cos",
    "cosh", "divide", "divmod", "equal", "exp", "exp2", "expm1", "floor", "floorDivide", "fmod", "greater", "greaterEqual",
    "hypot", "invert", "isfinite", "isinf", "isnan", "leftShift", "less", "lessEqual", "log", "log10", "log1p",
    "log2", "logicalAnd", "logicalNot", "logicalOr", "logicalXor", "maximum", "minimum", "mod", "multiply",
    "negative", "notEqual", "positive", "power", "reciprocal", "remainder", "rightShift", "rint", "round", "rsqrt",
    "sign", "sin", "sinh", "sqrt", "square", "subtract", "tan", "tanh", "trueDivide", "trunc", "where",
  ];
  expect(Object.keys(elementwise).sort()).toEqual(tested.sort());
  expect(Object.keys(UNARY).every((k) => k in elementwise)).toBe(true);
});
