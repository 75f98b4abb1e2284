/** `RMSNorm`: scales by the root mean square, without centering. */
import { type Array, lax } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { ones } from "../initializers/constant.js";
import { type AxisSpec, absAxes, checkOptions } from "../util.js";
import { paramShape } from "./layer-norm.js";

/** Options of `RMSNorm`. */
export interface RMSNormOptions {
  eps?: number;
  scaleInit?: Initializer;
  /** Learn a `scale` (default true). */
  createScale?: boolean;
  paramAxis?: AxisSpec;
  name?: string;
}

/**
 * RMS normalization: `x * scale / sqrt(mean(x²) + eps)` with the mean over `axis`.
 *
 * @example
 * new RMSNorm(-1).call(x);
 */
export class RMSNorm extends Module {
  static override readonly defaultName: string = "rms_norm";
  readonly eps: number;
  readonly scaleInit: Initializer;
  readonly createScale: boolean;
  readonly paramAxis: AxisSpec;

  constructor(readonly axis: AxisSpec, opts: RMSNormOptions = {}) {
    super(opts.name);
    checkOptions("RMSNorm", opts, ["eps", "scaleInit", "createScale", "paramAxis", "name"]);
    this.createScale = opts.createScale ?? true;
    if (!this.createScale && opts.scaleInit) throw new TypeError("RMSNorm: cannot set scaleInit when createScale is false.");
    this.eps = opts.eps ?? 1e-5;
    this.scaleInit = opts.scaleInit ?? ones;
    this.paramAxis = opts.paramAxis ?? -1;
  }

  /** The normalized input. */
  call(inputs: Array): Array {
    const op = `RMSNorm '${this.moduleName}'`;
    const axes = absAxes(op, this.axis, inputs.ndim);
    const meanSquared = inputs.square().mean(axes, { keepdims: true });
    let out = inputs.mul(lax.rsqrt(meanSquared.add(this.eps)));
    if (this.createScale) {
      const pShape = paramShape(inputs.shape, absAxes(op, this.paramAxis, inputs.ndim));
      out = out.mul(getParameter("scale", pShape, inputs.dtype, this.scaleInit));
    }
    return out;
  }
}
