/** The Gumbel distribution (distrax's `Gumbel`). */
import { type Array, np, random, special } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import type { ValidateOptions } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { LocScaleDistribution } from "./loc-scale.js";

const EULER_GAMMA = 0.5772156649015329;

/**
 * The Gumbel (type I extreme value) distribution with location `loc` and scale `scale`, CDF
 * `exp(-exp(-(x - loc) / scale))`. Sampling is reparameterized.
 *
 * @example
 * new Gumbel(0, 1).mean();   // Euler's gamma, 0.5772...
 */
export class Gumbel extends LocScaleDistribution {
  constructor(loc: Numeric, scale: Numeric, opts: ValidateOptions = {}) {
    super(loc, scale, opts);
  }

  private standardGumbel(key: Array, n: number): Array {
    return random.gumbel(key, this.drawShape(n), { dtype: this.dtype });
  }

  protected override sampleN(key: Array, n: number): Array {
    return this._scale.mul(this.standardGumbel(key, n)).add(this._loc);
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const rnd = this.standardGumbel(key, n);
    const samples = this._scale.mul(rnd).add(this._loc);
    return [samples, rnd.add(np.exp(rnd.neg())).neg().sub(np.log(this._scale))];
  }

  override logProb(value: Numeric): Array {
    const z = this.standardize(this.value("logProb", value));
    return z.add(np.exp(z.neg())).neg().sub(np.log(this._scale));
  }

  override entropy(): Array {
    return np.log(this.scale).add(1 + EULER_GAMMA);
  }

  override logCdf(value: Numeric): Array {
    return np.exp(this.standardize(this.value("logCdf", value)).neg()).neg();
  }

  /** `1 - exp(-exp(-z))`, by `expm1` (accurate in the right tail, where the CDF rounds to 1). */
  override survivalFunction(value: Numeric): Array {
    return np.expm1(np.exp(this.standardize(this.value("survivalFunction", value)).neg()).neg()).neg();
  }

  override logSurvivalFunction(value: Numeric): Array {
    return np.log(this.survivalFunction(value));
  }

  override mean(): Array {
    return this.loc.add(this.scale.mul(EULER_GAMMA));
  }

  override stddev(): Array {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }

  override variance(): Array {
    return np.square(this.scale.mul(Math.PI)).div(6);
  }

  override median(): Array {
    return this.loc.sub(this.scale.mul(Math.log(Math.LN2)));
  }

  override get(...index: IndexSpec[]): Gumbel {
    const [loc, scale] = this.indexedParams(index);
    return new Gumbel(loc, scale);
  }
}

registerKL(Gumbel, Gumbel, (p, q) => {
  const ratio = p.scale.div(q.scale);
  return np
    .log(q.scale)
    .sub(np.log(p.scale))
    .add(ratio.sub(1).mul(EULER_GAMMA))
    .add(np.expm1(q.loc.sub(p.loc).div(q.scale).add(special.lgamma(ratio.add(1)))))
    .add(p.loc.sub(q.loc).div(q.scale));
});
