/** Coupling layers with a boolean mask (distrax's `MaskedCoupling`). */
import { type Array, np } from "tsjax-core";
import { checkInt, checkOptions } from "../utils/args.js";
import { sumLast } from "../utils/math.js";
import { asBijector } from "./as-bijector.js";
import { Bijector } from "./bijector.js";
import type { BijectorLike } from "./lambda.js";

/** Options of `MaskedCoupling`. */
export interface MaskedCouplingOptions<P = unknown> {
  /** Boolean mask: true entries stay unchanged and condition the transformation of the others. */
  mask: Array;
  /** Computes the inner bijector's parameters from the masked input (`x` with unmasked entries zeroed). */
  conditioner: (maskedX: Array) => P;
  /** Builds the inner bijector (event rank `innerEventNdims`) from the parameters. */
  bijector: (params: P) => BijectorLike;
  /** The coupling's event rank (default `mask.ndim + innerEventNdims`). */
  eventNdims?: number;
  /** The inner bijector's event rank (default 0: elementwise). */
  innerEventNdims?: number;
}

/**
 * `y = mask ? x : f(x; conditioner(mask * x))`, with the log-determinant summed over the
 * transformed entries.
 *
 * @example
 * const layer = new MaskedCoupling({
 *   mask: np.array([true, false]),
 *   conditioner: (x) => x.sum(-1, { keepdims: true }),
 *   bijector: (shift) => new Shift(shift),
 * });
 */
export class MaskedCoupling<P = unknown> extends Bijector {
  protected readonly _mask: Array;
  readonly innerEventNdims: number;
  readonly conditioner: (maskedX: Array) => P;
  readonly bijector: (params: P) => BijectorLike;

  constructor(opts: MaskedCouplingOptions<P>) {
    checkOptions("MaskedCoupling", opts, ["mask", "conditioner", "bijector", "eventNdims", "innerEventNdims"]);
    const mask = opts.mask;
    if (!mask || mask.dtype !== "bool") throw new TypeError(`MaskedCoupling: mask must be a bool array, got ${mask ? `dtype ${mask.dtype}` : String(mask)}.`);
    const inner = checkInt("MaskedCoupling", "innerEventNdims", opts.innerEventNdims ?? 0);
    const eventNdims = checkInt("MaskedCoupling", "eventNdims", opts.eventNdims ?? mask.ndim + inner);
    if (eventNdims < inner) throw new RangeError(`MaskedCoupling: eventNdims (${eventNdims}) must be at least innerEventNdims (${inner}).`);
    if (typeof opts.conditioner !== "function" || typeof opts.bijector !== "function") {
      throw new TypeError("MaskedCoupling: conditioner and bijector must be functions.");
    }
    super({ eventNdimsIn: eventNdims });
    this._mask = mask;
    this.innerEventNdims = inner;
    this.conditioner = opts.conditioner;
    this.bijector = opts.bijector;
  }

  /** The mask. */
  get mask(): Array {
    return this._mask;
  }

  private get eventMask(): Array {
    return this._mask.reshape([...this._mask.shape, ...globalThis.Array<number>(this.innerEventNdims).fill(1)]);
  }

  private inner(params: P): Bijector {
    const b = asBijector("MaskedCoupling", this.bijector(params));
    if (b.eventNdimsIn !== this.innerEventNdims || b.eventNdimsOut !== this.innerEventNdims) {
      throw new RangeError(
        `MaskedCoupling: the inner bijector ${b.name} must have event ranks in and out equal to innerEventNdims = ${this.innerEventNdims}, got ${b.eventNdimsIn} and ${b.eventNdimsOut}.`,
      );
    }
    return b;
  }

  private apply(x: Array, direction: "forwardAndLogDet" | "inverseAndLogDet"): [Array, Array] {
    const m = this.eventMask;
    const [y0, ld] = this.inner(this.conditioner(np.where(m, x, 0)))[direction](x);
    const y = np.where(m, x, y0);
    return [y, sumLast(np.where(this._mask, 0, ld), this.eventNdimsIn - this.innerEventNdims)];
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return this.apply(x, "forwardAndLogDet");
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    return this.apply(y, "inverseAndLogDet");
  }
}
