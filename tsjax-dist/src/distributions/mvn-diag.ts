/** Multivariate normals with diagonal covariance (distrax's `MultivariateNormalDiag`). */
import { type Array, np, special } from "tsjax-core";
import { type Numeric, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { DiagLinear } from "../bijectors/diag-linear.js";
import { checkValues } from "../utils/validate.js";
import { MultivariateNormalFromBijector } from "./mvn-from-bijector.js";

/** Parameters of `MultivariateNormalDiag` (at least one). */
export interface MultivariateNormalDiagOptions {
  /** The mean, shape `[...batch, D]` (default zeros). */
  loc?: Numeric;
  /** The standard deviations, shape `[...batch, D]` (default ones). */
  scaleDiag?: Numeric;
  /** Check that scaleDiag is positive when readable at once (default false). */
  validateArgs?: boolean;
}

/**
 * A multivariate normal with independent coordinates: mean `loc`, standard deviations
 * `scaleDiag`. Sampling is reparameterized (`loc + scaleDiag * z`, z drawn as distrax draws it).
 *
 * @example
 * const q = new MultivariateNormalDiag({ loc: mu, scaleDiag: np.exp(logSigma) });
 * const [z, logq] = q.sampleAndLogProb({ seed: key });
 * const kl = q.klDivergence(new MultivariateNormalDiag({ loc: np.zeros([latent]) }));
 */
export class MultivariateNormalDiag extends MultivariateNormalFromBijector {
  protected readonly _scaleDiag: Array;

  constructor(opts: MultivariateNormalDiagOptions) {
    const cls = "MultivariateNormalDiag";
    checkOptions(cls, opts, ["loc", "scaleDiag", "validateArgs"]);
    if (!opts || (opts.loc === undefined && opts.scaleDiag === undefined)) throw new TypeError(`${cls}: pass loc, scaleDiag or both.`);
    let loc = opts.loc === undefined ? undefined : asFloat(cls, "loc", opts.loc);
    let scale = opts.scaleDiag === undefined ? undefined : asFloat(cls, "scaleDiag", opts.scaleDiag);
    for (const [name, x] of [["loc", loc], ["scaleDiag", scale]] as const) {
      if (x && x.ndim < 1) throw new RangeError(`${cls}: ${name} must have at least one axis (the event), got a scalar.`);
    }
    if (loc && scale && loc.shape[loc.ndim - 1] !== scale.shape[scale.ndim - 1]) {
      throw new RangeError(`${cls}: the last axes of loc and scaleDiag must match, got loc ${fmtShape(loc.shape)} and scaleDiag ${fmtShape(scale.shape)}.`);
    }
    if (opts.validateArgs && scale) checkValues(cls, "scaleDiag", scale, (v) => v > 0, "positive");
    loc ??= np.zeros(scale!.shape.slice(-1));
    scale ??= np.ones(loc.shape.slice(-1));
    super(loc, new DiagLinear(scale));
    this._scaleDiag = scale;
  }

  /** The standard deviations, broadcast to `[...batch, D]`. */
  get scaleDiag(): Array {
    return np.broadcastTo(this._scaleDiag, [...this.batchShape, ...this.eventShape]);
  }

  private standardize(value: Numeric): Array {
    return this.value("cdf", value).sub(this._loc).div(this._scaleDiag);
  }

  /** `P[X <= value]` (all coordinates), a product of normal CDFs. */
  override cdf(value: Numeric): Array {
    return np.prod(special.ndtr(this.standardize(value)), -1);
  }

  override logCdf(value: Numeric): Array {
    return np.sum(special.logNdtr(this.standardize(value)), -1);
  }

  override get(...index: IndexSpec[]): MultivariateNormalDiag {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new MultivariateNormalDiag({ loc: at(this._loc, 1), scaleDiag: at(this._scaleDiag, 1) });
  }
}
