/**
 * The rest of `jax.lax`'s commonly used helpers: array creation (`full`, `fullLike`, `empty`,
 * `broadcastedIota`), shape utilities (`broadcastShapes`, `padtypeToPads`, `split`, `tile`,
 * `stack`, `unstack`), `convWithGeneralPadding`, `optimizationBarrier`, exact `approxMaxK` /
 * `approxMinK` (JAX's CPU results), `nextafter`, `mulhi`, `indexTake`, `igammaGradA`,
 * `randomGammaGrad` and `dtype`.
 */
import { Array } from "../array/array.js";
import { type DType, isFloatDType, isIntDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes as broadcastShapesOf, fmtShape, normalizeAxis } from "../shape.js";
import { scalarLike } from "../numpy/convert.js";
import * as npc from "../numpy/creation.js";
import * as nps from "../numpy/shape-ops.js";
import { jvp } from "../transforms/api.js";
import { gammainc } from "../special/igamma.js";
import { gammaGrad } from "../random/gamma.js";
import { takeAlongAxis } from "../primitives/ops.js";
import { type ConvOptions, type Padding, add, bitcastConvertType, bitwiseAnd, bitwiseOr, broadcastInDim, convGeneralDilated, convertElementType, eq, gather, gt, iota, lt, mul, ne, paddingPairs, select, shiftRightLogical, sub } from "./lax.js";
import { sliceInDim } from "./in-dim.js";
import { lexsortPermutation, topK } from "./sorting.js";

/**
 * An array of `shape` filled with `fillValue` (`jax.lax.full`; dtype from `dtype`, else the
 * value's: float32 for JS numbers, bool for booleans, an Array's own).
 *
 * @example
 * lax.full([2, 3], 7, "int32");
 */
export function full(shape: readonly number[], fillValue: number | boolean | Array, dtype?: DType | null): Array {
  if (fillValue instanceof Array) {
    if (fillValue.ndim !== 0) throw new ShapeError(`lax.full: fillValue must be a scalar, got shape ${fmtShape(fillValue.shape)}.`);
    const v = dtype && dtype !== fillValue.dtype ? convertElementType(fillValue, dtype) : fillValue;
    return broadcastInDim(v, shape, []);
  }
  return npc.full(shape, fillValue, dtype ? { dtype } : undefined);
}

/**
 * An array like `x` (its shape and dtype unless given) filled with `fillValue` (`jax.lax.full_like`).
 *
 * @example
 * lax.fullLike(x, 0);
 */
export function fullLike(x: Array, fillValue: number | boolean | Array, dtype?: DType | null, shape?: readonly number[] | null): Array {
  return full(shape ?? x.shape, fillValue, dtype ?? x.dtype);
}

/**
 * An array of `shape` and `dtype` whose values do not matter (`jax.lax.empty`; zeros here).
 *
 * @example
 * lax.empty([3], "float32");
 */
export function empty(shape: readonly number[], dtype: DType): Array {
  return npc.zeros(shape, { dtype });
}

/**
 * `iota` along `dimension` of an array of `shape` (`jax.lax.broadcasted_iota`).
 *
 * @example
 * lax.broadcastedIota("int32", [2, 3], 1); // [[0, 1, 2], [0, 1, 2]]
 */
export function broadcastedIota(dtype: DType, shape: readonly number[], dimension: number): Array {
  return iota(dtype, shape, normalizeAxis("lax.broadcastedIota", dimension, shape.length));
}

/**
 * The shape that `shapes` broadcast to (`jax.lax.broadcast_shapes`, numpy's rules).
 *
 * @example
 * lax.broadcastShapes([3, 1], [4]); // [3, 4]
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  return broadcastShapesOf("lax.broadcastShapes", ...shapes);
}

/**
 * Explicit `[low, high]` padding for "VALID" / "SAME" / "SAME_LOWER" (`jax.lax.padtype_to_pads`).
 *
 * @example
 * lax.padtypeToPads([5], [3], [2], "SAME"); // [[1, 1]]
 */
