/** Diagonal-plus-low-rank linear maps (distrax's `DiagPlusLowRankLinear`). */
import { type Array, type DType, np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, fmtShape } from "../utils/args.js";
import { matvec, mT, solveVec } from "../utils/linalg.js";
import { Linear } from "./linear.js";

/**
 * `f(x) = (S + U V^T) x` for a diagonal `S = diag(d)` and `D x K` matrices `U`, `V` (K < D
 * typically). Written as `S (I + W V^T)` with `W = S^-1 U`: the log-determinant
 * `sum(log|d|) + log|det(I + V^T W)|` (matrix determinant lemma) and the inverse (Woodbury
 * identity) only factor a `K x K` matrix.
 *
 * @example
 * const b = new DiagPlusLowRankLinear(np.ones([3]), np.array([[1], [0], [1]]), np.array([[1], [1], [0]]));
 * b.matrix;   // I + u v^T
 */
export class DiagPlusLowRankLinear extends Linear {
  protected readonly _diag: Array;
  protected readonly _uMatrix: Array;
  protected readonly _vMatrix: Array;

  constructor(diag: Numeric, uMatrix: Numeric, vMatrix: Numeric) {
    super();
    const cls = "DiagPlusLowRankLinear";
    const d = asFloat(cls, "diag", diag);
    const u = asFloat(cls, "uMatrix", uMatrix);
    const v = asFloat(cls, "vMatrix", vMatrix);
    for (const [name, x, n] of [["diag", d, 1], ["uMatrix", u, 2], ["vMatrix", v, 2]] as const) {
      if (x.ndim < n) throw new RangeError(`${cls}: ${name} must have at least ${n} axes, got shape ${fmtShape(x.shape)}.`);
    }
    const dim = d.shape[d.ndim - 1]!;
    if (u.shape[u.ndim - 2] !== dim) throw new RangeError(`${cls}: uMatrix ${fmtShape(u.shape)} must have ${dim} rows, the length of diag ${fmtShape(d.shape)}.`);
    if (fmtShape(u.shape.slice(-2)) !== fmtShape(v.shape.slice(-2))) {
      throw new RangeError(`${cls}: uMatrix and vMatrix must have the same matrix shape, got ${fmtShape(u.shape)} and ${fmtShape(v.shape)}.`);
    }
    this._diag = d;
    this._uMatrix = u;
    this._vMatrix = v;
    void this.batchShape;
  }

  get diag(): Array {
    return this._diag;
  }

  get uMatrix(): Array {
    return this._uMatrix;
  }

  get vMatrix(): Array {
    return this._vMatrix;
  }

  override get eventDims(): number {
    return this._diag.shape[this._diag.ndim - 1]!;
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { "diag batch": this._diag.shape.slice(0, -1), "uMatrix batch": this._uMatrix.shape.slice(0, -2), "vMatrix batch": this._vMatrix.shape.slice(0, -2) });
  }

  override get dtype(): DType {
    return this._diag.dtype;
  }

  override get matrix(): Array {
    return this._diag.expandDims(-1).mul(np.eye(this.eventDims)).add(np.matmul(this._uMatrix, mT(this._vMatrix)));
  }

  /** `W = S^-1 U`. */
  private get w(): Array {
    return this._uMatrix.div(this._diag.expandDims(-1));
  }

  /** The `K x K` matrix `I + V^T W`. */
  private small(): Array {
    const k = this._uMatrix.shape[this._uMatrix.ndim - 1]!;
    return np.eye(k).add(np.matmul(mT(this._vMatrix), this.w));
  }

  protected override constantLogDet(x: Array): Array {
    const shape = broadcastShapes(this.name, { "input batch": x.shape.slice(0, -1), "parameter batch": this.batchShape });
    const ld = np.log(np.abs(this._diag)).sum(-1).add(np.linalg.slogdet(this.small())[1]);
    return np.broadcastTo(ld, shape);
  }

  protected override _forward(x: Array): Array {
    const z = x.add(matvec(this.w, matvec(mT(this._vMatrix), x)));
    return z.mul(this._diag);
  }

  protected override _inverse(y: Array): Array {
    const z = y.div(this._diag);
    return z.sub(matvec(this.w, solveVec(`${this.name}.inverse`, this.small(), matvec(mT(this._vMatrix), z))));
  }

}
