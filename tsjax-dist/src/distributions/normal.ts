/** The normal distribution (distrax's `Normal`). */
import { type Array, np, random, special } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import type { ValidateOptions } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { LocScaleDistribution } from "./loc-scale.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The normal distribution with mean `loc` and standard deviation `scale` (parameters
 * broadcast). Sampling is reparameterized: `loc + scale * random.normal(key, ...)`.
 *
 * @example
 * const d = new Normal(0, np.array([1, 2]));
 * d.logProb(0.5);                                  // shape [2]
 * d.sample({ seed: random.key(0), sampleShape: 3 }); // shape [3, 2]
 */
export class Normal extends LocScaleDistribution {
  constructor(loc: Numeric, scale: Numeric, opts: ValidateOptions = {}) {
    super(loc, scale, opts);
  }

  private standardNormal(key: Array, n: number): Array {
    return random.normal(key, this.drawShape(n), { dtype: this.dtype });
  }

  protected override sampleN(key: Array, n: number): Array {
    return this._scale.mul(this.standardNormal(key, n)).add(this._loc);
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const rnd = this.standardNormal(key, n);
    const samples = this._scale.mul(rnd).add(this._loc);
    const logProb = np.square(rnd).mul(-0.5).sub(HALF_LOG_2PI).sub(np.log(this._scale));
    return [samples, logProb];
  }

  override logProb(value: Numeric): Array {
    const z = this.standardize(this.value("logProb", value));
    return np.square(z).mul(-0.5).sub(np.log(this._scale).add(HALF_LOG_2PI));
  }

  override cdf(value: Numeric): Array {
    return special.ndtr(this.standardize(this.value("cdf", value)));
  }

  /** `log P[X <= value]`, accurate far in the tails (`special.logNdtr`). */
  override logCdf(value: Numeric): Array {
    return special.logNdtr(this.standardize(this.value("logCdf", value)));
  }

  override survivalFunction(value: Numeric): Array {
    return special.ndtr(this.standardize(this.value("survivalFunction", value)).neg());
  }

  override logSurvivalFunction(value: Numeric): Array {
    return special.logNdtr(this.standardize(this.value("logSurvivalFunction", value)).neg());
  }

  override entropy(): Array {
    return np.log(this.scale).add(0.5 + HALF_LOG_2PI);
  }

  override variance(): Array {
    return np.square(this.scale);
  }

  override stddev(): Array {
    return this.scale;
  }

  override get(...index: IndexSpec[]): Normal {
    const [loc, scale] = this.indexedParams(index);
    return new Normal(loc, scale);
  }
}

/** `KL(N(m1, s1) || N(m2, s2))`, in distrax's form. */
function klNormalNormal(p: Normal, q: Normal): Array {
  const diffLogScale = np.log(p.scale).sub(np.log(q.scale));
  return np
    .square(p.loc.div(q.scale).sub(q.loc.div(q.scale)))
    .mul(0.5)
    .add(np.expm1(diffLogScale.mul(2)).mul(0.5))
    .sub(diffLogScale);
}

registerKL(Normal, Normal, klNormalNormal);
