/** Multivariate normals as affine transforms of a standard normal (distrax's `MultivariateNormalFromBijector`). */
import { type Array, type DType, np, vmap } from "tsjax-core";
import { asFloat, broadcastShapes, fmtShape } from "../utils/args.js";
import { Block } from "../bijectors/block.js";
import { Chain } from "../bijectors/chain.js";
import { DiagLinear } from "../bijectors/diag-linear.js";
import type { Linear } from "../bijectors/linear.js";
import { Shift } from "../bijectors/scalar-affine.js";
import { registerKL } from "../kl.js";
import { Independent } from "./independent.js";
import { Normal } from "./normal.js";
import { Transformed } from "./transformed.js";

/**
 * The multivariate normal `x = A z + b`, `z ~ N(0, I)`, with `A` given by a linear bijector
 * `scale` (covariance `A A^T`) and `b = loc`. The subclasses pick `A`: diagonal, triangular,
 * full covariance, diagonal plus low rank.
 *
 * @example
 * const mvn = new MultivariateNormalFromBijector(np.zeros([2]), new DiagLinear(np.array([1, 2])));
 * mvn.covariance();   // [[1, 0], [0, 4]]
 */
export class MultivariateNormalFromBijector extends Transformed {
  readonly scale: Linear;
  protected readonly _loc: Array;

  constructor(loc: Array, scale: Linear) {
    const cls = new.target.name;
    const l = asFloat(cls, "loc", loc);
    if (l.ndim < 1) throw new RangeError(`${cls}: loc must have at least one axis, got shape ${fmtShape(l.shape)}.`);
    if (scale.eventDims !== l.shape[l.ndim - 1]) {
      throw new RangeError(`${cls}: the scale acts on vectors of length ${scale.eventDims} but loc has shape ${fmtShape(l.shape)}.`);
    }
    const batch = broadcastShapes(cls, { "scale batch": scale.batchShape, "loc batch": l.shape.slice(0, -1) });
    const shape = [...batch, l.shape[l.ndim - 1]!];
    // (a batched unit scale, not a scalar, so that every leaf has the batch axes and vmap can map them)
    const base = new Independent(new Normal(np.zeros(shape), np.ones(shape)), 1);
    super(base, new Chain([new Block(new Shift(l), 1), scale]));
    this.scale = scale;
    this._loc = l;
  }

  override get eventShape(): number[] {
    return this._loc.shape.slice(-1);
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { "scale batch": this.scale.batchShape, "loc batch": this._loc.shape.slice(0, -1) });
  }

  override get dtype(): DType {
    return this._loc.dtype;
  }

  /** The mean, broadcast to `[...batch, D]`. */
  get loc(): Array {
    return np.broadcastTo(this._loc, [...this.batchShape, ...this.eventShape]);
  }

  override mean(): Array {
    return this.loc;
  }

  override median(): Array {
    return this.loc;
  }

  override mode(): Array {
    return this.loc;
  }

  /** The entropy `D/2 (1 + log 2 pi) + log|det A|`. */
  override entropy(): Array {
    const d = this.eventShape[0]!;
    return np.broadcastTo(logAbsDetScale(this).add((d / 2) * (1 + Math.log(2 * Math.PI))), this.batchShape);
  }

  /** The covariance `A A^T`, shape `[...batch, D, D]`. */
  covariance(): Array {
    const d = this.eventShape[0]!;
    const full = [...this.batchShape, d, d];
    if (this.scale instanceof DiagLinear) return np.broadcastTo(this.variance().expandDims(-1).mul(np.eye(d)), full);
    const m = this.scale.matrix;
    return np.broadcastTo(np.matmul(m, np.swapaxes(m, -1, -2)), full);
  }

  /** The marginal variances, shape `[...batch, D]`. */
  override variance(): Array {
    const shape = [...this.batchShape, ...this.eventShape];
    if (this.scale instanceof DiagLinear) return np.broadcastTo(np.square(this.scale.diag), shape);
    return np.broadcastTo(np.square(this.scale.matrix).sum(-1), shape);
  }

  override stddev(): Array {
    const shape = [...this.batchShape, ...this.eventShape];
    if (this.scale instanceof DiagLinear) return np.broadcastTo(np.abs(this.scale.diag), shape);
    return np.sqrt(this.variance());
  }
}

/** `log|det A|` of an MVN's scale. */
function logAbsDetScale(d: MultivariateNormalFromBijector): Array {
  return d.scale.forwardLogDetJacobian(np.zeros(d.eventShape, { dtype: d.dtype }));
}

/** `A^-1 m` for each column of `m` (`[..., D, N]`), by the scale's own inverse (solves, not inverses). */
function solveColumns(d: MultivariateNormalFromBijector, m: Array): Array {
  return vmap((col: Array) => d.scale.inverse(col), { inAxes: -1, outAxes: -1 })(m);
}

/**
 * `KL(p || q)` for multivariate normals: `log|det B| - log|det A| + (||B^-1 A||_F^2 +
 * ||B^-1 (mu_q - mu_p)||^2 - D) / 2` for scales A (of p) and B (of q), with triangular solves
 * for triangular scales.
 */
function klMvn(p: MultivariateNormalFromBijector, q: MultivariateNormalFromBijector): Array {
  const d = p.eventShape[0]!;
  if (d !== q.eventShape[0]) {
    throw new RangeError(`klDivergence(${p.name}, ${q.name}): the event shapes differ: ${fmtShape(p.eventShape)} and ${fmtShape(q.eventShape)}.`);
  }
  const diffLogDet = logAbsDetScale(q).sub(logAbsDetScale(p));
  const bInvA =
    p.scale instanceof DiagLinear && q.scale instanceof DiagLinear ? p.stddev().div(q.stddev()).expandDims(-1) : solveColumns(q, p.scale.matrix);
  const bInvDiff = solveColumns(q, q.mean().sub(p.mean()).expandDims(-1));
  const sqFrobenius = (x: Array) => np.square(x).sum([-2, -1]);
  return diffLogDet.add(sqFrobenius(bInvA).add(sqFrobenius(bInvDiff)).sub(d).mul(0.5));
}

registerKL(MultivariateNormalFromBijector, MultivariateNormalFromBijector, klMvn);
