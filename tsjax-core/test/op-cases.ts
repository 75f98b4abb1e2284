/**
 * The operations every transformation test covers: each lax primitive and np library function,
 * with arguments at points where it is differentiable (away from kinks, ties and domain edges).
 * The gradient tests check them with `checkGrads`; the vmap tests compare batched and looped
 * results on the same cases.
 */
import { type Array, lax, np } from "../src/index.js";
import { type Cases, distinct, f32, i32, rand } from "./case-arrays.js";

// ---------------------------------------------------------------------------------------------
// lax primitives

export const UNARY: Cases = {
  neg: [lax.neg, () => [rand([4], 1)]],
  abs: [lax.abs, () => [f32([-1.3, -0.4, 0.6, 1.7])]],
  sign: [(x) => lax.sign(x).mul(x), () => [f32([-1.3, -0.4, 0.6, 1.7])]],
  floor: [(x) => lax.floor(x).mul(x), () => [f32([-1.3, -0.4, 0.2, 1.7])]],
  ceil: [(x) => lax.ceil(x).mul(x), () => [f32([-1.3, -0.4, 0.2, 1.7])]],
  round: [(x) => lax.round(x).mul(x), () => [f32([-1.3, -0.4, 0.2, 1.7])]],
  trunc: [(x) => np.trunc(x).mul(x), () => [f32([-1.3, -0.4, 0.2, 1.7])]],
  exp: [lax.exp, () => [rand([4], 2, -1.5, 1.5)]],
  exp2: [lax.exp2, () => [rand([4], 3, -1.5, 1.5)]],
  log: [lax.log, () => [rand([4], 4, 0.5, 2)]],
  log2: [np.log2, () => [rand([4], 5, 0.5, 2)]],
  log1p: [lax.log1p, () => [rand([4], 6, -0.4, 2)]],
  expm1: [lax.expm1, () => [rand([4], 7, -1.5, 1.5)]],
  sqrt: [lax.sqrt, () => [rand([4], 8, 0.5, 2)]],
  rsqrt: [lax.rsqrt, () => [rand([4], 9, 0.5, 2)]],
  cbrt: [lax.cbrt, () => [f32([-1.7, -0.6, 0.5, 1.9])]],
  sin: [lax.sin, () => [rand([4], 10, -2, 2)]],
  cos: [lax.cos, () => [rand([4], 11, -2, 2)]],
  tan: [lax.tan, () => [rand([4], 12, -1, 1)]],
  asin: [lax.asin, () => [rand([4], 13, -0.7, 0.7)]],
  acos: [lax.acos, () => [rand([4], 14, -0.7, 0.7)]],
  atan: [lax.atan, () => [rand([4], 15, -2, 2)]],
  sinh: [lax.sinh, () => [rand([4], 16, -1.5, 1.5)]],
  cosh: [lax.cosh, () => [rand([4], 17, -1.5, 1.5)]],
  tanh: [lax.tanh, () => [rand([4], 18, -1.5, 1.5)]],
  asinh: [lax.asinh, () => [rand([4], 19, -2, 2)]],
  acosh: [lax.acosh, () => [rand([4], 20, 1.3, 3)]],
  atanh: [lax.atanh, () => [rand([4], 21, -0.7, 0.7)]],
  logistic: [lax.logistic, () => [rand([4], 22, -3, 3)]],
};

export const BINARY: Cases = {
  add: [lax.add, () => [rand([2, 3], 1), rand([2, 3], 2)]],
  sub: [lax.sub, () => [rand([2, 3], 3), rand([2, 3], 4)]],
  mul: [lax.mul, () => [rand([2, 3], 5), rand([2, 3], 6)]],
  div: [lax.div, () => [rand([2, 3], 7), rand([2, 3], 8, 0.5, 2)]],
  rem: [lax.rem, () => [f32([2.5, -1.7, 0.3, 3.4]), f32([1.1, 0.9, 0.7, 1.3])]],
  pow: [lax.pow, () => [rand([4], 9, 0.5, 2), rand([4], 10, -1.5, 1.5)]],
  max: [lax.max, () => [distinct([2, 3], 11), distinct([2, 3], 12).add(0.1)]],
  min: [lax.min, () => [distinct([2, 3], 13), distinct([2, 3], 14).add(0.1)]],
  atan2: [lax.atan2, () => [rand([4], 15, 0.3, 2), rand([4], 16, -2, 2)]],
  // the same operand on both sides
  "mul(x, x)": [(x) => lax.mul(x, x), () => [rand([3], 17)]],
  "div(x, x + 2)": [(x) => lax.div(x, lax.add(x, np.fullLike(x, 2))), () => [rand([3], 18)]],
};