export function padtypeToPads(inShape: readonly number[], windowShape: readonly number[], windowStrides: readonly number[], padding: Padding): [number, number][] {
  if (typeof padding === "string" && !["VALID", "SAME", "SAME_LOWER"].includes(padding)) {
    throw new TypeError(`lax.padtypeToPads: padding must be "VALID", "SAME", "SAME_LOWER" or [low, high] pairs, got ${JSON.stringify(padding)}.`);
  }
  return paddingPairs(padding, inShape, windowShape, windowStrides);
}

/**
 * Convolution with dilations given positionally (`jax.lax.conv_with_general_padding`; NCHW/OIHW).
 *
 * @example
 * lax.convWithGeneralPadding(x, w, [1, 1], [[1, 1], [1, 1]], null, [2, 2]);
 */
export function convWithGeneralPadding(
  lhs: Array,
  rhs: Array,
  windowStrides: readonly number[],
  padding: Padding,
  lhsDilation?: readonly number[] | null,
  rhsDilation?: readonly number[] | null,
): Array {
  const opts: ConvOptions = {};
  if (lhsDilation) opts.lhsDilation = lhsDilation;
  if (rhsDilation) opts.rhsDilation = rhsDilation;
  return convGeneralDilated(lhs, rhs, windowStrides, padding, opts);
}

/**
 * Splits along `axis` into pieces of `sizes` (`jax.lax.split`; the sizes must add up to the axis).
 *
 * @example
 * lax.split(np.arange(5), [2, 3]); // [[0, 1], [2, 3, 4]]
 */
export function split(operand: Array, sizes: readonly number[], axis = 0): Array[] {
  const ax = normalizeAxis("lax.split", axis, operand.ndim);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== operand.shape[ax] || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new ShapeError(`lax.split: sizes ${fmtShape(sizes)} must be non-negative and add up to ${operand.shape[ax]} (axis ${axis} of ${fmtShape(operand.shape)}).`);
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = sliceInDim(operand, start, start + s, 1, ax);
    start += s;
    return piece;
  });
}

/** Repeats `operand` `reps` times along each axis (`jax.lax.tile`). @example lax.tile(np.array([1, 2]), [2]); // [1, 2, 1, 2] */
export function tile(operand: Array, reps: readonly number[]): Array {
  return nps.tile(operand, reps);
}

/** Joins arrays of one shape along a new `axis` (`jax.lax.stack`). @example lax.stack([a, b], 1) */
export function stack(operands: readonly Array[], axis = 0): Array {
  return nps.stack(operands, axis);
}

/** The slices along `axis`, as a list (`jax.lax.unstack`). @example const [a, b] = lax.unstack(np.ones([2, 3])); */
export function unstack(x: Array, axis = 0): Array[] {
  const ax = normalizeAxis("lax.unstack", axis, x.ndim);
  return nps.split(x, x.shape[ax]!, ax).map((p) => nps.squeeze(p, ax));
}

/**
 * Returns its argument (`jax.lax.optimization_barrier`): a fence against XLA reordering, which
 * tsjax's compiler does not do across it either way.
 *
 * @example
 * const [a, b] = lax.optimizationBarrier([x, y]);
 */
export function optimizationBarrier<T>(operand: T): T {
  return operand;
}

/** Options of `approxMaxK` / `approxMinK`. */
export interface ApproxTopKOptions {
  /** The axis to reduce (default -1). */
  reductionDimension?: number;
  /** Accepted for JAX compatibility; the result is exact (JAX's CPU result). */
  recallTarget?: number;
  /** Accepted for JAX compatibility. */
  reductionInputSizeOverride?: number;
  /** Only true is supported (the top k, sorted), JAX's default. */
  aggregateToTopk?: boolean;
}

