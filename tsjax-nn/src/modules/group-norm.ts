/** `GroupNorm`: normalizes groups of channels. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { ones, zeros } from "../initializers/constant.js";
import { type AxisSpec, absAxes, channelIndex, checkOptions } from "../util.js";

/** Options of `GroupNorm`. */
export interface GroupNormOptions {
  /** Axes (before grouping) the statistics are taken over, besides the channels of a group (default `"1:"`: all but the batch). */
  axis?: AxisSpec;
  createScale?: boolean;
  createOffset?: boolean;
  eps?: number;
  scaleInit?: Initializer;
  offsetInit?: Initializer;
  dataFormat?: string;
  name?: string;
}

/**
 * Group normalization: the channels are split into `groups`; each group of each example is
 * normalized over `axis` (the spatial axes and the group's channels), then scaled and offset
 * per channel.
 *
 * @example
 * new GroupNorm(8).call(images); // NHWC, 32 channels -> 8 groups of 4
 */
export class GroupNorm extends Module {
  static override readonly defaultName: string = "group_norm";
  readonly axis: AxisSpec;
  readonly createScale: boolean;
  readonly createOffset: boolean;
  readonly eps: number;
  readonly scaleInit: Initializer;
  readonly offsetInit: Initializer;
  readonly channelIndex: 1 | -1;
  #rank: number | null = null;

  constructor(readonly groups: number, opts: GroupNormOptions = {}) {
    super(opts.name);
    checkOptions("GroupNorm", opts, ["axis", "createScale", "createOffset", "eps", "scaleInit", "offsetInit", "dataFormat", "name"]);
    this.axis = opts.axis ?? "1:";
    this.createScale = opts.createScale ?? true;
    this.createOffset = opts.createOffset ?? true;
    if (!this.createScale && opts.scaleInit) throw new TypeError("GroupNorm: cannot set scaleInit when createScale is false.");
    if (!this.createOffset && opts.offsetInit) throw new TypeError("GroupNorm: cannot set offsetInit when createOffset is false.");
    this.eps = opts.eps ?? 1e-5;
    this.scaleInit = opts.scaleInit ?? ones;
    this.offsetInit = opts.offsetInit ?? zeros;
    this.channelIndex = channelIndex("GroupNorm", opts.dataFormat ?? "channels_last");
  }

  /** The normalized input. */
  call(x: Array, opts: { scale?: Array; offset?: Array } = {}): Array {
    const op = `GroupNorm '${this.moduleName}'`;
    checkOptions(op, opts, ["scale", "offset"]);
    if (this.createScale && opts.scale) throw new TypeError(`${op}: cannot pass scale at call time when createScale is true.`);
    if (this.createOffset && opts.offset) throw new TypeError(`${op}: cannot pass offset at call time when createOffset is true.`);
    if (this.#rank !== null && x.ndim !== this.#rank) {
      throw new TypeError(`${op}: the rank of the inputs cannot change between calls: it was ${this.#rank}, now ${x.ndim}.`);
    }
    this.#rank = x.ndim;
    const channels = x.shape.at(this.channelIndex)!;
    if (channels % this.groups !== 0) throw new TypeError(`${op}: channels ${channels} must be divisible by groups ${this.groups}.`);
    const rank = x.ndim;
    const axes = absAxes(op, this.axis, rank);
    let groupAxes: number[];
    let groupShape: number[];
    if (this.channelIndex === -1) {
      groupAxes = axes.map((a) => (a !== rank - 1 ? a : a + 1));
      groupShape = [-1, ...x.shape.slice(1, -1), this.groups, channels / this.groups];
    } else {
      groupAxes = axes.map((a) => (a === 0 ? a : a + 1));
      groupShape = [-1, this.groups, channels / this.groups, ...x.shape.slice(2)];
    }
    const pShape = this.channelIndex === -1 ? [channels] : [channels, ...globalThis.Array.from({ length: rank - 2 }, () => 1)];
    const scale = this.createScale ? getParameter("scale", pShape, x.dtype, this.scaleInit) : opts.scale;
    const offset = this.createOffset ? getParameter("offset", pShape, x.dtype, this.offsetInit) : opts.offset;
    const g = x.reshape(groupShape);
    const mean = g.mean(groupAxes, { keepdims: true });
    const variance = g.var(groupAxes, { keepdims: true });
    let out = g.sub(mean).mul(lax.rsqrt(variance.add(this.eps))).reshape([-1, ...x.shape.slice(1)]);
    if (scale) out = out.mul(scale);
    if (offset) out = out.add(offset);
    return out;
  }
}
