/** `ConvNDTranspose` and `Conv1DTranspose`/`Conv2DTranspose`/`Conv3DTranspose`. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { TruncatedNormal } from "../initializers/random.js";
import { checkOptions, prod, replicate } from "../util.js";
import { type ConvOptions } from "./conv.js";
import { ConvBase, addChannelBias, dimensionNumbers, maskedWeights, withBatch, withoutBatch } from "./conv-common.js";

/** Options of the transposed convolutions: those of the convolutions but `rate` and `featureGroupCount`, and `outputShape`. */
export interface ConvTransposeOptions extends Omit<ConvOptions, "rate" | "featureGroupCount"> {
  /** The spatial output shape; picks the padding that gives it (needs "SAME" or "VALID"). */
  outputShape?: number | readonly number[];
}

/** Padding of a transposed convolution for string padding (`jax.lax.conv_transpose`). */
function convTransposePadding(k: number, s: number, padding: "SAME" | "VALID"): [number, number] {
  let padLen: number;
  let padA: number;
  if (padding === "SAME") {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  }
  return [padA, padLen - padA];
}

/** Padding that makes a transposed convolution produce `outputSize` (haiku's `compute_adjusted_padding`). */
function adjustedPadding(inputSize: number, outputSize: number, kernelSize: number, stride: number, padding: "SAME" | "VALID"): [number, number] {
  const k = kernelSize;
  let before: number;
  if (padding === "VALID") {
    const expected = Math.floor((outputSize - k + stride) / stride);
    if (inputSize !== expected) throw new RangeError(`The input size ${inputSize} does not give output size ${outputSize} with kernel ${k}, stride ${stride} and VALID padding (expected input size ${expected}).`);
    before = 0;
  } else {
    const expected = Math.floor((outputSize + stride - 1) / stride);
    if (inputSize !== expected) throw new RangeError(`The input size ${inputSize} does not give output size ${outputSize} with stride ${stride} and SAME padding (expected input size ${expected}).`);
    before = Math.floor(Math.max(0, (inputSize - 1) * stride + k - outputSize) / 2);
  }
  const expanded = (inputSize - 1) * stride + 1;
  const paddedOut = outputSize + k - 1;
  const padBefore = k - 1 - before;
  return [padBefore, paddedOut - expanded - padBefore];
}

/**
 * An N-D transposed convolution ("deconvolution") with kernel `w`
 * `[...kernelShape, outputChannels, inChannels]`: the gradient of a strided convolution, so
 * `stride` upsamples.
 *
 * @example
 * new Conv2DTranspose(16, 3, { stride: 2 }).call(x); // [B, 7, 7, C] -> [B, 14, 14, 16]
 */
export class ConvNDTranspose extends ConvBase {
  static override readonly defaultName: string = "conv_nd_transpose";
  readonly outputShape: number[] | undefined;

  constructor(numSpatialDims: number, outputChannels: number, kernelShape: number | readonly number[], opts: ConvTransposeOptions = {}, defaultFormat = "channels_last") {
    const op = new.target.name;
    checkOptions(op, opts, ["stride", "outputShape", "padding", "withBias", "wInit", "bInit", "dataFormat", "mask", "name"]);
    if (opts.outputShape !== undefined && opts.padding !== undefined && typeof opts.padding !== "string") {
      throw new TypeError(`${op}: with outputShape, padding must be "SAME" or "VALID".`);
    }
    super(numSpatialDims, outputChannels, kernelShape, opts, defaultFormat);
    this.outputShape = opts.outputShape === undefined ? undefined : replicate(op, "outputShape", opts.outputShape, numSpatialDims);
  }

  /** The transposed convolution of `inputs`. */
  call(inputs: Array): Array {
    const op = this.label;
    const [x, unbatched] = withBatch(op, inputs, this.numSpatialDims);
    const inChannels = x.shape.at(this.channelIndex)!;
    const wShape = [...this.kernelShape, this.outputChannels, inChannels];
    const wInit = this.wInit ?? new TruncatedNormal(1 / Math.sqrt(prod([...this.kernelShape, inChannels])));
    const w = maskedWeights(op, wShape, x.dtype, wInit, this.mask);
    const spatialIn = this.channelIndex === 1 ? x.shape.slice(2) : x.shape.slice(1, -1);
    let pads: [number, number][];
    if (this.outputShape) {
      const p = this.padding as "SAME" | "VALID";
      pads = spatialIn.map((n, i) => adjustedPadding(n, this.outputShape![i]!, this.kernelShape[i]!, this.stride[i]!, p));
    } else if (typeof this.padding === "string") {
      const p = this.padding as "SAME" | "VALID";
      pads = this.kernelShape.map((k, i) => convTransposePadding(k, this.stride[i]!, p));
    } else {
      pads = this.padding.map(([l, h]) => [l, h]);
    }
    let out = lax.convGeneralDilated(x, w, this.kernelShape.map(() => 1), pads, {
      lhsDilation: this.stride,
      dimensionNumbers: dimensionNumbers(this.numSpatialDims, this.channelIndex === -1, true),
    });
    if (this.withBias) out = addChannelBias(out, this.outputChannels, this.channelIndex === -1, this.numSpatialDims, this.bInit);
    return withoutBatch(out, unbatched);
  }
}

/** A 1-D transposed convolution ("NWC"). @example new Conv1DTranspose(8, 3, { stride: 2 }).call(x) */
export class Conv1DTranspose extends ConvNDTranspose {
  static override readonly defaultName: string = "conv1_d_transpose";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvTransposeOptions = {}) {
    super(1, outputChannels, kernelShape, opts, "NWC");
  }
}

/** A 2-D transposed convolution ("NHWC"). @example new Conv2DTranspose(16, 3, { stride: 2 }).call(x) */
export class Conv2DTranspose extends ConvNDTranspose {
  static override readonly defaultName: string = "conv2_d_transpose";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvTransposeOptions = {}) {
    super(2, outputChannels, kernelShape, opts, "NHWC");
  }
}

/** A 3-D transposed convolution ("NDHWC"). @example new Conv3DTranspose(4, 3, { stride: 2 }).call(x) */
export class Conv3DTranspose extends ConvNDTranspose {
  static override readonly defaultName: string = "conv3_d_transpose";
  constructor(outputChannels: number, kernelShape: number | readonly number[], opts: ConvTransposeOptions = {}) {
    super(3, outputChannels, kernelShape, opts, "NDHWC");
  }
}
