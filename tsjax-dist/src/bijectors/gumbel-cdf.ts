/** The Gumbel CDF bijector (distrax's `GumbelCDF`). */
import { type Array, np } from "tsjax-core";
import { Bijector } from "./bijector.js";

/**
 * `y = exp(-exp(-x))`, elementwise, mapping the reals to (0, 1); log-determinant
 * `-x - exp(-x)`.
 *
 * @example
 * new GumbelCDF().inverse(0.5);   // -log(log 2)
 */
export class GumbelCDF extends Bijector {
  constructor() {
    super({ eventNdimsIn: 0 });
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    const e = np.exp(x.neg());
    return [np.exp(e.neg()), x.neg().sub(e)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const logY = np.log(y);
    const x = np.log(logY.neg()).neg();
    return [x, x.sub(logY)];
  }
}
