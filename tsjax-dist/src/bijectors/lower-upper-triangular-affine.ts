/** Affine maps with an LU-factored matrix (distrax's `LowerUpperTriangularAffine`). */
import { type Array, np } from "tsjax-core";
import type { Numeric } from "../utils/args.js";
import { Block } from "./block.js";
import { Chain } from "./chain.js";
import { Shift } from "./scalar-affine.js";
import { TriangularLinear } from "./triangular-linear.js";
import { affineParams } from "./unconstrained-affine.js";

/**
 * `f(x) = L U x + b`, where one square `matrix` holds both factors: `L` is its strict lower
 * triangle with ones on the diagonal, `U` its upper triangle (with the diagonal). The identity
 * matrix gives `L U = I`. `log|det J| = sum(log|diag U|)`; the inverse is two triangular solves.
 *
 * @example
 * const b = new LowerUpperTriangularAffine(np.array([[2, 1], [0.5, 3]]), np.zeros([2]));
 * b.matrix;   // L U = [[2, 1], [1, 3.5]]
 */
export class LowerUpperTriangularAffine extends Chain {
  protected readonly _bias: Array;

  constructor(matrix: Numeric, bias: Numeric) {
    const [m, b] = affineParams("LowerUpperTriangularAffine", matrix, bias);
    const d = m.shape[m.ndim - 1]!;
    const lower = new TriangularLinear(np.eye(d).add(np.tril(m, -1)), true);
    const upper = new TriangularLinear(m, false);
    super([new Block(new Shift(b), 1), lower, upper]);
    this._bias = b;
  }

  /** The unit lower-triangular factor `L`. */
  get lower(): Array {
    return (this.bijectors[1] as TriangularLinear).matrix;
  }

  /** The upper-triangular factor `U`. */
  get upper(): Array {
    return (this.bijectors[2] as TriangularLinear).matrix;
  }

  /** The product `L U`. */
  get matrix(): Array {
    return np.matmul(this.lower, this.upper);
  }

  /** The bias `b`. */
  get bias(): Array {
    return this._bias;
  }
}
