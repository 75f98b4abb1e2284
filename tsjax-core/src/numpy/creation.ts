/**
 * Array creation: `array`, `asarray`, `zeros`, `ones`, `full`, `arange`, `linspace`, `eye`,
 * `identity`, `zerosLike`, `onesLike`, `fullLike`, and `devicePut`.
 *
 * JS numbers become float32 unless a dtype is given (as in TensorFlow.js and jax-js: JS has no
 * separate integer literal); `arange` with integer arguments gives int32, as in JAX. TypedArrays
 * keep their type (Int32Array -> int32, Uint32Array -> uint32, Float32Array/Float64Array ->
 * float32, smaller integer arrays -> int32).
 */
import { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { type DeviceName, type HostArray, hostArrayFor } from "../backend/backend.js";
import { defaultDevice, getBackend } from "../backend/devices.js";
import { type DType, checkDType, isFloatDType } from "../dtype.js";
import { DTypeError, DeviceError, ShapeError } from "../errors.js";
import { checkShape, checkSize, fmtShape } from "../shape.js";
import { f32ToF16Bits } from "../compile/js-runtime.js";
import { bind1 } from "../core/bind.js";
import { copyPrimitive, fromHost } from "../core/eager.js";
import { iota } from "../primitives/structural.js";
import { binaryPrims } from "../primitives/elementwise.js";
import { broadcastTo, convert, scalarLike } from "./convert.js";
import { isList } from "../util.js";

/** Options of creation functions. */
export interface CreationOptions {
  dtype?: DType;
  device?: DeviceName;
}

/** Nested JS lists of numbers/booleans, a TypedArray, a scalar, or an Array. */
export type ArrayInput = number | boolean | readonly ArrayInput[] | ArrayBufferView | Array;

function typedArrayDType(x: ArrayBufferView): DType {
  if (x instanceof Float32Array || x instanceof Float64Array) return "float32";
  if (x instanceof Uint32Array) return "uint32";
  if (x instanceof Int32Array || x instanceof Int16Array || x instanceof Int8Array || x instanceof Uint16Array || x instanceof Uint8Array || x instanceof Uint8ClampedArray) return "int32";
  throw new DTypeError(`np.array: ${x.constructor.name} is not supported (64-bit integers are not available); convert it to Int32Array or Float32Array.`);
}

/** Writes JS values into host storage of `dtype` with numpy conversion semantics. */
function fillHost(dtype: DType, values: ArrayLike<number | boolean>): HostArray {
  const out = hostArrayFor(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const n = typeof v === "boolean" ? (v ? 1 : 0) : v;
    switch (dtype) {
      case "bool": out[i] = n !== 0 ? 1 : 0; break;
      case "float16": out[i] = f32ToF16Bits(n); break;
      case "int32": out[i] = Number.isNaN(n) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(n))); break;
      case "uint32": out[i] = Number.isNaN(n) || n <= 0 ? 0 : Math.min(4294967295, Math.trunc(n)); break;
      default: out[i] = n;
    }
  }
  return out;
}

