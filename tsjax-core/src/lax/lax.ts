/**
 * The basic wrappers of `lax` (`index.ts` re-exports them with the other files of this folder,
 * which import them from here). Operands of elementwise functions must already share shape
 * and dtype; use `np` for broadcasting and promotion.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, isIntDType, isSmallIntDType } from "../dtype.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis, shapesEqual } from "../shape.js";
import { bind, bind1 } from "../core/bind.js";
import type { Primitive } from "../core/primitive.js";
import * as E from "../primitives/elementwise.js";
import * as S from "../primitives/structural.js";
import * as Rd from "../primitives/reduce.js";
import { sort as sortP } from "../primitives/sort.js";
import { gather as gatherP, scatter as scatterP } from "../primitives/indexing.js";
import { type ConvDimensionNumbers, convGeneralDilated as convP } from "../primitives/conv.js";
import { reduceWindow as reduceWindowP } from "../primitives/window.js";
import { windowOutputSize } from "../primitives/window-math.js";
import type { ScatterMode } from "../compile/kernel.js";
import { asArray, convert, deviceOf, reshapeTo, scalarLike } from "../numpy/convert.js";
import { divide } from "../numpy/elementwise.js";
import { ones } from "../numpy/creation.js";
import { range } from "../util.js";
import { laxOperands, laxPredicate } from "./operands.js";
import { formatValue } from "../util/format.js";
import { parseDimensionNumbers } from "./conv-dims.js";

type P0 = Primitive<Record<string, never>>;
const un = (p: P0) => (x: ArrayLike): Array => bind1(p, laxOperands(`lax.${p.name}`, [x]), {});
const bin = (p: P0) => (x: ArrayLike, y: ArrayLike): Array => bind1(p, laxOperands(`lax.${p.name}`, [x, y]), {});

/** Elementwise `-x`. @example lax.neg(x) */
export const neg = un(E.unaryPrims.neg);
/** Elementwise |x|. @example lax.abs(x) */
export const abs = un(E.unaryPrims.abs);
/** Elementwise sign. @example lax.sign(x) */
export const sign = un(E.unaryPrims.sign);
/** Elementwise floor. @example lax.floor(x) */
export const floor = un(E.unaryPrims.floor);
/** Elementwise ceil. @example lax.ceil(x) */
export const ceil = un(E.unaryPrims.ceil);
/** e ** x. @example lax.exp(x) */
export const exp = un(E.unaryPrims.exp);
/** 2 ** x. @example lax.exp2(x) */
export const exp2 = un(E.unaryPrims.exp2);
/** Natural log. @example lax.log(x) */
export const log = un(E.unaryPrims.log);
/** log(1 + x). @example lax.log1p(x) */
export const log1p = un(E.unaryPrims.log1p);
/** e ** x - 1. @example lax.expm1(x) */
export const expm1 = un(E.unaryPrims.expm1);
/** Square root. @example lax.sqrt(x) */
export const sqrt = un(E.unaryPrims.sqrt);
/** 1 / sqrt(x). @example lax.rsqrt(x) */
export const rsqrt = un(E.unaryPrims.rsqrt);
/** Cube root. @example lax.cbrt(x) */
export const cbrt = un(E.unaryPrims.cbrt);
/** Sine. @example lax.sin(x) */
export const sin = un(E.unaryPrims.sin);
/** Cosine. @example lax.cos(x) */
export const cos = un(E.unaryPrims.cos);
/** Tangent. @example lax.tan(x) */
export const tan = un(E.unaryPrims.tan);
/** Inverse sine. @example lax.asin(x) */
export const asin = un(E.unaryPrims.asin);
/** Inverse cosine. @example lax.acos(x) */
export const acos = un(E.unaryPrims.acos);
/** Inverse tangent. @example lax.atan(x) */
export const atan = un(E.unaryPrims.atan);
/** Hyperbolic sine. @example lax.sinh(x) */
export const sinh = un(E.unaryPrims.sinh);
/** Hyperbolic cosine. @example lax.cosh(x) */
export const cosh = un(E.unaryPrims.cosh);
/** Hyperbolic tangent. @example lax.tanh(x) */
export const tanh = un(E.unaryPrims.tanh);
/** Inverse hyperbolic sine. @example lax.asinh(x) */
export const asinh = un(E.unaryPrims.asinh);
/** Inverse hyperbolic cosine. @example lax.acosh(x) */
export const acosh = un(E.unaryPrims.acosh);
/** Inverse hyperbolic tangent. @example lax.atanh(x) */
export const atanh = un(E.unaryPrims.atanh);
/** Sigmoid 1 / (1 + e^-x). @example lax.logistic(x) */
export const logistic = un(E.unaryPrims.logistic);
/** Bitwise/logical not. @example lax.not(x) */
export const not = un(E.unaryPrims.not);
/** True where finite. @example lax.isFinite(x) */
export const isFinite = un(E.unaryPrims.is_finite);
/** Set bits per element. @example lax.populationCount(x) */
export const populationCount = un(E.unaryPrims.population_count);
/** Leading zero bits per element. @example lax.clz(x) */
export const clz = un(E.unaryPrims.clz);

