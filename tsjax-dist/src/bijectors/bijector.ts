/**
 * `Bijector`: the base class of differentiable, invertible transformations (distrax's
 * `Bijector`). A subclass writes `_forwardAndLogDet` (and `_inverseAndLogDet` when it is
 * invertible in closed form); the base derives `forward`, `inverse` and both log-determinants,
 * and checks that inputs have at least the bijector's event rank. Bijectors are pytrees like
 * distributions: arrays are leaves, configuration (including functions) is static.
 */
import type { Array } from "tsjax-core";
import { type Numeric, asFloat, checkInt, checkOptions, fmtShape } from "../utils/args.js";
import { registerFieldsPytree, sameParameters } from "../utils/pytree.js";

/** Options of the `Bijector` base constructor. */
export interface BijectorOptions {
  /** Rank of the events the forward map takes. */
  eventNdimsIn: number;
  /** Rank of the events it returns (default `eventNdimsIn`). */
  eventNdimsOut?: number;
  /** True only when the Jacobian is known to be constant (affine maps). Default false. */
  isConstantJacobian?: boolean;
  /** True only when the Jacobian determinant is known to be constant (default `isConstantJacobian`). */
  isConstantLogDet?: boolean;
}

/**
 * The base class of bijectors. Subclass it with `_forwardAndLogDet` (and `_inverseAndLogDet`).
 *
 * @example
 * class Exp extends Bijector {
 *   constructor() { super({ eventNdimsIn: 0 }); }
 *   protected _forwardAndLogDet(x: Array): [Array, Array] { return [np.exp(x), x]; }
 *   protected _inverseAndLogDet(y: Array): [Array, Array] { const x = np.log(y); return [x, x.neg()]; }
 * }
 */
export abstract class Bijector {
  /** Rank of the events `forward` takes. */
  readonly eventNdimsIn: number;
  /** Rank of the events `forward` returns. */
  readonly eventNdimsOut: number;
  /** True when the Jacobian is known to be constant. */
  readonly isConstantJacobian: boolean;
  /** True when the Jacobian determinant is known to be constant. */
  readonly isConstantLogDet: boolean;

  constructor(opts: BijectorOptions) {
    const cls = new.target.name;
    checkOptions(cls, opts, ["eventNdimsIn", "eventNdimsOut", "isConstantJacobian", "isConstantLogDet"]);
    this.eventNdimsIn = checkInt(cls, "eventNdimsIn", opts.eventNdimsIn);
    this.eventNdimsOut = checkInt(cls, "eventNdimsOut", opts.eventNdimsOut ?? opts.eventNdimsIn);
    this.isConstantJacobian = opts.isConstantJacobian ?? false;
    this.isConstantLogDet = opts.isConstantLogDet ?? this.isConstantJacobian;
    if (this.isConstantJacobian && !this.isConstantLogDet) {
      throw new TypeError(`${cls}: the Jacobian is said to be constant but its determinant not, which is impossible.`);
    }
  }

  /** The class name, used in messages. */
  get name(): string {
    return this.constructor.name;
  }

  /**
   * `y = f(x)`.
   *
   * @example
   * new Tanh().forward(np.array([0, 1]));
   */
  forward(x: Numeric): Array {
    return this._forward(this.input("forward", "x", x, this.eventNdimsIn));
  }

  /**
   * `x = f^-1(y)`.
   *
   * @example
   * new Tanh().inverse(0.5);   // atanh(0.5)
   */
  inverse(y: Numeric): Array {
    return this._inverse(this.input("inverse", "y", y, this.eventNdimsOut));
  }

  /**
   * `log|det J(f)(x)|`, one value per event.
   *
   * @example
   * new ScalarAffine(0, { scale: 2 }).forwardLogDetJacobian(1);   // log 2
   */
  forwardLogDetJacobian(x: Numeric): Array {
    return this._forwardLogDet(this.input("forwardLogDetJacobian", "x", x, this.eventNdimsIn));
  }

  /**
   * `log|det J(f^-1)(y)|`, one value per event.
   *
   * @example
   * new ScalarAffine(0, { scale: 2 }).inverseLogDetJacobian(1);   // -log 2
   */
  inverseLogDetJacobian(y: Numeric): Array {
    return this._inverseLogDet(this.input("inverseLogDetJacobian", "y", y, this.eventNdimsOut));
  }

  /**
   * `[f(x), log|det J(f)(x)|]`, computed together.
   *
   * @example
   * const [y, logDet] = bijector.forwardAndLogDet(x);
   */
  forwardAndLogDet(x: Numeric): [Array, Array] {
    return this._forwardAndLogDet(this.input("forwardAndLogDet", "x", x, this.eventNdimsIn));
  }

  /**
   * `[f^-1(y), log|det J(f^-1)(y)|]`, computed together.
   *
   * @example
   * const [x, logDet] = bijector.inverseAndLogDet(y);
   */
  inverseAndLogDet(y: Numeric): [Array, Array] {
    return this._inverseAndLogDet(this.input("inverseAndLogDet", "y", y, this.eventNdimsOut));
  }

  /**
   * True when `other` is known to compute the same function: the same object, or the same class
   * with the same configuration and the very same parameter arrays.
   *
   * @example
   * bij.sameAs(bij);   // true
   */
  sameAs(other: Bijector): boolean {
    return sameParameters(this, other);
  }

  protected abstract _forwardAndLogDet(x: Array): [Array, Array];

  protected _inverseAndLogDet(_y: Array): [Array, Array] {
    throw new Error(`${this.name} does not implement inverseAndLogDet (it has no closed-form inverse).`);
  }

  protected _forward(x: Array): Array {
    return this._forwardAndLogDet(x)[0];
  }

  protected _inverse(y: Array): Array {
    return this._inverseAndLogDet(y)[0];
  }

  protected _forwardLogDet(x: Array): Array {
    return this._forwardAndLogDet(x)[1];
  }

  protected _inverseLogDet(y: Array): Array {
    return this._inverseAndLogDet(y)[1];
  }

  /** `v` as a float array, checked to have at least `ndims` axes (the event rank). */
  private input(method: string, name: string, v: Numeric, ndims: number): Array {
    const x = asFloat(`${this.name}.${method}`, name, v);
    if (x.ndim < ndims) {
      throw new RangeError(
        `${this.name}.${method}: the bijector acts on events of ${ndims} axes (event_ndims ${ndims}), but ${name} has shape ${fmtShape(x.shape)} (${x.ndim} axes).`,
      );
    }
    return x;
  }
}

registerFieldsPytree(Bijector);
