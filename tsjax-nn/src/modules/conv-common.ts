/** Shared pieces of the convolution modules: dimension numbers, padding, bias. @internal */
import { type Array, type DType, type lax, np } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { zeros } from "../initializers/constant.js";
import { getParameter } from "../base/params.js";
import { channelIndex, fmtShape, replicate } from "../util.js";

/** `"SAME"`, `"VALID"`, or explicit `[low, high]` padding (one pair for all spatial axes, or one per axis). */
export type ConvPadding = "SAME" | "VALID" | readonly [number, number] | readonly (readonly [number, number])[];

/** Dimension numbers for `lax.convGeneralDilated` (haiku's `to_dimension_numbers`). */
export function dimensionNumbers(numSpatial: number, channelsLast: boolean, transpose: boolean): { lhs: number[]; rhs: number[]; out: number[] } {
  const nd = numSpatial + 2;
  const spatial = globalThis.Array.from({ length: numSpatial }, (_, i) => (channelsLast ? i + 1 : i + 2));
  const image = channelsLast ? [0, nd - 1, ...spatial] : [0, 1, ...spatial];
  const kernelSpatial = globalThis.Array.from({ length: numSpatial }, (_, i) => i);
  const kernel = transpose ? [nd - 2, nd - 1, ...kernelSpatial] : [nd - 1, nd - 2, ...kernelSpatial];
  return { lhs: image, rhs: kernel, out: image };
}

/** Padding for `lax`: the string, or one `[low, high]` pair per spatial axis. */
export function normalizePadding(op: string, padding: ConvPadding, numSpatial: number): lax.Padding {
  if (typeof padding === "string") {
    const p = padding.toUpperCase();
    if (p !== "SAME" && p !== "VALID") throw new TypeError(`${op}: padding must be "SAME", "VALID" or [low, high] pairs, got "${padding}".`);
    return p;
  }
  const isPair = (x: unknown): x is readonly [number, number] => globalThis.Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === "number");
  if (isPair(padding)) return replicate(op, "padding", [padding], numSpatial);
  const pairs = padding as readonly (readonly [number, number])[];
  if (!pairs.every(isPair)) throw new TypeError(`${op}: explicit padding must be [low, high] pairs of integers, got ${JSON.stringify(padding)}.`);
  return replicate(op, "padding", pairs, numSpatial);
}

/** Adds a batch axis to an unbatched input (rank N+1); checks the rank. Returns the batched input and whether it was added. */
export function withBatch(op: string, inputs: Array, numSpatial: number): [Array, boolean] {
  const rank = numSpatial + 1;
  if (inputs.ndim !== rank && inputs.ndim !== rank + 1) {
    throw new TypeError(`${op}: the input must have rank ${rank} or ${rank + 1} (with a batch axis), got ${fmtShape(inputs.shape)}.`);
  }
  const unbatched = inputs.ndim === rank;
  return [unbatched ? inputs.expandDims(0) : inputs, unbatched];
}

/** Removes the batch axis `withBatch` added. */
export const withoutBatch = (out: Array, unbatched: boolean): Array => (unbatched ? np.squeeze(out, 0) : out);

/** The weights `w` of `wShape` (times `mask`, which must have that shape). */
export function maskedWeights(op: string, wShape: number[], dtype: DType, init: Initializer, mask: Array | undefined): Array {
  if (mask && fmtShape(mask.shape) !== fmtShape(wShape)) {
    throw new TypeError(`${op}: the mask must have the shape of the weights ${fmtShape(wShape)}, got ${fmtShape(mask.shape)}.`);
  }
  const w = getParameter("w", wShape, dtype, init);
  return mask ? w.mul(mask) : w;
}

/** `out + b`, `b` one value per output channel: `[C]` channels-last, `[C, 1, ..., 1]` channels-first. */
export function addChannelBias(out: Array, channels: number, channelsLast: boolean, numSpatial: number, init: Initializer): Array {
  const shape = channelsLast ? [channels] : [channels, ...globalThis.Array.from({ length: numSpatial }, () => 1)];
  return out.add(getParameter("b", shape, out.dtype, init));
}

/** The settings every convolution module shares. */
export interface ConvBaseOptions {
  stride?: number | readonly number[];
  padding?: ConvPadding;
  withBias?: boolean;
  wInit?: Initializer;
  bInit?: Initializer;
  dataFormat?: string;
  mask?: Array;
  name?: string;
}

/** The shared part of `ConvND` and `ConvNDTranspose`: kernel, stride, padding, bias, layout, mask. @internal */
export abstract class ConvBase extends Module {
  readonly kernelShape: number[];
  readonly stride: number[];
  readonly padding: lax.Padding;
  readonly withBias: boolean;
  readonly wInit: Initializer | undefined;
  readonly bInit: Initializer;
  readonly dataFormat: string;
  readonly channelIndex: 1 | -1;
  readonly mask: Array | undefined;

  constructor(
    readonly numSpatialDims: number,
    readonly outputChannels: number,
    kernelShape: number | readonly number[],
    opts: ConvBaseOptions,
    defaultFormat: string,
  ) {
    super(opts.name);
    const op = new.target.name;
    if (!(numSpatialDims > 0)) throw new RangeError(`${op}: numSpatialDims must be positive, got ${numSpatialDims}.`);
    this.kernelShape = replicate(op, "kernelShape", kernelShape, numSpatialDims);
    this.stride = replicate(op, "stride", opts.stride ?? 1, numSpatialDims);
    this.padding = normalizePadding(op, opts.padding ?? "SAME", numSpatialDims);
    this.withBias = opts.withBias ?? true;
    this.wInit = opts.wInit;
    this.bInit = opts.bInit ?? zeros;
    this.dataFormat = opts.dataFormat ?? defaultFormat;
    this.channelIndex = channelIndex(op, this.dataFormat);
    this.mask = opts.mask;
  }

  /** "Conv2D 'conv2_d'", for messages. */
  protected get label(): string {
    return `${this.constructor.name} '${this.moduleName}'`;
  }
}