/** x + y. @example lax.add(x, y) */
export const add = bin(E.binaryPrims.add);
/** x - y. @example lax.sub(x, y) */
export const sub = bin(E.binaryPrims.sub);
/** x * y. @example lax.mul(x, y) */
export const mul = bin(E.binaryPrims.mul);
/** x / y (integers truncate toward zero; integer division by zero gives 0). @example lax.div(x, y) */
export const div = bin(E.binaryPrims.div);
/**
 * Remainder of truncated division, with the sign of `x` (C's `%`, `lax.rem`). Integer remainder
 * by zero gives `x` (XLA's semantics; `np.mod` and `np.fmod` give 0 there, as numpy does), and
 * `INT_MIN % -1` gives 0; float remainder by zero is NaN.
 *
 * @example
 * lax.rem(np.array([7, -7, 5], { dtype: "int32" }), np.array([3, 3, 0], { dtype: "int32" })); // [1, -1, 5]
 */
export const rem = bin(E.binaryPrims.rem);
/** x ** y. @example lax.pow(x, y) */
export const pow = bin(E.binaryPrims.pow);
/** Elementwise maximum (NaN-propagating). @example lax.max(x, y) */
export const max = bin(E.binaryPrims.max);
/** Elementwise minimum (NaN-propagating). @example lax.min(x, y) */
export const min = bin(E.binaryPrims.min);
/** atan2(x, y). @example lax.atan2(y, x) */
export const atan2 = bin(E.binaryPrims.atan2);
/** Bitwise/logical and. @example lax.bitwiseAnd(x, y) */
export const bitwiseAnd = bin(E.binaryPrims.and);
/** Bitwise/logical or. @example lax.bitwiseOr(x, y) */
export const bitwiseOr = bin(E.binaryPrims.or);
/** Bitwise/logical xor. @example lax.bitwiseXor(x, y) */
export const bitwiseXor = bin(E.binaryPrims.xor);
/** x << y. @example lax.shiftLeft(x, y) */
export const shiftLeft = bin(E.binaryPrims.shift_left);
/** Arithmetic x >> y. @example lax.shiftRightArithmetic(x, y) */
export const shiftRightArithmetic = bin(E.binaryPrims.shift_right_arithmetic);
/** Logical x >> y. @example lax.shiftRightLogical(x, y) */
export const shiftRightLogical = bin(E.binaryPrims.shift_right_logical);
/** x == y. @example lax.eq(x, y) */
export const eq = bin(E.binaryPrims.eq);
/** x != y. @example lax.ne(x, y) */
export const ne = bin(E.binaryPrims.ne);
/** x < y. @example lax.lt(x, y) */
export const lt = bin(E.binaryPrims.lt);
/** x <= y. @example lax.le(x, y) */
export const le = bin(E.binaryPrims.le);
/** x > y. @example lax.gt(x, y) */
export const gt = bin(E.binaryPrims.gt);
/** x >= y. @example lax.ge(x, y) */
export const ge = bin(E.binaryPrims.ge);

