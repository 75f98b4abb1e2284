/** Elementwise affine maps (distrax's `ScalarAffine` and `Shift`). */
import { type Array, np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes, checkOptions, fmtShape } from "../utils/args.js";
import { AffineBase } from "./affine-base.js";

/** Options of `ScalarAffine`: at most one of `scale` and `logScale` (default scale 1). */
export interface ScalarAffineOptions {
  /** The (non-zero) scale. */
  scale?: Numeric;
  /** The log of a positive scale (an unconstrained parameter). */
  logScale?: Numeric;
}

/** The shape of `param` broadcast with an input of shape `x`, or a clear error. */
function outShape(cls: string, params: Record<string, readonly number[]>, x: Array): number[] {
  try {
    return broadcastShapes(cls, { ...params, input: x.shape });
  } catch {
    const desc = Object.entries(params).map(([n, s]) => `${n} ${fmtShape(s)}`).join(", ");
    throw new RangeError(`${cls}: the input of shape ${fmtShape(x.shape)} does not broadcast with the parameters (${desc}).`);
  }
}

/**
 * `y = scale * x + shift`, elementwise, with `log|det J| = log|scale|` (constant Jacobian).
 * Parameters may be batched; they broadcast with the input.
 *
 * @example
 * const b = new ScalarAffine(1, { logScale: np.array([0, Math.log(2)]) });
 * b.forward(np.array([1, 1]));   // [2, 3]
 */
export class ScalarAffine extends AffineBase {
  protected readonly _shift: Array;
  protected readonly _scale: Array;
  protected readonly _logScale: Array;

  constructor(shift: Numeric = 0, opts: ScalarAffineOptions = {}) {
    super({ eventNdimsIn: 0, isConstantJacobian: true });
    checkOptions("ScalarAffine", opts, ["scale", "logScale"]);
    if (opts.scale !== undefined && opts.logScale !== undefined) throw new TypeError("ScalarAffine: pass only one of scale and logScale, not both.");
    this._shift = asFloat("ScalarAffine", "shift", shift);
    if (opts.logScale !== undefined) {
      this._logScale = asFloat("ScalarAffine", "logScale", opts.logScale);
      this._scale = np.exp(this._logScale);
    } else {
      this._scale = asFloat("ScalarAffine", "scale", opts.scale ?? 1);
      this._logScale = np.log(np.abs(this._scale));
    }
    broadcastShapes("ScalarAffine", { shift: this._shift.shape, scale: this._scale.shape });
  }

  get shift(): Array {
    return this._shift;
  }

  get scale(): Array {
    return this._scale;
  }

  get logScale(): Array {
    return this._logScale;
  }

  private shape(x: Array): number[] {
    return outShape(this.name, { shift: this._shift.shape, scale: this._scale.shape }, x);
  }

  protected override _forward(x: Array): Array {
    const shape = this.shape(x);
    return np.broadcastTo(this._scale.mul(x).add(this._shift), shape);
  }

  protected override _inverse(y: Array): Array {
    const shape = this.shape(y);
    return np.broadcastTo(y.sub(this._shift).div(this._scale), shape);
  }

  protected override constantLogDet(x: Array): Array {
    return np.broadcastTo(this._logScale, this.shape(x));
  }
}

/**
 * `y = x + shift`, elementwise, with zero log-determinant.
 *
 * @example
 * new Shift(np.array([1, 2])).forward(np.zeros([2]));   // [1, 2]
 */
export class Shift extends AffineBase {
  protected readonly _shift: Array;

  constructor(shift: Numeric) {
    super({ eventNdimsIn: 0, isConstantJacobian: true });
    this._shift = asFloat("Shift", "shift", shift);
  }

  get shift(): Array {
    return this._shift;
  }

  private shape(x: Array): number[] {
    return outShape(this.name, { shift: this._shift.shape }, x);
  }

  protected override _forward(x: Array): Array {
    this.shape(x);
    return x.add(this._shift);
  }

  protected override _inverse(y: Array): Array {
    this.shape(y);
    return y.sub(this._shift);
  }

  protected override constantLogDet(x: Array): Array {
    return np.zeros(this.shape(x), { dtype: x.dtype });
  }
}
