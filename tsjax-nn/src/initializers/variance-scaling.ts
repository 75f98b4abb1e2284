/**
 * `VarianceScaling` (and `UniformScaling`), and the Glorot/He/LeCun initializers built on it
 * (`jax.nn.initializers` names).
 */
import type { Array, DType } from "tsjax-core";
import { RandomNormal, RandomUniform, TruncatedNormal } from "./random.js";
import { prod } from "../util.js";

/** Fan-in and fan-out of a weight shape (`[..., in, out]`; convolution kernels `[k..., in, out]`). @example computeFans([3, 3, 16, 32]); // [144, 288] */
export function computeFans(shape: readonly number[], fanInAxes?: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  if (fanInAxes) {
    const fanIn = prod(fanInAxes.map((i) => shape[i]!));
    const fanOut = prod(shape.filter((_, i) => !fanInAxes.includes(i)));
    return [fanIn, fanOut];
  }
  const receptive = prod(shape.slice(0, -2));
  return [shape.at(-2)! * receptive, shape.at(-1)! * receptive];
}

/** Which fan the variance is divided by. */
export type FanMode = "fan_in" | "fan_out" | "fan_avg";
/** Distribution of `VarianceScaling`. */
export type VarianceDistribution = "truncated_normal" | "normal" | "uniform";

/** The standard deviation of a standard normal truncated to (-2, 2). */
const TRUNCATED_STDDEV = 0.8796256610342398;

/**
 * Samples with variance `scale / n`, `n` the fan-in, fan-out or their mean: a truncated normal
 * (default), a normal, or a uniform distribution.
 *
 * @example
 * new Linear(256, { wInit: new VarianceScaling(2.0, "fan_in", "truncated_normal") }); // He
 */
export class VarianceScaling {
  readonly distribution: VarianceDistribution;

  constructor(
    readonly scale = 1,
    readonly mode: FanMode = "fan_in",
    distribution: VarianceDistribution = "truncated_normal",
    readonly fanInAxes?: readonly number[],
  ) {
    if (!(scale >= 0)) throw new RangeError(`VarianceScaling: scale must be non-negative, got ${scale}.`);
    if (!["fan_in", "fan_out", "fan_avg"].includes(mode)) throw new TypeError(`VarianceScaling: mode must be "fan_in", "fan_out" or "fan_avg", got "${mode}".`);
    const dist = distribution.toLowerCase() as VarianceDistribution;
    if (!["truncated_normal", "normal", "uniform"].includes(dist)) {
      throw new TypeError(`VarianceScaling: distribution must be "truncated_normal", "normal" or "uniform", got "${distribution}".`);
    }
    this.distribution = dist;
  }

  call(shape: readonly number[], dtype: DType): Array {
    const [fanIn, fanOut] = computeFans(shape, this.fanInAxes);
    const n = this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    if (this.distribution === "truncated_normal") return new TruncatedNormal(Math.sqrt(scale) / TRUNCATED_STDDEV).call(shape, dtype);
    if (this.distribution === "normal") return new RandomNormal(Math.sqrt(scale)).call(shape, dtype);
    const limit = Math.sqrt(3 * scale);
    return new RandomUniform(-limit, limit).call(shape, dtype);
  }
}

/**
 * Uniform in `±scale * sqrt(3 / inputSize)`, `inputSize` the product of all but the last axis.
 *
 * @example
 * new Linear(10, { wInit: new UniformScaling(1.0) });
 */
export class UniformScaling {
  constructor(readonly scale = 1) {}

  call(shape: readonly number[], dtype: DType): Array {
    const maxVal = Math.sqrt(3 / prod(shape.slice(0, -1))) * this.scale;
    return new RandomUniform(-maxVal, maxVal).call(shape, dtype);
  }
}

/** Glorot (Xavier) normal: `VarianceScaling(1, "fan_avg", "truncated_normal")`. @example new Linear(10, { wInit: glorotNormal() }) */
export const glorotNormal = (): VarianceScaling => new VarianceScaling(1, "fan_avg", "truncated_normal");
/** Glorot (Xavier) uniform: `VarianceScaling(1, "fan_avg", "uniform")`. @example new Linear(10, { wInit: glorotUniform() }) */
export const glorotUniform = (): VarianceScaling => new VarianceScaling(1, "fan_avg", "uniform");
/** He (Kaiming) normal: `VarianceScaling(2, "fan_in", "truncated_normal")`. @example new Conv2D(32, 3, { wInit: heNormal() }) */
export const heNormal = (): VarianceScaling => new VarianceScaling(2, "fan_in", "truncated_normal");
/** He (Kaiming) uniform: `VarianceScaling(2, "fan_in", "uniform")`. @example new Conv2D(32, 3, { wInit: heUniform() }) */
export const heUniform = (): VarianceScaling => new VarianceScaling(2, "fan_in", "uniform");
/** LeCun normal: `VarianceScaling(1, "fan_in", "truncated_normal")`. @example new Linear(10, { wInit: lecunNormal() }) */
export const lecunNormal = (): VarianceScaling => new VarianceScaling(1, "fan_in", "truncated_normal");
/** LeCun uniform: `VarianceScaling(1, "fan_in", "uniform")`. @example new Linear(10, { wInit: lecunUniform() }) */
export const lecunUniform = (): VarianceScaling => new VarianceScaling(1, "fan_in", "uniform");
