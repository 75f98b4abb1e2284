/** The Dirichlet distribution (distrax's `Dirichlet`). */
import { type Array, type DType, np, random, special } from "tsjax-core";
import { type Numeric, asFloat, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { logBetaMultivariate } from "../utils/math.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Beta } from "./beta.js";
import { Distribution } from "./distribution.js";

/**
 * The Dirichlet distribution on the simplex, with concentrations `alpha` of shape
 * `[...batch, K]` (K >= 2). Sampling is reparameterized (implicit gamma gradients).
 * `logProb` is exact on faces of the simplex where `alpha_k = 1` (`0^0 = 1`).
 *
 * @example
 * const d = new Dirichlet([1, 2, 3]);
 * d.mean();   // [1/6, 1/3, 1/2]
 */
export class Dirichlet extends Distribution {
  protected readonly _concentration: Array;

  constructor(concentration: Numeric, opts: ValidateOptions = {}) {
    super();
    const c = asFloat("Dirichlet", "concentration", concentration);
    if (c.ndim < 1) throw new RangeError("Dirichlet: concentration must have at least one axis (the categories), got a scalar.");
    if (c.shape[c.ndim - 1]! < 2) {
      throw new RangeError(`Dirichlet: the last axis of concentration must have at least 2 categories, got shape ${fmtShape(c.shape)}.`);
    }
    if (opts.validateArgs) checkValues("Dirichlet", "concentration", c, (v) => v > 0, "positive");
    this._concentration = c;
  }

  override get eventShape(): number[] {
    return this._concentration.shape.slice(-1);
  }

  override get batchShape(): number[] {
    return this._concentration.shape.slice(0, -1);
  }

  override get dtype(): DType {
    return this._concentration.dtype;
  }

  /** The concentration parameters, shape `[...batch, K]`. */
  get concentration(): Array {
    return this._concentration;
  }

  protected override sampleN(key: Array, n: number): Array {
    return random.dirichlet(key, this._concentration, { shape: [n, ...this.batchShape], dtype: this.dtype });
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    return special.xlogy(this._concentration.sub(1), x).sum(-1).sub(logBetaMultivariate(this._concentration));
  }

  override entropy(): Array {
    const c = this._concentration;
    const s = c.sum(-1);
    const k = c.shape[c.ndim - 1]!;
    return logBetaMultivariate(c)
      .add(s.sub(k).mul(special.digamma(s)))
      .sub(c.sub(1).mul(special.digamma(c)).sum(-1));
  }

  override mean(): Array {
    return this._concentration.div(this._concentration.sum(-1, { keepdims: true }));
  }

  /** The mode; NaN where any `alpha_k <= 1`. */
  override mode(): Array {
    const c = this._concentration;
    const valid = c.sub(1).div(c.sub(1).sum(-1, { keepdims: true }));
    return np.where(np.all(c.gt(1), -1, { keepdims: true }), valid, NaN);
  }

  override variance(): Array {
    const s = this._concentration.sum(-1, { keepdims: true });
    const m = this._concentration.div(s);
    return m.mul(np.subtract(1, m)).div(s.add(1));
  }

  /** The covariance matrices, shape `[...batch, K, K]`. */
  covariance(): Array {
    const s = this._concentration.sum(-1, { keepdims: true });
    const m = this._concentration.div(s);
    const mOverS = m.div(s.add(1));
    const k = m.shape[m.ndim - 1]!;
    const eye = np.eye(k);
    return mOverS.expandDims(-1).mul(m.expandDims(-2)).neg().add(mOverS.expandDims(-1).mul(eye));
  }

  override get(...index: IndexSpec[]): Dirichlet {
    return new Dirichlet(batchIndexer(this.name, this.batchShape, index)(this._concentration, 1));
  }
}

/** The concentrations of a Dirichlet, or `[alpha, beta]` stacked for a Beta. */
function concentrationOf(d: Dirichlet | Beta): Array {
  return d instanceof Dirichlet ? d.concentration : np.stack([d.alpha, d.beta], -1);
}

function klDirichlet(p: Dirichlet | Beta, q: Dirichlet | Beta): Array {
  const c1 = concentrationOf(p);
  const c2 = concentrationOf(q);
  const k1 = c1.shape[c1.ndim - 1];
  const k2 = c2.shape[c2.ndim - 1];
  if (k1 !== k2) {
    throw new RangeError(`klDivergence(${p.name}, ${q.name}): the event sizes differ: ${k1} and ${k2} categories.`);
  }
  const s1 = c1.sum(-1, { keepdims: true });
  return logBetaMultivariate(c2)
    .sub(logBetaMultivariate(c1))
    .add(c1.sub(c2).mul(special.digamma(c1).sub(special.digamma(s1))).sum(-1));
}

registerKL(Dirichlet, Dirichlet, klDirichlet);
registerKL(Dirichlet, Beta, klDirichlet);
registerKL(Beta, Dirichlet, klDirichlet);
