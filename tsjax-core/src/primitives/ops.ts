/**
 * Small lax-level operations for writing primitive rules (JVP, transpose, batching). They bind
 * primitives directly, without numpy promotion, so rules stay exact about shapes and dtypes;
 * this module defines only functions (it may be imported by every primitive module).
 */
import type { Array } from "../array/array.js";
import type { DType } from "../dtype.js";
import type { Primitive, ShapedArray, Tangent } from "../core/primitive.js";
import { bind, bind1, contextDevice } from "../core/trace.js";
import { fromHost, scalarArray } from "../core/eager.js";
import { binaryPrims, convertElementType, integerPow, selectN, unaryPrims } from "./elementwise.js";
import { broadcastInDim, concatenate, iota, reshape, slice, transpose } from "./structural.js";
import { reduceSum } from "./reduce.js";
import { gather } from "./indexing.js";
import { range } from "../util.js";
import { _setAdUtil } from "../core/ad-util.js";
import { conjP, realP } from "../complex/prims.js";

const B = binaryPrims;
const U = unaryPrims;

/** A 0-d constant of `dtype` on `device` (by default, beside the operands of the rule running). */
export function scalar(value: number | boolean, dtype: DType, device = contextDevice()): Array {
  return scalarArray(value, dtype, false, device);
}

/** A constant of `x`'s shape and dtype (a broadcast view eagerly). */
export function full(like: ShapedArray & { device?: Array["device"] }, value: number | boolean, dtype: DType = like.dtype): Array {
  const s = scalar(value, dtype, like.device ?? contextDevice());
  return like.shape.length === 0 ? s : bind1(broadcastInDim, [s], { shape: like.shape, broadcastDimensions: [] });
}

/** Zeros shaped like `like`. */
export function zerosLike(like: ShapedArray & { device?: Array["device"] }): Array {
  return full(like, 0);
}

/** Zeros where a tangent is a symbolic zero. */
export function instantiate(t: Tangent, like: ShapedArray & { device?: Array["device"] }): Array {
  return t ?? zerosLike(like);
}

export const add = (a: Array, b: Array): Array => bind1(B.add, [a, b], {});
export const sub = (a: Array, b: Array): Array => bind1(B.sub, [a, b], {});
export const mul = (a: Array, b: Array): Array => bind1(B.mul, [a, b], {});
export const div = (a: Array, b: Array): Array => bind1(B.div, [a, b], {});
export const max = (a: Array, b: Array): Array => bind1(B.max, [a, b], {});
export const min = (a: Array, b: Array): Array => bind1(B.min, [a, b], {});
export const eq = (a: Array, b: Array): Array => bind1(B.eq, [a, b], {});
export const ne = (a: Array, b: Array): Array => bind1(B.ne, [a, b], {});
export const lt = (a: Array, b: Array): Array => bind1(B.lt, [a, b], {});
export const gt = (a: Array, b: Array): Array => bind1(B.gt, [a, b], {});
export const ge = (a: Array, b: Array): Array => bind1(B.ge, [a, b], {});
export const le = (a: Array, b: Array): Array => bind1(B.le, [a, b], {});
export const and = (a: Array, b: Array): Array => bind1(B.and, [a, b], {});
export const neg = (a: Array): Array => bind1(U.neg, [a], {});
export const exp = (a: Array): Array => bind1(U.exp, [a], {});
export const log = (a: Array): Array => bind1(U.log, [a], {});
export const sqrt = (a: Array): Array => bind1(U.sqrt, [a], {});
export const sign = (a: Array): Array => bind1(U.sign, [a], {});
export const square = (a: Array): Array => bind1(integerPow, [a], { y: 2 });
export const powInt = (a: Array, y: number): Array => bind1(integerPow, [a], { y });

/** The real part of a complex64 array (`lax.real`). */
export const realPart = (a: Array): Array => bind1(realP, [a], {});
/** The complex conjugate (`lax.conj`: complex64 for float32 operands too). */
export const conj = (a: Array): Array => bind1(conjP, [a], {});

/** `onTrue` where `pred`, else `onFalse` (same shapes). */
export function select(pred: Array, onTrue: Array, onFalse: Array): Array {
  return bind1(selectN, [pred, onFalse, onTrue], {});
}

