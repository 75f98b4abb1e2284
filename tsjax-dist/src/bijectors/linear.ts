/** The base of linear bijectors `f(x) = A x` on vectors (distrax's `Linear`). */
import type { Array, DType } from "tsjax-core";
import { AffineBase } from "./affine-base.js";

/**
 * A linear map `f(x) = A x` of vectors (event rank 1, constant Jacobian). Subclasses give the
 * event size, batch shape, dtype and, when they can, the dense `matrix`; `_forward`, `_inverse`
 * and `constantLogDet`. `MultivariateNormalFromBijector` takes any `Linear` as its scale.
 *
 * @example
 * const scale: Linear = new TriangularLinear(np.array([[1, 0], [0.5, 2]]));
 * new MultivariateNormalFromBijector(np.zeros([2]), scale).covariance();
 */
export abstract class Linear extends AffineBase {
  constructor() {
    super({ eventNdimsIn: 1, isConstantJacobian: true });
  }

  /** The length `D` of the vectors the map acts on. */
  abstract get eventDims(): number;
  /** The batch shape of the parameters. */
  abstract get batchShape(): number[];
  /** The dtype of the matrix. */
  abstract get dtype(): DType;

  /** The dense matrix `A`, shape `[...batch, D, D]`. */
  get matrix(): Array {
    throw new Error(`${this.name} does not implement matrix.`);
  }
}
