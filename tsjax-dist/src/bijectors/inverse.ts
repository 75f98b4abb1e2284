/** The inverse of a bijector (distrax's `Inverse`). */
import type { Array } from "tsjax-core";
import { asBijector } from "./as-bijector.js";
import { Bijector } from "./bijector.js";
import type { BijectorLike } from "./lambda.js";

/**
 * `f^-1` as a bijector: forward and inverse methods swapped.
 *
 * @example
 * new Inverse(new Sigmoid()).forward(0.5);   // logit(0.5) = 0
 */
export class Inverse extends Bijector {
  readonly bijector: Bijector;

  constructor(bijector: BijectorLike) {
    const b = asBijector("Inverse", bijector);
    super({ eventNdimsIn: b.eventNdimsOut, eventNdimsOut: b.eventNdimsIn, isConstantJacobian: b.isConstantJacobian, isConstantLogDet: b.isConstantLogDet });
    this.bijector = b;
  }

  override get name(): string {
    return `Inverse${this.bijector.name}`;
  }

  protected override _forward(x: Array): Array {
    return this.bijector.inverse(x);
  }

  protected override _inverse(y: Array): Array {
    return this.bijector.forward(y);
  }

  protected override _forwardLogDet(x: Array): Array {
    return this.bijector.inverseLogDetJacobian(x);
  }

  protected override _inverseLogDet(y: Array): Array {
    return this.bijector.forwardLogDetJacobian(y);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return this.bijector.inverseAndLogDet(x);
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    return this.bijector.forwardAndLogDet(y);
  }
}
