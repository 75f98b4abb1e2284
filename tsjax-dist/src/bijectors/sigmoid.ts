/** The logistic sigmoid bijector (distrax's `Sigmoid`). */
import { type Array, nn, np } from "tsjax-core";
import { Bijector } from "./bijector.js";

const stableSoftplus = (x: Array) => np.where(x.lt(-9), np.log1p(np.exp(x)), nn.softplus(x));
const stableSigmoid = (x: Array) => np.where(x.lt(-9), np.exp(x), nn.sigmoid(x));
const sigmoidLogDet = (x: Array) => stableSoftplus(x.neg()).add(stableSoftplus(x)).neg();

/**
 * `y = sigmoid(x)`, elementwise, with log-determinant `-softplus(-x) - softplus(x)`.
 *
 * @example
 * new Sigmoid().forward(0);   // 0.5
 */
export class Sigmoid extends Bijector {
  constructor() {
    super({ eventNdimsIn: 0 });
  }

  protected override _forwardLogDet(x: Array): Array {
    return sigmoidLogDet(x);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return [stableSigmoid(x), sigmoidLogDet(x)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const x = np.log(y).sub(np.log1p(y.neg()));
    return [x, sigmoidLogDet(x).neg()];
  }
}
