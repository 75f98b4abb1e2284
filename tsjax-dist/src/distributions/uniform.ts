/** The uniform distribution (distrax's `Uniform`). */
import { type Array, type DType, np, random } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/**
 * The uniform distribution on `[low, high]` (defaults `[0, 1]`; parameters broadcast).
 * Sampling is reparameterized: `low + (high - low) * u`.
 *
 * @example
 * const d = new Uniform(-1, np.array([1, 3]));
 * d.entropy();   // log(high - low)
 */
export class Uniform extends Distribution {
  protected readonly _low: Array;
  protected readonly _high: Array;

  constructor(low: Numeric = 0, high: Numeric = 1, opts: ValidateOptions = {}) {
    super();
    this._low = asFloat("Uniform", "low", low);
    this._high = asFloat("Uniform", "high", high);
    broadcastShapes("Uniform", { low: this._low.shape, high: this._high.shape });
    if (opts.validateArgs) checkValues("Uniform", "high - low", this._high.sub(this._low), (v) => v > 0, "positive (low < high)");
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { low: this._low.shape, high: this._high.shape });
  }

  override get dtype(): DType {
    return this.range.dtype;
  }

  /** The lower bound, broadcast to the batch shape. */
  get low(): Array {
    return np.broadcastTo(this._low, this.batchShape);
  }

  /** The upper bound, broadcast to the batch shape. */
  get high(): Array {
    return np.broadcastTo(this._high, this.batchShape);
  }

  /** `high - low`. */
  get range(): Array {
    return this.high.sub(this.low);
  }

  protected override sampleN(key: Array, n: number): Array {
    const u = random.uniform(key, [n, ...this.batchShape], { dtype: this.dtype, minval: 0, maxval: 1 });
    return this._low.add(this.range.mul(u));
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const samples = this.sampleN(key, n);
    const lp = np.log(this.range).neg();
    return [samples, np.broadcastTo(lp, [n, ...lp.shape])];
  }

  override logProb(value: Numeric): Array {
    return np.log(this.prob(value));
  }

  override prob(value: Numeric): Array {
    const x = this.value("prob", value);
    const outside = np.logicalOr(x.lt(this.low), x.gt(this.high));
    return np.where(outside, 0, np.reciprocal(this.range));
  }

  override entropy(): Array {
    return np.log(this.range);
  }

  override mean(): Array {
    return this.low.add(this.high).div(2);
  }

  override variance(): Array {
    return np.square(this.range).div(12);
  }

  override stddev(): Array {
    return this.range.div(Math.sqrt(12));
  }

  override median(): Array {
    return this.mean();
  }

  override cdf(value: Numeric): Array {
    const x = this.value("cdf", value);
    const inside = np.where(x.lt(this.low), 0, x.sub(this.low).div(this.range));
    return np.where(x.gt(this.high), 1, inside);
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override get(...index: IndexSpec[]): Uniform {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Uniform(at(this._low), at(this._high));
  }
}

registerKL(Uniform, Uniform, (p, q) =>
  np.where(np.logicalAnd(q.low.le(p.low), p.high.le(q.high)), np.log(q.high.sub(q.low)).sub(np.log(p.high.sub(p.low))), Infinity),
);
