/**
 * More creation functions: empty/emptyLike (zeros, as in JAX), copy, frombuffer and fromstring,
 * resize.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType, checkDType } from "../dtype.js";
import { namedArgs } from "../util/options.js";
import { asArray } from "./convert.js";
import { type CreationOptions, type LikeOptions, array, zeros, zerosLike } from "./creation.js";
import { concatenate, ravel, reshape } from "./shape-ops.js";
import type { DeviceName } from "../backend/backend.js";

/**
 * An array of `shape` (zero-filled: JAX has no uninitialized memory).
 *
 * @example
 * np.empty([2, 3]); // zeros
 */
export function empty(shape: number | readonly number[], options?: CreationOptions): Array {
  return zeros(shape, options);
}

/**
 * An array like `x` (zero-filled, as in JAX).
 *
 * @example
 * np.emptyLike(np.ones([2])); // [0, 0]
 */
export function emptyLike(x: ArrayLike, options?: LikeOptions): Array {
  return zerosLike(x, options);
}

/**
 * A copy of `a` (arrays are immutable, so this is `a` as an Array).
 *
 * @example
 * np.copy(np.array([1, 2])); // [1, 2]
 */
export function copy(a: ArrayLike, ...rest: unknown[]): Array {
  namedArgs<{ order?: null }>("np.copy", rest, ["order"]);
  const x = asArray("np.copy", a);
  return x.astype(x.dtype);
}

const BUFFER_TYPES: Partial<Record<DType, { new (b: ArrayBuffer, offset: number, length: number): ArrayLike & globalThis.ArrayLike<number>; BYTES_PER_ELEMENT: number }>> = {
  float32: Float32Array as never,
  int32: Int32Array as never,
  uint32: Uint32Array as never,
  int16: Int16Array as never,
  uint16: Uint16Array as never,
  int8: Int8Array as never,
  uint8: Uint8Array as never,
};

/** Options of `frombuffer`. */
export interface FrombufferOptions {
  dtype?: DType;
  /** How many elements to read (default -1: all). */
  count?: number;
  /** Where to start, in bytes. */
  offset?: number;
  device?: DeviceName;
}

/**
 * A 1-D array read from the bytes of `buffer` (little-endian, as JS typed arrays), default float32.
 *
 * @example
 * np.frombuffer(new Float32Array([1, 2]).buffer); // [1, 2]
 */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, ...rest: unknown[]): Array {
  const op = "np.frombuffer";
  const o = namedArgs<FrombufferOptions>(op, rest, ["dtype", "count", "offset"], ["device"], `${op}(buffer, { dtype, count, offset })`);
  const dtype = checkDType(op, o.dtype ?? "float32");
  const T = BUFFER_TYPES[dtype];
  if (!T) throw new TypeError(`${op}: dtype ${dtype} cannot be read from bytes; use one of ${Object.keys(BUFFER_TYPES).join(", ")}.`);
  const bytes = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
  const offset = o.offset ?? 0;
  const avail = bytes.byteLength - offset;
  if (offset < 0 || avail < 0 || avail % T.BYTES_PER_ELEMENT !== 0 && (o.count ?? -1) < 0) {
    throw new TypeError(`${op}: ${bytes.byteLength} bytes from offset ${offset} are not a whole number of ${dtype} elements (${T.BYTES_PER_ELEMENT} bytes each).`);
  }
  const count = (o.count ?? -1) < 0 ? avail / T.BYTES_PER_ELEMENT : o.count!;
  if (count * T.BYTES_PER_ELEMENT > avail) throw new TypeError(`${op}: ${count} elements need ${count * T.BYTES_PER_ELEMENT} bytes, only ${avail} are there.`);
  const copyBytes = bytes.slice(offset, offset + count * T.BYTES_PER_ELEMENT);
  return array(new T(copyBytes.buffer, 0, count) as never, { dtype, device: o.device });
}

/**
 * A 1-D array parsed from text of numbers separated by `sep` (required, as in JAX).
 *
 * @example
 * np.fromstring("1 2 3", { sep: " " }); // [1, 2, 3]
 */
export function fromstring(string: string, ...rest: unknown[]): Array {
  const op = "np.fromstring";
  const o = namedArgs<{ dtype?: DType; count?: number; sep?: string }>(op, rest, ["dtype", "count"], ["sep"], `${op}(string, { dtype, count, sep })`);
  if (o.sep === undefined || o.sep === "") throw new TypeError(`${op}: give { sep } (binary mode is deprecated in numpy; use np.frombuffer for bytes).`);
  const parts = (o.sep.trim() === "" ? string.trim().split(/\s+/) : string.split(o.sep).map((p) => p.trim())).filter((p) => p.length > 0);
  const count = (o.count ?? -1) < 0 ? parts.length : o.count!;
  if (count > parts.length) throw new TypeError(`${op}: count ${count} is more than the ${parts.length} numbers in the string.`);
  const values = parts.slice(0, count).map((p) => {
    const v = Number(p);
    if (Number.isNaN(v) && p.toLowerCase() !== "nan") throw new TypeError(`${op}: ${JSON.stringify(p)} is not a number.`);
    return v;
  });
  return array(values, { dtype: o.dtype ?? "float32" });
}

/**
 * `a` flattened and repeated (or cut) to fill `newShape`.
 *
 * @example
 * np.resize(np.array([1, 2, 3]), [2, 4]); // [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(a: ArrayLike, newShape: number | readonly number[]): Array {
  const op = "np.resize";
  const shape = typeof newShape === "number" ? [newShape] : [...newShape];
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new TypeError(`${op}: newShape must be non-negative integers, got [${shape.join(", ")}].`);
  const flat = ravel(asArray(op, a));
  const size = shape.reduce((p, n) => p * n, 1);
  if (flat.size === 0) return zeros(shape, { dtype: flat.dtype, device: flat.device });
  const reps = Math.ceil(size / flat.size);
  const long = reps > 1 ? concatenate(globalThis.Array.from({ length: reps }, () => flat)) : flat;
  return reshape(long.get(`0:${size}`), shape);
}
