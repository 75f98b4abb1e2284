/** The hyperbolic tangent bijector (distrax's `Tanh`). */
import { type Array, nn, np } from "tsjax-core";
import { Bijector } from "./bijector.js";

/** `log|d tanh(x)/dx| = 2 (log 2 - x - softplus(-2x))`, finite for any |x|. */
function tanhLogDet(x: Array): Array {
  return np.subtract(Math.LN2, x).sub(nn.softplus(x.mul(-2))).mul(2);
}

/**
 * `y = tanh(x)`, elementwise. The log-determinant uses the softplus form, so it stays accurate
 * where `1 - tanh(x)^2` underflows (|x| > 9 in float32). As in distrax, `inverse` of values
 * rounded to +-1 is infinite: use `sampleAndLogProb` rather than `sample` then `logProb`.
 *
 * @example
 * new Tanh().forwardLogDetJacobian(20);   // -38.6137 (autodiff would give -Infinity)
 */
export class Tanh extends Bijector {
  constructor() {
    super({ eventNdimsIn: 0 });
  }

  protected override _forwardLogDet(x: Array): Array {
    return tanhLogDet(x);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return [np.tanh(x), tanhLogDet(x)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const x = np.arctanh(y);
    return [x, tanhLogDet(x).neg()];
  }
}
