/** Diagonal linear maps (distrax's `DiagLinear`). */
import { type Array, type DType, np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, fmtShape } from "../utils/args.js";
import { Linear } from "./linear.js";

/**
 * `f(x) = diag(d) x`: elementwise scaling of vectors, `log|det J| = sum(log|d|)`. The entries
 * of `d` must be non-zero.
 *
 * @example
 * new DiagLinear(np.array([1, 2])).forward(np.array([3, 3]));   // [3, 6]
 */
export class DiagLinear extends Linear {
  protected readonly _diag: Array;

  constructor(diag: Numeric) {
    super();
    const d = asFloat("DiagLinear", "diag", diag);
    if (d.ndim < 1) throw new RangeError(`DiagLinear: diag must have at least one axis, got shape ${fmtShape(d.shape)}.`);
    this._diag = d;
  }

  /** The diagonal, shape `[...batch, D]`. */
  get diag(): Array {
    return this._diag;
  }

  override get eventDims(): number {
    return this._diag.shape[this._diag.ndim - 1]!;
  }

  override get batchShape(): number[] {
    return this._diag.shape.slice(0, -1);
  }

  override get dtype(): DType {
    return this._diag.dtype;
  }

  override get matrix(): Array {
    return this._diag.expandDims(-1).mul(np.eye(this.eventDims));
  }

  protected override constantLogDet(x: Array): Array {
    const shape = broadcastShapes(this.name, { "input batch": x.shape.slice(0, -1), "diag batch": this.batchShape });
    return np.broadcastTo(np.log(np.abs(this._diag)).sum(-1), shape);
  }

  protected override _forward(x: Array): Array {
    return x.mul(this._diag);
  }

  protected override _inverse(y: Array): Array {
    return y.div(this._diag);
  }

}
