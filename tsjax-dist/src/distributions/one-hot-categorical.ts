/** The one-hot categorical distribution (distrax's `OneHotCategorical`). */
import { type Array, nn, np } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import { multiplyNoNan } from "../utils/math.js";
import { Categorical, type CategoricalOptions } from "./categorical.js";

/**
 * A categorical distribution whose events are one-hot vectors of length `K`.
 *
 * @example
 * const d = new OneHotCategorical({ probs: np.array([0.2, 0.8]) });
 * d.sample({ seed: random.key(0) });    // [0, 1] or [1, 0]
 * d.logProb(np.array([0, 1]));          // log 0.8
 */
export class OneHotCategorical extends Categorical {
  constructor(opts: CategoricalOptions) {
    super(opts);
  }

  override get eventShape(): number[] {
    return [this.numCategories];
  }

  protected override sampleN(key: Array, n: number): Array {
    const [draws, valid] = this.drawIndices(key, n);
    const oneHot = nn.oneHot(draws, this.numCategories).astype(this._dtype);
    return np.where(valid.expandDims(-1), oneHot, np.fullLike(oneHot, -1));
  }

  override logProb(value: Numeric): Array {
    return multiplyNoNan(this.logits, this.value("logProb", value)).sum(-1);
  }

  override prob(value: Numeric): Array {
    return multiplyNoNan(this.probs, this.value("prob", value)).sum(-1);
  }

  /** The mean of the one-hot vector: the probabilities. */
  override mean(): Array {
    return this.probs;
  }

  /** The variance of each coordinate, `p (1 - p)`. */
  override variance(): Array {
    const p = this.probs;
    return p.mul(np.subtract(1, p));
  }

  override mode(): Array {
    return nn.oneHot(np.argmax(this._logits ?? this._probs!, -1), this.numCategories).astype(this._dtype);
  }

  override cdf(value: Numeric): Array {
    return multiplyNoNan(np.cumsum(this.probs, -1), this.value("cdf", value)).sum(-1);
  }

  override get(...index: IndexSpec[]): OneHotCategorical {
    return new OneHotCategorical({ ...this.indexedParam(index), dtype: this._dtype });
  }
}
