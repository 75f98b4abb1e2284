/**
 * Bit-level functions: nextafter and spacing (float32 neighbours through the bit pattern),
 * packbits and unpackbits, as JAX.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isIntDType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { bitcastConvertType as bitcastP } from "../primitives/elementwise.js";
import type { DType } from "../dtype.js";
import { namedArgs } from "../util/options.js";
import { asArray, promoteToFloat } from "./convert.js";
import { array, zeros } from "./creation.js";
import {
  abs, add, bitwiseAnd, equal, greater, isinf, isnan, leftShift, less, logicalOr, notEqual, rightShift, subtract, where,
} from "./elementwise.js";
import { copysign } from "./math.js";
import { sum } from "./reductions.js";
import { concatenate, expandDims, moveaxis, ravel, reshape } from "./shape-ops.js";

const bitcastConvertType = (x: Array, newDtype: DType): Array => bind1(bitcastP, [x], { newDtype });

const MIN_SUBNORMAL = 1.401298464324817e-45;

function float32Only(op: string, a: Array): void {
  if (a.dtype !== "float32") throw new DTypeError(`${op}: implemented for float32 (got ${a.dtype}); convert with x.astype("float32").`);
}

/**
 * The next float32 after `x1` towards `x2` (`x2` when they are equal; NaN when either is NaN).
 *
 * @example
 * np.nextafter(np.array([1]), 2); // [1.0000001]
 */
export function nextafter(x1: ArrayLike, x2: ArrayLike): Array {
  const op = "np.nextafter";
  const [a, b] = promoteToFloat(op, [x1, x2]);
  float32Only(op, a!);
  const mag = bitcastConvertType(abs(a!), "int32");
  // moving away from zero adds one to the magnitude's bit pattern, towards zero subtracts one
  const away = equal(less(a!, b!), greater(a!, 0));
  const stepped = bitcastConvertType(add(mag, where(away, 1, -1)).astype("int32"), "float32");
  let out = copysign(stepped, a!);
  out = where(equal(a!, 0), copysign(MIN_SUBNORMAL, b!), out);
  out = where(equal(a!, b!), b!, out);
  return where(logicalOr(isnan(a!), isnan(b!)), NaN, out);
}

/**
 * The distance from `x` to the next float32 away from zero (negative for negative `x`; NaN for
 * infinities and NaN).
 *
 * @example
 * np.spacing(np.array([1])); // [1.1920929e-7]
 */
export function spacing(x: ArrayLike): Array {
  const op = "np.spacing";
  const [a] = promoteToFloat(op, [x]);
  float32Only(op, a!);
  const m = abs(a!);
  const up = subtract(nextafter(m, Infinity), m);
  const signed = copysign(up, a!);
  return where(logicalOr(isinf(a!), isnan(a!)), NaN, signed);
}

function bitOrder(op: string, order: string | undefined): "big" | "little" {
  const o = order ?? "big";
  if (o !== "big" && o !== "little") throw new TypeError(`${op}: unknown bitorder ${JSON.stringify(o)}; accepted: "big", "little".`);
  return o;
}

/**
 * Bools (or nonzero values) packed into uint8, 8 per byte along `axis` (flattened when null),
 * zero-padded at the end.
 *
 * @example
 * np.packbits(np.array([1, 0, 1, 1, 0, 0, 0, 0, 1], { dtype: "uint8" })); // [176, 128]
 */
export function packbits(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.packbits";
  const o = namedArgs<{ axis?: number | null; bitorder?: "big" | "little" }>(op, rest, ["axis", "bitorder"], [], `${op}(a, axis?, bitorder?)`);
  let x = asArray(op, a);
  if (!isIntDType(x.dtype) && x.dtype !== "bool") throw new DTypeError(`${op}: needs integer or bool values, got ${x.dtype}.`);
  const order = bitOrder(op, o.bitorder);
  if (o.axis === undefined || o.axis === null) x = ravel(x);
  const ax = normalizeAxis(op, o.axis ?? 0, x.ndim);
  let bits = moveaxis(notEqual(x, 0).astype("uint8"), ax, -1);
  const n = bits.shape[bits.ndim - 1]!;
  const pad = (8 - (n % 8)) % 8;
  if (pad) bits = concatenate([bits, zeros([...bits.shape.slice(0, -1), pad], { dtype: "uint8", device: bits.device })], -1);
  const grouped = reshape(bits, [...bits.shape.slice(0, -1), (n + pad) / 8, 8]);
  const shifts = array(order === "big" ? [7, 6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6, 7], { dtype: "uint8", device: bits.device });
  return moveaxis(sum(leftShift(grouped, shifts), -1, { dtype: "uint8" }), -1, ax);
}

/**
 * uint8 values unpacked into their bits (0/1 uint8) along `axis` (flattened when null); `count`
 * keeps that many bits (negative: drops them from the end).
 *
 * @example
 * np.unpackbits(np.array([5], { dtype: "uint8" })); // [0, 0, 0, 0, 0, 1, 0, 1]
 */
export function unpackbits(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.unpackbits";
  const o = namedArgs<{ axis?: number | null; count?: number | null; bitorder?: "big" | "little" }>(op, rest, ["axis", "count", "bitorder"], [], `${op}(a, axis?, count?, bitorder?)`);
  let x = asArray(op, a);
  if (x.dtype !== "uint8") throw new DTypeError(`${op}: needs uint8 values, got ${x.dtype}.`);
  const order = bitOrder(op, o.bitorder);
  if (o.axis === undefined || o.axis === null) x = ravel(x);
  const ax = normalizeAxis(op, o.axis ?? 0, x.ndim);
  const moved = moveaxis(x, ax, -1);
  const shifts = array(order === "big" ? [7, 6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6, 7], { dtype: "uint8", device: x.device });
  const bits = bitwiseAnd(rightShift(expandDims(moved, -1), shifts), 1).astype("uint8");
  let flat = reshape(bits, [...moved.shape.slice(0, -1), moved.shape[moved.ndim - 1]! * 8]);
  if (o.count !== undefined && o.count !== null) {
    const n = flat.shape[flat.ndim - 1]!;
    const keep = o.count < 0 ? Math.max(n + o.count, 0) : o.count;
    flat = keep <= n ? flat.get("...", `0:${keep}`) : concatenate([flat, zeros([...flat.shape.slice(0, -1), keep - n], { dtype: "uint8", device: x.device })], -1);
  }
  return moveaxis(flat, -1, ax);
}

