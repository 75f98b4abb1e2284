/** Reinterpreting batch axes as event axes (distrax's `Independent`). */
import type { Array } from "tsjax-core";
import { type Numeric, fmtShape, shapesEqual } from "../utils/args.js";
import { type IndexSpec, batchIndex } from "../utils/batch-index.js";
import { sumLast } from "../utils/math.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/**
 * Treats the last `reinterpretedBatchNdims` batch axes of `distribution` as event axes: the
 * log-probability (and entropy, log-CDF) is summed over them. By default all batch axes but
 * the first become event axes.
 *
 * @example
 * const d = new Independent(new Normal(np.zeros([3]), 1), 1);
 * d.eventShape;            // [3]
 * d.logProb(np.zeros([3])); // a scalar
 */
export class Independent extends Distribution {
  readonly distribution: Distribution;
  readonly reinterpretedBatchNdims: number;

  constructor(distribution: Distribution, reinterpretedBatchNdims?: number) {
    super();
    if (!(distribution instanceof Distribution)) throw new TypeError("Independent: distribution must be a Distribution.");
    const nb = distribution.batchShape.length;
    if (reinterpretedBatchNdims === undefined) this.reinterpretedBatchNdims = Math.max(nb - 1, 0);
    else {
      if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0) {
        throw new RangeError(`Independent: reinterpretedBatchNdims must be a non-negative integer, got ${reinterpretedBatchNdims}.`);
      }
      if (reinterpretedBatchNdims > nb) {
        throw new RangeError(
          `Independent: reinterpretedBatchNdims is ${reinterpretedBatchNdims}, but ${distribution.name} has only ${nb} batch axes (batch shape ${fmtShape(distribution.batchShape)}).`,
        );
      }
      this.reinterpretedBatchNdims = reinterpretedBatchNdims;
    }
    this.distribution = distribution;
  }

  override get eventShape(): number[] {
    const b = this.distribution.batchShape;
    return [...b.slice(b.length - this.reinterpretedBatchNdims), ...this.distribution.eventShape];
  }

  override get batchShape(): number[] {
    const b = this.distribution.batchShape;
    return b.slice(0, b.length - this.reinterpretedBatchNdims);
  }

  override get dtype() {
    return this.distribution.dtype;
  }

  private reduce(x: Array): Array {
    return sumLast(x, this.reinterpretedBatchNdims);
  }

  protected override sampleN(key: Array, n: number): Array {
    return this.distribution.sample({ seed: key, sampleShape: n });
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const [s, lp] = this.distribution.sampleAndLogProb({ seed: key, sampleShape: n });
    return [s, this.reduce(lp)];
  }

  override logProb(value: Numeric): Array {
    return this.reduce(this.distribution.logProb(value));
  }

  override entropy(): Array {
    return this.reduce(this.distribution.entropy());
  }

  override logCdf(value: Numeric): Array {
    return this.reduce(this.distribution.logCdf(value));
  }

  override mean(): Array {
    return this.distribution.mean();
  }

  override median(): Array {
    return this.distribution.median();
  }

  override variance(): Array {
    return this.distribution.variance();
  }

  override stddev(): Array {
    return this.distribution.stddev();
  }

  override mode(): Array {
    return this.distribution.mode();
  }

  override get(...index: IndexSpec[]): Independent {
    return new Independent(this.distribution.get(...batchIndex(this.name, this.batchShape, index, this.reinterpretedBatchNdims)), this.reinterpretedBatchNdims);
  }
}

registerKL(Independent, Independent, (p, q) => {
  if (!shapesEqual(p.eventShape, q.eventShape)) {
    throw new RangeError(`klDivergence(Independent, Independent): the event shapes differ: ${fmtShape(p.eventShape)} and ${fmtShape(q.eventShape)}.`);
  }
  const [ip, iq] = [p.distribution, q.distribution];
  if (!shapesEqual(ip.eventShape, iq.eventShape)) {
    throw new RangeError(
      `klDivergence(Independent, Independent): the inner distributions' event shapes differ: ${ip.name} ${fmtShape(ip.eventShape)} and ${iq.name} ${fmtShape(iq.eventShape)}.`,
    );
  }
  return sumLast(ip.klDivergence(iq), p.eventShape.length - ip.eventShape.length);
});
