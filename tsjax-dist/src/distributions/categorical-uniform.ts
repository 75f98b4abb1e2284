/** A mixture of uniforms on equal bins of an interval (distrax's `CategoricalUniform`). */
import { type Array, type DType, nn, np, random } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, checkOptions } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { Categorical } from "./categorical.js";
import { Distribution } from "./distribution.js";
import { MixtureSameFamily } from "./mixture-same-family.js";
import { Uniform } from "./uniform.js";

/** Parameters of `CategoricalUniform`. */
export interface CategoricalUniformOptions {
  /** The lower end of the interval. */
  low: Numeric;
  /** The upper end of the interval. */
  high: Numeric;
  /** Logits of the `K` bins, shape `[...batch, K]`. */
  logits: Numeric;
}

/**
 * `[low, high]` cut into `K` equal bins; a bin is picked with probabilities `softmax(logits)`,
 * then a point uniformly inside it. Sampling inverts the piecewise-linear CDF, so it is
 * reparameterized in `low`, `high` and `logits`.
 *
 * @example
 * const d = new CategoricalUniform({ low: 0, high: 1, logits: np.array([0, 1]) });
 * d.logProb(0.75);   // log(2 * e / (1 + e))
 */
export class CategoricalUniform extends Distribution {
  protected readonly _low: Array;
  protected readonly _high: Array;
  protected readonly _logits: Array;

  constructor(opts: CategoricalUniformOptions) {
    super();
    checkOptions("CategoricalUniform", opts, ["low", "high", "logits"]);
    if (!opts || opts.low === undefined || opts.high === undefined || opts.logits === undefined) {
      throw new TypeError("CategoricalUniform: pass { low, high, logits }.");
    }
    this._low = asFloat("CategoricalUniform", "low", opts.low);
    this._high = asFloat("CategoricalUniform", "high", opts.high);
    this._logits = asFloat("CategoricalUniform", "logits", opts.logits);
    if (this._logits.ndim < 1) throw new RangeError("CategoricalUniform: logits must have at least one axis (the bins), got a scalar.");
    void this.batchShape;
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { low: this._low.shape, high: this._high.shape, "logits (without the bin axis)": this._logits.shape.slice(0, -1) });
  }

  override get dtype(): DType {
    return "float32";
  }

  /** The number of bins `K`. */
  get numBins(): number {
    return this._logits.shape[this._logits.ndim - 1]!;
  }

  /** The lower end, broadcast to the batch shape. */
  get low(): Array {
    return np.broadcastTo(this._low, this.batchShape);
  }

  /** The upper end, broadcast to the batch shape. */
  get high(): Array {
    return np.broadcastTo(this._high, this.batchShape);
  }

  /** The bin logits, broadcast to `[...batch, K]`. */
  get logits(): Array {
    return np.broadcastTo(this._logits, [...this.batchShape, this.numBins]);
  }

  /** The `K + 1` bin edges, shape `[...batch, K + 1]`. */
  private limits(): Array {
    const t = np.linspace(0, 1, this.numBins + 1);
    const lo = this.low.expandDims(-1);
    return lo.add(this.high.expandDims(-1).sub(lo).mul(t));
  }

  private mixture(): MixtureSameFamily {
    const limits = this.limits();
    return new MixtureSameFamily(new Categorical({ logits: this.logits }), new Uniform(limits.get("...", ":-1"), limits.get("...", "1:")));
  }

  private inverseCdf(q: Array): Array {
    const cum = np.cumsum(nn.softmax(this.logits, -1), -1);
    const qLimits = np.concatenate([np.zerosLike(cum.get("...", ":1")), cum], -1);
    const limits = this.limits();
    const domainDiff = limits.get("...", "1:").sub(limits.get("...", ":-1"));
    const qDiff = qLimits.get("...", "1:").sub(qLimits.get("...", ":-1"));
    const contributions = np.minimum(qDiff, nn.relu(q.expandDims(-1).sub(qLimits.get("...", ":-1"))));
    return this.low.add(domainDiff.div(qDiff).mul(contributions).sum(-1));
  }

  protected override sampleN(key: Array, n: number): Array {
    return this.inverseCdf(random.uniform(key, [n, ...this.batchShape]));
  }

  override logProb(value: Numeric): Array {
    return this.mixture().logProb(value);
  }

  override entropy(): Array {
    return this.mixture().mixtureDistribution.entropy().add(np.log(this.high.sub(this.low).div(this.numBins)));
  }

  override mean(): Array {
    return this.mixture().mean();
  }

  override variance(): Array {
    return this.mixture().variance();
  }

  override get(...index: IndexSpec[]): CategoricalUniform {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new CategoricalUniform({ low: at(this._low), high: at(this._high), logits: at(this._logits, 1) });
  }
}
