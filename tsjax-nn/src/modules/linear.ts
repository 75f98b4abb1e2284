/** `Linear`: `y = x @ w + b`. */
import { type Array, np } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { TruncatedNormal } from "../initializers/random.js";
import { zeros } from "../initializers/constant.js";
import { checkOptions } from "../util.js";

/** Options of `Linear`. */
export interface LinearOptions {
  /** Add a bias `b` (default true). */
  withBias?: boolean;
  /** Initializer of `w` (default: truncated normal with stddev `1 / sqrt(inputSize)`). */
  wInit?: Initializer;
  /** Initializer of `b` (default zeros). */
  bInit?: Initializer;
  name?: string;
}

/**
 * A linear layer: `x @ w + b` over the last axis of `x`, with parameters `w` `[inputSize,
 * outputSize]` and `b` `[outputSize]`.
 *
 * @example
 * const f = transform((x: Array) => new Linear(300).call(x));
 * const params = f.init(random.key(0), np.ones([8, 784])); // { linear: { w: [784, 300], b: [300] } }
 */
export class Linear extends Module {
  static override readonly defaultName: string = "linear";
  readonly withBias: boolean;
  readonly wInit: Initializer | undefined;
  readonly bInit: Initializer;
  /** The input size of the last call (null before the first). */
  inputSize: number | null = null;

  constructor(readonly outputSize: number, opts: LinearOptions = {}) {
    super(opts.name);
    checkOptions("Linear", opts, ["withBias", "wInit", "bInit", "name"]);
    this.withBias = opts.withBias ?? true;
    this.wInit = opts.wInit;
    this.bInit = opts.bInit ?? zeros;
  }

  /** `inputs @ w + b`. */
  call(inputs: Array): Array {
    if (inputs.ndim === 0) throw new TypeError(`Linear '${this.moduleName}': the input must not be a scalar.`);
    const inputSize = (this.inputSize = inputs.shape.at(-1)!);
    const dtype = inputs.dtype;
    const wInit = this.wInit ?? new TruncatedNormal(1 / Math.sqrt(inputSize));
    const w = getParameter("w", [inputSize, this.outputSize], dtype, wInit);
    let out = np.dot(inputs, w);
    if (this.withBias) out = out.add(getParameter("b", [this.outputSize], dtype, this.bInit));
    return out;
  }
}
