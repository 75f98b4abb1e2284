/**
 * Array creation: `array`, `asarray`, `zeros`, `ones`, `full`, `arange`, `eye`,
 * `identity`, `zerosLike`, `onesLike`, `fullLike`, and `devicePut`.
 *
 * JS numbers become float32 unless a dtype is given (as in TensorFlow.js and jax-js: JS has no
 * separate integer literal); `arange` with integer arguments gives int32, as in JAX. TypedArrays
 * keep their type (Int32Array -> int32, Int16Array -> int16, Int8Array -> int8, and the unsigned
 * ones likewise; Float32Array/Float64Array -> float32).
 */
import { Array, type ArrayLike as Operand, type Complex } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { type DeviceName, type HostArray, hostArrayFor } from "../backend/backend.js";
import { defaultDevice, getBackend } from "../backend/devices.js";
import { type DType, checkDType, intRange, isFloatDType } from "../dtype.js";
import { DTypeError, DeviceError, ShapeError } from "../errors.js";
import { checkShape, checkSize, fmtShape, staticNumber } from "../shape.js";
import { checkOptions, splitOptions } from "../util/options.js";
import { f32ToF16Bits } from "../float16.js";
import { bind1 } from "../core/bind.js";
import { fromHost } from "../core/eager.js";
import { copyPrimitive } from "../core/copy.js";
import { iota } from "../primitives/structural.js";
import { binaryPrims } from "../primitives/elementwise.js";
import { asArray, broadcastTo, convert, scalarLike } from "./convert.js";
import { isList } from "../util.js";

/** Options of creation functions. */
export interface CreationOptions {
  dtype?: DType;
  device?: DeviceName;
}

const CREATION = { accepted: ["dtype", "device"] };
const LIKE = { accepted: ["dtype", "shape", "device"] };

/** Options of `zerosLike`, `onesLike`, `fullLike` and `emptyLike`. */
export interface LikeOptions {
  dtype?: DType;
  /** The result's shape instead of `x`'s. */
  shape?: number | readonly number[];
  device?: DeviceName;
}

/** Nested JS lists of numbers/booleans/`{ re, im }` complex values, a TypedArray, a scalar, or an Array. */
export type ArrayInput = number | boolean | Complex | readonly ArrayInput[] | ArrayBufferView | Array;

/** True for a `{ re, im }` complex value. */
export function isComplexValue(x: unknown): x is Complex {
  return x !== null && typeof x === "object" && typeof (x as Complex).re === "number" && typeof (x as Complex).im === "number" && Object.keys(x).length === 2;
}

function typedArrayDType(x: ArrayBufferView): DType {
  if (x instanceof Float32Array || x instanceof Float64Array) return "float32";
  if (x instanceof Uint32Array) return "uint32";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Int16Array) return "int16";
  if (x instanceof Int8Array) return "int8";
  if (x instanceof Uint16Array) return "uint16";
  if (x instanceof Uint8Array || x instanceof Uint8ClampedArray) return "uint8";
  throw new DTypeError(`np.array: ${x.constructor.name} is not supported (64-bit integers are not available); convert it to Int32Array or Float32Array.`);
}

/** Writes JS values into host storage of `dtype` with numpy conversion semantics. */
function fillHost(dtype: DType, values: ArrayLike<number | boolean | Complex>): HostArray {
  const out = hostArrayFor(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (dtype === "complex64") {
      // interleaved (re, im); real values have a zero imaginary part
      out[2 * i] = isComplexValue(v) ? v.re : +v;
      out[2 * i + 1] = isComplexValue(v) ? v.im : 0;
      continue;
    }
    if (isComplexValue(v)) {
      throw new DTypeError(`np.array: the complex value {re: ${v.re}, im: ${v.im}} does not fit in ${dtype}; use dtype "complex64" (or take its real part first).`);
    }
    const n = typeof v === "boolean" ? (v ? 1 : 0) : v;
    switch (dtype) {
      case "bool": out[i] = n !== 0 ? 1 : 0; break;
      case "float16": out[i] = f32ToF16Bits(n); break;
      case "float32": out[i] = n; break;
      default: {
        // integers: float values saturate (NaN to 0), as a conversion does
        const [lo, hi] = intRange(dtype);
        out[i] = Number.isNaN(n) ? 0 : Math.max(lo, Math.min(hi, Math.trunc(n)));
      }
    }
  }
  return out;
}

