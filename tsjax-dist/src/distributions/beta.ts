/** The beta distribution (distrax's `Beta`). */
import { type Array, type DType, np, random, special } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { logBeta } from "../utils/math.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/**
 * The beta distribution on `[0, 1]` with shape parameters `alpha, beta > 0`, density
 * `x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta)`. Sampling is reparameterized (implicit
 * gradients of the gamma draws). `logProb` is exact at the boundaries (`0^0 = 1`) and uses
 * `log1p` near 1.
 *
 * @example
 * const d = new Beta(2, 5);
 * d.mean();   // 2/7
 */
export class Beta extends Distribution {
  protected readonly _alpha: Array;
  protected readonly _beta: Array;

  constructor(alpha: Numeric, beta: Numeric, opts: ValidateOptions = {}) {
    super();
    this._alpha = asFloat("Beta", "alpha", alpha);
    this._beta = asFloat("Beta", "beta", beta);
    broadcastShapes("Beta", { alpha: this._alpha.shape, beta: this._beta.shape });
    if (opts.validateArgs) {
      checkValues("Beta", "alpha", this._alpha, (v) => v > 0, "positive");
      checkValues("Beta", "beta", this._beta, (v) => v > 0, "positive");
    }
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { alpha: this._alpha.shape, beta: this._beta.shape });
  }

  override get dtype(): DType {
    return this._alpha.dtype;
  }

  /** The first shape parameter, broadcast to the batch shape. */
  get alpha(): Array {
    return np.broadcastTo(this._alpha, this.batchShape);
  }

  /** The second shape parameter, broadcast to the batch shape. */
  get beta(): Array {
    return np.broadcastTo(this._beta, this.batchShape);
  }

  private get logNormalizer(): Array {
    return logBeta(this._alpha, this._beta);
  }

  protected override sampleN(key: Array, n: number): Array {
    return random.beta(key, this._alpha, this._beta, { shape: [n, ...this.batchShape], dtype: this.dtype });
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    return special.xlogy(this._alpha.sub(1), x).add(special.xlog1py(this._beta.sub(1), x.neg())).sub(this.logNormalizer);
  }

  override cdf(value: Numeric): Array {
    return special.betainc(this._alpha, this._beta, this.value("cdf", value));
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override entropy(): Array {
    const a = this._alpha;
    const b = this._beta;
    return this.logNormalizer
      .sub(a.sub(1).mul(special.digamma(a)))
      .sub(b.sub(1).mul(special.digamma(b)))
      .add(a.add(b).sub(2).mul(special.digamma(a.add(b))));
  }

  override mean(): Array {
    return this._alpha.div(this._alpha.add(this._beta));
  }

  override variance(): Array {
    const s = this._alpha.add(this._beta);
    return this._alpha.mul(this._beta).div(np.square(s).mul(s.add(1)));
  }

  /** The mode; NaN where it is not defined (`alpha = beta = 1`, or both below 1). */
  override mode(): Array {
    const a = this._alpha;
    const b = this._beta;
    const interior = a.sub(1).div(a.add(b).sub(2));
    return np.where(
      np.logicalAnd(a.gt(1), b.gt(1)),
      interior,
      np.where(np.logicalAnd(a.le(1), b.gt(1)), 0, np.where(np.logicalAnd(a.gt(1), b.le(1)), 1, NaN)),
    );
  }

  override get(...index: IndexSpec[]): Beta {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Beta(at(this._alpha), at(this._beta));
  }
}

registerKL(Beta, Beta, (p, q) => {
  const [a1, b1, a2, b2] = [p.alpha, p.beta, q.alpha, q.beta];
  return logBeta(a2, b2)
    .sub(logBeta(a1, b1))
    .add(a1.sub(a2).mul(special.digamma(a1)))
    .add(b1.sub(b2).mul(special.digamma(b1)))
    .add(a2.sub(a1).add(b2).sub(b1).mul(special.digamma(a1.add(b1))));
});
