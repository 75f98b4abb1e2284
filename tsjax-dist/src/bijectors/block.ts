/** Promoting batch axes to event axes of a bijector (distrax's `Block`). */
import type { Array } from "tsjax-core";
import { checkInt } from "../utils/args.js";
import { sumLast } from "../utils/math.js";
import { asBijector } from "./as-bijector.js";
import { Bijector } from "./bijector.js";
import type { BijectorLike } from "./lambda.js";

/**
 * Applies `bijector` unchanged but treats its last `ndims` batch axes as event axes: the
 * log-determinant is summed over them. `Block(new Tanh(), 1)` acts on vectors.
 *
 * @example
 * new Block(new Tanh(), 1).forwardLogDetJacobian(np.zeros([4, 3]));   // shape [4]
 */
export class Block extends Bijector {
  readonly bijector: Bijector;
  readonly ndims: number;

  constructor(bijector: BijectorLike, ndims: number) {
    const b = asBijector("Block", bijector);
    const n = checkInt("Block", "ndims", ndims);
    super({ eventNdimsIn: n + b.eventNdimsIn, eventNdimsOut: n + b.eventNdimsOut, isConstantJacobian: b.isConstantJacobian, isConstantLogDet: b.isConstantLogDet });
    this.bijector = b;
    this.ndims = n;
  }

  override get name(): string {
    return `Block${this.bijector.name}`;
  }

  protected override _forward(x: Array): Array {
    return this.bijector.forward(x);
  }

  protected override _inverse(y: Array): Array {
    return this.bijector.inverse(y);
  }

  protected override _forwardLogDet(x: Array): Array {
    return sumLast(this.bijector.forwardLogDetJacobian(x), this.ndims);
  }

  protected override _inverseLogDet(y: Array): Array {
    return sumLast(this.bijector.inverseLogDetJacobian(y), this.ndims);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    const [y, ld] = this.bijector.forwardAndLogDet(x);
    return [y, sumLast(ld, this.ndims)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const [x, ld] = this.bijector.inverseAndLogDet(y);
    return [x, sumLast(ld, this.ndims)];
  }
}