export const OTHER_ELEMENTWISE: Cases = {
  select: [(a, b) => lax.select(f32([1, 0, 1, 0]).gt(0), a, b), () => [rand([4], 1), rand([4], 2)]],
  "select(x, x^2)": [(a) => lax.select(a.gt(0), a, lax.mul(a, a)), () => [f32([-0.7, 0.4, -1.2, 0.9])]],
  clamp: [(x) => lax.clamp(np.fullLike(x, -0.5), x, np.fullLike(x, 0.5)), () => [f32([-0.9, -0.2, 0.3, 0.8])]],
  "convert f16 -> f32": [(x) => lax.convertElementType(x, "float32").mul(lax.convertElementType(x, "float32")), () => [rand([4], 3).astype("float16")]],
  "convert f32 -> f16 -> f32": [(x) => lax.convertElementType(lax.convertElementType(x, "float16"), "float32"), () => [f32([0.5, -1.25, 2, 0.75])], { eps: 0.125 }],
  "convert f32 -> i32 (no tangent)": [(x) => x.mul(lax.convertElementType(lax.convertElementType(x, "int32"), "float32")), () => [f32([-1.3, 0.4, 2.6, 1.2])]],
  "integer_pow 0": [(x) => lax.integerPow(x, 0), () => [rand([4], 4)]],
  "integer_pow 1": [(x) => lax.integerPow(x, 1), () => [rand([4], 5)]],
  "integer_pow 2": [(x) => lax.integerPow(x, 2), () => [rand([4], 6)]],
  "integer_pow 3": [(x) => lax.integerPow(x, 3), () => [rand([4], 7)]],
  "integer_pow 5": [(x) => lax.integerPow(x, 5), () => [rand([4], 8)]],
  "integer_pow -2": [(x) => lax.integerPow(x, -2), () => [rand([4], 9, 0.6, 2)]],
  "integer_pow -1": [(x) => lax.integerPow(x, -1), () => [rand([4], 10, 0.6, 2)]],
};

export const STRUCTURAL: Cases = {
  "broadcast_in_dim [3] -> [2,3,4]": [(x) => lax.broadcastInDim(x, [2, 3, 4], [1]), () => [rand([3], 1)]],
  "broadcast_in_dim [1,3] -> [2,3]": [(x) => lax.broadcastInDim(x, [2, 3], [0, 1]), () => [rand([1, 3], 2)]],
  "broadcast_in_dim scalar": [(x) => lax.broadcastInDim(x, [2, 2], []), () => [f32(0.7)]],
  reshape: [(x) => lax.reshape(x, [3, 2]), () => [rand([2, 3], 3)]],
  "reshape of a transpose": [(x) => lax.reshape(lax.transpose(x, [1, 0]), [6]), () => [rand([2, 3], 4)]],
  transpose: [(x) => lax.transpose(x, [2, 0, 1]), () => [rand([2, 3, 4], 5)]],
  "slice with strides": [(x) => lax.slice(x, [1, 0], [5, 6], [2, 3]), () => [rand([5, 6], 6)]],
  "slice empty": [(x) => lax.slice(x, [1, 0], [1, 2]).sum(), () => [rand([3, 2], 7)]],
  rev: [(x) => lax.rev(x, [0, 1]), () => [rand([3, 4], 8)]],
  "rev axis 1": [(x) => lax.rev(x, [1]), () => [rand([3, 4], 9)]],
  "pad interior": [(x, v) => lax.pad(x, v, [[1, 2, 1], [0, 1, 2]]), () => [rand([3, 2], 10), f32(0.3)]],
  "pad negative": [(x, v) => lax.pad(x, v, [[-1, 2, 0], [1, -2, 1]]), () => [rand([4, 3], 11), f32(-0.2)]],
  "pad negative with interior": [(x, v) => lax.pad(x, v, [[-2, -1, 2]]), () => [rand([4], 12), f32(0.5)]],
  concatenate: [(a, b, c) => lax.concatenate([a, b, c], 1), () => [rand([2, 1], 13), rand([2, 3], 14), rand([2, 2], 15)]],
  "concatenate same operand": [(a) => lax.concatenate([a, a], 0), () => [rand([2, 2], 16)]],
  dynamic_slice: [(x) => lax.dynamicSlice(x, [i32(1), i32(2)], [2, 2]), () => [rand([4, 5], 17)]],
  "dynamic_slice clamped": [(x) => lax.dynamicSlice(x, [i32(3), i32(-9)], [2, 3]), () => [rand([4, 5], 18)]],
  dynamic_update_slice: [(x, u) => lax.dynamicUpdateSlice(x, u, [i32(1), i32(2)]), () => [rand([4, 5], 19), rand([2, 2], 20)]],
  "dynamic_update_slice clamped": [(x, u) => lax.dynamicUpdateSlice(x, u, [i32(7), i32(0)]), () => [rand([4, 5], 21), rand([2, 3], 22)]],
};

