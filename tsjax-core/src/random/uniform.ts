/**
 * Uniform samplers: `uniform`, `randint`, `bernoulli`, and the bits-to-float conversion every
 * continuous sampler builds on (JAX's `_uniform`: the top mantissa bits with the exponent of
 * 1.0, bitcast, minus 1).
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { isFloatDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/lax.js";
import { type ShapeLike, checkKey, randomBits, split, toShape } from "./keys.js";
import { samplerArgs } from "./args.js";
import { fma } from "./math.js";
import { formatValue } from "../util/format.js";
import { checkOptions, positionalOrOption, splitOptions } from "../util/options.js";

/** Float dtypes the samplers produce. */
export type FloatDType = "float32" | "float16";

/** Checks a float dtype option (default float32). */
export function floatDType(op: string, dtype: DType | undefined): FloatDType {
  const d = dtype ?? "float32";
  if (d !== "float32" && d !== "float16") {
    throw new DTypeError(`${op}: dtype must be a float dtype ("float32" or "float16"), got ${formatValue(d)}.`);
  }
  return d;
}

/** Converts a JS number or an array to `dtype` (JAX's `lax.convert_element_type` of a parameter). */
export function asDType(x: ArrayLike, dtype: DType, device?: Array["device"]): Array {
  if (x instanceof Array) return x.dtype === dtype && !x.weakType ? x : np.astype(x, dtype);
  return np.array(x, { dtype, device });
}

/** Smallest positive normal, machine epsilon and `1 - nextbelow(1)` of a float dtype. */
export function finfo(dtype: FloatDType): { tiny: number; eps: number; epsneg: number } {
  return dtype === "float32" ? { tiny: 2 ** -126, eps: 2 ** -23, epsneg: 2 ** -24 } : { tiny: 2 ** -14, eps: 2 ** -10, epsneg: 2 ** -11 };
}

/**
 * Floats in [0, 1) from uint32 bits, as JAX: float32 keeps the top 23 bits as the mantissa of a
 * number in [1, 2) and subtracts 1; float16 uses the top 10 of the low 16 bits (JAX draws 16-bit
 * words for float16).
 */
function bitsToUnit(bits: Array, dtype: FloatDType): Array {
  if (dtype === "float32") {
    const fb = np.bitwiseOr(np.rightShift(bits, 9), 0x3f800000);
    return lax.bitcastConvertType(fb, "float32").sub(1);
  }
  // (1 + m / 1024) - 1 is exact in float16: compute m / 1024 in float32 and convert.
  const m = np.rightShift(np.bitwiseAnd(bits, 0xffff), 6);
  return m.astype("float32").mul(2 ** -10).astype("float16");
}

/**
 * `max(lo, unit * (hi - lo) + lo)`, JAX's scaling of unit floats into [lo, hi), with the
 * multiply-add fused for float32 as XLA's compiled kernel does (so the values are JAX's bits).
 */
