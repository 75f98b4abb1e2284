/**
 * Evenly spaced values: `linspace`, `logspace`, `geomspace`, with JAX's formulas (so the values
 * match JAX's float32 ones), array endpoints (each element gets its own range, along `axis`),
 * and gradients with respect to the endpoints.
 */
import type { Array, ArrayLike } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import { type DType, checkDType, isFloatDType, isIntDType, resultType } from "../dtype.js";
import { broadcastShapes, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { iota } from "../primitives/structural.js";
import { splitOptions } from "../util/options.js";
import { broadcastTo, convert, deviceOf, kindOf, reshapeTo, scalarLike, toArrayOf } from "./convert.js";
import { add, divide, floor, log10, multiply, power, sign, subtract } from "./elementwise.js";
import { concatenate, moveaxis } from "./shape-ops.js";
import { full } from "./creation.js";

/** Options of `linspace`, `logspace` and `geomspace`. */
export interface SpaceOptions {
  /** Include `stop` (default true). */
  endpoint?: boolean;
  dtype?: DType;
  /** Where the new axis goes when the endpoints are arrays (default 0). */
  axis?: number;
  device?: DeviceName;
}

/** Options of `linspace`. */
export interface LinspaceOptions extends SpaceOptions {
  /** Also return the step: `[values, step]`. */
  retstep?: boolean;
  num?: number;
}

/** Options of `logspace`. */
export interface LogspaceOptions extends SpaceOptions {
  /** The base of the powers (default 10). */
  base?: ArrayLike;
  num?: number;
}

/** The endpoints as arrays of the computation dtype (float; JAX's `to_inexact_dtype`). */
function endpoints(op: string, start: ArrayLike, stop: ArrayLike, dtype: DType | undefined, device: DeviceName | undefined): [Array, Array, DType, DType] {
  const dev = device ?? deviceOf([start, stop]);
  const promoted = resultType(kindOf(op, start), kindOf(op, stop)).dtype;
  const out = dtype ? checkDType(op, dtype) : isFloatDType(promoted) ? promoted : "float32";
  const comp: DType = isFloatDType(out) ? out : "float32";
  const kind = { dtype: comp, weakType: false };
  return [toArrayOf(op, start, kind, dev), toArrayOf(op, stop, kind, dev), out, comp];
}

function checkNum(op: string, num: number): void {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`${op}: num must be a non-negative integer, got ${num}.`);
}

function linspaceImpl(op: string, start: ArrayLike, stop: ArrayLike, num: number, o: LinspaceOptions): [Array, Array] {
  checkNum(op, num);
  const [s0, e0, dtype, comp] = endpoints(op, start, stop, o.dtype, o.device);
  const bounds = broadcastShapes(op, s0.shape, e0.shape);
  const s = broadcastTo(op, s0, bounds);
  const e = broadcastTo(op, e0, bounds);
  const axis = normalizeAxis(op, o.axis ?? 0, bounds.length + 1);
  const withAxis = [...bounds.slice(0, axis), 1, ...bounds.slice(axis)];
  const endpoint = o.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  let out: Array;
  let delta: Array;
  if (num > 1) {
    delta = divide(subtract(e, s), scalarLike(op, div, { dtype: comp, weakType: false }, s.device));
    const iotaShape = withAxis.map((_, i) => (i === axis ? div : 1));
    const i = bind1(iota, [], { dtype: comp, shape: [div], dimension: 0, device: s.device });
    const step = reshapeTo(divide(i, scalarLike(op, div, { dtype: comp, weakType: false }, s.device)), iotaShape);
    out = add(multiply(reshapeTo(s, withAxis), subtract(1, step)), multiply(reshapeTo(e, withAxis), step));
    if (endpoint) out = concatenate([out, reshapeTo(e, withAxis)], axis);
  } else if (num === 1) {
    delta = endpoint ? full([], NaN, { dtype: comp, device: s.device }) : subtract(e, s);
    out = reshapeTo(s, withAxis);
  } else {
    delta = full([], NaN, { dtype: comp, device: s.device });
    out = full(withAxis.map((n, i) => (i === axis ? 0 : n)), 0, { dtype: comp, device: s.device });
  }
  if (isIntDType(dtype)) out = floor(out);
  return [convert(out, dtype), delta];
}