export const GATHER_SCATTER: Cases = {
  "gather clip rows": [(x) => lax.gather(x, i32([[1], [4], [7], [-2], [1]]), [0]), () => [rand([5, 3], 1)]],
  "gather fill": [(x) => lax.gather(x, i32([[1], [5], [-1], [3]]), [0], { mode: "fill", fillValue: 2 }), () => [rand([4, 3], 2)]],
  "gather 2 axes": [(x) => lax.gather(x, i32([[[0, 1], [2, 2]], [[1, 0], [0, 1]]]), [0, 2]), () => [rand([3, 2, 3], 3)]],
  "gather axis 1": [(x) => lax.gather(x, i32([[2], [0], [2]]), [1]), () => [rand([2, 3], 4)]],
  "scatter add (duplicates)": [(x, u) => lax.scatter(x, i32([[1], [3], [1]]), u, [0], "add"), () => [rand([4, 2], 5), rand([3, 2], 6)]],
  "scatter add (out of range dropped)": [(x, u) => lax.scatter(x, i32([[1], [9]]), u, [0], "add"), () => [rand([4, 2], 7), rand([2, 2], 8)]],
  "scatter set": [(x, u) => lax.scatter(x, i32([[2], [0]]), u, [0], "set"), () => [rand([4, 2], 9), rand([2, 2], 10)]],
  "scatter mul": [(x, u) => lax.scatter(x, i32([[2], [0]]), u, [0], "mul"), () => [rand([4, 2], 11), rand([2, 2], 12)]],
  "scatter max": [(x, u) => lax.scatter(x, i32([[2], [0], [3]]), u, [0], "max"), () => [distinct([4, 2], 13), distinct([3, 2], 14).add(0.1)]],
  "scatter min": [(x, u) => lax.scatter(x, i32([[2], [0], [3]]), u, [0], "min"), () => [distinct([4, 2], 15), distinct([3, 2], 16).add(0.1)]],
  "scatter 2 axes": [(x, u) => lax.scatter(x, i32([[0, 1], [1, 0]]), u, [0, 1], "add"), () => [rand([2, 2, 3], 17), rand([2, 3], 18)]],
};