/**
 * `onTrue` where `pred`, else `onFalse` (same shapes).
 *
 * @example
 * lax.select(x.gt(0), x, np.zerosLike(x));
 */
export function select(pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): Array {
  const [f, t] = laxOperands("lax.select", [onFalse, onTrue]);
  return bind1(E.selectN, [laxPredicate("lax.select", pred, f!.shape, f!.device), f!, t!], {});
}

/**
 * Clamps `x` into `[lo, hi]`; the bounds are numbers, scalars or arrays of `x`'s shape.
 *
 * @example
 * lax.clamp(-0.5, x, 0.5);
 * lax.clamp(np.zerosLike(x), x, np.onesLike(x));
 */
export function clamp(lo: ArrayLike, x: ArrayLike, hi: ArrayLike): Array {
  const shape = x instanceof Array ? x.shape : [];
  for (const [name, b] of [["min", lo], ["max", hi]] as const) {
    if (b instanceof Array && b.ndim > 0 && !shapesEqual(b.shape, shape)) {
      throw new ShapeError(`lax.clamp: ${name} must be a scalar or have the operand's shape ${fmtShape(shape)}, got shape ${fmtShape(b.shape)}.`);
    }
  }
  const [l, a, h] = laxOperands("lax.clamp", [lo, x, hi]);
  return min(max(l!, a!), h!);
}

/**
 * Converts the element type.
 *
 * @example
 * lax.convertElementType(x, "int32");
 */
export function convertElementType(x: Array, newDtype: DType): Array {
  return bind1(E.convertElementType, [x], { newDtype, weakType: false });
}

/**
 * Reinterprets the bits of 32-bit elements.
 *
 * @example
 * lax.bitcastConvertType(np.array([1]), "uint32"); // [1065353216]
 */
export function bitcastConvertType(x: Array, newDtype: DType): Array {
  return bind1(E.bitcastConvertType, [x], { newDtype });
}

/**
 * `x ** y` for a static integer `y`, by repeated multiplication.
 *
 * @example
 * lax.integerPow(x, 3);
 */
export function integerPow(x: Array, y: number): Array {
  return bind1(E.integerPow, [x], { y });
}

/**
 * `[0, 1, ...]` along `dimension` of an array of `shape`.
 *
 * @example
 * lax.iota("int32", 5);
 */
export function iota(dtype: DType, size: number | readonly number[], dimension = 0): Array {
  const shape = typeof size === "number" ? [size] : size;
  return bind1(S.iota, [], { dtype, shape, dimension, device: deviceOf([]) });
}

/**
 * Broadcasts `x` into `shape`, operand axis i going to output axis `broadcastDimensions[i]`.
 *
 * @example
 * lax.broadcastInDim(np.ones([3]), [2, 3], [1]);
 */
export function broadcastInDim(x: Array, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return bind1(S.broadcastInDim, [x], { shape, broadcastDimensions });
}

/**
 * Reshapes (sizes must multiply to the same total).
 *
 * @example
 * lax.reshape(x, [2, 3]);
 */
export function reshape(x: Array, newSizes: readonly number[]): Array {
  return bind1(S.reshape, [x], { newSizes });
}

/**
 * Permutes axes.
 *
 * @example
 * lax.transpose(x, [1, 0]);
 */
export function transpose(x: Array, permutation: readonly number[]): Array {
  return bind1(S.transpose, [x], { permutation });
}

/**
 * Static slice `[start, limit)` with positive strides.
 *
 * @example
 * lax.slice(x, [0, 1], [2, 3]);
 */
export function slice(x: Array, startIndices: readonly number[], limitIndices: readonly number[], strides?: readonly number[]): Array {
  return bind1(S.slice, [x], { startIndices, limitIndices, strides: strides ?? startIndices.map(() => 1) });
}

/**
 * Reverses the given axes.
 *
 * @example
 * lax.rev(x, [0]);
 */
export function rev(x: Array, dimensions: readonly number[]): Array {
  return bind1(S.rev, [x], { dimensions });
}

