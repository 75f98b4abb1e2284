/** ResNet (v1 and v2, with and without bottlenecks) and `ResNet18`/`34`/`50`. */
import { type Array, nn } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { zeros } from "../initializers/constant.js";
import { BatchNorm, type BatchNormOptions } from "../modules/batch-norm.js";
import { Conv2D, type ConvOptions } from "../modules/conv.js";
import { Linear } from "../modules/linear.js";
import { maxPool } from "../modules/pool.js";
import { checkOptions } from "../util.js";

/** BatchNorm settings of a ResNet (defaults: decay 0.9, eps 1e-5, scale and offset). */
export interface BNConfig extends BatchNormOptions {
  createScale?: boolean;
  createOffset?: boolean;
  decayRate?: number;
}

function makeBatchNorm(config: BNConfig, name: string, extra: Partial<BatchNormOptions> = {}): BatchNorm {
  const { createScale = true, createOffset = true, decayRate = 0.999, ...opts } = config;
  return new BatchNorm(createScale, createOffset, decayRate, { ...opts, ...extra, name });
}

function conv(channels: number, kernel: number, stride: number, name: string): Conv2D {
  return new Conv2D(channels, kernel, { stride, withBias: false, padding: "SAME", name });
}

interface BlockOptions {
  channels: number;
  stride: number;
  useProjection: boolean;
  bnConfig: BNConfig;
  bottleneck: boolean;
  name?: string;
}

/**
 * A ResNet v1 block: conv-BN-ReLU layers (1x1/3x3/1x1 with a bottleneck, else two 3x3), added
 * to the (projected) shortcut, then ReLU.
 *
 * @example
 * new BlockV1({ channels: 64, stride: 1, useProjection: false, bnConfig: {}, bottleneck: false }).call(x, true);
 */
export class BlockV1 extends Module {
  static override readonly defaultName: string = "block_v1";
  readonly layers: [Conv2D, BatchNorm][];
  readonly projConv: Conv2D | undefined;
  readonly projBatchnorm: BatchNorm | undefined;

  constructor(readonly opts: BlockOptions) {
    super(opts.name);
    const { channels, stride, useProjection, bottleneck } = opts;
    const bn = { decayRate: 0.999, ...opts.bnConfig };
    const div = bottleneck ? 4 : 1;
    [this.projConv, this.projBatchnorm, this.layers] = this.build(() => {
      const proj = useProjection ? ([conv(channels, 1, stride, "shortcut_conv"), makeBatchNorm(bn, "shortcut_batchnorm")] as const) : [undefined, undefined] as const;
      const layers: [Conv2D, BatchNorm][] = [
        [conv(channels / div, bottleneck ? 1 : 3, bottleneck ? 1 : stride, "conv_0"), makeBatchNorm(bn, "batchnorm_0")],
        [conv(channels / div, 3, bottleneck ? stride : 1, "conv_1"), makeBatchNorm(bn, "batchnorm_1")],
      ];
      if (bottleneck) layers.push([conv(channels, 1, 1, "conv_2"), makeBatchNorm(bn, "batchnorm_2", { scaleInit: zeros })]);
      return [proj[0], proj[1], layers] as const;
    });
  }

  call(inputs: Array, isTraining: boolean, testLocalStats = false): Array {
    let shortcut = inputs;
    if (this.projConv && this.projBatchnorm) shortcut = this.projBatchnorm.call(this.projConv.call(shortcut), isTraining, { testLocalStats });
    let out = inputs;
    this.layers.forEach(([c, b], i) => {
      out = b.call(c.call(out), isTraining, { testLocalStats });
      if (i < this.layers.length - 1) out = nn.relu(out);
    });
    return nn.relu(out.add(shortcut));
  }
}

/**
 * A ResNet v2 (pre-activation) block: BN-ReLU-conv layers added to the shortcut.
 *
 * @example
 * new BlockV2({ channels: 64, stride: 1, useProjection: false, bnConfig: {}, bottleneck: false }).call(x, true);
 */
export class BlockV2 extends Module {
  static override readonly defaultName: string = "block_v2";
  readonly layers: [Conv2D, BatchNorm][];
  readonly projConv: Conv2D | undefined;

  constructor(readonly opts: BlockOptions) {
    super(opts.name);
    const { channels, stride, useProjection, bottleneck, bnConfig } = opts;
    const div = bottleneck ? 4 : 1;
    [this.projConv, this.layers] = this.build(() => {
      const proj = useProjection ? conv(channels, 1, stride, "shortcut_conv") : undefined;
      const layers: [Conv2D, BatchNorm][] = [
        [conv(channels / div, bottleneck ? 1 : 3, bottleneck ? 1 : stride, "conv_0"), makeBatchNorm(bnConfig, "batchnorm_0")],
        [conv(channels / div, 3, bottleneck ? stride : 1, "conv_1"), makeBatchNorm(bnConfig, "batchnorm_1")],
      ];
      if (bottleneck) layers.push([conv(channels, 1, 1, "conv_2"), makeBatchNorm(bnConfig, "batchnorm_2")]);
      return [proj, layers] as const;
    });
  }

