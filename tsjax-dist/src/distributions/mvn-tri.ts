/** Multivariate normals with a triangular scale (distrax's `MultivariateNormalTri`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { DiagLinear } from "../bijectors/diag-linear.js";
import { TriangularLinear, squareMatrix } from "../bijectors/triangular-linear.js";
import { MultivariateNormalFromBijector } from "./mvn-from-bijector.js";

/** Parameters of `MultivariateNormalTri` (at least one of `loc` and `scaleTri`). */
export interface MultivariateNormalTriOptions {
  /** The mean, shape `[...batch, D]` (default zeros). */
  loc?: Numeric;
  /** The scale, a (batch of) `D x D` matrix whose lower (or upper) triangle is used (default identity). */
  scaleTri?: Numeric;
  /** Use the lower triangle (default true) or the upper one. */
  isLower?: boolean;
}

/** `loc` and `scale` parameters checked against each other; returns the event size. @internal */
function mvnEventSize(cls: string, loc: Array | undefined, matrix: Array | undefined, matrixName: string): number {
  if (loc && loc.ndim < 1) throw new RangeError(`${cls}: loc must have at least one axis (the event), got a scalar.`);
  const d = loc ? loc.shape[loc.ndim - 1]! : matrix!.shape[matrix!.ndim - 1]!;
  if (loc && matrix && matrix.shape[matrix.ndim - 1] !== d) {
    throw new RangeError(`${cls}: the shapes do not match: loc ${fmtShape(loc.shape)} and ${matrixName} ${fmtShape(matrix.shape)}.`);
  }
  return d;
}

/**
 * A multivariate normal with mean `loc` and covariance `S S^T` for a triangular scale `S`
 * (the Cholesky factor of the covariance when lower with a positive diagonal). Log-densities
 * and KLs use triangular solves, so ill-conditioned covariances stay accurate.
 *
 * @example
 * const d = new MultivariateNormalTri({ loc: np.zeros([2]), scaleTri: np.array([[1, 0], [0.5, 2]]) });
 * d.covariance();   // [[1, 0.5], [0.5, 4.25]]
 */
export class MultivariateNormalTri extends MultivariateNormalFromBijector {
  protected readonly _scaleTri: Array;
  readonly isLower: boolean;

  constructor(opts: MultivariateNormalTriOptions) {
    const cls = new.target.name;
    checkOptions(cls, opts, ["loc", "scaleTri", "isLower"]);
    const tri = opts?.scaleTri === undefined ? undefined : squareMatrix(cls, "scaleTri", opts.scaleTri);
    const [loc, scaleTri, isLower] = triParams(cls, opts?.loc, tri, opts?.isLower ?? true);
    super(loc, tri === undefined ? new DiagLinear(np.ones([loc.shape[loc.ndim - 1]!])) : new TriangularLinear(scaleTri, isLower));
    this._scaleTri = scaleTri;
    this.isLower = isLower;
  }

  /** The triangular scale, broadcast to `[...batch, D, D]`. */
  get scaleTri(): Array {
    const d = this.eventShape[0]!;
    return np.broadcastTo(this._scaleTri, [...this.batchShape, d, d]);
  }

  override get(...index: IndexSpec[]): MultivariateNormalTri {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new MultivariateNormalTri({ loc: at(this._loc, 1), scaleTri: at(this._scaleTri, 2), isLower: this.isLower });
  }
}

/** `[loc, triangular scale, isLower]` with defaults (zeros, identity). */
function triParams(cls: string, locIn: Numeric | undefined, tri: Array | undefined, isLower: boolean): [Array, Array, boolean] {
  if (locIn === undefined && tri === undefined) throw new TypeError(`${cls}: pass loc, a scale matrix or both.`);
  const loc = locIn === undefined ? undefined : asFloat(cls, "loc", locIn);
  const d = mvnEventSize(cls, loc, tri, "scaleTri");
  return [loc ?? np.zeros([d]), tri === undefined ? np.eye(d) : isLower ? np.tril(tri) : np.triu(tri), isLower];
}
