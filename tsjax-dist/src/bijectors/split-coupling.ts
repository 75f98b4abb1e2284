/** Coupling layers that split the input in two (distrax's `SplitCoupling`). */
import { type Array, np } from "tsjax-core";
import { checkInt, checkOptions, fmtShape } from "../utils/args.js";
import { asBijector } from "./as-bijector.js";
import { Bijector } from "./bijector.js";
import { Block } from "./block.js";
import type { BijectorLike } from "./lambda.js";

/** Options of `SplitCoupling`. */
export interface SplitCouplingOptions<P = unknown> {
  /** Where to split along `splitAxis`: `x1 = x[..., :splitIndex]`, `x2 = x[..., splitIndex:]`. */
  splitIndex: number;
  /** The event rank of the coupling bijector. */
  eventNdims: number;
  /** Computes the inner bijector's parameters from the unchanged part. */
  conditioner: (x1: Array) => P;
  /** Builds the inner bijector (event rank <= eventNdims, same in and out) from the parameters. */
  bijector: (params: P) => BijectorLike;
  /** Transform `x1` conditioned on `x2` instead (default false). */
  swap?: boolean;
  /** The (negative) axis to split along (default -1). */
  splitAxis?: number;
}

/**
 * A coupling layer: `y1 = x1`, `y2 = f(x2; conditioner(x1))`, with the log-determinant of the
 * inner bijector `f` (promoted with `Block` to the coupling's event rank). Inverting needs only
 * the inner bijector's inverse.
 *
 * @example
 * const layer = new SplitCoupling({
 *   splitIndex: 1, eventNdims: 1,
 *   conditioner: (x1) => mlp(x1),                       // -> spline parameters
 *   bijector: (p) => new RationalQuadraticSpline(p, { rangeMin: -4, rangeMax: 4 }),
 * });
 */
export class SplitCoupling<P = unknown> extends Bijector {
  readonly splitIndex: number;
  readonly splitAxis: number;
  readonly swap: boolean;
  readonly conditioner: (x1: Array) => P;
  readonly bijector: (params: P) => BijectorLike;

  constructor(opts: SplitCouplingOptions<P>) {
    checkOptions("SplitCoupling", opts, ["splitIndex", "eventNdims", "conditioner", "bijector", "swap", "splitAxis"]);
    const eventNdims = checkInt("SplitCoupling", "eventNdims", opts.eventNdims);
    super({ eventNdimsIn: eventNdims });
    this.splitIndex = checkInt("SplitCoupling", "splitIndex", opts.splitIndex);
    const axis = opts.splitAxis ?? -1;
    if (!Number.isInteger(axis) || axis >= 0) throw new RangeError(`SplitCoupling: splitAxis must be a negative integer, got ${axis}.`);
    if (axis < -eventNdims) {
      throw new RangeError(`SplitCoupling: splitAxis ${axis} points outside the event: with eventNdims ${eventNdims} it must be between -1 and ${-eventNdims}.`);
    }
    if (typeof opts.conditioner !== "function" || typeof opts.bijector !== "function") {
      throw new TypeError("SplitCoupling: conditioner and bijector must be functions.");
    }
    this.splitAxis = axis;
    this.swap = opts.swap ?? false;
    this.conditioner = opts.conditioner;
    this.bijector = opts.bijector;
  }

  private split(x: Array): [Array, Array] {
    const ax = x.ndim + this.splitAxis;
    const n = x.shape[ax]!;
    if (this.splitIndex > n) {
      throw new RangeError(`SplitCoupling: splitIndex ${this.splitIndex} is beyond axis ${this.splitAxis} of size ${n} (input shape ${fmtShape(x.shape)}).`);
    }
    const [a, b] = np.split(x, [this.splitIndex], ax) as [Array, Array];
    return this.swap ? [b, a] : [a, b];
  }

  private recombine(x1: Array, x2: Array): Array {
    const parts = this.swap ? [x2, x1] : [x1, x2];
    return np.concatenate(parts, parts[0]!.ndim + this.splitAxis);
  }

  private inner(params: P): Bijector {
    const b = asBijector("SplitCoupling", this.bijector(params));
    if (b.eventNdimsIn !== b.eventNdimsOut) {
      throw new RangeError(`SplitCoupling: the inner bijector ${b.name} must have eventNdimsIn == eventNdimsOut, got ${b.eventNdimsIn} and ${b.eventNdimsOut}.`);
    }
    const extra = this.eventNdimsIn - b.eventNdimsIn;
    if (extra < 0) {
      throw new RangeError(`SplitCoupling: the inner bijector ${b.name} has more event axes (${b.eventNdimsIn}) than the coupling (${this.eventNdimsIn}).`);
    }
    return extra > 0 ? new Block(b, extra) : b;
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    const [x1, x2] = this.split(x);
    const [y2, logDet] = this.inner(this.conditioner(x1)).forwardAndLogDet(x2);
    return [this.recombine(x1, y2), logDet];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const [y1, y2] = this.split(y);
    const [x2, logDet] = this.inner(this.conditioner(y1)).inverseAndLogDet(y2);
    return [this.recombine(y1, x2), logDet];
  }
}
