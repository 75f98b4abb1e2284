/** The Laplace distribution (distrax's `Laplace`). */
import { type Array, np, random } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import type { ValidateOptions } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { LocScaleDistribution } from "./loc-scale.js";

/** log CDF of the standard Laplace distribution. */
function logCdfStd(z: Array): Array {
  const lower = z.sub(Math.LN2);
  const upper = np.log1p(np.exp(np.abs(z).neg()).mul(-0.5));
  return np.where(np.lessEqual(z, 0), lower, upper);
}

/**
 * The Laplace distribution with location `loc` and scale `scale`, density
 * `exp(-|x - loc| / scale) / (2 scale)`. Sampling is reparameterized.
 *
 * @example
 * const d = new Laplace(0, 1);
 * d.logProb(1);   // -1 - log 2
 */
export class Laplace extends LocScaleDistribution {
  constructor(loc: Numeric, scale: Numeric, opts: ValidateOptions = {}) {
    super(loc, scale, opts);
  }

  private standardLaplace(key: Array, n: number): Array {
    return random.laplace(key, this.drawShape(n), { dtype: this.dtype });
  }

  protected override sampleN(key: Array, n: number): Array {
    return this._loc.add(this._scale.mul(this.standardLaplace(key, n)));
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const rnd = this.standardLaplace(key, n);
    const samples = this._loc.add(this._scale.mul(rnd));
    return [samples, np.abs(rnd).neg().sub(Math.LN2).sub(np.log(this._scale))];
  }

  override logProb(value: Numeric): Array {
    const z = this.standardize(this.value("logProb", value));
    return np.abs(z).neg().sub(Math.LN2).sub(np.log(this._scale));
  }

  override entropy(): Array {
    return np.log(this.scale).add(Math.LN2 + 1);
  }

  override cdf(value: Numeric): Array {
    const z = this.standardize(this.value("cdf", value));
    return np.subtract(0.5, np.sign(z).mul(np.expm1(np.abs(z).neg())).mul(0.5));
  }

  override logCdf(value: Numeric): Array {
    return logCdfStd(this.standardize(this.value("logCdf", value)));
  }

  override logSurvivalFunction(value: Numeric): Array {
    return logCdfStd(this.standardize(this.value("logSurvivalFunction", value)).neg());
  }

  override stddev(): Array {
    return this.scale.mul(Math.SQRT2);
  }

  override variance(): Array {
    return np.square(this.scale).mul(2);
  }

  override get(...index: IndexSpec[]): Laplace {
    const [loc, scale] = this.indexedParams(index);
    return new Laplace(loc, scale);
  }
}

registerKL(Laplace, Laplace, (p, q) => {
  const distance = np.abs(p.loc.sub(q.loc));
  const diffLogScale = np.log(p.scale).sub(np.log(q.scale));
  return diffLogScale
    .neg()
    .add(distance.div(q.scale))
    .sub(1)
    .add(np.exp(distance.neg().div(p.scale).add(diffLogScale)));
});
