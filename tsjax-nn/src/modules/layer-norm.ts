/** `LayerNorm` and `InstanceNorm`. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { ones, zeros } from "../initializers/constant.js";
import { type AxisSpec, absAxes, channelIndex, checkOptions } from "../util.js";

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  scaleInit?: Initializer;
  offsetInit?: Initializer;
  /** Variance as `E[x²] - E[x]²` (faster, less accurate) instead of `E[(x - E[x])²]`. */
  useFastVariance?: boolean;
  /** Axes of `scale` and `offset` (default -1). */
  paramAxis?: AxisSpec;
  name?: string;
}

/** The shape of a per-axis parameter: the input's size on `paramAxes`, 1 elsewhere (or just `[C]` for the last axis). */
export function paramShape(shape: readonly number[], paramAxes: readonly number[]): number[] {
  if (paramAxes.length === 1 && paramAxes[0] === shape.length - 1) return [shape.at(-1)!];
  return shape.map((d, i) => (paramAxes.includes(i) ? d : 1));
}

/**
 * Layer normalization: `(x - mean) / sqrt(var + eps) * scale + offset`, the statistics over
 * `axis`, with learned `scale` and `offset` on `paramAxis` (default the last axis).
 *
 * @example
 * new LayerNorm(-1, true, true).call(x);
 * new LayerNorm("1:", true, false).call(images); // all but the batch axis
 */
export class LayerNorm extends Module {
  static override readonly defaultName: string = "layer_norm";
  readonly eps: number;
  readonly scaleInit: Initializer;
  readonly offsetInit: Initializer;
  readonly useFastVariance: boolean;
  readonly paramAxis: AxisSpec;

  constructor(readonly axis: AxisSpec, readonly createScale: boolean, readonly createOffset: boolean, opts: LayerNormOptions = {}) {
    super(opts.name);
    const op = new.target.name;
    checkOptions(op, opts, ["eps", "scaleInit", "offsetInit", "useFastVariance", "paramAxis", "name"]);
    if (!createScale && opts.scaleInit) throw new TypeError(`${op}: cannot set scaleInit when createScale is false.`);
    if (!createOffset && opts.offsetInit) throw new TypeError(`${op}: cannot set offsetInit when createOffset is false.`);
    this.eps = opts.eps ?? 1e-5;
    this.scaleInit = opts.scaleInit ?? ones;
    this.offsetInit = opts.offsetInit ?? zeros;
    this.useFastVariance = opts.useFastVariance ?? false;
    this.paramAxis = opts.paramAxis ?? -1;
  }

  /** The normalized input; `scale`/`offset` may be given here when not created. */
  call(inputs: Array, opts: { scale?: Array; offset?: Array } = {}): Array {
    const op = `${this.constructor.name} '${this.moduleName}'`;
    checkOptions(op, opts, ["scale", "offset"]);
    if (this.createScale && opts.scale) throw new TypeError(`${op}: cannot pass scale at call time when createScale is true.`);
    if (this.createOffset && opts.offset) throw new TypeError(`${op}: cannot pass offset at call time when createOffset is true.`);
    const axes = absAxes(op, this.axis, inputs.ndim);
    const mean = inputs.mean(axes, { keepdims: true });
    const variance = this.useFastVariance
      ? inputs.square().mean(axes, { keepdims: true }).sub(mean.square())
      : inputs.var(axes, { keepdims: true });
    const pShape = paramShape(inputs.shape, absAxes(op, this.paramAxis, inputs.ndim));
    const scale = this.createScale ? getParameter("scale", pShape, inputs.dtype, this.scaleInit) : opts.scale;
    const offset = this.createOffset ? getParameter("offset", pShape, inputs.dtype, this.offsetInit) : opts.offset;
    let inv = lax.rsqrt(variance.add(this.eps));
    if (scale) inv = inv.mul(scale);
    let out = inv.mul(inputs.sub(mean));
    if (offset) out = out.add(offset);
    return out;
  }
}

/**
 * Instance normalization: normalizes each example's channels over the spatial axes.
 *
 * @example
 * new InstanceNorm(true, true).call(images); // NHWC
 */
export class InstanceNorm extends LayerNorm {
  static override readonly defaultName: string = "instance_norm";

  constructor(createScale: boolean, createOffset: boolean, opts: Omit<LayerNormOptions, "paramAxis" | "useFastVariance"> & { dataFormat?: string } = {}) {
    const { dataFormat = "channels_last", ...rest } = opts;
    const c = channelIndex("InstanceNorm", dataFormat);
    super(c === 1 ? "2:" : "1:-1", createScale, createOffset, { ...rest, paramAxis: c });
  }
}

