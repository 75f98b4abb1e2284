/** `DepthwiseConv1D`/`2D`/`3D`: one filter (or `channelMultiplier` filters) per input channel. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { zeros } from "../initializers/constant.js";
import { TruncatedNormal } from "../initializers/random.js";
import { channelIndex, checkOptions, prod, replicate } from "../util.js";
import type { ConvOptions } from "./conv.js";
import { addChannelBias, dimensionNumbers, normalizePadding } from "./conv-common.js";

/** Options of the depthwise convolutions: those of the convolutions but `mask` and `featureGroupCount`. */
export type DepthwiseConvOptions = Omit<ConvOptions, "mask" | "featureGroupCount">;

/**
 * An N-D depthwise convolution: kernel `w` `[...kernelShape, 1, channelMultiplier * C]`,
 * feature groups equal to the input channels.
 *
 * @example
 * new DepthwiseConvND(1, 3, 2, "NHWC").call(x); // as new DepthwiseConv2D(1, 3)
 */
export class DepthwiseConvND extends Module {
  static override readonly defaultName: string = "depthwise_conv_nd";
  readonly kernelShape: number[];
  readonly stride: number[];
  readonly rhsDilation: number[];
  readonly padding: lax.Padding;
  readonly withBias: boolean;
  readonly wInit: Initializer | undefined;
  readonly bInit: Initializer;
  readonly channelIndex: 1 | -1;

  constructor(
    readonly channelMultiplier: number,
    kernelShape: number | readonly number[],
    readonly numSpatialDims: number,
    readonly dataFormat: string,
    opts: Omit<DepthwiseConvOptions, "dataFormat"> = {},
  ) {
    super(opts.name);
    const op = new.target.name;
    checkOptions(op, opts, ["stride", "rate", "padding", "withBias", "wInit", "bInit", "dataFormat", "name"]);
    this.kernelShape = replicate(op, "kernelShape", kernelShape, numSpatialDims);
    this.stride = replicate(op, "stride", opts.stride ?? 1, numSpatialDims);
    this.rhsDilation = replicate(op, "rate", opts.rate ?? 1, numSpatialDims);
    this.padding = normalizePadding(op, opts.padding ?? "SAME", numSpatialDims);
    this.withBias = opts.withBias ?? true;
    this.wInit = opts.wInit;
    this.bInit = opts.bInit ?? zeros;
    this.channelIndex = channelIndex(op, dataFormat);
  }

  /** The depthwise convolution of a batch `inputs`. */
  call(inputs: Array): Array {
    const channels = inputs.shape.at(this.channelIndex)!;
    const wShape = [...this.kernelShape, 1, this.channelMultiplier * channels];
    const wInit = this.wInit ?? new TruncatedNormal(1 / Math.sqrt(prod(wShape.slice(0, -1))));
    const w = getParameter("w", wShape, inputs.dtype, wInit);
    let out = lax.convGeneralDilated(inputs, w, this.stride, this.padding, {
      rhsDilation: this.rhsDilation,
      dimensionNumbers: dimensionNumbers(this.numSpatialDims, this.channelIndex === -1, false),
      featureGroupCount: channels,
    });
    if (this.withBias) out = addChannelBias(out, this.channelMultiplier * channels, this.channelIndex === -1, this.numSpatialDims, this.bInit);
    return out;
  }
}

/** A 1-D depthwise convolution ("NWC"). @example new DepthwiseConv1D(1, 3).call(x) */
export class DepthwiseConv1D extends DepthwiseConvND {
  static override readonly defaultName: string = "depthwise_conv1_d";
  constructor(channelMultiplier: number, kernelShape: number | readonly number[], opts: DepthwiseConvOptions = {}) {
    const { dataFormat = "NWC", ...rest } = opts;
    super(channelMultiplier, kernelShape, 1, dataFormat, rest);
  }
}

/** A 2-D depthwise convolution ("NHWC"). @example new DepthwiseConv2D(2, 3).call(images) */
export class DepthwiseConv2D extends DepthwiseConvND {
  static override readonly defaultName: string = "depthwise_conv2_d";
  constructor(channelMultiplier: number, kernelShape: number | readonly number[], opts: DepthwiseConvOptions = {}) {
    const { dataFormat = "NHWC", ...rest } = opts;
    super(channelMultiplier, kernelShape, 2, dataFormat, rest);
  }
}

/** A 3-D depthwise convolution ("NDHWC"). @example new DepthwiseConv3D(1, 3).call(volumes) */
export class DepthwiseConv3D extends DepthwiseConvND {
  static override readonly defaultName: string = "depthwise_conv3_d";
  constructor(channelMultiplier: number, kernelShape: number | readonly number[], opts: DepthwiseConvOptions = {}) {
    const { dataFormat = "NDHWC", ...rest } = opts;
    super(channelMultiplier, kernelShape, 3, dataFormat, rest);
  }
}
