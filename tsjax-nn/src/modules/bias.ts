/** `Bias`: adds a learned bias, broadcast over chosen axes. */
import { type Array } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { zeros } from "../initializers/constant.js";
import { checkOptions, fmtShape } from "../util.js";

/** Options of `Bias`. */
export interface BiasOptions {
  /** Expected `inputs.shape.slice(1)` (checked when given). */
  outputSize?: readonly number[];
  /** Axes the bias varies along (default: all but the first); `[]` for a scalar bias. */
  biasDims?: readonly number[];
  /** Initializer of `b` (default zeros). */
  bInit?: Initializer;
  name?: string;
}

/** The bias shape for `inputShape` and `biasDims` (haiku's `calculate_bias_shape`). */
export function biasShape(inputShape: readonly number[], biasDims: readonly number[] | undefined): number[] {
  const rank = inputShape.length;
  if (biasDims === undefined) return inputShape.slice(1);
  if (biasDims.length === 0) return [];
  const shape = inputShape.map(() => 1);
  for (const d of biasDims) {
    const dim = d < 0 ? ((d % rank) + rank) % rank : d;
    if (dim === 0) throw new RangeError("Bias: cannot apply a bias across the batch axis (bias dimension 0).");
    if (dim >= rank) throw new RangeError(`Bias: dimension ${d} (biasDims ${JSON.stringify(biasDims)}) is out of range for an input of rank ${rank}.`);
    shape[dim] = inputShape[dim]!;
  }
  const start = shape.findIndex((s, i) => i > 0 && s !== 1);
  return start < 0 ? [] : shape.slice(start);
}

/**
 * Adds a bias `b` to its input (optionally times `multiplier`): by default one value per
 * element of `inputs.shape.slice(1)`.
 *
 * @example
 * new Bias().call(x);                       // b: x.shape.slice(1)
 * new Bias({ biasDims: [-1] }).call(x);     // b: [channels]
 */
export class Bias extends Module {
  static override readonly defaultName: string = "bias";
  readonly outputSize: readonly number[] | undefined;
  readonly biasDims: readonly number[] | undefined;
  readonly bInit: Initializer;

  constructor(opts: BiasOptions = {}) {
    super(opts.name);
    checkOptions("Bias", opts, ["outputSize", "biasDims", "bInit", "name"]);
    this.outputSize = opts.outputSize;
    this.biasDims = opts.biasDims;
    this.bInit = opts.bInit ?? zeros;
  }

  /** `inputs + b` (or `inputs + b * multiplier`). */
  call(inputs: Array, multiplier?: Array | number): Array {
    if (inputs.ndim < 2) throw new TypeError(`Bias '${this.moduleName}': the input must have rank >= 2 (batch first), got ${fmtShape(inputs.shape)}.`);
    if (this.outputSize && fmtShape(this.outputSize) !== fmtShape(inputs.shape.slice(1))) {
      throw new TypeError(`Bias '${this.moduleName}': the input shape must be [-1, ${this.outputSize.join(", ")}], got ${fmtShape(inputs.shape)}.`);
    }
    let b = getParameter("b", biasShape(inputs.shape, this.biasDims), inputs.dtype, this.bInit);
    if (multiplier !== undefined) b = b.mul(multiplier);
    return inputs.add(b);
  }
}