const LINSPACE = { accepted: ["num", "endpoint", "retstep", "dtype", "axis", "device"], signature: "np.linspace(start, stop, num?, { endpoint, retstep, dtype, axis, device })" };

/**
 * `num` (default 50) evenly spaced values from `start` to `stop` (inclusive unless
 * `endpoint: false`), as JAX computes them: `start * (1 - t) + stop * t`. Array endpoints give
 * one range per element, along `axis`. With `retstep: true`, `[values, step]`.
 *
 * @example
 * np.linspace(0, 1, 5);                          // [0, 0.25, 0.5, 0.75, 1]
 * np.linspace(np.array([0, 10]), 1, 3, { axis: 1 }); // shape [2, 3]
 */
export function linspace(start: ArrayLike, stop: ArrayLike, num?: number | LinspaceOptions, options?: LinspaceOptions): Array;
export function linspace(...args: unknown[]): Array | [Array, Array] {
  const op = "np.linspace";
  const [[start, stop, numArg], o] = splitOptions<LinspaceOptions>(op, args, 3, LINSPACE);
  const num = (numArg as number | undefined) ?? o.num ?? 50;
  const [out, delta] = linspaceImpl(op, start as ArrayLike, stop as ArrayLike, num, o);
  return o.retstep ? [out, delta] : out;
}

/**
 * `num` values spaced evenly on a log scale: `base ** linspace(start, stop, num)`.
 *
 * @example
 * np.logspace(0, 3, 4);               // [1, 10, 100, 1000]
 * np.logspace(0, 3, 4, { base: 2 });  // [1, 2, 4, 8]
 */
export function logspace(start: ArrayLike, stop: ArrayLike, num?: number | LogspaceOptions, options?: LogspaceOptions): Array;
export function logspace(...args: unknown[]): Array {
  const op = "np.logspace";
  const [[start, stop, numArg], o] = splitOptions<LogspaceOptions>(op, args, 3, {
    accepted: ["num", "endpoint", "base", "dtype", "axis", "device"],
    signature: "np.logspace(start, stop, num?, { endpoint, base, dtype, axis, device })",
  });
  const num = (numArg as number | undefined) ?? o.num ?? 50;
  const [s, e, dtype] = endpoints(op, start as ArrayLike, stop as ArrayLike, o.dtype, o.device);
  const [lin] = linspaceImpl(op, s, e, num, { endpoint: o.endpoint, axis: o.axis });
  return convert(power(o.base ?? 10, lin), dtype);
}

/**
 * `num` values spaced evenly on a log scale between `start` and `stop` themselves (a geometric
 * progression; negative endpoints give negative values).
 *
 * @example
 * np.geomspace(1, 1000, 4); // [1, 10, 100, 1000]
 */
export function geomspace(start: ArrayLike, stop: ArrayLike, num?: number | SpaceOptions, options?: SpaceOptions): Array;
export function geomspace(...args: unknown[]): Array {
  const op = "np.geomspace";
  const [[start, stop, numArg], o] = splitOptions<SpaceOptions & { num?: number }>(op, args, 3, {
    accepted: ["num", "endpoint", "dtype", "axis", "device"],
    signature: "np.geomspace(start, stop, num?, { endpoint, dtype, axis, device })",
  });
  const num = (numArg as number | undefined) ?? o.num ?? 50;
  const [s, e, dtype] = endpoints(op, start as ArrayLike, stop as ArrayLike, o.dtype, o.device);
  const sg = sign(s);
  const [lin] = linspaceImpl(op, log10(divide(s, sg)), log10(divide(e, sg)), num, { endpoint: o.endpoint, axis: 0 });
  const res = multiply(sg, power(10, lin));
  return convert(moveaxis(res, 0, normalizeAxis(op, o.axis ?? 0, res.ndim)), dtype);
}