function approxTopK(op: string, operand: Array, k: number, largest: boolean, options: ApproxTopKOptions): [Array, Array] {
  for (const key of Object.keys(options)) {
    if (!["reductionDimension", "recallTarget", "reductionInputSizeOverride", "aggregateToTopk"].includes(key)) {
      throw new TypeError(`${op}: unknown option "${key}". Accepted options: reductionDimension, recallTarget, reductionInputSizeOverride, aggregateToTopk.`);
    }
  }
  if (options.aggregateToTopk === false) throw new TypeError(`${op}: aggregateToTopk false is not supported; the result is the exact top k.`);
  const axis = options.reductionDimension ?? -1;
  if (largest) return topK(operand, k, { axis });
  // The k smallest: JAX sorts ascending with NaN last and -0 equal to +0.
  const ax = normalizeAxis(op, axis, operand.ndim);
  if (!Number.isInteger(k) || k < 0 || k > operand.shape[ax]!) throw new ShapeError(`${op}: k must be between 0 and ${operand.shape[ax]}, got ${k}.`);
  const perm = lexsortPermutation([operand], ax);
  const idx = sliceInDim(perm, 0, k, 1, ax);
  return [takeAlongAxis(operand, idx, ax), idx];
}

/**
 * The `k` largest entries and their indices (`jax.lax.approx_max_k`); exact here, as JAX on CPU.
 *
 * @example
 * lax.approxMaxK(x, 5);
 */
export function approxMaxK(operand: Array, k: number, options: ApproxTopKOptions = {}): [Array, Array] {
  return approxTopK("lax.approxMaxK", operand, k, true, options);
}

/**
 * The `k` smallest entries and their indices (`jax.lax.approx_min_k`); exact here, as JAX on CPU.
 *
 * @example
 * lax.approxMinK(distances, 3);
 */
export function approxMinK(operand: Array, k: number, options: ApproxTopKOptions = {}): [Array, Array] {
  return approxTopK("lax.approxMinK", operand, k, false, options);
}

/**
 * The next float32 after `x1` towards `x2` (`jax.lax.nextafter`; `x2` where they are equal, NaN
 * if either is NaN). Operands share shape and dtype (float32).
 *
 * @example
 * lax.nextafter(np.array([1]), np.array([2])); // [1.0000001]
 */
export function nextafter(x1: Array, x2: Array): Array {
  const op = "lax.nextafter";
  if (x1.dtype !== "float32" || x2.dtype !== "float32") throw new DTypeError(`${op}: operands must be float32, got ${x1.dtype} and ${x2.dtype}.`);
  const i32 = (v: number) => scalarLike(op, v, { dtype: "int32", weakType: false }, x1.device).broadcastTo(x1.shape);
  const f32 = (v: number) => scalarLike(op, v, { dtype: "float32", weakType: false }, x1.device).broadcastTo(x1.shape);
  const bits = bitcastConvertType(x1, "int32");
  const towardsBigger = eq(lt(x1, x2), gt(x1, f32(0)));
  const stepped = select(towardsBigger, add(bits, i32(1)), sub(bits, i32(1)));
  const signOf2 = bitwiseAnd(bitcastConvertType(x2, "int32"), i32(1 << 31));
  const fromZero = bitwiseOr(signOf2, i32(1));
  const out = bitcastConvertType(select(eq(x1, f32(0)), fromZero, stepped), "float32");
  const nan = bitwiseOr(ne(x1, x1), ne(x2, x2));
  return select(nan, f32(NaN), select(eq(x1, x2), x2, out));
}

/**
 * The high 32 bits of the 64-bit product of 32-bit integers (`jax.lax.mulhi`; signed for int32,
 * unsigned for uint32).
 *
 * @example
 * lax.mulhi(np.array([0x40000000], { dtype: "int32" }), np.array([8], { dtype: "int32" })); // [2]
 */