export const REDUCTIONS: Cases = {
  "reduce_sum [0,2]": [(x) => lax.reduceSum(x, [0, 2]), () => [rand([2, 3, 2], 1)]],
  "reduce_sum all": [(x) => lax.reduceSum(x, [0, 1]), () => [rand([2, 3], 2)]],
  "reduce_prod": [(x) => lax.reduceProd(x, [1]), () => [rand([2, 4], 3, 0.5, 1.5)]],
  "reduce_prod one zero": [(x) => lax.reduceProd(x, [0]), () => [f32([0.7, 0, 1.3, -0.9])]],
  "reduce_prod two zeros": [(x) => lax.reduceProd(x, [1]), () => [f32([0, 1.2, 0, -0.8, 0.5, 1.1], [2, 3])]],
  "reduce_prod [0,2]": [(x) => lax.reduceProd(x, [0, 2]), () => [rand([2, 2, 2], 4, 0.5, 1.5)]],
  "reduce_max": [(x) => lax.reduceMax(x, [1]), () => [distinct([3, 4], 5)]],
  "reduce_min": [(x) => lax.reduceMin(x, [0, 1]), () => [distinct([3, 4], 6)]],
  cumsum: [(x) => lax.cumsum(x, 1), () => [rand([2, 4], 7)]],
  "cumsum reverse": [(x) => lax.cumsum(x, 0, { reverse: true }), () => [rand([3, 2], 8)]],
  cumprod: [(x) => lax.cumprod(x, 1), () => [rand([2, 4], 9, 0.5, 1.5)]],
  "cumprod with zeros": [(x) => lax.cumprod(x, 0), () => [f32([0.7, 0, 1.3, 0, -0.9])]],
  "cumprod reverse": [(x) => lax.cumprod(x, 0, { reverse: true }), () => [f32([1.2, 0, 0.8, -1.1])]],
  cummax: [(x) => lax.cummax(x, 1), () => [distinct([2, 5], 10)]],
  "cummax reverse": [(x) => lax.cummax(x, 0, { reverse: true }), () => [distinct([5, 2], 11)]],
  cummin: [(x) => lax.cummin(x, 0), () => [distinct([5, 2], 12)]],
  "cummin reverse": [(x) => lax.cummin(x, 1, { reverse: true }), () => [distinct([2, 5], 13)]],
  "argmax (no gradient)": [(x) => x.mul(lax.convertElementType(lax.argmax(x, 0), "float32")), () => [distinct([4], 14)]],
  "sort axis 0": [(x) => lax.sort(x, 0), () => [distinct([4, 3], 15)]],
  "sort axis 1": [(x) => lax.sort(x, 1), () => [distinct([3, 4], 16)]],
  "sort permutation (no gradient)": [(x) => lax.sortWithIndices(x, 0)[1].astype("float32").mul(x), () => [distinct([4], 17)]],
};

const dg = (c: [number[], number[]], b: [number[], number[]] = [[], []]) => ({ contracting: c, batch: b });
export const DOT: Cases = {
  matmul: [(a, b) => lax.dotGeneral(a, b, dg([[1], [0]])), () => [rand([2, 3], 1), rand([3, 4], 2)]],
  "batched (leading)": [(a, b) => lax.dotGeneral(a, b, dg([[2], [1]], [[0], [0]])), () => [rand([2, 3, 4], 3), rand([2, 4, 2], 4)]],
  "batch axes not leading": [(a, b) => lax.dotGeneral(a, b, dg([[2], [0]], [[1], [1]])), () => [rand([3, 2, 4], 5), rand([4, 2], 6)]],
  "two contracting axes, unsorted": [(a, b) => lax.dotGeneral(a, b, dg([[2, 0], [0, 2]])), () => [rand([3, 2, 4], 7), rand([4, 2, 3], 8)]],
  "outer (no contraction)": [(a, b) => lax.dotGeneral(a, b, dg([[], []])), () => [rand([3], 9), rand([2], 10)]],
  "vector dot": [(a, b) => lax.dotGeneral(a, b, dg([[0], [0]])), () => [rand([4], 11), rand([4], 12)]],
  "x^T x (same operand)": [(a) => lax.dotGeneral(a, a, dg([[0], [0]])), () => [rand([3, 2], 13)]],
};

interface ConvCase {
  lhs: number[];
  rhs: number[];
  strides: number[];
  padding: [number, number][] | "SAME" | "VALID";
  opts?: Parameters<typeof lax.convGeneralDilated>[4];
}
const CONVS: Record<string, ConvCase> = {
  "1d": { lhs: [2, 2, 6], rhs: [3, 2, 3], strides: [1], padding: "VALID" },
  "2d strides + padding": { lhs: [1, 2, 5, 5], rhs: [2, 2, 3, 2], strides: [2, 1], padding: [[1, 0], [2, 1]] },
  "2d dilations": { lhs: [1, 1, 4, 5], rhs: [2, 1, 2, 2], strides: [1, 2], padding: [[1, 1], [0, 2]], opts: { lhsDilation: [2, 1], rhsDilation: [1, 2] } },
  "feature groups": { lhs: [2, 4, 4], rhs: [6, 2, 2], strides: [1], padding: "SAME", opts: { featureGroupCount: 2 } },
  "batch groups": { lhs: [4, 3, 5], rhs: [4, 3, 2], strides: [2], padding: [[1, 1]], opts: { batchGroupCount: 2 } },
  "NHWC / HWIO": { lhs: [1, 4, 3, 2], rhs: [2, 2, 2, 3], strides: [1, 1], padding: "SAME", opts: { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] } },
};
export const CONV: Cases = Object.fromEntries(
  Object.entries(CONVS).map(([name, c], k) => [
    `conv ${name}`,
    [(l: Array, r: Array) => lax.convGeneralDilated(l, r, c.strides, c.padding, c.opts), () => [rand(c.lhs, 2 * k + 1), rand(c.rhs, 2 * k + 2)]],
  ]),
);

