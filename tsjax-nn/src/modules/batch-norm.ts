/** `BatchNorm`: normalizes with batch statistics in training and moving averages at test time. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter, runningInit } from "../base/params.js";
import { StateError } from "../base/errors.js";
import { ones, zeros } from "../initializers/constant.js";
import { channelIndex, checkOptions } from "../util.js";
import { ExponentialMovingAverage } from "./moving-averages.js";

/** Options of `BatchNorm`. */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  scaleInit?: Initializer;
  offsetInit?: Initializer;
  /** Axes to take statistics over (default: all but the channel axis). */
  axis?: readonly number[];
  /** "channels_last" (default), "channels_first", or a format like "NHWC"/"NCHW". */
  dataFormat?: string;
  name?: string;
}

/**
 * Batch normalization. With `isTraining`, normalizes with the batch's mean and variance and
 * updates their moving averages (`mean_ema`, `var_ema`, in state); otherwise normalizes with
 * the moving averages. Parameters `scale` and `offset` have the input's channel size, 1
 * elsewhere. Needs `transformWithState`.
 *
 * @example
 * const f = transformWithState((x: Array, isTraining: boolean) => new BatchNorm(true, true, 0.9).call(x, isTraining));
 * const [params, state] = f.init(null, x, true);
 * const [y, nextState] = f.apply(params, state, null, x, true);
 */
export class BatchNorm extends Module {
  static override readonly defaultName: string = "batch_norm";
  readonly eps: number;
  readonly scaleInit: Initializer;
  readonly offsetInit: Initializer;
  readonly axis: readonly number[] | undefined;
  readonly channelIndex: 1 | -1;
  readonly meanEma: ExponentialMovingAverage;
  readonly varEma: ExponentialMovingAverage;

  constructor(readonly createScale: boolean, readonly createOffset: boolean, readonly decayRate: number, opts: BatchNormOptions = {}) {
    super(opts.name);
    checkOptions("BatchNorm", opts, ["eps", "scaleInit", "offsetInit", "axis", "dataFormat", "name"]);
    if (!createScale && opts.scaleInit) throw new TypeError("BatchNorm: cannot set scaleInit when createScale is false.");
    if (!createOffset && opts.offsetInit) throw new TypeError("BatchNorm: cannot set offsetInit when createOffset is false.");
    this.eps = opts.eps ?? 1e-5;
    this.scaleInit = opts.scaleInit ?? ones;
    this.offsetInit = opts.offsetInit ?? zeros;
    this.axis = opts.axis;
    this.channelIndex = channelIndex("BatchNorm", opts.dataFormat ?? "channels_last");
    [this.meanEma, this.varEma] = this.build(() => [
      new ExponentialMovingAverage(decayRate, { name: "mean_ema" }),
      new ExponentialMovingAverage(decayRate, { name: "var_ema" }),
    ]);
  }

  /**
   * The normalized input. `isTraining` (a JS boolean) picks batch statistics and updates the
   * averages; `testLocalStats` uses batch statistics without updating them.
   */
  call(inputs: Array, isTraining: boolean, opts: { testLocalStats?: boolean; scale?: Array; offset?: Array } = {}): Array {
    const op = `BatchNorm '${this.moduleName}'`;
    checkOptions(op, opts, ["testLocalStats", "scale", "offset"]);
    if (typeof isTraining !== "boolean") throw new TypeError(`${op}: isTraining must be a JS boolean (true or false), got ${typeof isTraining}.`);
    if (this.createScale && opts.scale) throw new TypeError(`${op}: cannot pass scale at call time when createScale is true.`);
    if (this.createOffset && opts.offset) throw new TypeError(`${op}: cannot pass offset at call time when createOffset is true.`);
    const ci = this.channelIndex < 0 ? this.channelIndex + inputs.ndim : this.channelIndex;
    const axis = this.axis ? [...this.axis] : inputs.shape.map((_, i) => i).filter((i) => i !== ci);
    let mean: Array;
    let variance: Array;
    if (isTraining || opts.testLocalStats) {
      mean = inputs.mean(axis, { keepdims: true });
      const meanOfSquares = inputs.square().mean(axis, { keepdims: true });
      variance = meanOfSquares.sub(mean.square());
    } else {
      if (runningInit()) {
        throw new StateError(`${op}: init ran with isTraining false, so the moving averages do not exist yet. Run init with isTraining true.`);
      }
      mean = this.meanEma.average.astype(inputs.dtype);
      variance = this.varEma.average.astype(inputs.dtype);
    }
    if (isTraining) {
      this.meanEma.call(mean);
      this.varEma.call(variance);
    }
    const wShape = inputs.shape.map((d, i) => (axis.includes(i) ? 1 : d));
    const scale = this.createScale ? getParameter("scale", wShape, inputs.dtype, this.scaleInit) : opts.scale;
    const offset = this.createOffset ? getParameter("offset", wShape, inputs.dtype, this.offsetInit) : opts.offset;
    let inv = lax.rsqrt(variance.add(this.eps));
    if (scale) inv = inv.mul(scale);
    let out = inputs.sub(mean).mul(inv);
    if (offset) out = out.add(offset);
    return out;
  }
}
