/** The logistic distribution (distrax's `Logistic`). */
import { type Array, nn, np, random } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import type { ValidateOptions } from "../utils/validate.js";
import { LocScaleDistribution } from "./loc-scale.js";

/** The smallest positive normal float32. */
const TINY_F32 = 1.1754943508222875e-38;

/**
 * The logistic distribution with location `loc` and scale `scale` (CDF
 * `sigmoid((x - loc) / scale)`). Sampling is reparameterized:
 * `loc + scale * (log u - log1p(-u))` with `u` uniform on `[tiny, 1)`, as distrax.
 *
 * @example
 * new Logistic(0, 1).cdf(0);   // 0.5
 */
export class Logistic extends LocScaleDistribution {
  constructor(loc: Numeric, scale: Numeric, opts: ValidateOptions = {}) {
    super(loc, scale, opts);
  }

  protected override sampleN(key: Array, n: number): Array {
    const u = random.uniform(key, this.drawShape(n), { dtype: this.dtype, minval: TINY_F32, maxval: 1 });
    const rnd = np.log(u).sub(np.log1p(u.neg()));
    return this._scale.mul(rnd).add(this._loc);
  }

  override logProb(value: Numeric): Array {
    const z = this.standardize(this.value("logProb", value));
    return z.neg().sub(nn.softplus(z.neg()).mul(2)).sub(np.log(this._scale));
  }

  override entropy(): Array {
    return np.log(this.scale).add(2);
  }

  override cdf(value: Numeric): Array {
    return nn.sigmoid(this.standardize(this.value("cdf", value)));
  }

  override logCdf(value: Numeric): Array {
    return nn.softplus(this.standardize(this.value("logCdf", value)).neg()).neg();
  }

  override survivalFunction(value: Numeric): Array {
    return nn.sigmoid(this.standardize(this.value("survivalFunction", value)).neg());
  }

  override logSurvivalFunction(value: Numeric): Array {
    return nn.softplus(this.standardize(this.value("logSurvivalFunction", value))).neg();
  }

  override variance(): Array {
    return np.square(this.scale.mul(Math.PI)).div(3);
  }

  override stddev(): Array {
    return this.scale.mul(Math.PI / Math.sqrt(3));
  }

  override get(...index: IndexSpec[]): Logistic {
    const [loc, scale] = this.indexedParams(index);
    return new Logistic(loc, scale);
  }
}