export const WINDOW: Cases = {
  "sum pool": [(x) => lax.reduceWindow(x, "sum", [2, 2], [1, 1], "VALID"), () => [rand([3, 4], 1)]],
  "sum strides + padding": [(x) => lax.reduceWindow(x, "sum", [2, 3], [2, 1], [[1, 0], [1, 1]]), () => [rand([4, 4], 2)]],
  "sum dilations": [(x) => lax.reduceWindow(x, "sum", [2, 2], [1, 2], [[0, 1], [1, 0]], { baseDilation: [2, 1], windowDilation: [1, 2] }), () => [rand([3, 5], 3)]],
  "max pool": [(x) => lax.reduceWindow(x, "max", [2, 2], [2, 2], "VALID"), () => [distinct([4, 4], 4)]],
  "max overlapping + padding": [(x) => lax.reduceWindow(x, "max", [3], [1], "SAME"), () => [distinct([6], 5)]],
  "max dilations": [(x) => lax.reduceWindow(x, "max", [2, 2], [1, 1], [[1, 0], [0, 1]], { baseDilation: [1, 2], windowDilation: [2, 1] }), () => [distinct([4, 3], 6)]],
  "min pool": [(x) => lax.reduceWindow(x, "min", [2, 1], [1, 1], [[0, 1], [0, 0]]), () => [distinct([3, 3], 7)]],
  "max 3x3 stride 2 (overlapping windows) + padding": [(x) => lax.reduceWindow(x, "max", [3, 3], [2, 2], [[1, 1], [1, 0]]), () => [distinct([5, 6], 9)]],
  "avg pool": [(x) => lax.reduceWindow(x, "avg", [2, 2], [1, 1], "SAME"), () => [rand([3, 3], 8)]],
};

// ---------------------------------------------------------------------------------------------
// np library

const POS = (seed: number, shape = [2, 3]) => rand(shape, seed, 0.5, 2);

