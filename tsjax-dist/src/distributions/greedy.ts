/** The greedy and epsilon-greedy policy distributions (distrax's `Greedy`, `EpsilonGreedy`). */
import { type Array, type DType, np } from "tsjax-core";
import { type Numeric, asFloat, checkOptions } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { Categorical } from "./categorical.js";

/** Uniform probabilities over the maxima of `preferences` along the last axis (ties share). */
function greedyProbs(preferences: Array): Array {
  const best = preferences.eq(preferences.max(-1, { keepdims: true })).astype("float32");
  return best.div(best.sum(-1, { keepdims: true }));
}

/**
 * All probability mass spread equally over the indices where `preferences` is largest.
 *
 * @example
 * new Greedy(np.array([1, 3, 3])).probs;   // [0, 0.5, 0.5]
 */
export class Greedy extends Categorical {
  protected readonly _preferences: Array;

  constructor(preferences: Numeric, opts: { dtype?: DType } = {}) {
    checkOptions("Greedy", opts, ["dtype"]);
    const p = asFloat("Greedy", "preferences", preferences);
    super({ probs: greedyProbs(p), dtype: opts.dtype ?? "int32" });
    this._preferences = p;
  }

  /** The preferences the distribution was built from. */
  get preferences(): Array {
    return this._preferences;
  }

  override get(...index: IndexSpec[]): Greedy {
    return new Greedy(batchIndexer(this.name, this.batchShape, index)(this._preferences, 1), { dtype: this._dtype });
  }
}

/**
 * The greedy distribution mixed with the uniform one: probabilities
 * `(1 - epsilon) * greedy + epsilon / K`.
 *
 * @example
 * new EpsilonGreedy(np.array([1, 3, 2]), 0.3).probs;   // [0.1, 0.8, 0.1]
 */
export class EpsilonGreedy extends Categorical {
  protected readonly _preferences: Array;
  readonly epsilon: number;

  constructor(preferences: Numeric, epsilon: number, opts: { dtype?: DType } = {}) {
    checkOptions("EpsilonGreedy", opts, ["dtype"]);
    if (!(typeof epsilon === "number" && epsilon >= 0 && epsilon <= 1)) throw new RangeError(`EpsilonGreedy: epsilon must be a number in [0, 1], got ${String(epsilon)}.`);
    const p = asFloat("EpsilonGreedy", "preferences", preferences);
    const k = p.shape[p.ndim - 1] ?? 1;
    super({ probs: np.add(greedyProbs(p).mul(1 - epsilon), epsilon / k), dtype: opts.dtype ?? "int32" });
    this._preferences = p;
    this.epsilon = epsilon;
  }

  /** The preferences the distribution was built from. */
  get preferences(): Array {
    return this._preferences;
  }

  override get(...index: IndexSpec[]): EpsilonGreedy {
    return new EpsilonGreedy(batchIndexer(this.name, this.batchShape, index)(this._preferences, 1), this.epsilon, { dtype: this._dtype });
  }
}
