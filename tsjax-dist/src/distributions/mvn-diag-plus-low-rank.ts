/** Multivariate normals with a diagonal-plus-low-rank scale (distrax's `MultivariateNormalDiagPlusLowRank`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { DiagLinear } from "../bijectors/diag-linear.js";
import { DiagPlusLowRankLinear } from "../bijectors/diag-plus-low-rank-linear.js";
import { MultivariateNormalFromBijector } from "./mvn-from-bijector.js";

/** Parameters of `MultivariateNormalDiagPlusLowRank` (at least one of loc, scaleDiag, scaleUMatrix). */
export interface MultivariateNormalDiagPlusLowRankOptions {
  /** The mean, shape `[...batch, D]` (default zeros). */
  loc?: Numeric;
  /** The diagonal `d` of the scale `diag(d) + U V^T`, shape `[...batch, D]` (default ones). */
  scaleDiag?: Numeric;
  /** `U`, shape `[...batch, D, K]` (default none: a diagonal scale). */
  scaleUMatrix?: Numeric;
  /** `V`, shape `[...batch, D, K]` (default `U`); only with `scaleUMatrix`. */
  scaleVMatrix?: Numeric;
}

/**
 * A multivariate normal with mean `loc` and covariance `S S^T` for the scale
 * `S = diag(scaleDiag) + U V^T`. Log-densities and KLs factor only `K x K` matrices.
 *
 * @example
 * const d = new MultivariateNormalDiagPlusLowRank({ scaleDiag: np.ones([3]), scaleUMatrix: np.array([[1], [0], [1]]) });
 * d.covariance();
 */
export class MultivariateNormalDiagPlusLowRank extends MultivariateNormalFromBijector {
  protected readonly _scaleDiag: Array;
  protected readonly _scaleUMatrix: Array;
  protected readonly _scaleVMatrix: Array;

  constructor(opts: MultivariateNormalDiagPlusLowRankOptions) {
    const cls = "MultivariateNormalDiagPlusLowRank";
    checkOptions(cls, opts, ["loc", "scaleDiag", "scaleUMatrix", "scaleVMatrix"]);
    const { loc: l, scaleDiag: sd, scaleUMatrix: su, scaleVMatrix: sv } = opts ?? {};
    if (l === undefined && sd === undefined && su === undefined) throw new TypeError(`${cls}: pass at least one of loc, scaleDiag and scaleUMatrix.`);
    if (sv !== undefined && su === undefined) throw new TypeError(`${cls}: scaleVMatrix can be given only with scaleUMatrix.`);
    const loc = l === undefined ? undefined : asFloat(cls, "loc", l);
    const diag = sd === undefined ? undefined : asFloat(cls, "scaleDiag", sd);
    const u = su === undefined ? undefined : asFloat(cls, "scaleUMatrix", su);
    const v = sv === undefined ? u : asFloat(cls, "scaleVMatrix", sv);
    for (const [name, x, n] of [["loc", loc, 1], ["scaleDiag", diag, 1], ["scaleUMatrix", u, 2], ["scaleVMatrix", v, 2]] as const) {
      if (x && x.ndim < n) throw new RangeError(`${cls}: ${name} must have at least ${n} axes, got shape ${fmtShape(x.shape)}.`);
    }
    const d = loc ? loc.shape[loc.ndim - 1]! : diag ? diag.shape[diag.ndim - 1]! : u!.shape[u!.ndim - 2]!;
    const dims = [loc?.shape[loc.ndim - 1], diag?.shape[diag.ndim - 1], u?.shape[u.ndim - 2], v?.shape[v.ndim - 2]];
    if (dims.some((x) => x !== undefined && x !== d)) {
      throw new RangeError(
        `${cls}: the event sizes differ: loc ${fmtShape(loc?.shape ?? [])}, scaleDiag ${fmtShape(diag?.shape ?? [])}, scaleUMatrix ${fmtShape(u?.shape ?? [])}, scaleVMatrix ${fmtShape(v?.shape ?? [])}.`,
      );
    }
    const dg = diag ?? np.ones([d]);
    const um = u ?? np.zeros([d, 1]);
    const vm = v ?? um;
    super(loc ?? np.zeros([d]), u === undefined ? new DiagLinear(dg) : new DiagPlusLowRankLinear(dg, um, vm));
    this._scaleDiag = dg;
    this._scaleUMatrix = um;
    this._scaleVMatrix = vm;
  }

  /** The diagonal, broadcast to `[...batch, D]`. */
  get scaleDiag(): Array {
    return np.broadcastTo(this._scaleDiag, [...this.batchShape, ...this.eventShape]);
  }

  /** `U`, broadcast to `[...batch, D, K]`. */
  get scaleUMatrix(): Array {
    return np.broadcastTo(this._scaleUMatrix, [...this.batchShape, ...this._scaleUMatrix.shape.slice(-2)]);
  }

  /** `V`, broadcast to `[...batch, D, K]`. */
  get scaleVMatrix(): Array {
    return np.broadcastTo(this._scaleVMatrix, [...this.batchShape, ...this._scaleVMatrix.shape.slice(-2)]);
  }

  override get(...index: IndexSpec[]): MultivariateNormalDiagPlusLowRank {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new MultivariateNormalDiagPlusLowRank({
      loc: at(this._loc, 1),
      scaleDiag: at(this._scaleDiag, 1),
      scaleUMatrix: at(this._scaleUMatrix, 2),
      scaleVMatrix: at(this._scaleVMatrix, 2),
    });
  }
}