/**
 * Pads each axis with `[low, high, interior]` copies of `paddingValue` (negative low/high crop).
 *
 * @example
 * lax.pad(x, 0, [[1, 1, 0]]);
 */
export function pad(x: Array, paddingValue: ArrayLike, config: readonly (readonly [number, number, number])[]): Array {
  const v = paddingValue instanceof Object ? (paddingValue as Array) : asArray("lax.pad", paddingValue, x.device);
  return bind1(S.pad, [x, v.dtype === x.dtype ? v : convertElementType(v, x.dtype)], { config });
}

/**
 * Joins arrays along `dimension`.
 *
 * @example
 * lax.concatenate([a, b], 0);
 */
export function concatenate(xs: readonly Array[], dimension: number): Array {
  return bind1(S.concatenate, xs, { dimension });
}

/** Scalar int32 start indices; negative ones count from the end of their axis (as JAX). */
function startIndices(op: string, x: Array, starts: readonly (Array | number)[]): Array[] {
  const int32 = { dtype: "int32", weakType: false } as const;
  return starts.map((s, d) => {
    const n = x.shape[d] ?? 0;
    if (typeof s === "number") {
      if (!Number.isInteger(s)) throw new DTypeError(`${op}: start indices must be integers, got ${s}.`);
      return scalarLike(op, s < 0 ? s + n : s, int32, x.device);
    }
    if (!isIntDType(s.dtype)) {
      throw new DTypeError(`${op}: start indices must be integer arrays, got ${s.dtype}.`);
    }
    if (s.size !== 1) throw new IndexError(`${op}: each start index must be a scalar, got shape ${fmtShape(s.shape)}.`);
    const i = isSmallIntDType(s.dtype) ? convert(reshapeTo(s, []), "int32") : reshapeTo(s, []);
    if (i.dtype === "uint32") return i;
    return select(lt(i, scalarLike(op, 0, int32, x.device)), add(i, scalarLike(op, n, int32, x.device)), i);
  });
}

/**
 * A slice of static `sliceSizes` at dynamic start indices. Negative starts count from the end;
 * starts are then clamped so the slice stays in bounds (as `jax.lax.dynamic_slice`).
 *
 * @example
 * lax.dynamicSlice(x, [i, 0], [1, 4]);
 */
export function dynamicSlice(x: Array, starts: readonly (Array | number)[], sliceSizes: readonly number[]): Array {
  return bind1(S.dynamicSlice, [x, ...startIndices("lax.dynamicSlice", x, starts)], { sliceSizes });
}

/**
 * `x` with `update` written at dynamic start indices (negative ones count from the end; then
 * clamped so the update fits, as `jax.lax.dynamic_update_slice`).
 *
 * @example
 * lax.dynamicUpdateSlice(x, row, [i, 0]);
 */
export function dynamicUpdateSlice(x: Array, update: Array, starts: readonly (Array | number)[]): Array {
  return bind1(S.dynamicUpdateSlice, [x, update, ...startIndices("lax.dynamicUpdateSlice", x, starts)], {});
}

function reduceP(p: Primitive<{ axes: readonly number[] }>) {
  return (x: Array, axes: readonly number[]): Array =>
    bind1(p, [x], { axes: [...new Set(axes.map((a) => normalizeAxis(p.name, a, x.ndim)))].sort((a, b) => a - b) });
}
/** Sum over `axes`. @example lax.reduceSum(x, [0]) */
export const reduceSum = reduceP(Rd.reduceSum);
/** Product over `axes`. @example lax.reduceProd(x, [0]) */
export const reduceProd = reduceP(Rd.reduceProd);
/** Maximum over `axes`. @example lax.reduceMax(x, [1]) */
export const reduceMax = reduceP(Rd.reduceMax);
/** Minimum over `axes`. @example lax.reduceMin(x, [1]) */
export const reduceMin = reduceP(Rd.reduceMin);

/**
 * Index of the maximum along `axis`.
 *
 * @example
 * lax.argmax(x, 1);
 */
export function argmax(x: Array, axis: number): Array {
  return bind1(Rd.argmax, [x], { axis: normalizeAxis("lax.argmax", axis, x.ndim) });
}