  call(inputs: Array, isTraining: boolean, testLocalStats = false): Array {
    let x = inputs;
    let shortcut = inputs;
    this.layers.forEach(([c, b], i) => {
      x = nn.relu(b.call(x, isTraining, { testLocalStats }));
      if (i === 0 && this.projConv) shortcut = this.projConv.call(x);
      x = c.call(x);
    });
    return x.add(shortcut);
  }
}

/**
 * A group of ResNet blocks (`block_0`, `block_1`, ...), the first with the stride and projection.
 *
 * @example
 * new BlockGroup({ channels: 64, numBlocks: 2, stride: 1, bnConfig: {}, resnetV2: false, bottleneck: false, useProjection: false }).call(x, true);
 */
export class BlockGroup extends Module {
  static override readonly defaultName: string = "block_group";
  readonly blocks: (BlockV1 | BlockV2)[];

  constructor(opts: { channels: number; numBlocks: number; stride: number; bnConfig: BNConfig; resnetV2: boolean; bottleneck: boolean; useProjection: boolean; name?: string }) {
    super(opts.name);
    const Block = opts.resnetV2 ? BlockV2 : BlockV1;
    this.blocks = this.build(() =>
      globalThis.Array.from({ length: opts.numBlocks }, (_, i) =>
        new Block({
          channels: opts.channels, stride: i ? 1 : opts.stride, useProjection: i === 0 && opts.useProjection,
          bottleneck: opts.bottleneck, bnConfig: opts.bnConfig, name: `block_${i}`,
        }),
      ),
    );
  }

  call(inputs: Array, isTraining: boolean, testLocalStats = false): Array {
    return this.blocks.reduce((out, b) => b.call(out, isTraining, testLocalStats), inputs);
  }
}

/** Options of `ResNet`. */
export interface ResNetOptions {
  bnConfig?: BNConfig;
  resnetV2?: boolean;
  bottleneck?: boolean;
  channelsPerGroup?: readonly number[];
  useProjection?: readonly boolean[];
  /** Options of the final `Linear` (default: zero weights, name "logits"). */
  logitsConfig?: { wInit?: Initializer; bInit?: Initializer; withBias?: boolean; name?: string };
  /** Options of the first convolution (default: 64 channels, 7x7, stride 2, no bias, name "initial_conv"). */
  initialConvConfig?: ConvOptions & { outputChannels?: number; kernelShape?: number | readonly number[] };
  /** Stride of each block group (default [1, 2, 2, 2]). */
  strides?: readonly number[];
  name?: string;
}

/** The block layouts of the standard ResNets. @example const c = RESNET_CONFIGS[34]; new ResNet(c.blocksPerGroup, 10, { bottleneck: c.bottleneck, channelsPerGroup: c.channelsPerGroup, useProjection: c.useProjection }) */
export const RESNET_CONFIGS = {
  18: { blocksPerGroup: [2, 2, 2, 2], bottleneck: false, channelsPerGroup: [64, 128, 256, 512], useProjection: [false, true, true, true] },
  34: { blocksPerGroup: [3, 4, 6, 3], bottleneck: false, channelsPerGroup: [64, 128, 256, 512], useProjection: [false, true, true, true] },
  50: { blocksPerGroup: [3, 4, 6, 3], bottleneck: true, channelsPerGroup: [256, 512, 1024, 2048], useProjection: [true, true, true, true] },
} as const;

/**
 * A ResNet: initial 7x7 conv (+ BN, ReLU in v1), 3x3 max pooling, four block groups, global
 * average pooling and a `Linear` to `numClasses`. Inputs are NHWC images.
 *
 * @example
 * const net = new ResNet([2, 2, 2, 2], 10, { bottleneck: false, channelsPerGroup: [64, 128, 256, 512] });
 * const logits = net.call(images, true);
 */
export class ResNet extends Module {
  static override readonly defaultName: string = "res_net";
  readonly resnetV2: boolean;
  readonly initialConv: Conv2D;
  readonly initialBatchnorm: BatchNorm | undefined;
  readonly blockGroups: BlockGroup[];
  readonly finalBatchnorm: BatchNorm | undefined;
  readonly logits: Linear;