export function mulhi(x: Array, y: Array): Array {
  const op = "lax.mulhi";
  if (x.dtype !== y.dtype || (x.dtype !== "int32" && x.dtype !== "uint32")) {
    throw new DTypeError(`${op}: operands must both be int32 or both uint32, got ${x.dtype} and ${y.dtype}.`);
  }
  const u32 = (v: number) => scalarLike(op, v, { dtype: "uint32", weakType: false }, x.device).broadcastTo(x.shape);
  const a = x.dtype === "uint32" ? x : bitcastConvertType(x, "uint32");
  const b = y.dtype === "uint32" ? y : bitcastConvertType(y, "uint32");
  const lo16 = (v: Array) => bitwiseAnd(v, u32(0xffff));
  const hi16 = (v: Array) => shiftRightLogical(v, u32(16));
  const [al, ah, bl, bh] = [lo16(a), hi16(a), lo16(b), hi16(b)];
  const ll = mul(al, bl);
  const lh = mul(al, bh);
  const hl = mul(ah, bl);
  const cross = add(add(hi16(ll), lo16(lh)), lo16(hl));
  let hi = add(add(add(mul(ah, bh), hi16(lh)), hi16(hl)), hi16(cross));
  if (x.dtype === "int32") {
    const zero = u32(0);
    const negA = lt(x, scalarLike(op, 0, { dtype: "int32", weakType: false }, x.device).broadcastTo(x.shape));
    const negB = lt(y, scalarLike(op, 0, { dtype: "int32", weakType: false }, x.device).broadcastTo(x.shape));
    hi = sub(sub(hi, select(negA, b, zero)), select(negB, a, zero));
    return bitcastConvertType(hi, "int32");
  }
  return hi;
}

/**
 * Gathers `src` at points (`jax.lax.index_take`): `idxs[k]` (a list, or the rows of an array
 * `[axes.length, n]`) holds the n coordinates along `axes[k]`; other axes are taken whole, so the
 * result is `[n, ...other axes]`. Out-of-range coordinates are clamped.
 *
 * @example
 * lax.indexTake(x, np.array([[1, 0], [2, 0]], { dtype: "int32" }), [0, 1]); // [x[1, 2], x[0, 0]]
 */
export function indexTake(src: Array, idxs: Array | readonly Array[], axes: readonly number[]): Array {
  const op = "lax.indexTake";
  const rows = idxs instanceof Array ? nps.split(idxs, idxs.shape[0] ?? 0, 0).map((r) => nps.squeeze(r, 0)) : [...idxs];
  if (rows.length !== axes.length) throw new ShapeError(`${op}: ${rows.length} index arrays for ${axes.length} axes; give one per axis.`);
  for (const r of rows) if (!isIntDType(r.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${r.dtype}.`);
  const cols = rows.map((r) => (r.dtype === "int32" ? r : convertElementType(r, "int32")));
  return gather(src, nps.stack(cols, 1), axes.map((a) => normalizeAxis(op, a, src.ndim)));
}

/**
 * d/da of the regularized lower incomplete gamma function P(a, x) (`jax.lax.igamma_grad_a`).
 *
 * @example
 * lax.igammaGradA(np.array([2]), np.array([1]));
 */
export function igammaGradA(a: Array, x: Array): Array {
  if (!isFloatDType(a.dtype)) throw new DTypeError(`lax.igammaGradA: operands must be floating point, got ${a.dtype}.`);
  return jvp((aa: Array) => gammainc(aa, x), [a], [npc.onesLike(a)])[1];
}

/**
 * d sample / d alpha of a Gamma(alpha, 1) sample `x` (`jax.lax.random_gamma_grad`, implicit
 * differentiation of the incomplete gamma function).
 *
 * @example
 * lax.randomGammaGrad(np.array([2]), np.array([1.5]));
 */
export function randomGammaGrad(a: Array, x: Array): Array {
  if (a.dtype !== "float32" || x.dtype !== "float32") throw new DTypeError(`lax.randomGammaGrad: operands must be float32, got ${a.dtype} and ${x.dtype}.`);
  return gammaGrad(a, x);
}

/** The dtype of an array (`jax.lax.dtype`). @example lax.dtype(np.ones([2])); // "float32" */
export function dtype(x: Array): DType {
  return x.dtype;
}
