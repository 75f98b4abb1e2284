/** A continuous distribution rounded up to integers (distrax's `Quantized`). */
import { type Array, np, stopGradient } from "tsjax-core";
import { type Numeric, asArray, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { logExpbigMinusExpsmall } from "../utils/math.js";
import { Distribution } from "./distribution.js";

/** Options of `Quantized`. */
export interface QuantizedOptions {
  /** The lowest value: samples below `ceil(low)` become `ceil(low)` (default none). */
  low?: Numeric;
  /** The highest value: samples above `floor(high)` become `floor(high)` (default none). */
  high?: Numeric;
  /** A minimum gap between the two log-CDF terms of `logProb`, against NaNs (default none). */
  eps?: number;
}

/**
 * `ceil(x)` for `x` drawn from a univariate `distribution`, optionally clamped to
 * `[ceil(low), floor(high)]`. `logProb(y) = log(P[X <= y] - P[X <= y - 1])`, computed from
 * whichever of the CDF or survival function is smaller (stable in both tails); non-integers
 * and values outside the support get `-Infinity`.
 *
 * @example
 * const d = new Quantized(new Normal(0, 3), { low: -5, high: 5 });
 * d.prob(0);   // P[-1 < X <= 0]
 */
export class Quantized extends Distribution {
  readonly distribution: Distribution;
  protected readonly _low: Array | null;
  protected readonly _high: Array | null;
  readonly eps: number | undefined;

  constructor(distribution: Distribution, opts: QuantizedOptions = {}) {
    super();
    checkOptions("Quantized", opts, ["low", "high", "eps"]);
    if (!(distribution instanceof Distribution)) throw new TypeError("Quantized: distribution must be a Distribution.");
    if (distribution.eventShape.length) {
      throw new RangeError(`Quantized: the base distribution must be univariate, but ${distribution.name} has event shape ${fmtShape(distribution.eventShape)}.`);
    }
    const bound = (name: "low" | "high", v: Numeric | undefined, round: (x: Array) => Array): Array | null => {
      if (v === undefined) return null;
      const x = round(asArray("Quantized", name, v)).astype(distribution.dtype);
      if (x.ndim > distribution.batchShape.length) {
        throw new RangeError(`Quantized: ${name} of shape ${fmtShape(x.shape)} must not add batch axes to ${distribution.name}'s batch shape ${fmtShape(distribution.batchShape)}.`);
      }
      return x;
    };
    this.distribution = distribution;
    this._low = bound("low", opts.low, np.ceil);
    this._high = bound("high", opts.high, np.floor);
    this.eps = opts.eps;
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return this.distribution.batchShape;
  }

  override get dtype() {
    return this.distribution.dtype;
  }

  /** The lowest value, broadcast to the batch shape (null when unbounded). */
  get low(): Array | null {
    return this._low && np.broadcastTo(this._low, this.batchShape);
  }

  /** The highest value, broadcast to the batch shape (null when unbounded). */
  get high(): Array | null {
    return this._high && np.broadcastTo(this._high, this.batchShape);
  }

  protected override sampleN(key: Array, n: number): Array {
    let s = np.ceil(this.distribution.sample({ seed: key, sampleShape: n }));
    if (this._low) s = np.where(s.lt(this._low), this._low, s);
    if (this._high) s = np.where(s.gt(this._high), this._high, s);
    return s;
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const s = this.sampleN(key, n);
    const d = this.distribution;
    let logCdf = d.logCdf(s);
    let logCdfM1 = d.logCdf(s.sub(1));
    let logSf = d.logSurvivalFunction(s);
    let logSfM1 = d.logSurvivalFunction(s.sub(1));
    if (this._high) {
      const below = s.lt(this._high);
      logCdf = np.where(below, logCdf, 0);
      logSf = np.where(below, logSf, -Infinity);
    }
    if (this._low) {
      const atLow = s.sub(1).lt(this._low);
      logCdfM1 = np.where(atLow, -Infinity, logCdfM1);
      logSfM1 = np.where(atLow, 0, logSfM1);
    }
    const useSf = logSf.lt(logCdf);
    return [s, logExpbigMinusExpsmall(np.where(useSf, logSfM1, logCdf), np.where(useSf, logSf, logCdfM1))];
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const logCdf = this.logCdf(x);
    const logCdfM1 = this.logCdf(x.sub(1));
    const logSf = this.logSurvivalFunction(x);
    const logSfM1 = this.logSurvivalFunction(x.sub(1));
    const useSf = logSf.lt(logCdf);
    let big = np.where(useSf, logSfM1, logCdf);
    const small = np.where(useSf, logSf, logCdfM1);
    if (this.eps !== undefined) big = np.where(big.sub(small).gt(this.eps), big, stopGradient(small).add(this.eps));
    let lp = logExpbigMinusExpsmall(big, small);
    lp = np.where(x.gt(np.floor(x)), -Infinity, lp);
    return np.where(np.logicalOr(np.isinf(logCdf), np.isinf(logSfM1)), -Infinity, lp);
  }

  override prob(value: Numeric): Array {
    const x = this.value("prob", value);
    const cdf = this.cdf(x);
    const cdfM1 = this.cdf(x.sub(1));
    const sf = this.survivalFunction(x);
    const sfM1 = this.survivalFunction(x.sub(1));
    const p = np.where(sf.lt(cdf), sfM1.sub(sf), cdf.sub(cdfM1));
    return np.where(x.gt(np.floor(x)), 0, p);
  }

  /**
   * `r` (a function of the base distribution at `y = floor(value)`) with `below` where
   * `y < low` and `fromHigh` where `y >= high`.
   */
  private bounded(y: Array, r: Array, below: number, fromHigh: number): Array {
    const lo = this._low ? np.where(y.lt(this._low), below, r) : r;
    return this._high ? np.where(y.lt(this._high), lo, fromHigh) : lo;
  }

  /** `P[Y <= value] = P[X <= floor(value)]`, 0 below `low` and 1 from `high` on. */
  override logCdf(value: Numeric): Array {
    const y = np.floor(this.value("logCdf", value));
    return this.bounded(y, this.distribution.logCdf(y), -Infinity, 0);
  }

  override cdf(value: Numeric): Array {
    const y = np.floor(this.value("cdf", value));
    return this.bounded(y, this.distribution.cdf(y), 0, 1);
  }

  override logSurvivalFunction(value: Numeric): Array {
    const y = np.floor(this.value("logSurvivalFunction", value));
    return this.bounded(y, this.distribution.logSurvivalFunction(y), 0, -Infinity);
  }

  override survivalFunction(value: Numeric): Array {
    const y = np.floor(this.value("survivalFunction", value));
    return this.bounded(y, this.distribution.survivalFunction(y), 1, 0);
  }

  override get(...index: IndexSpec[]): Quantized {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Quantized(this.distribution.get(...index), {
      ...(this._low ? { low: at(this._low) } : {}),
      ...(this._high ? { high: at(this._high) } : {}),
      ...(this.eps !== undefined ? { eps: this.eps } : {}),
    });
  }
}