export const NP_ELEMENTWISE: Cases = {
  "add (broadcast)": [np.add, () => [rand([2, 3], 1), rand([3], 2)]],
  "subtract (broadcast both)": [np.subtract, () => [rand([2, 1], 3), rand([1, 3], 4)]],
  "multiply (scalar array)": [np.multiply, () => [rand([2, 3], 5), f32(0.7)]],
  "divide (broadcast)": [np.divide, () => [rand([2, 3], 6), POS(7, [2, 1])]],
  trueDivide: [np.trueDivide, () => [rand([3], 8), POS(9, [3])]],
  "power (broadcast)": [np.power, () => [POS(10), rand([3], 11)]],
  "x.pow(3) (weak scalar)": [(x) => x.pow(3), () => [rand([4], 12)]],
  "x.pow(0.5)": [(x) => x.pow(0.5), () => [POS(13, [4])]],
  "x * 2 + 1": [(x) => x.mul(2).add(1), () => [rand([4], 14)]],
  "1 / x": [(x) => np.divide(1, x), () => [POS(15, [4])]],
  "mod, remainder, fmod": [(x, y) => np.stack([np.mod(x, y), np.remainder(x, y), np.fmod(x, y)]), () => [f32([2.5, -1.7, 0.3, 3.4]), f32([1.1, 0.9, 0.7, 1.3])]],
  "floorDivide (no gradient)": [(x, y) => np.floorDivide(x, y).mul(x), () => [f32([2.5, -1.7, 0.3, 3.4]), f32([1.1, 0.9, 0.7, 1.3])]],
  "negative, positive, abs, absolute": [(x) => np.stack([np.negative(x), np.positive(x), np.abs(x), np.absolute(x)]), () => [f32([-1.3, -0.4, 0.6, 1.7])]],
  "sign, floor, ceil, trunc, rint, round": [
    (x) => np.stack([np.sign(x), np.floor(x), np.ceil(x), np.trunc(x), np.rint(x), np.round(x, 1)]).mul(x),
    () => [f32([-1.33, -0.42, 0.61, 1.77])],
  ],
  "exp, exp2, expm1": [(x) => np.stack([np.exp(x), np.exp2(x), np.expm1(x)]), () => [rand([4], 16, -1.5, 1.5)]],
  "log, log2, log10, log1p": [(x) => np.stack([np.log(x), np.log2(x), np.log10(x), np.log1p(x)]), () => [POS(17, [4])]],
  "sqrt, rsqrt, cbrt, square, reciprocal": [(x) => np.stack([np.sqrt(x), np.rsqrt(x), np.cbrt(x), np.square(x), np.reciprocal(x)]), () => [POS(18, [4])]],
  "sin, cos, tan": [(x) => np.stack([np.sin(x), np.cos(x), np.tan(x)]), () => [rand([4], 19)]],
  "arcsin, arccos, arctan": [(x) => np.stack([np.arcsin(x), np.arccos(x), np.arctan(x)]), () => [rand([4], 20, -0.7, 0.7)]],
  "sinh, cosh, tanh, arcsinh": [(x) => np.stack([np.sinh(x), np.cosh(x), np.tanh(x), np.arcsinh(x)]), () => [rand([4], 21, -1.5, 1.5)]],
  arccosh: [np.arccosh, () => [rand([4], 22, 1.3, 3)]],
  arctanh: [np.arctanh, () => [rand([4], 23, -0.7, 0.7)]],
  "arctan2 (broadcast)": [np.arctan2, () => [rand([2, 3], 24, 0.3, 2), rand([3], 25)]],
  hypot: [np.hypot, () => [rand([4], 26, 0.3, 2), rand([4], 27, -2, -0.3)]],
  "maximum, minimum (broadcast)": [(x, y) => np.stack([np.maximum(x, y), np.minimum(x, y)]), () => [distinct([2, 3], 28), distinct([3], 29).add(0.1)]],
  "clip (scalars)": [(x) => np.clip(x, -0.5, 0.5), () => [f32([-0.9, -0.2, 0.3, 0.8])]],
  "clip (array bounds)": [(x, lo, hi) => np.clip(x, lo, hi), () => [f32([-0.9, -0.2, 0.3, 0.8]), f32([-0.5, -0.5, 0.5, 0.5]).sub(0.1), f32([0.7, 0.7, 0.9, 0.6])]],
  "where (broadcast)": [(a, b) => np.where(np.array([true, false, true]), a, b), () => [rand([2, 3], 30), rand([2, 1], 31)]],
  "where (scalar branch)": [(a) => np.where(a.gt(0), a, 0), () => [f32([-0.7, 0.4, -1.2, 0.9])]],
  "astype f16 round trip": [(x) => np.astype(x, "float16").astype("float32").mul(x), () => [f32([0.5, -1.25, 2, 0.75])], { eps: 0.125 }],
};

export const NP_REDUCTIONS: Cases = {
  "sum all": [(x) => np.sum(x), () => [rand([2, 3], 1)]],
  "sum axis -1 keepdims": [(x) => np.sum(x, -1, { keepdims: true }), () => [rand([2, 3], 2)]],
  "sum axes [0,2]": [(x) => x.sum({ axis: [0, 2] }), () => [rand([2, 2, 3], 3)]],
  "prod axis 0": [(x) => np.prod(x, 0), () => [rand([3, 2], 4, 0.5, 1.5)]],
  "prod with a zero": [(x) => np.prod(x), () => [f32([0.5, 0, 1.5, -1.2])]],
  "max, min, amax, amin": [(x) => np.stack([np.max(x, 1), np.min(x, 1), np.amax(x, 1), np.amin(x, 1)]), () => [distinct([2, 4], 5)]],
  "max keepdims": [(x) => np.max(x, 0, { keepdims: true }), () => [distinct([3, 2], 6)]],
  "mean axis 1": [(x) => np.mean(x, 1), () => [rand([2, 3], 7)]],
  "mean all": [(x) => x.mean(), () => [rand([2, 3], 8)]],
  "var": [(x) => np.var_(x, 1), () => [rand([2, 4], 9)]],
  "std ddof 1": [(x) => np.std(x, { axis: 0, ddof: 1 }), () => [rand([4, 2], 10)]],
  "cumsum, cumprod": [(x) => np.stack([np.cumsum(x, 1), np.cumprod(x, 1)]), () => [rand([2, 4], 11, 0.5, 1.5)]],
  "cumsum flattened": [(x) => np.cumsum(x), () => [rand([2, 3], 12)]],
  "logsumexp by hand": [(x) => x.sub(x.max()).exp().sum().log().add(x.max()), () => [distinct([5], 13)]],
};