/**
 * Index of the minimum along `axis`.
 *
 * @example
 * lax.argmin(x, 1);
 */
export function argmin(x: Array, axis: number): Array {
  return bind1(Rd.argmin, [x], { axis: normalizeAxis("lax.argmin", axis, x.ndim) });
}

function cumP(p: Primitive<{ axis: number; reverse: boolean }>) {
  return (x: Array, axis = 0, opts: { reverse?: boolean } = {}): Array =>
    bind1(p, [x], { axis: normalizeAxis(p.name, axis, x.ndim), reverse: opts.reverse ?? false });
}
/** Cumulative sum along `axis` (optionally from the end). @example lax.cumsum(x, 0, { reverse: true }) */
export const cumsum = cumP(Rd.cumsum);
/** Cumulative product along `axis`. @example lax.cumprod(x, 0) */
export const cumprod = cumP(Rd.cumprod);
/** Cumulative maximum along `axis`. @example lax.cummax(x, 0) */
export const cummax = cumP(Rd.cummax);
/** Cumulative minimum along `axis`. @example lax.cummin(x, 0) */
export const cummin = cumP(Rd.cummin);

/**
 * Stable sort along `dimension`; returns `[sorted, permutation]`.
 *
 * @example
 * const [sorted, perm] = lax.sortWithIndices(x, 0);
 */
export function sortWithIndices(x: Array, dimension = -1): [Array, Array] {
  const [s, p] = bind(sortP, [x], { dimension: normalizeAxis("lax.sort", dimension, x.ndim) });
  return [s!, p!];
}

/**
 * Gathers slices at coordinates: `indices[..., k]` names positions along `axes`; other axes are
 * taken whole. Out-of-range coordinates are clamped, or give `fillValue` with `mode: "fill"`.
 *
 * @example
 * lax.gather(x, idx, [0]);   // rows of x
 */
export function gather(x: Array, indices: Array, axes: readonly number[], opts: { mode?: "clip" | "fill"; fillValue?: number | boolean } = {}): Array {
  const mode = opts.mode === "fill" ? { mode: "fill" as const, fillValue: opts.fillValue ?? NaN } : { mode: "clip" as const };
  return bind1(gatherP, [x, indices], { axes, ...mode });
}

/**
 * Scatters `updates` at coordinates (the inverse layout of `gather`), combining with `mode`
 * ("set", "add", "mul", "min", "max"). Out-of-range updates are dropped.
 *
 * @example
 * lax.scatter(x, idx, rows, [0], "add");
 */
export function scatter(x: Array, indices: Array, updates: Array, axes: readonly number[], mode: ScatterMode = "set"): Array {
  return bind1(scatterP, [x, indices, updates], { axes, mode });
}

/** Padding of a window op: "VALID", "SAME", "SAME_LOWER", or `[low, high]` per spatial axis. */
export type Padding = "VALID" | "SAME" | "SAME_LOWER" | readonly (readonly [number, number])[];

/** Explicit padding pairs for string padding (as `jax.lax.padtype_to_pads`). */
export function paddingPairs(
  padding: Padding,
  inShape: readonly number[],
  windowShape: readonly number[],
  strides: readonly number[],
  dilation?: readonly number[],
): [number, number][] {
  if (typeof padding !== "string") return padding.map(([l, h]) => [l, h]);
  if (padding === "VALID") return inShape.map(() => [0, 0]);
  return inShape.map((n, i) => {
    const k = (windowShape[i]! - 1) * (dilation?.[i] ?? 1) + 1;
    const out = Math.ceil(n / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + k - n);
    const lo = padding === "SAME" ? Math.floor(total / 2) : Math.ceil(total / 2);
    return [lo, total - lo];
  });
}

/** Dimension-number shorthands ("NCHW", "OIHW", "NHWC", "HWIO", ...) or explicit axis lists. */
export type ConvDimensionSpec = ConvDimensionNumbers | readonly [string, string, string];