/** Flattens nested lists, checking they are rectangular; returns the shape and the values. */
function flatten(data: ArrayInput): { shape: number[]; values: (number | boolean | Complex)[]; allBool: boolean; anyComplex: boolean } {
  const shape: number[] = [];
  const values: (number | boolean | Complex)[] = [];
  let allBool = true;
  let anyComplex = false;
  let probe: unknown = data;
  while (isList(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const walk = (x: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof x === "number") allBool = false;
      else if (isComplexValue(x)) {
        allBool = false;
        anyComplex = true;
      } else if (typeof x !== "boolean") {
        throw new TypeError(
          `np.array: element at ${path || "the top"} is ${isList(x) ? "a list" : typeof x}; ` +
            `expected a number, a boolean or a complex { re, im } (the data looks like shape ${fmtShape(shape)}).`,
        );
      }
      values.push(x as number | boolean | Complex);
      return;
    }
    if (!isList(x) || x.length !== shape[depth]) {
      throw new ShapeError(
        `np.array: ragged nested lists: the list at ${path || "the top"} has ` +
          `${isList(x) ? `length ${x.length}` : "a scalar"} where length ${shape[depth]} was expected ` +
          `(shape so far ${fmtShape(shape)}). All sublists at one depth must have equal length.`,
      );
    }
    for (let i = 0; i < x.length; i++) walk(x[i], depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, "");
  return { shape, values, allBool: allBool && values.length > 0, anyComplex };
}

/**
 * Creates an array from nested JS lists, a TypedArray, a scalar or another Array (copied).
 *
 * @example
 * const x = np.array([[1, 2], [3, 4]]);                 // float32 [2,2]
 * const i = np.array([1, 2, 3], { dtype: "int32" });
 * const b = np.array([true, false]);                    // bool
 * const t = np.array(new Int32Array([5, 6]));           // int32
 * const z = np.array([{ re: 1, im: 2 }, { re: 0, im: -1 }]); // complex64
 */
export function array(data: ArrayInput, options?: CreationOptions): Array {
  const opts = checkOptions("np.array", options, { ...CREATION, signature: "np.array(data, { dtype, device })" });
  const device = opts.device ?? defaultDevice();
  const dtype = opts.dtype ? checkDType("np.array", opts.dtype) : undefined;
  if (data instanceof Array) {
    const d = data as DeviceArray;
    if (d.device !== device) {
      throw new DeviceError(`np.array: the input is on ${d.device}; use await devicePut(x, "${device}") to move arrays between devices.`);
    }
    return convert(bind1(copyPrimitive, [d], {}), dtype ?? d.dtype);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const src = data as unknown as ArrayLike<number>;
    const dt = dtype ?? typedArrayDType(data);
    return fromHost(fillHost(dt, src), [src.length], dt, false, device);
  }
  if (typeof data === "number" || typeof data === "boolean") {
    const dt = dtype ?? (typeof data === "boolean" ? "bool" : "float32");
    return fromHost(fillHost(dt, [data]), [], dt, false, device);
  }
  const { shape, values, allBool, anyComplex } = flatten(data);
  const dt = dtype ?? (anyComplex ? "complex64" : allBool ? "bool" : "float32");
  return fromHost(fillHost(dt, values), shape, dt, false, device);
}

/**
 * Like `array`, but returns Arrays unchanged (no copy).
 *
 * @example
 * np.asarray(x) === x; // true for an Array
 */
export function asarray(data: ArrayInput, options?: CreationOptions): Array {
  const opts = checkOptions("np.asarray", options, { ...CREATION, signature: "np.asarray(data, { dtype, device })" });
  if (data instanceof Array) return opts.dtype ? convert(data, opts.dtype) : data;
  return array(data, opts);
}

/**
 * An array of `shape` filled with `value` (float32 for numbers, bool for booleans, unless
 * `dtype` is given). Costs no device memory beyond one element until used.
 *
 * @example
 * np.full([2, 3], 7);                      // float32
 * np.full([4], 1, { dtype: "int32" });
 */
export function full(shape: number | readonly number[], value: number | boolean | Array, options?: CreationOptions): Array {
  const opts = checkOptions("np.full", options, { ...CREATION, signature: "np.full(shape, fillValue, { dtype, device })" });
  return filled("np.full", shape, value, opts);
}

/**
 * `shape` filled with `value`, broadcast (the dtype defaults to float32 for numbers, bool for
 * booleans, the array's own for arrays).
 */
function filled(op: string, shape: number | readonly number[], value: number | boolean | Array, opts: CreationOptions): Array {
  const s = checkShape(op, shape);
  if (value instanceof Array) {
    if (opts.device !== undefined && opts.device !== value.device) {
      throw new DeviceError(`${op}: the fill value is on ${value.device}; use await devicePut(x, "${opts.device}") to move arrays between devices.`);
    }
    return broadcastTo(op, convert(value, opts.dtype ? checkDType(op, opts.dtype) : value.dtype), s);
  }
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`${op}: the fill value must be a number, a boolean or an Array, got ${value === null ? "null" : typeof value}.`);
  }
  const dtype = opts.dtype ? checkDType(op, opts.dtype) : typeof value === "boolean" ? "bool" : "float32";
  const device = opts.device ?? defaultDevice();
  getBackend(device, op);
  return broadcastTo(op, scalarLike(op, value, { dtype, weakType: false }, device), s);
}

