/** `MLP`: a stack of `Linear` layers with an activation between them. */
import { type Array, nn } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { dropout } from "../modules/dropout.js";
import { Linear } from "../modules/linear.js";
import { PRNGSequence } from "../base/rng.js";
import { checkOptions } from "../util.js";

/** Options of `MLP`. */
export interface MLPOptions {
  wInit?: Initializer;
  bInit?: Initializer;
  withBias?: boolean;
  /** Applied between layers (default `nn.relu`). */
  activation?: (x: Array) => Array;
  /** Also apply the activation (and dropout) after the last layer (default false). */
  activateFinal?: boolean;
  name?: string;
}

/**
 * A multi-layer perceptron: `Linear` layers `linear_0`, `linear_1`, ... of the given output
 * sizes, with `activation` between them (and optional dropout before each activation).
 *
 * @example
 * const mlp = new MLP([300, 100, 10]);
 * const logits = mlp.call(x);                                        // params "mlp/~/linear_0" ...
 * const train = mlp.call(x, { dropoutRate: 0.1, rng: nextRngKey() });
 */
export class MLP extends Module {
  static override readonly defaultName: string = "mlp";
  readonly layers: readonly Linear[];
  readonly outputSize: number | null;
  readonly wInit: Initializer | undefined;
  readonly bInit: Initializer | undefined;
  readonly withBias: boolean;
  readonly activation: (x: Array) => Array;
  readonly activateFinal: boolean;

  constructor(outputSizes: Iterable<number>, opts: MLPOptions = {}) {
    super(opts.name);
    checkOptions("MLP", opts, ["wInit", "bInit", "withBias", "activation", "activateFinal", "name"]);
    this.withBias = opts.withBias ?? true;
    if (!this.withBias && opts.bInit) throw new TypeError("MLP: bInit must not be set when withBias is false.");
    this.wInit = opts.wInit;
    this.bInit = opts.bInit;
    this.activation = opts.activation ?? nn.relu;
    this.activateFinal = opts.activateFinal ?? false;
    const sizes = [...outputSizes];
    this.layers = this.build(() =>
      sizes.map((n, i) => new Linear(n, { wInit: this.wInit, bInit: this.bInit, withBias: this.withBias, name: `linear_${i}` })),
    );
    this.outputSize = sizes.length ? sizes.at(-1)! : null;
  }

  /** The output of the last layer; with `dropoutRate` (and a key `rng`), dropout before each activation. */
  call(inputs: Array, opts: { dropoutRate?: number; rng?: Array } = {}): Array {
    const op = `MLP '${this.moduleName}'`;
    checkOptions(op, opts, ["dropoutRate", "rng"]);
    if (opts.dropoutRate !== undefined && !opts.rng) throw new TypeError(`${op}: dropout needs a key: call(x, { dropoutRate, rng: nextRngKey() }).`);
    if (opts.dropoutRate === undefined && opts.rng) throw new TypeError(`${op}: rng should only be given with dropoutRate.`);
    const rng = opts.rng ? new PRNGSequence(opts.rng) : null;
    let out = inputs;
    this.layers.forEach((layer, i) => {
      out = layer.call(out);
      if (i < this.layers.length - 1 || this.activateFinal) {
        if (rng) out = dropout(rng.next(), opts.dropoutRate!, out);
        out = this.activation(out);
      }
    });
    return out;
  }

  /**
   * A new MLP with the layer sizes reversed (each layer outputs the input size of the
   * matching layer of this one); call this one first.
   *
   * @example
   * const decoder = encoder.reverse(); // sizes [.., 784] mirror encoder's
   */
  reverse(opts: { activateFinal?: boolean; name?: string } = {}): MLP {
    const sizes = [...this.layers].reverse().map((l) => l.inputSize);
    if (sizes.some((s) => s === null)) throw new TypeError(`MLP '${this.moduleName}': call it before reversing it (its input sizes are unknown).`);
    return new MLP(sizes as number[], {
      wInit: this.wInit, bInit: this.bInit, withBias: this.withBias, activation: this.activation,
      activateFinal: opts.activateFinal ?? this.activateFinal, name: opts.name ?? `${this.name}_reversed`,
    });
  }
}
