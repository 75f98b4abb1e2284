/** Multivariate normals from a covariance matrix (distrax's `MultivariateNormalFullCovariance`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, checkOptions } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { squareMatrix } from "../bijectors/triangular-linear.js";
import { MultivariateNormalTri } from "./mvn-tri.js";

/** Parameters of `MultivariateNormalFullCovariance` (at least one). */
export interface MultivariateNormalFullCovarianceOptions {
  /** The mean, shape `[...batch, D]` (default zeros). */
  loc?: Numeric;
  /** The covariance, a symmetric positive-definite (batch of) `D x D` matrix (default identity). */
  covarianceMatrix?: Numeric;
}

/**
 * A multivariate normal with mean `loc` and covariance `covarianceMatrix`, held as its
 * Cholesky factor (`np.linalg.cholesky`): log-densities, samples and KLs go through triangular
 * solves, never an inverse. A matrix that is not positive definite gives NaNs.
 *
 * @example
 * const d = new MultivariateNormalFullCovariance({ covarianceMatrix: np.array([[2, 0.5], [0.5, 1]]) });
 * d.logProb(np.zeros([2]));
 */
export class MultivariateNormalFullCovariance extends MultivariateNormalTri {
  protected readonly _covarianceMatrix: Array;

  constructor(opts: MultivariateNormalFullCovarianceOptions) {
    const cls = "MultivariateNormalFullCovariance";
    checkOptions(cls, opts, ["loc", "covarianceMatrix"]);
    if (!opts || (opts.loc === undefined && opts.covarianceMatrix === undefined)) throw new TypeError(`${cls}: pass loc, covarianceMatrix or both.`);
    const cov = opts.covarianceMatrix === undefined ? undefined : squareMatrix(cls, "covarianceMatrix", opts.covarianceMatrix);
    super({ ...(opts.loc === undefined ? {} : { loc: opts.loc }), ...(cov === undefined ? {} : { scaleTri: np.linalg.cholesky(cov) }) });
    this._covarianceMatrix = cov ?? np.eye(this.eventShape[0]!);
  }

  /** The covariance matrix, broadcast to `[...batch, D, D]`. */
  get covarianceMatrix(): Array {
    const d = this.eventShape[0]!;
    return np.broadcastTo(this._covarianceMatrix, [...this.batchShape, d, d]);
  }

  override covariance(): Array {
    return this.covarianceMatrix;
  }

  override variance(): Array {
    return this.covarianceMatrix.mul(np.eye(this.eventShape[0]!)).sum(-1);
  }

  override get(...index: IndexSpec[]): MultivariateNormalFullCovariance {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new MultivariateNormalFullCovariance({ loc: at(this._loc, 1), covarianceMatrix: at(this._covarianceMatrix, 2) });
  }
}
