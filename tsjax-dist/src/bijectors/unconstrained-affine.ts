/** Affine maps with a general matrix (distrax's `UnconstrainedAffine`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, fmtShape } from "../utils/args.js";
import { matvec, solveVec } from "../utils/linalg.js";
import { AffineBase } from "./affine-base.js";
import { squareMatrix } from "./triangular-linear.js";

/** A square matrix and a bias of matching size. @internal */
export function affineParams(cls: string, matrix: Numeric, bias: Numeric): [Array, Array] {
  const m = squareMatrix(cls, "matrix", matrix);
  const b = asFloat(cls, "bias", bias);
  const d = m.shape[m.ndim - 1]!;
  if (b.ndim < 1 || b.shape[b.ndim - 1] !== d) {
    throw new RangeError(`${cls}: matrix ${fmtShape(m.shape)} and bias ${fmtShape(b.shape)} do not match: bias must end with an axis of size ${d}.`);
  }
  return [m, b];
}

/**
 * `f(x) = A x + b` for an invertible square `A`: `log|det J| = log|det A|` (LU), and the inverse
 * solves `A x = y - b` (LU with partial pivoting). O(D^3): for large D prefer
 * `LowerUpperTriangularAffine` or `TriangularLinear`.
 *
 * @example
 * const b = new UnconstrainedAffine(np.array([[0, 2], [1, 0]]), np.array([1, 1]));
 * b.forwardLogDetJacobian(np.zeros([2]));   // log 2
 */
export class UnconstrainedAffine extends AffineBase {
  protected readonly _matrix: Array;
  protected readonly _bias: Array;

  constructor(matrix: Numeric, bias: Numeric) {
    super({ eventNdimsIn: 1, isConstantJacobian: true });
    [this._matrix, this._bias] = affineParams("UnconstrainedAffine", matrix, bias);
  }

  /** The matrix `A`. */
  get matrix(): Array {
    return this._matrix;
  }

  /** The bias `b`. */
  get bias(): Array {
    return this._bias;
  }

  protected override constantLogDet(x: Array): Array {
    const shape = broadcastShapes(this.name, { "input batch": x.shape.slice(0, -1), "matrix batch": this._matrix.shape.slice(0, -2), "bias batch": this._bias.shape.slice(0, -1) });
    return np.broadcastTo(np.linalg.slogdet(this._matrix)[1], shape);
  }

  protected override _forward(x: Array): Array {
    return matvec(this._matrix, x).add(this._bias);
  }

  protected override _inverse(y: Array): Array {
    return solveVec(`${this.name}.inverse`, this._matrix, y.sub(this._bias));
  }

}