export const NP_LINALG: Cases = {
  "matmul 2-D": [np.matmul, () => [rand([2, 3], 1), rand([3, 4], 2)]],
  "matmul batched broadcast": [np.matmul, () => [rand([2, 2, 3], 3), rand([3, 2], 4)]],
  "matmul vector @ matrix": [np.matmul, () => [rand([3], 5), rand([3, 2], 6)]],
  "matmul matrix @ vector": [np.matmul, () => [rand([2, 3], 7), rand([3], 8)]],
  dot: [np.dot, () => [rand([2, 3], 9), rand([3, 2], 10)]],
  "dot nd": [np.dot, () => [rand([2, 3], 11), rand([2, 3, 2], 12)]],
  vdot: [np.vdot, () => [rand([2, 3], 13), rand([2, 3], 14)]],
  inner: [np.inner, () => [rand([2, 3], 15), rand([4, 3], 16)]],
  outer: [np.outer, () => [rand([3], 17), rand([2], 18)]],
  "tensordot axes 1": [(a, b) => np.tensordot(a, b, 1), () => [rand([2, 3], 19), rand([3, 2], 20)]],
  "tensordot explicit axes": [(a, b) => np.tensordot(a, b, [[0, 2], [2, 0]]), () => [rand([3, 2, 4], 21), rand([4, 2, 3], 22)]],
  "einsum ij,jk->ik": [(a, b) => np.einsum("ij,jk->ik", a, b), () => [rand([2, 3], 23), rand([3, 2], 24)]],
  "einsum bij,bjk->bik": [(a, b) => np.einsum("bij,bjk->bik", a, b), () => [rand([2, 2, 3], 25), rand([2, 3, 2], 26)]],
  "einsum ii->i (diagonal)": [(a) => np.einsum("ii->i", a), () => [rand([3, 3], 27)]],
  "einsum ii (trace)": [(a) => np.einsum("ii", a), () => [rand([3, 3], 28)]],
  "einsum ...ij->...ji": [(a) => np.einsum("...ij->...ji", a), () => [rand([2, 2, 3], 29)]],
  "einsum i,i,i": [(a, b, c) => np.einsum("i,i,i", a, b, c), () => [rand([3], 30), rand([3], 31), rand([3], 32)]],
  "quadratic form x^T A x": [(x, a) => np.dot(x, np.matmul(a, x)), () => [rand([3], 33), rand([3, 3], 34)]],
};

export const NP_SHAPES: Cases = {
  "reshape, ravel": [(x) => np.concatenate([np.ravel(x), np.reshape(x, [6]), x.reshape(3, 2).reshape(-1)]), () => [rand([2, 3], 1)]],
  "transpose, T, swapaxes, moveaxis": [
    (x) => np.stack([np.transpose(x, [2, 0, 1]).ravel(), x.T.ravel(), np.swapaxes(x, 0, 2).ravel(), np.moveaxis(x, 0, -1).ravel()]),
    () => [rand([2, 3, 2], 2)],
  ],
  "expandDims, squeeze": [(x) => np.squeeze(np.expandDims(x, [0, 2]), 0), () => [rand([2, 3], 3)]],
  "broadcastTo": [(x) => np.broadcastTo(x, [2, 3, 3]), () => [rand([3, 1], 4)]],
  "broadcastArrays": [(x, y) => { const [a, b] = np.broadcastArrays(x, y); return a!.mul(b!); }, () => [rand([2, 1], 5), rand([3], 6)]],
  concatenate: [(a, b) => np.concatenate([a, b], 1), () => [rand([2, 2], 7), rand([2, 3], 8)]],
  "concatenate axis null": [(a, b) => np.concatenate([a, b], null), () => [rand([2, 2], 9), rand([3], 10)]],
  "stack, hstack, vstack": [(a, b) => np.concatenate([np.stack([a, b], 1).ravel(), np.hstack([a, b]).ravel(), np.vstack([a, b]).ravel()]), () => [rand([2, 2], 11), rand([2, 2], 12)]],
  split: [(x) => np.split(x, [1, 3], 1)[1]!, () => [rand([2, 4], 13)]],
  "split (all parts)": [(x) => { const [a, b] = np.split(x, 2, 0); return a!.mul(b!); }, () => [rand([4, 2], 14)]],
  arraySplit: [(x) => np.arraySplit(x, 3)[2]!, () => [rand([5], 15)]],
  tile: [(x) => np.tile(x, [2, 3]), () => [rand([2, 2], 16)]],
  repeat: [(x) => np.repeat(x, 2, 1), () => [rand([2, 3], 17)]],
  "repeat per element": [(x) => np.repeat(x, [1, 0, 3], 0), () => [rand([3, 2], 18)]],
  flip: [(x) => np.flip(x), () => [rand([2, 3], 19)]],
  roll: [(x) => np.roll(x, [1, -2], [0, 1]), () => [rand([3, 4], 20)]],
  "roll flattened": [(x) => np.roll(x, 4), () => [rand([2, 3], 21)]],
  "pad constant": [(x) => np.pad(x, [[1, 0], [2, 1]], { constantValues: 2 }), () => [rand([2, 2], 22)]],
  "pad edge, reflect, symmetric, wrap": [
    (x) => np.concatenate(["edge", "reflect", "symmetric", "wrap"].map((mode) => np.pad(x, [2, 1], { mode: mode as "edge" }))),
    () => [rand([3], 23)],
  ],
  "triu, tril": [(x) => np.stack([np.triu(x, 1), np.tril(x, -1), np.tril(x)]), () => [rand([3, 3], 24)]],
};

