/** Max and average pooling, as functions (`maxPool`, `avgPool`) and modules (`MaxPool`, `AvgPool`). */
import { type Array, lax } from "tsjax-core";
import { Module } from "../base/module.js";
import { checkOptions } from "../util.js";

/** Window or stride: a number for every spatial axis, or one entry per axis (leading ones may be left out). */
export type PoolSize = number | readonly number[];

/** haiku's `_infer_shape`: a full per-axis window from a number or a trailing list. */
function inferShape(op: string, x: Array, size: PoolSize, channelAxis: number | null): number[] {
  if (typeof size === "number") {
    let c = channelAxis;
    if (c !== null && c !== 0) {
      if (Math.abs(c) >= x.ndim) throw new RangeError(`${op}: channel axis ${c} is out of range for shape [${x.shape.join(", ")}].`);
      if (c < 0) c += x.ndim;
    }
    return x.shape.map((_, d) => (d === 0 || d === c ? 1 : size));
  }
  if (size.length > x.ndim) throw new RangeError(`${op}: ${size.length} window entries for an input of rank ${x.ndim}.`);
  return [...x.shape.slice(0, x.ndim - size.length).map(() => 1), ...size];
}

function pool(op: string, kind: "max" | "avg", value: Array, windowShape: PoolSize, strides: PoolSize, padding: "SAME" | "VALID", channelAxis: number | null): Array {
  if (padding !== "SAME" && padding !== "VALID") throw new TypeError(`${op}: padding must be "SAME" or "VALID", got "${padding}".`);
  const window = inferShape(op, value, windowShape, channelAxis);
  const stride = inferShape(op, value, strides, channelAxis);
  return lax.reduceWindow(value, kind, window, stride, padding);
}

/**
 * Max pooling. `windowShape` and `strides` are numbers (every axis but the batch and channel
 * axes) or lists (trailing axes; e.g. `[1, 2, 2, 1]` for NHWC).
 *
 * @example
 * maxPool(x, 2, 2, "VALID");            // [B, 28, 28, C] -> [B, 14, 14, C]
 */
export function maxPool(value: Array, windowShape: PoolSize, strides: PoolSize, padding: "SAME" | "VALID", opts: { channelAxis?: number | null } = {}): Array {
  checkOptions("maxPool", opts, ["channelAxis"]);
  return pool("maxPool", "max", value, windowShape, strides, padding, opts.channelAxis === undefined ? -1 : opts.channelAxis);
}

/**
 * Average pooling; with "SAME" padding each window averages the elements it covers (padding
 * is not counted).
 *
 * @example
 * avgPool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
 */
export function avgPool(value: Array, windowShape: PoolSize, strides: PoolSize, padding: "SAME" | "VALID", opts: { channelAxis?: number | null } = {}): Array {
  checkOptions("avgPool", opts, ["channelAxis"]);
  return pool("avgPool", "avg", value, windowShape, strides, padding, opts.channelAxis === undefined ? -1 : opts.channelAxis);
}

/** Options of `MaxPool` and `AvgPool`. */
export interface PoolOptions {
  channelAxis?: number | null;
  name?: string;
}

/** The pooling modules: the window, strides and padding of `maxPool`/`avgPool`. */
abstract class PoolModule extends Module {
  readonly channelAxis: number | null;
  protected abstract readonly kind: "max" | "avg";

  constructor(readonly windowShape: PoolSize, readonly strides: PoolSize, readonly padding: "SAME" | "VALID", opts: PoolOptions = {}) {
    super(opts.name);
    checkOptions(new.target.name, opts, ["channelAxis", "name"]);
    this.channelAxis = opts.channelAxis === undefined ? -1 : opts.channelAxis;
  }

  /** The pooled input. */
  call(value: Array): Array {
    return pool(`${this.constructor.name} '${this.moduleName}'`, this.kind, value, this.windowShape, this.strides, this.padding, this.channelAxis);
  }
}

/**
 * Max pooling as a module.
 *
 * @example
 * new MaxPool(2, 2, "VALID").call(x);
 */
export class MaxPool extends PoolModule {
  static override readonly defaultName: string = "max_pool";
  protected readonly kind = "max";
}

/**
 * Average pooling as a module.
 *
 * @example
 * new AvgPool(2, 2, "SAME").call(x);
 */
export class AvgPool extends PoolModule {
  static override readonly defaultName: string = "avg_pool";
  protected readonly kind = "avg";
}
