/** `Reshape` and `Flatten`, keeping the leading (batch) axes. */
import { type Array } from "tsjax-core";
import { Module } from "../base/module.js";
import { checkOptions, prod } from "../util.js";

/**
 * Reshapes all but the first `preserveDims` axes to `outputShape` (one entry may be -1).
 *
 * @example
 * new Reshape([7, 7, 64]).call(x); // [B, 3136] -> [B, 7, 7, 64]
 */
export class Reshape extends Module {
  static override readonly defaultName: string = "reshape";
  readonly outputShape: readonly number[];
  readonly preserveDims: number;

  constructor(outputShape: readonly number[], opts: { preserveDims?: number; name?: string } = {}) {
    super(opts.name);
    checkOptions(new.target.name, opts, ["preserveDims", "name"]);
    const preserveDims = opts.preserveDims ?? 1;
    if (preserveDims === 0) throw new RangeError("Reshape: preserveDims must be non-zero.");
    if (outputShape.filter((d) => d === -1).length > 1) throw new TypeError("Reshape: -1 can occur only once in outputShape.");
    this.outputShape = [...outputShape];
    this.preserveDims = preserveDims;
  }

  /** The reshaped input. */
  call(inputs: Array): Array {
    if (inputs.ndim <= this.preserveDims) return inputs;
    const kept = inputs.shape.slice(0, this.preserveDims);
    const rest = prod(inputs.shape.slice(this.preserveDims));
    const known = Math.abs(prod(this.outputShape));
    const shape = this.outputShape.map((d) => (d === -1 ? Math.floor(rest / known) : d));
    return inputs.reshape([...kept, ...shape]);
  }
}

/**
 * Flattens all but the first `preserveDims` axes.
 *
 * @example
 * new Flatten().call(x); // [B, 7, 7, 64] -> [B, 3136]
 */
export class Flatten extends Reshape {
  static override readonly defaultName: string = "flatten";

  constructor(opts: { preserveDims?: number; name?: string } = {}) {
    super([-1], opts);
  }
}