function scaleUnit(op: string, unit: Array, shape: readonly number[], lo: Array, hi: Array): Array {
  const out = broadcastShapes(op, shape, lo.shape, hi.shape);
  if (!shapesEqual(out, shape)) {
    throw new ShapeError(`${op}: minval ${fmtShape(lo.shape)} and maxval ${fmtShape(hi.shape)} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  const scaled = unit.dtype === "float32" ? fma(unit, hi.sub(lo), lo) : unit.mul(hi.sub(lo)).add(lo);
  return np.maximum(lo, scaled);
}

/** Uniform floats in [lo, hi) from uint32 bits (of any shape). */
export function uniformFromBits(bits: Array, dtype: FloatDType, lo: ArrayLike = 0, hi: ArrayLike = 1): Array {
  const unit = bitsToUnit(bits, dtype);
  return scaleUnit("random.uniform", unit, bits.shape, asDType(lo, dtype, bits.device), asDType(hi, dtype, bits.device));
}

/** Uniform floats in [lo, hi) of `shape` from one key (no argument checks). */
export function uniformRaw(k: Array, shape: readonly number[], dtype: FloatDType, lo: ArrayLike = 0, hi: ArrayLike = 1): Array {
  return uniformFromBits(randomBits(k, shape), dtype, lo, hi);
}

/** Options of `uniform`. */
export interface UniformOptions {
  /** Float dtype of the result (default float32). */
  dtype?: DType;
  /** Inclusive lower bound, broadcastable to the shape (default 0). */
  minval?: ArrayLike;
  /** Exclusive upper bound, broadcastable to the shape (default 1). */
  maxval?: ArrayLike;
  /** The result shape (the keyword form of the positional `shape`). */
  shape?: ShapeLike;
}

const UNIFORM = { accepted: ["shape", "dtype", "minval", "maxval"], signature: "random.uniform(key, shape?, dtype?, minval?, maxval?) or random.uniform(key, shape?, { dtype, minval, maxval })" };

/**
 * Uniform floats in `[minval, maxval)` (`jax.random.uniform`): the same key gives JAX's values.
 * The arguments after the key are JAX's, positionally (`shape, dtype, minval, maxval`) or as
 * options.
 *
 * @example
 * await random.uniform(random.key(0), [2]).toArray();  // [0.947667, 0.978580]
 * random.uniform(key, [3, 3], { minval: -1, maxval: 1 });
 * random.uniform(key, [3], "float32", -1, 1);
 */
export function uniform(k: Array, shape?: ShapeLike | UniformOptions, options?: UniformOptions): Array;
export function uniform(k: Array, shape: ShapeLike, dtype: DType | undefined, minval?: ArrayLike | UniformOptions, maxval?: ArrayLike | UniformOptions, options?: UniformOptions): Array;
export function uniform(k: Array, ...rest: unknown[]): Array {
  const op = "random.uniform";
  checkKey(op, k);
  const [[shapeArg, dtypeArg, lo, hi], opts] = splitOptions<UniformOptions>(op, rest, 4, UNIFORM) as [[ShapeLike?, DType?, ArrayLike?, ArrayLike?], UniformOptions];
  const s = samplerArgs(op, UNIFORM.signature, ["shape"], shapeArg, opts.shape === undefined ? undefined : { shape: opts.shape }).shape;
  const dtype = positionalOrOption(op, "dtype", dtypeArg ?? undefined, opts.dtype);
  const minval = positionalOrOption(op, "minval", lo, opts.minval);
  const maxval = positionalOrOption(op, "maxval", hi, opts.maxval);
  return uniformRaw(k, toShape(op, s), floatDType(op, dtype), minval ?? 0, maxval ?? 1);
}

const INT_RANGE: Record<"int32" | "uint32", [number, number]> = { int32: [-2147483648, 2147483647], uint32: [0, 4294967295] };

/** `_convert_and_clip_integer`: an integer array or JS integer as `dtype`, clipped to its range. */
function clipToInt(op: string, x: ArrayLike, dtype: "int32" | "uint32", device: Array["device"]): Array {
  const [lo, hi] = INT_RANGE[dtype];
  if (!(x instanceof Array)) {
    if (typeof x !== "number" || Number.isNaN(x)) throw new TypeError(`${op}: bounds must be integers, got ${String(x)}.`);
    return np.array(Math.min(hi, Math.max(lo, Math.trunc(x))), { dtype, device });
  }
  let a = x;
  if (!(a.dtype === "int32" || a.dtype === "uint32")) {
    if (a.dtype === "bool") throw new DTypeError(`${op}: bounds must be integers, got bool.`);
    a = a.astype("int32");
  }
  if (a.dtype === dtype) return a.weakType ? a.astype(dtype) : a;
  // int32 -> uint32 clips negatives; uint32 -> int32 clips values above 2^31 - 1.
  return dtype === "uint32" ? np.maximum(a, 0).astype("uint32") : np.minimum(a, 2147483647).astype("int32");
}

/** True where an integer bound exceeds the largest value of `dtype`. */
function aboveMax(x: ArrayLike, dtype: "int32" | "uint32"): Array | boolean {
  const max = INT_RANGE[dtype][1];
  if (!(x instanceof Array)) return (x as number) > max;
  if (x.dtype === "uint32" && dtype === "int32") return x.gt(np.array(max, { dtype: "uint32", device: x.device }));
  return false;
}

/** Options of `randint`. */
export interface RandintOptions {
  /** int32 (default) or uint32. */
  dtype?: DType;
}

/**
 * Uniform integers in `[minval, maxval)` (`jax.random.randint`, with its algorithm: two 32-bit
 * draws combined modulo the span, so the bias is about span / 2^64). Bounds broadcast to the
 * shape; where `maxval <= minval` the result is `minval`. A JS `maxval` above the dtype's
 * maximum covers the whole range (`randint(key, [], 0, 2 ** 32, { dtype: "uint32" })`).
 *
 * @example
 * const dice = random.randint(random.key(1), [10], 1, 7);
 */
export function randint(k: Array, shape: ShapeLike, minval: ArrayLike, maxval: ArrayLike, options?: RandintOptions): Array {
  const op = "random.randint";
  checkKey(op, k);
  const opts = checkOptions(op, options, { accepted: ["dtype"], signature: "random.randint(key, shape, minval, maxval, { dtype })" });
  const s = toShape(op, shape);
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") throw new DTypeError(`${op}: dtype must be int32 or uint32, got ${dtype}.`);
  const outOfRange = aboveMax(maxval, dtype);
  const lo = clipToInt(op, minval, dtype, k.device);
  const hi = clipToInt(op, maxval, dtype, k.device);
  const out = broadcastShapes(op, s, lo.shape, hi.shape);
  if (!shapesEqual(out, s)) {
    throw new ShapeError(`${op}: minval ${fmtShape(lo.shape)} and maxval ${fmtShape(hi.shape)} must broadcast to the shape ${fmtShape(s)}.`);
  }
  const keys = split(k);
  const higher = randomBits(keys.get(0), s);
  const lower = randomBits(keys.get(1), s);
  let span = hi.sub(lo).astype("uint32");
  const empty = hi.le(lo);
  span = np.where(empty, np.array(1, { dtype: "uint32", device: k.device }), span);
  const wide = typeof outOfRange === "boolean" ? (outOfRange ? empty.not() : null) : outOfRange.and(empty.not());
  if (wide) span = np.where(wide, span.add(1), span);
  span = np.broadcastTo(span, s);
  const u16 = np.full(s, 2 ** 16, { dtype: "uint32", device: k.device });
  let multiplier = lax.rem(u16, span);
  multiplier = lax.rem(lax.mul(multiplier, multiplier), span);
  let offset = lax.add(lax.mul(lax.rem(higher, span), multiplier), lax.rem(lower, span));
  offset = lax.rem(offset, span);
  // A span that wrapped to 0 is the whole range: XLA's x % 0 = x makes that the low draw
  // (this library's integer remainder by 0 is 0, so select it explicitly).
  offset = np.where(span.eq(0), lower, offset);
  return np.add(lo, offset.astype(dtype)).astype(dtype);
}

/**
 * `true` with probability `p` (`jax.random.bernoulli`: `uniform(key, shape) < p`).
 *
 * @example
 * const mask = random.bernoulli(random.key(0), 0.9, [128]);
 */
export function bernoulli(k: Array, p: ArrayLike = 0.5, shapeArg?: ShapeLike | { shape?: ShapeLike }, options?: { shape?: ShapeLike }): Array {
  const op = "random.bernoulli";
  checkKey(op, k);
  const { shape } = samplerArgs(op, "random.bernoulli(key, p?, shape?)", ["shape"], shapeArg, options);
  const pa = p instanceof Array ? p : np.array(p, { dtype: "float32", device: k.device });
  if (!isFloatDType(pa.dtype)) {
    throw new DTypeError(`${op}: the probability p must have a float dtype, got ${pa.dtype}.`);
  }
  const s = shape === undefined ? [...pa.shape] : toShape(op, shape);
  const out = broadcastShapes(op, s, pa.shape);
  if (!shapesEqual(out, s)) throw new ShapeError(`${op}: p of shape ${fmtShape(pa.shape)} must broadcast to the shape ${fmtShape(s)}.`);
  return uniformRaw(k, s, pa.dtype as FloatDType).lt(pa);
}
