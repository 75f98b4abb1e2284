/** The softmax (Boltzmann) policy distribution (distrax's `Softmax`). */
import type { Array, DType } from "tsjax-core";
import { type Numeric, asFloat, checkOptions } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { Categorical } from "./categorical.js";

/** Options of `Softmax`. */
export interface SoftmaxOptions {
  /** The temperature `tau` (default 1): probabilities are `softmax(logits / tau)`. */
  temperature?: number;
  /** dtype of samples (default int32). */
  dtype?: DType;
}

/**
 * A categorical distribution with probabilities `softmax(logits / temperature)`: greedy as
 * the temperature goes to 0, uniform as it grows.
 *
 * @example
 * const d = new Softmax(np.array([1, 2, 3]), { temperature: 0.5 });
 */
export class Softmax extends Categorical {
  readonly temperature: number;
  protected readonly _unscaledLogits: Array;

  constructor(logits: Numeric, opts: SoftmaxOptions = {}) {
    checkOptions("Softmax", opts, ["temperature", "dtype"]);
    const { temperature = 1, dtype = "int32" } = opts;
    if (!(typeof temperature === "number" && temperature > 0)) throw new RangeError(`Softmax: temperature must be a positive number, got ${String(temperature)}.`);
    const l = asFloat("Softmax", "logits", logits);
    super({ logits: l.div(temperature), dtype });
    this.temperature = temperature;
    this._unscaledLogits = l;
  }

  /** The logits before dividing by the temperature. */
  get unscaledLogits(): Array {
    return this._unscaledLogits;
  }

  override get(...index: IndexSpec[]): Softmax {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Softmax(at(this._unscaledLogits, 1), { temperature: this.temperature, dtype: this._dtype });
  }
}
