/** Regression losses: `squaredError`, `l2Loss`, `huberLoss`, `logCosh`. Per-element values, as optax. */
import { type Array, np } from "tsjax-core";

function errors(op: string, predictions: Array, targets?: Array | null): Array {
  if (targets === undefined || targets === null) return predictions;
  if (predictions.shape.join(",") !== targets.shape.join(",")) {
    throw new RangeError(`${op}: predictions of shape [${predictions.shape.join(",")}] and targets of shape [${targets.shape.join(",")}] differ.`);
  }
  return np.subtract(predictions, targets);
}

/**
 * `(predictions - targets) ** 2`, elementwise (targets default to 0).
 *
 * @example
 * squaredError(np.array([1, 2]), np.array([0, 0])); // [1, 4]
 */
export function squaredError(predictions: Array, targets?: Array | null): Array {
  return np.square(errors("squaredError", predictions, targets));
}

/**
 * `0.5 * (predictions - targets) ** 2`, elementwise.
 *
 * @example
 * l2Loss(np.array([2]), np.array([0])); // [2]
 */
export function l2Loss(predictions: Array, targets?: Array | null): Array {
  return np.multiply(0.5, squaredError(predictions, targets));
}

/**
 * Huber loss: quadratic for |error| <= delta, linear beyond.
 *
 * @example
 * huberLoss(np.array([0.5, 3]), null, { delta: 1 }); // [0.125, 2.5]
 */
export function huberLoss(predictions: Array, targets?: Array | null, opts: { delta?: number } = {}): Array {
  const delta = opts.delta ?? 1;
  const e = np.abs(errors("huberLoss", predictions, targets));
  const quadratic = np.minimum(e, delta);
  const linear = np.subtract(e, quadratic);
  return np.add(np.multiply(0.5, np.square(quadratic)), np.multiply(delta, linear));
}

/**
 * `log(cosh(predictions - targets))`, computed stably.
 *
 * @example
 * logCosh(np.array([0, 1])); // [0, 0.4338]
 */
export function logCosh(predictions: Array, targets?: Array | null): Array {
  const e = np.abs(errors("logCosh", predictions, targets));
  return np.subtract(np.add(e, np.log1p(np.exp(np.multiply(-2, e)))), Math.LN2);
}