/** Options of `convGeneralDilated`. */
export interface ConvOptions {
  lhsDilation?: readonly number[];
  rhsDilation?: readonly number[];
  dimensionNumbers?: ConvDimensionSpec;
  featureGroupCount?: number;
  batchGroupCount?: number;
}

/**
 * General convolution (`jax.lax.conv_general_dilated`). String padding is computed on the
 * lhs-dilated input size (JAX rejects string padding together with `lhsDilation`).
 *
 * @example
 * // NCHW input, OIHW kernel, stride 1, same padding:
 * lax.convGeneralDilated(x, w, [1, 1], "SAME");
 * // NHWC with a HWIO kernel:
 * lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
 */
export function convGeneralDilated(lhs: Array, rhs: Array, windowStrides: readonly number[], padding: Padding, opts: ConvOptions = {}): Array {
  const nd = lhs.ndim;
  if (nd < 2 || rhs.ndim !== nd) {
    throw new ShapeError(
      `lax.convGeneralDilated: lhs ${fmtShape(lhs.shape)} and rhs ${fmtShape(rhs.shape)} must have the same rank, at least 2 (batch, feature, then spatial axes).`,
    );
  }
  const dn = parseDimensionNumbers(opts.dimensionNumbers, nd);
  const ns = nd - 2;
  const lhsDilation = opts.lhsDilation ?? range(ns).map(() => 1);
  const rhsDilation = opts.rhsDilation ?? range(ns).map(() => 1);
  if (windowStrides.length !== ns) {
    throw new ShapeError(`lax.convGeneralDilated: windowStrides needs ${ns} entries for ${fmtShape(lhs.shape)}, got ${formatValue(windowStrides)}.`);
  }
  const inSpatial = dn.lhs.slice(2).map((d, i) => (lhs.shape[d]! - 1) * lhsDilation[i]! + 1);
  const kSpatial = dn.rhs.slice(2).map((d) => rhs.shape[d]!);
  const pads = paddingPairs(padding, inSpatial, kSpatial, windowStrides, rhsDilation);
  return bind1(convP, [lhs, rhs], {
    windowStrides,
    padding: pads,
    lhsDilation,
    rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: opts.featureGroupCount ?? 1,
    batchGroupCount: opts.batchGroupCount ?? 1,
  });
}

/**
 * Convolution with NCHW/OIHW layout (`jax.lax.conv`).
 *
 * @example
 * lax.conv(x, w, [1, 1], "SAME");
 */
export function conv(lhs: Array, rhs: Array, windowStrides: readonly number[], padding: Padding): Array {
  return convGeneralDilated(lhs, rhs, windowStrides, padding);
}

/** Options of `reduceWindow`. */
export interface ReduceWindowOptions {
  baseDilation?: readonly number[];
  windowDilation?: readonly number[];
}

/**
 * Reduces sliding windows with "max", "min", "sum" or "avg" (the average counts padding as
 * absent, like `avg_pool` with `count_include_pad=False`). Padding holds the reduction's
 * identity; string padding is computed on the base-dilated input size and the dilated window.
 *
 * @example
 * // 2x2 max pooling of an NHWC batch:
 * lax.reduceWindow(x, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID");
 */
export function reduceWindow(
  x: Array,
  op: "max" | "min" | "sum" | "avg",
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: Padding,
  opts: ReduceWindowOptions = {},
): Array {
  const n = x.ndim;
  const baseDilation = opts.baseDilation ?? range(n).map(() => 1);
  const windowDilation = opts.windowDilation ?? range(n).map(() => 1);
  const inShape = x.shape.map((d, i) => (d - 1) * baseDilation[i]! + 1);
  const pads = paddingPairs(padding, inShape, windowDimensions, windowStrides, windowDilation);
  const params = { windowDimensions, windowStrides, padding: pads, baseDilation, windowDilation };
  if (op !== "avg") return bind1(reduceWindowP, [x], { op, ...params });
  const sums = bind1(reduceWindowP, [x], { op: "sum", ...params });
  const counts = bind1(reduceWindowP, [ones(x.shape, { dtype: x.dtype, device: x.device })], { op: "sum", ...params });
  return divide(sums, counts);
}

export { windowOutputSize };
