/** A bijector from user functions (distrax's `Lambda`). */
import { type Array, jvp, np } from "tsjax-core";
import { checkOptions } from "../utils/args.js";
import { Bijector } from "./bijector.js";

type Fn = (x: Array) => Array;

/** Options of `Lambda`: at least `forward` or `inverse`. */
export interface LambdaOptions {
  forward?: Fn;
  inverse?: Fn;
  /** `log|det J(f)(x)|`; default: `log|f'(x)|` by forward-mode autodiff (elementwise maps). */
  forwardLogDetJacobian?: Fn;
  /** `log|det J(f^-1)(y)|`; default: by autodiff of `inverse`, or `-forwardLogDetJacobian(f^-1(y))`. */
  inverseLogDetJacobian?: Fn;
  /** Event rank; required when log-determinants are given, otherwise 0 (elementwise maps). */
  eventNdimsIn?: number;
  eventNdimsOut?: number;
  /** Declare the Jacobian constant (affine maps); default false. */
  isConstantJacobian?: boolean;
}

/** `log|f'(x)|` of an elementwise function, by forward-mode differentiation. */
function logAbsDerivative(f: Fn, x: Array): Array {
  const [, t] = jvp(f, [x], [np.onesLike(x)]);
  return np.log(np.abs(t));
}

/**
 * A bijector built from functions. Without log-determinants, the functions are taken as
 * elementwise (event rank 0) and `log|f'(x)|` is computed by autodiff. Functions that are not
 * given are derived where possible: the inverse log-determinant from the forward one at
 * `f^-1(y)` and vice versa; an inverse function itself must be given to use `inverse`.
 *
 * @example
 * const softplus = new Lambda({ forward: nn.softplus, inverse: (y) => np.log(np.expm1(y)) });
 * softplus.forwardLogDetJacobian(0);   // log(sigmoid(0))
 */
export class Lambda extends Bijector {
  readonly fns: Readonly<LambdaOptions>;

  constructor(opts: LambdaOptions | Fn) {
    const o: LambdaOptions = typeof opts === "function" ? { forward: opts } : (opts ?? {});
    checkOptions("Lambda", o, ["forward", "inverse", "forwardLogDetJacobian", "inverseLogDetJacobian", "eventNdimsIn", "eventNdimsOut", "isConstantJacobian"]);
    if (!o.forward && !o.inverse) throw new TypeError("Lambda: pass at least one of forward and inverse.");
    const hasLogDets = o.forwardLogDetJacobian !== undefined || o.inverseLogDetJacobian !== undefined;
    if (hasLogDets && o.eventNdimsIn === undefined) throw new TypeError("Lambda: when log-determinants are given, give eventNdimsIn too.");
    if (!hasLogDets && (o.eventNdimsIn ?? 0) !== 0) {
      throw new TypeError("Lambda: without log-determinant functions the map is taken as elementwise; leave eventNdimsIn unset (0) or pass the log-determinants.");
    }
    super({ eventNdimsIn: o.eventNdimsIn ?? 0, eventNdimsOut: o.eventNdimsOut ?? o.eventNdimsIn ?? 0, isConstantJacobian: o.isConstantJacobian ?? false });
    this.fns = { ...o };
  }

  private need(name: "forward" | "inverse"): Fn {
    const f = this.fns[name];
    if (!f) throw new TypeError(`Lambda: ${name} was not given; pass it to new Lambda({ ${name} }) (functions are not inverted automatically).`);
    return f;
  }

  protected override _forward(x: Array): Array {
    return this.need("forward")(x);
  }

  protected override _inverse(y: Array): Array {
    return this.need("inverse")(y);
  }

  protected override _forwardLogDet(x: Array): Array {
    const { forwardLogDetJacobian: fl, inverseLogDetJacobian: il, forward } = this.fns;
    if (fl) return fl(x);
    if (il) return il(this._forward(x)).neg();
    return logAbsDerivative(forward ?? ((v) => this._forward(v)), x);
  }

  protected override _inverseLogDet(y: Array): Array {
    const { forwardLogDetJacobian: fl, inverseLogDetJacobian: il, inverse } = this.fns;
    if (il) return il(y);
    if (fl) return fl(this._inverse(y)).neg();
    if (inverse) return logAbsDerivative(inverse, y);
    return this._forwardLogDet(this._inverse(y)).neg();
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return [this._forward(x), this._forwardLogDet(x)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    return [this._inverse(y), this._inverseLogDet(y)];
  }
}

/** A bijector, or a function to wrap in `Lambda` (`np.tanh` and `nn.sigmoid` map to their bijectors). */
export type BijectorLike = Bijector | Fn;
