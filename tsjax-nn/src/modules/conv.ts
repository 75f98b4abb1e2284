/** `ConvND` and `Conv1D`/`Conv2D`/`Conv3D`. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { TruncatedNormal } from "../initializers/random.js";
import { checkOptions, prod, replicate } from "../util.js";
import { ConvBase, type ConvBaseOptions, addChannelBias, dimensionNumbers, maskedWeights, withBatch, withoutBatch } from "./conv-common.js";

/** Options of the convolution modules. */
export interface ConvOptions extends ConvBaseOptions {
  /** Window stride per spatial axis (default 1). */
  stride?: number | readonly number[];
  /** Kernel dilation ("atrous rate") per spatial axis (default 1). */
  rate?: number | readonly number[];
  /** "SAME" (default), "VALID" or explicit `[low, high]` pairs. */
  padding?: ConvBaseOptions["padding"];
  /** Add a bias `b` (default true). */
  withBias?: boolean;
  /** Initializer of `w` (default truncated normal, stddev `1 / sqrt(fanIn)`). */
  wInit?: Initializer;
  /** Initializer of `b` (default zeros). */
  bInit?: Initializer;
  /** "NHWC"-style (channels last, default) or "NCHW"-style (channels first), or "channels_last"/"channels_first". */
  dataFormat?: string;
  /** Multiplied into `w` before the convolution (same shape as `w`). */
  mask?: Array;
  /** Input channels are split into this many groups, each convolved separately (default 1). */
  featureGroupCount?: number;
  name?: string;
}

const CONV_KEYS = ["stride", "rate", "padding", "withBias", "wInit", "bInit", "dataFormat", "mask", "featureGroupCount", "name"] as const;

/**
 * An N-D convolution with kernel `w` `[...kernelShape, inChannels / groups, outputChannels]`
 * and bias `b` `[outputChannels]`. Inputs have rank N+2 (batched) or N+1 (unbatched).
 *
 * @example
 * new ConvND(2, 32, 3).call(images); // same as new Conv2D(32, 3)
 */
export class ConvND extends ConvBase {
  static override readonly defaultName: string = "conv_nd";
  readonly kernelDilation: number[];
  readonly featureGroupCount: number;

  constructor(numSpatialDims: number, outputChannels: number, kernelShape: number | readonly number[], opts: ConvOptions = {}, defaultFormat = "channels_last") {
    checkOptions(new.target.name, opts, CONV_KEYS);
    super(numSpatialDims, outputChannels, kernelShape, opts, defaultFormat);
    this.kernelDilation = replicate(new.target.name, "rate", opts.rate ?? 1, numSpatialDims);
    this.featureGroupCount = opts.featureGroupCount ?? 1;
  }

  /** The convolution of `inputs` (`[N, ...spatial, C]` channels-last). */
  call(inputs: Array): Array {
    const op = this.label;
    const [x, unbatched] = withBatch(op, inputs, this.numSpatialDims);
    const channels = x.shape.at(this.channelIndex)!;
    if (channels % this.featureGroupCount !== 0) {
      throw new TypeError(`${op}: input channels ${channels} must be a multiple of featureGroupCount ${this.featureGroupCount}.`);
    }
    const wShape = [...this.kernelShape, channels / this.featureGroupCount, this.outputChannels];
    const wInit = this.wInit ?? new TruncatedNormal(1 / Math.sqrt(prod(wShape.slice(0, -1))));
    const w = maskedWeights(op, wShape, x.dtype, wInit, this.mask);
    let out = lax.convGeneralDilated(x, w, this.stride, this.padding, {
      rhsDilation: this.kernelDilation,
      dimensionNumbers: dimensionNumbers(this.numSpatialDims, this.channelIndex === -1, false),
      featureGroupCount: this.featureGroupCount,
    });
    if (this.withBias) out = addChannelBias(out, this.outputChannels, this.channelIndex === -1, this.numSpatialDims, this.bInit);
    return withoutBatch(out, unbatched);
  }
}

/**
 * A 1-D convolution (default layout "NWC").
 *
 * @example
 * new Conv1D(16, 5).call(x); // x: [B, T, C]
 */
export class Conv1D extends ConvND {
  static override readonly defaultName: string = "conv1_d";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvOptions = {}) {
    super(1, outputChannels, kernelShape, opts, "NWC");
  }
}

/**
 * A 2-D convolution (default layout "NHWC"; kernel `[kh, kw, in, out]`).
 *
 * @example
 * new Conv2D(32, 3).call(images);                          // [B, H, W, 32]
 * new Conv2D(64, [3, 3], { stride: 2, padding: "VALID" }).call(images);
 */
export class Conv2D extends ConvND {
  static override readonly defaultName: string = "conv2_d";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvOptions = {}) {
    super(2, outputChannels, kernelShape, opts, "NHWC");
  }
}

/**
 * A 3-D convolution (default layout "NDHWC").
 *
 * @example
 * new Conv3D(8, 3).call(volumes);
 */
export class Conv3D extends ConvND {
  static override readonly defaultName: string = "conv3_d";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvOptions = {}) {
    super(3, outputChannels, kernelShape, opts, "NDHWC");
  }
}