/**
 * Zeros of `shape` (float32 unless `dtype`).
 *
 * @example
 * np.zeros([3, 4]);
 */
export function zeros(shape: number | readonly number[], options?: CreationOptions): Array {
  const opts = checkOptions("np.zeros", options, { ...CREATION, signature: "np.zeros(shape, { dtype, device })" });
  return filled("np.zeros", shape, 0, opts);
}

/**
 * Ones of `shape` (float32 unless `dtype`).
 *
 * @example
 * np.ones([3], { dtype: "int32" });
 */
export function ones(shape: number | readonly number[], options?: CreationOptions): Array {
  const opts = checkOptions("np.ones", options, { ...CREATION, signature: "np.ones(shape, { dtype, device })" });
  return filled("np.ones", shape, 1, opts);
}

/**
 * An array like `x` (shape, dtype, device) filled with `value`.
 *
 * @example
 * np.fullLike(x, 0.5);
 */
export function fullLike(x: Operand, value: number | boolean | Array, options?: LikeOptions): Array {
  const opts = checkOptions("np.fullLike", options, LIKE);
  const a = asArray("np.fullLike", x);
  const shape = opts.shape === undefined ? a.shape : checkShape("np.fullLike", opts.shape);
  return filled("np.fullLike", shape, value, { dtype: opts.dtype ?? a.dtype, device: opts.device ?? a.device });
}

/**
 * Zeros shaped like `x`.
 *
 * @example
 * np.zerosLike(x);
 */
export function zerosLike(x: Operand, options?: LikeOptions): Array {
  const opts = checkOptions("np.zerosLike", options, LIKE);
  return fullLike(x, 0, opts);
}

/**
 * Ones shaped like `x`.
 *
 * @example
 * np.onesLike(x);
 */
export function onesLike(x: Operand, options?: LikeOptions): Array {
  const opts = checkOptions("np.onesLike", options, LIKE);
  return fullLike(x, 1, opts);
}

/**
 * Evenly spaced values in `[start, stop)`. With one argument, `[0, stop)`. int32 when all
 * arguments are integers, else float32 (unless `dtype`).
 *
 * @example
 * np.arange(5);          // [0,1,2,3,4] int32
 * np.arange(0, 1, 0.25); // [0,0.25,0.5,0.75] float32
 */
