/** The gamma distribution (distrax's `Gamma`). */
import { type Array, type DType, np, random, special } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/**
 * The gamma distribution with shape `concentration` and inverse scale `rate`, density
 * `rate^k x^(k-1) e^(-rate x) / Gamma(k)`. Sampling is reparameterized (core's implicit
 * gradients of `random.gamma`).
 *
 * @example
 * const d = new Gamma(2, 0.5);
 * d.mean();   // concentration / rate = 4
 */
export class Gamma extends Distribution {
  protected readonly _concentration: Array;
  protected readonly _rate: Array;

  constructor(concentration: Numeric, rate: Numeric, opts: ValidateOptions = {}) {
    super();
    this._concentration = asFloat("Gamma", "concentration", concentration);
    this._rate = asFloat("Gamma", "rate", rate);
    broadcastShapes("Gamma", { concentration: this._concentration.shape, rate: this._rate.shape });
    if (opts.validateArgs) {
      checkValues("Gamma", "concentration", this._concentration, (v) => v > 0, "positive");
      checkValues("Gamma", "rate", this._rate, (v) => v > 0, "positive");
    }
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { concentration: this._concentration.shape, rate: this._rate.shape });
  }

  override get dtype(): DType {
    return this._concentration.dtype;
  }

  /** The shape parameter, broadcast to the batch shape. */
  get concentration(): Array {
    return np.broadcastTo(this._concentration, this.batchShape);
  }

  /** The inverse scale, broadcast to the batch shape. */
  get rate(): Array {
    return np.broadcastTo(this._rate, this.batchShape);
  }

  protected override sampleN(key: Array, n: number): Array {
    return random.gamma(key, this._concentration, { shape: [n, ...this.batchShape], dtype: this.dtype }).div(this._rate);
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const k = this._concentration;
    return k
      .mul(np.log(this._rate))
      .add(special.xlogy(k.sub(1), x))
      .sub(this._rate.mul(x))
      .sub(special.lgamma(k));
  }

  override entropy(): Array {
    const k = this._concentration;
    return k
      .sub(np.log(this._rate))
      .add(special.lgamma(k))
      .add(np.subtract(1, k).mul(special.digamma(k)));
  }

  override cdf(value: Numeric): Array {
    return special.gammainc(this._concentration, this._rate.mul(this.value("cdf", value)));
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override mean(): Array {
    return this._concentration.div(this._rate);
  }

  override stddev(): Array {
    return np.sqrt(this._concentration).div(this._rate);
  }

  override variance(): Array {
    return this._concentration.div(np.square(this._rate));
  }

  /** The mode `(k - 1) / rate`; NaN where `k < 1`. */
  override mode(): Array {
    return np.where(this._concentration.ge(1), this._concentration.sub(1).div(this._rate), NaN);
  }

  override get(...index: IndexSpec[]): Gamma {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Gamma(at(this._concentration), at(this._rate));
  }
}

registerKL(Gamma, Gamma, (p, q) => {
  const [k1, r1, k2, r2] = [p.concentration, p.rate, q.concentration, q.rate];
  return k2
    .mul(np.log(r1).sub(np.log(r2)))
    .add(special.lgamma(k2).sub(special.lgamma(k1)))
    .add(k1.sub(k2).mul(special.digamma(k1)))
    .add(r2.sub(r1).mul(k1.div(r1)));
});