export const NP_INDEXING: Cases = {
  "get int and slices": [(x) => x.get(1, "::-1"), () => [rand([3, 4], 1)]],
  "get strided, newaxis, ellipsis": [(x) => x.get("...", null, "1::2"), () => [rand([2, 5], 2)]],
  "get negative step slice": [(x) => x.get("3:0:-2", ":"), () => [rand([4, 2], 3)]],
  "get index array (repeated)": [(x) => x.get(i32([2, 0, 2, -1])), () => [rand([4, 2], 4)]],
  "get two index arrays": [(x) => x.get(i32([0, 2]), ":", i32([1, 0])), () => [rand([3, 2, 2], 5)]],
  "at.set": [(x, v) => x.at(i32([0, 2])).set(v), () => [rand([4, 2], 6), rand([2, 2], 7)]],
  "at.set slice scalar": [(x) => x.at("1:3").set(0), () => [rand([4], 8)]],
  "at.add (duplicates)": [(x, v) => x.at(i32([1, 1, 3])).add(v), () => [rand([4], 9), rand([3], 10)]],
  "at.subtract": [(x, v) => x.at(1, ":").subtract(v), () => [rand([3, 2], 11), rand([2], 12)]],
  "at.mul": [(x, v) => x.at(i32([0, 2])).mul(v), () => [rand([3], 13), rand([2], 14)]],
  "at.divide": [(x, v) => x.at(i32([0, 2])).divide(v), () => [rand([3], 15), POS(16, [2])]],
  "at.max, at.min": [(x, v) => np.stack([x.at(i32([0, 2])).max(v), x.at(i32([0, 2])).min(v)]), () => [distinct([3], 17), distinct([2], 18).add(0.1)]],
  take: [(x) => np.take(x, i32([2, 0, 2]), 1), () => [rand([2, 3], 19)]],
  "take flattened, out of range fill": [(x) => np.take(x, i32([5, 7, 0]), null, { mode: "fill", fillValue: 0 }), () => [rand([2, 3], 20)]],
  "take clip": [(x) => np.take(x, i32([5, 7, -9]), 0, { mode: "clip" }), () => [rand([3], 21)]],
  takeAlongAxis: [(x) => np.takeAlongAxis(x, i32([[2, 0], [1, 1]]), 1), () => [rand([2, 3], 22)]],
  "sort, descending sort": [(x) => np.stack([np.sort(x, 0), np.sort(x, 0, { descending: true })]), () => [distinct([4, 2], 23)]],
  "sort flattened": [(x) => np.sort(x, null), () => [distinct([2, 3], 24)]],
  "takeAlongAxis(argsort)": [(x) => np.takeAlongAxis(x, np.argsort(x, 1), 1), () => [distinct([2, 4], 25)]],
};