export function arange(stop: number, opts?: CreationOptions): Array;
export function arange(start: number, stop: number | undefined, opts?: CreationOptions): Array;
export function arange(start: number, stop: number | undefined, step: number | undefined, opts?: CreationOptions): Array;
export function arange(...args: unknown[]): Array {
  const op = "np.arange";
  const [pos, opts] = splitOptions<CreationOptions>(op, args, 3, ARANGE_SPEC);
  const [a0, a1, a2] = pos.map((v, i) => staticNumber(op, ["start", "stop", "step"][pos.length === 1 ? 1 : i]!, v));
  if (a0 === undefined) throw new TypeError(`${op}: needs at least one argument (stop). Call it as ${ARANGE_SPEC.signature}.`);
  const [start, stop] = a1 === undefined ? [0, a0] : [a0, a1];
  const step = a2 ?? 1;
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`${op}: step must be a finite nonzero number, got ${step}.`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new RangeError(`${op}: start and stop must be finite numbers, got ${start} and ${stop}.`);
  const dtype = opts.dtype ? checkDType(op, opts.dtype) : [start, stop, step].every(Number.isInteger) ? "int32" : "float32";
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize("np.arange", [n], `the range from ${start} to ${stop} in steps of ${step}`);
  const device = opts.device ?? defaultDevice();
  const idx = bind1(iota, [], { dtype: isFloatDType(dtype) ? dtype : "int32", shape: [n], dimension: 0, device });
  let out = idx;
  if (step !== 1) out = bind1(binaryPrims.mul, [out, broadcastTo(op, scalarLike(op, step, { dtype: out.dtype, weakType: false }, device), [n])], {});
  if (start !== 0) out = bind1(binaryPrims.add, [out, broadcastTo(op, scalarLike(op, start, { dtype: out.dtype, weakType: false }, device), [n])], {});
  return convert(out, dtype);
}

const ARANGE_SPEC = { accepted: ["dtype", "device"], signature: "np.arange(stop, { dtype }) or np.arange(start, stop, step?, { dtype, device })" };

/**
 * An `n` x `m` matrix with ones on diagonal `k` (0 = main, > 0 above).
 *
 * @example
 * np.eye(3);
 * np.eye(2, 3, 1);
 */
export function eye(n: number, opts?: CreationOptions): Array;
export function eye(n: number, m: number | undefined, opts?: CreationOptions): Array;
export function eye(n: number, m: number | undefined, k: number, opts?: CreationOptions): Array;
export function eye(n: number, ...rest: unknown[]): Array {
  const [[m, k = 0], opts] = splitOptions<CreationOptions>("np.eye", rest, 2, { ...CREATION, signature: "np.eye(n, m?, k?, { dtype, device })" }) as [[number?, number?], CreationOptions];
  const cols = m ?? n;
  checkShape("np.eye", [n, cols]);
  const dtype = opts.dtype ?? "float32";
  const values = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < cols) values[i * cols + i + k] = 1;
  return array(values, { dtype, device: opts.device }).reshape(n, cols);
}

/**
 * The `n` x `n` identity matrix.
 *
 * @example
 * np.identity(4);
 */
export function identity(n: number, options?: CreationOptions): Array {
  const opts = checkOptions("np.identity", options, { ...CREATION, signature: "np.identity(n, { dtype, device })" });
  return eye(n, n, 0, opts);
}

/**
 * Copies an array (or every array in a list/object) to `device`.
 *
 * @example
 * const g = await devicePut(np.array([1, 2, 3], { device: "cpu" }), "webgpu");
 */
export async function devicePut<T>(x: T, device: DeviceName): Promise<T> {
  getBackend(device, "devicePut");
  if (x instanceof Array) {
    const d = x as unknown as DeviceArray;
    if (d.device === device) return x;
    return fromHost(await d.rawData(), d.shape, d.dtype, d.weakType, device) as unknown as T;
  }
  if (isList(x)) return (await Promise.all(x.map((v) => devicePut(v, device)))) as T;
  if (x !== null && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = await devicePut(v, device);
    return out as T;
  }
  return x;
}
