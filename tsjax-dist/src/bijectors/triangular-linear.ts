/** Triangular linear maps (distrax's `TriangularLinear`). */
import { type Array, type DType, np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, fmtShape } from "../utils/args.js";
import { diagonal, matvec, solveTriangularVec } from "../utils/linalg.js";
import { Linear } from "./linear.js";

/** Checks a (batch of) square matrix parameter. @internal */
export function squareMatrix(cls: string, name: string, m: Numeric): Array {
  const a = asFloat(cls, name, m);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new RangeError(`${cls}: ${name} must be a square matrix or a batch of them, got shape ${fmtShape(a.shape)}.`);
  }
  return a;
}

/**
 * `f(x) = A x` for a triangular `A` (the lower or upper triangle of `matrix`; the other entries
 * are ignored). `log|det J| = sum(log|diag A|)` in O(D); the inverse is a triangular solve
 * (forward or back substitution), never an inverse matrix. The diagonal must be non-zero.
 *
 * @example
 * const b = new TriangularLinear(np.array([[2, 0], [1, 1]]));
 * b.inverse(b.forward(np.array([1, 2])));   // [1, 2]
 */
export class TriangularLinear extends Linear {
  protected readonly _matrix: Array;
  readonly isLower: boolean;

  constructor(matrix: Numeric, isLower = true) {
    super();
    const m = squareMatrix("TriangularLinear", "matrix", matrix);
    this._matrix = isLower ? np.tril(m) : np.triu(m);
    this.isLower = isLower;
  }

  /** The triangular matrix `A`. */
  override get matrix(): Array {
    return this._matrix;
  }

  override get eventDims(): number {
    return this._matrix.shape[this._matrix.ndim - 1]!;
  }

  override get batchShape(): number[] {
    return this._matrix.shape.slice(0, -2);
  }

  override get dtype(): DType {
    return this._matrix.dtype;
  }

  protected override constantLogDet(x: Array): Array {
    const shape = broadcastShapes(this.name, { "input batch": x.shape.slice(0, -1), "matrix batch": this.batchShape });
    return np.broadcastTo(np.log(np.abs(diagonal(this._matrix))).sum(-1), shape);
  }

  protected override _forward(x: Array): Array {
    return matvec(this._matrix, x);
  }

  protected override _inverse(y: Array): Array {
    return solveTriangularVec(`${this.name}.inverse`, this._matrix, y, { lower: this.isLower });
  }

}
