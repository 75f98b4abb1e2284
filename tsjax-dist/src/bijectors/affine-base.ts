/** The shared shape of affine bijectors. @internal */
import type { Array } from "tsjax-core";
import { Bijector } from "./bijector.js";

/**
 * A bijector whose log-determinant does not depend on the input's values (an affine map):
 * a subclass writes `_forward`, `_inverse` and `constantLogDet(x)` (the forward
 * log-determinant broadcast to `x`'s batch shape); the inverse log-determinant is its negative.
 */
export abstract class AffineBase extends Bijector {
  /** `log|det J(f)|`, broadcast to the batch shape of `x` (and of the parameters). */
  protected abstract constantLogDet(x: Array): Array;
  protected abstract override _forward(x: Array): Array;
  protected abstract override _inverse(y: Array): Array;

  protected override _forwardLogDet(x: Array): Array {
    return this.constantLogDet(x);
  }

  protected override _inverseLogDet(y: Array): Array {
    return this.constantLogDet(y).neg();
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return [this._forward(x), this.constantLogDet(x)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    return [this._inverse(y), this.constantLogDet(y).neg()];
  }
}