/** `x * c` for a JS number `c` (in `x`'s dtype). */
export function scale(x: Array, c: number): Array {
  return mul(x, full(x, c));
}

/** Converts to `dtype` (strong type). */
export function convert(x: Array, dtype: DType): Array {
  return x.dtype === dtype && !x.weakType ? x : bind1(convertElementType, [x], { newDtype: dtype, weakType: false });
}

export function reshapeTo(x: Array, shape: readonly number[]): Array {
  return x.shape.length === shape.length && x.shape.every((n, i) => n === shape[i]) ? x : bind1(reshape, [x], { newSizes: shape });
}

export function transposeTo(x: Array, perm: readonly number[]): Array {
  return perm.every((p, i) => p === i) ? x : bind1(transpose, [x], { permutation: perm });
}

/** Sum over `axes` (no-op for none). */
export function sumAxes(x: Array, axes: readonly number[]): Array {
  return axes.length === 0 ? x : bind1(reduceSum, [x], { axes: [...axes].sort((a, b) => a - b) });
}

/** Broadcasts `x` into `shape`, operand axis i to output axis `dims[i]`. */
export function broadcastDims(x: Array, shape: readonly number[], dims: readonly number[]): Array {
  return bind1(broadcastInDim, [x], { shape, broadcastDimensions: dims });
}

/** numpy-style broadcast of `x` to `shape` (trailing axes aligned). */
export function broadcastTo(x: Array, shape: readonly number[]): Array {
  if (x.shape.length === shape.length && x.shape.every((n, i) => n === shape[i])) return x;
  const lead = shape.length - x.shape.length;
  return broadcastDims(x, shape, range(x.shape.length).map((i) => i + lead));
}

/** int32 positions along `dimension` of an array of `shape`. */
export function iotaLike(shape: readonly number[], dimension: number, device: Array["device"]): Array {
  return bind1(iota, [], { dtype: "int32", shape, dimension, device });
}

export function concat(xs: readonly Array[], dimension: number): Array {
  return xs.length === 1 ? xs[0]! : bind1(concatenate, xs, { dimension });
}

export function sliceAxis(x: Array, axis: number, start: number, stop: number): Array {
  const s = x.shape.map(() => 0);
  const l = [...x.shape];
  s[axis] = start;
  l[axis] = stop;
  return bind1(slice, [x], { startIndices: s, limitIndices: l, strides: x.shape.map(() => 1) });
}

/**
 * JVP of a primitive that is linear in all of its operands: the same primitive applied to the
 * tangents (zeros where a tangent is a symbolic zero).
 */
export function linearJvp<P>(prim: Primitive<P>, primals: readonly Array[], tangents: readonly Tangent[], params: P): [Array[], Tangent[]] {
  const out = bind(prim, primals, params);
  const ts = tangents.map((t, i) => instantiate(t, primals[i]!));
  return [out, bind(prim, ts, params)];
}

/** A constant 1-D array of `values` (for index bounds and the like). */
export function vector(values: readonly number[], dtype: DType, device: Array["device"]): Array {
  const host = dtype === "int32" ? Int32Array.from(values) : dtype === "uint32" ? Uint32Array.from(values) : Float32Array.from(values);
  return fromHost(host, [values.length], dtype, false, device);
}

/** Elements of `x` at `idx` along `axis` (`idx` has `x`'s shape but along `axis`): a gather. */
export function takeAlongAxis(x: Array, idx: Array, axis: number): Array {
  const shape = idx.shape;
  const cols = shape.map((_, d) => reshapeTo(d === axis ? convert(idx, "int32") : iotaLike(shape, d, x.device), [...shape, 1]));
  return bind1(gather, [x, concat(cols, shape.length)], { axes: range(x.ndim), mode: "clip" });
}

/** Applies a primitive and returns all outputs (re-exported for rules). */
export { bind, bind1 };

// the differentiation interpreters add tangents and make zeros through the core (core/ad-util.ts)
_setAdUtil({ add: (a, b) => bind1(binaryPrims.add, [a, b], {}), zerosLike });