  constructor(blocksPerGroup: readonly number[], numClasses: number, opts: ResNetOptions = {}) {
    super(opts.name);
    checkOptions(new.target.name, opts, ["bnConfig", "resnetV2", "bottleneck", "channelsPerGroup", "useProjection", "logitsConfig", "initialConvConfig", "strides", "name"]);
    this.resnetV2 = opts.resnetV2 ?? false;
    const bn: BNConfig = { decayRate: 0.9, eps: 1e-5, createScale: true, createOffset: true, ...opts.bnConfig };
    const channels = opts.channelsPerGroup ?? [256, 512, 1024, 2048];
    const useProjection = opts.useProjection ?? [true, true, true, true];
    const strides = opts.strides ?? [1, 2, 2, 2];
    for (const [what, v] of [["blocksPerGroup", blocksPerGroup], ["channelsPerGroup", channels], ["strides", strides]] as const) {
      if (v.length !== 4) throw new TypeError(`ResNet: ${what} must have length 4, got ${v.length}.`);
    }
    const { outputChannels = 64, kernelShape = 7, ...convRest } = opts.initialConvConfig ?? {};
    const logitsConfig = { wInit: zeros, name: "logits", ...opts.logitsConfig };
    [this.initialConv, this.initialBatchnorm, this.blockGroups, this.finalBatchnorm, this.logits] = this.build(() => {
      const initialConv = new Conv2D(outputChannels, kernelShape, { stride: 2, withBias: false, padding: "SAME", name: "initial_conv", ...convRest });
      const initialBatchnorm = this.resnetV2 ? undefined : makeBatchNorm(bn, "initial_batchnorm");
      const groups = strides.map((stride, i) =>
        new BlockGroup({
          channels: channels[i]!, numBlocks: blocksPerGroup[i]!, stride, bnConfig: bn, resnetV2: this.resnetV2,
          bottleneck: opts.bottleneck ?? true, useProjection: useProjection[i]!, name: `block_group_${i}`,
        }),
      );
      const finalBatchnorm = this.resnetV2 ? makeBatchNorm(bn, "final_batchnorm") : undefined;
      const { name, ...linearOpts } = logitsConfig;
      return [initialConv, initialBatchnorm, groups, finalBatchnorm, new Linear(numClasses, { ...linearOpts, name })] as const;
    });
  }

  /** Logits `[B, numClasses]` for NHWC images. */
  call(inputs: Array, isTraining: boolean, opts: { testLocalStats?: boolean } = {}): Array {
    checkOptions(`ResNet '${this.moduleName}'`, opts, ["testLocalStats"]);
    const tls = opts.testLocalStats ?? false;
    let out = this.initialConv.call(inputs);
    if (this.initialBatchnorm) out = nn.relu(this.initialBatchnorm.call(out, isTraining, { testLocalStats: tls }));
    out = maxPool(out, [1, 3, 3, 1], [1, 2, 2, 1], "SAME");
    for (const g of this.blockGroups) out = g.call(out, isTraining, tls);
    if (this.finalBatchnorm) out = nn.relu(this.finalBatchnorm.call(out, isTraining, { testLocalStats: tls }));
    return this.logits.call(out.mean([1, 2]));
  }
}

type StandardOptions = Omit<ResNetOptions, "bottleneck" | "channelsPerGroup" | "useProjection">;

/**
 * ResNet-18 (basic blocks [2, 2, 2, 2], 64–512 channels).
 *
 * @example
 * const f = transformWithState((x: Array, train: boolean) => new ResNet18(10).call(x, train));
 */
export class ResNet18 extends ResNet {
  static override readonly defaultName: string = "res_net18";
  constructor(numClasses: number, opts: StandardOptions = {}) {
    const c = RESNET_CONFIGS[18];
    super(c.blocksPerGroup, numClasses, { ...opts, bottleneck: c.bottleneck, channelsPerGroup: c.channelsPerGroup, useProjection: c.useProjection });
  }
}

/** ResNet-34 (basic blocks [3, 4, 6, 3]). @example new ResNet34(1000).call(images, false) */
export class ResNet34 extends ResNet {
  static override readonly defaultName: string = "res_net34";
  constructor(numClasses: number, opts: StandardOptions = {}) {
    const c = RESNET_CONFIGS[34];
    super(c.blocksPerGroup, numClasses, { ...opts, bottleneck: c.bottleneck, channelsPerGroup: c.channelsPerGroup, useProjection: c.useProjection });
  }
}

/** ResNet-50 (bottleneck blocks [3, 4, 6, 3], 256–2048 channels). @example new ResNet50(1000).call(images, false) */
export class ResNet50 extends ResNet {
  static override readonly defaultName: string = "res_net50";
  constructor(numClasses: number, opts: StandardOptions = {}) {
    const c = RESNET_CONFIGS[50];
    super(c.blocksPerGroup, numClasses, { ...opts, bottleneck: c.bottleneck, channelsPerGroup: c.channelsPerGroup, useProjection: c.useProjection });
  }
}
