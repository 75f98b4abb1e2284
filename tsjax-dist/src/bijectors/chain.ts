/** Composition of bijectors (distrax's `Chain`). */
import type { Array } from "tsjax-core";
import { asBijector } from "./as-bijector.js";
import { Bijector } from "./bijector.js";
import type { BijectorLike } from "./lambda.js";

/**
 * The composition `f1 ∘ f2 ∘ ... ∘ fN` of `[f1, ..., fN]`: `forward` applies the LAST bijector
 * first (as distrax and function composition do). Log-determinants add up.
 *
 * @example
 * const b = new Chain([new Shift(1), new ScalarAffine(0, { scale: 2 })]);
 * b.forward(1);   // 2 * 1 + 1 = 3
 */
export class Chain extends Bijector {
  readonly bijectors: readonly Bijector[];

  constructor(bijectors: readonly BijectorLike[]) {
    if (!globalThis.Array.isArray(bijectors) || bijectors.length === 0) throw new TypeError("Chain: pass a non-empty list of bijectors.");
    const bs = bijectors.map((b) => asBijector("Chain", b));
    for (let i = 0; i + 1 < bs.length; i++) {
      const [outer, inner] = [bs[i]!, bs[i + 1]!];
      if (outer.eventNdimsIn !== inner.eventNdimsOut) {
        throw new RangeError(
          `Chain: bijector ${i} (${outer.name}) takes events of ${outer.eventNdimsIn} axes, but bijector ${i + 1} (${inner.name}), applied before it, returns events of ${inner.eventNdimsOut} axes.`,
        );
      }
    }
    super({
      eventNdimsIn: bs[bs.length - 1]!.eventNdimsIn,
      eventNdimsOut: bs[0]!.eventNdimsOut,
      isConstantJacobian: bs.every((b) => b.isConstantJacobian),
      isConstantLogDet: bs.every((b) => b.isConstantLogDet),
    });
    this.bijectors = bs;
  }

  protected override _forward(x: Array): Array {
    return this.bijectors.reduceRight((v, b) => b.forward(v), x);
  }

  protected override _inverse(y: Array): Array {
    return this.bijectors.reduce((v, b) => b.inverse(v), y);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    const bs = this.bijectors;
    let [v, logDet] = bs[bs.length - 1]!.forwardAndLogDet(x);
    for (let i = bs.length - 2; i >= 0; i--) {
      const [nv, ld] = bs[i]!.forwardAndLogDet(v);
      [v, logDet] = [nv, logDet.add(ld)];
    }
    return [v, logDet];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const bs = this.bijectors;
    let [v, logDet] = bs[0]!.inverseAndLogDet(y);
    for (let i = 1; i < bs.length; i++) {
      const [nv, ld] = bs[i]!.inverseAndLogDet(v);
      [v, logDet] = [nv, logDet.add(ld)];
    }
    return [v, logDet];
  }

  /** A chain of one bijector is the same as that bijector. */
  override sameAs(other: Bijector): boolean {
    if (this.bijectors.length === 1 && !(other instanceof Chain)) return this.bijectors[0]!.sameAs(other);
    return super.sameAs(other);
  }
}