/** Flattens nested lists, checking they are rectangular; returns the shape and the values. */
function flatten(data: ArrayInput): { shape: number[]; values: (number | boolean)[]; allBool: boolean } {
  const shape: number[] = [];
  const values: (number | boolean)[] = [];
  let allBool = true;
  let probe: unknown = data;
  while (isList(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const walk = (x: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof x === "number") allBool = false;
      else if (typeof x !== "boolean") {
        throw new TypeError(
          `np.array: element at ${path || "the top"} is ${isList(x) ? "a list" : typeof x}; ` +
            `expected a number or boolean (the data looks like shape ${fmtShape(shape)}).`,
        );
      }
      values.push(x as number | boolean);
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
  return { shape, values, allBool: allBool && values.length > 0 };
}

/**
 * Creates an array from nested JS lists, a TypedArray, a scalar or another Array (copied).
 *
 * @example
 * const x = np.array([[1, 2], [3, 4]]);                 // float32 [2,2]
 * const i = np.array([1, 2, 3], { dtype: "int32" });
 * const b = np.array([true, false]);                    // bool
 * const t = np.array(new Int32Array([5, 6]));           // int32
 */
export function array(data: ArrayInput, opts: CreationOptions = {}): Array {
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
  const { shape, values, allBool } = flatten(data);
  const dt = dtype ?? (allBool ? "bool" : "float32");
  return fromHost(fillHost(dt, values), shape, dt, false, device);
}

/**
 * Like `array`, but returns Arrays unchanged (no copy).
 *
 * @example
 * np.asarray(x) === x; // true for an Array
 */
export function asarray(data: ArrayInput, opts: CreationOptions = {}): Array {
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
export function full(shape: number | readonly number[], value: number | boolean, opts: CreationOptions = {}): Array {
  const s = checkShape("np.full", shape);
  const dtype = opts.dtype ? checkDType("np.full", opts.dtype) : typeof value === "boolean" ? "bool" : "float32";
  const device = opts.device ?? defaultDevice();
  getBackend(device, "np.full");
  return broadcastTo("np.full", scalarLike("np.full", value, { dtype, weakType: false }, device), s);
}

/**
 * Zeros of `shape` (float32 unless `dtype`).
 *
 * @example
 * np.zeros([3, 4]);
 */
export function zeros(shape: number | readonly number[], opts: CreationOptions = {}): Array {
  return full(checkShape("np.zeros", shape), 0, { ...opts, dtype: opts.dtype ?? "float32" });
}

/**
 * Ones of `shape` (float32 unless `dtype`).
 *
 * @example
 * np.ones([3], { dtype: "int32" });
 */
export function ones(shape: number | readonly number[], opts: CreationOptions = {}): Array {
  return full(checkShape("np.ones", shape), 1, { ...opts, dtype: opts.dtype ?? "float32" });
}

/**
 * An array like `x` (shape, dtype, device) filled with `value`.
 *
 * @example
 * np.fullLike(x, 0.5);
 */
export function fullLike(x: Array, value: number | boolean, opts: { dtype?: DType } = {}): Array {
  return full(x.shape, value, { dtype: opts.dtype ?? x.dtype, device: x.device });
}

/**
 * Zeros shaped like `x`.
 *
 * @example
 * np.zerosLike(x);
 */
export function zerosLike(x: Array, opts: { dtype?: DType } = {}): Array {
  return fullLike(x, 0, opts);
}

/**
 * Ones shaped like `x`.
 *
 * @example
 * np.onesLike(x);
 */
export function onesLike(x: Array, opts: { dtype?: DType } = {}): Array {
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
export function arange(start: number, stop?: number, step = 1, opts: CreationOptions = {}): Array {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`np.arange: step must be a finite nonzero number, got ${step}.`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new RangeError(`np.arange: start and stop must be finite numbers, got ${start} and ${stop}.`);
  }
  const dtype = opts.dtype ?? ([start, stop, step].every(Number.isInteger) ? "int32" : "float32");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize("np.arange", [n], `the range from ${start} to ${stop} in steps of ${step}`);
  const device = opts.device ?? defaultDevice();
  const idx = bind1(iota, [], { dtype: isFloatDType(dtype) ? dtype : "int32", shape: [n], dimension: 0, device });
  let out = idx;
  if (step !== 1) out = bind1(binaryPrims.mul, [out, broadcastTo("np.arange", scalarLike("np.arange", step, { dtype: out.dtype, weakType: false }, device), [n])], {});
  if (start !== 0) out = bind1(binaryPrims.add, [out, broadcastTo("np.arange", scalarLike("np.arange", start, { dtype: out.dtype, weakType: false }, device), [n])], {});
  return convert(out, dtype);
}

/**
 * `num` evenly spaced values from `start` to `stop` (inclusive unless `endpoint: false`).
 *
 * @example
 * np.linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num = 50, opts: CreationOptions & { endpoint?: boolean } = {}): Array {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`np.linspace: num must be a non-negative integer, got ${num}.`);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const values = new Float64Array(num);
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (endpoint && num > 1) values[num - 1] = stop;
  return array(values, { dtype: opts.dtype ?? "float32", device: opts.device });
}

/**
 * An `n` x `m` matrix with ones on diagonal `k` (0 = main, > 0 above).
 *
 * @example
 * np.eye(3);
 * np.eye(2, 3, 1);
 */
export function eye(n: number, m?: number, k = 0, opts: CreationOptions = {}): Array {
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
export function identity(n: number, opts: CreationOptions = {}): Array {
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
