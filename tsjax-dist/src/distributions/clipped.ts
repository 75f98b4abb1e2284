/** Distributions clipped to an interval (distrax's `Clipped`, `ClippedNormal`, `ClippedLogistic`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, asFloat, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { Distribution } from "./distribution.js";
import { Logistic } from "./logistic.js";
import { Normal } from "./normal.js";

/**
 * Samples of a univariate `distribution` clipped to `[minimum, maximum]`. The boundaries carry
 * the mass outside them: `logProb(minimum) = logCdf(minimum)`,
 * `logProb(maximum) = logSurvivalFunction(maximum)`; values outside get `-Infinity`.
 *
 * @example
 * const d = new Clipped(new Normal(0, 1), -1, 1);
 * d.sample({ seed: random.key(0), sampleShape: 4 });   // in [-1, 1]
 */
export class Clipped extends Distribution {
  readonly distribution: Distribution;
  protected readonly _minimum: Array;
  protected readonly _maximum: Array;

  constructor(distribution: Distribution, minimum: Numeric, maximum: Numeric) {
    super();
    const cls = new.target.name;
    if (!(distribution instanceof Distribution)) throw new TypeError(`${cls}: distribution must be a Distribution.`);
    if (distribution.eventShape.length) throw new RangeError(`${cls}: the wrapped distribution must have event shape [], got ${fmtShape(distribution.eventShape)}.`);
    const bs = distribution.batchShape;
    const lo = asFloat(cls, "minimum", minimum);
    const hi = asFloat(cls, "maximum", maximum);
    for (const [name, x] of [["minimum", lo], ["maximum", hi]] as const) {
      if (x.ndim > bs.length) throw new RangeError(`${cls}: ${name} of shape ${fmtShape(x.shape)} must broadcast to the batch shape ${fmtShape(bs)} without adding axes.`);
    }
    this.distribution = distribution;
    this._minimum = np.broadcastTo(lo, bs);
    this._maximum = np.broadcastTo(hi, bs);
  }

  /** The lower clipping bound (batch shape). */
  get minimum(): Array {
    return this._minimum;
  }

  /** The upper clipping bound (batch shape). */
  get maximum(): Array {
    return this._maximum;
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

  protected override sampleN(key: Array, n: number): Array {
    return np.clip(this.distribution.sample({ seed: key, sampleShape: n }), this._minimum, this._maximum);
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const lp = np.where(
      x.eq(this._minimum),
      this.distribution.logCdf(this._minimum),
      np.where(x.eq(this._maximum), this.distribution.logSurvivalFunction(this._maximum), this.distribution.logProb(x)),
    );
    return np.where(np.logicalOr(x.lt(this._minimum), x.gt(this._maximum)), -Infinity, lp);
  }

  override get(...index: IndexSpec[]): Clipped {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Clipped(this.distribution.get(...index), at(this._minimum), at(this._maximum));
  }
}

/**
 * A normal distribution clipped to `[minimum, maximum]`.
 *
 * @example
 * new ClippedNormal(0, 1, -2, 2).logProb(2);   // log P[X >= 2]
 */
export class ClippedNormal extends Clipped {
  constructor(loc: Numeric, scale: Numeric, minimum: Numeric, maximum: Numeric) {
    super(new Normal(loc, scale), minimum, maximum);
  }
}

/**
 * A logistic distribution clipped to `[minimum, maximum]`.
 *
 * @example
 * new ClippedLogistic(0, 1, -2, 2).logProb(-2);   // log P[X <= -2]
 */
export class ClippedLogistic extends Clipped {
  constructor(loc: Numeric, scale: Numeric, minimum: Numeric, maximum: Numeric) {
    super(new Logistic(loc, scale), minimum, maximum);
  }
}
