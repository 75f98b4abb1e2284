/** KL divergences and cosine similarity/distance. */
import { type Array, np } from "tsjax-core";

/**
 * `sum(targets * (log(targets) - logPredictions), axis)`, with `0 log 0 = 0`.
 *
 * @example
 * klDivergence(nn.logSoftmax(logits), targetProbs);
 */
export function klDivergence(logPredictions: Array, targets: Array, opts: { axis?: number } = {}): Array {
  const zero = targets.eq(0);
  const logT = np.where(zero, 0, np.log(np.where(zero, 1, targets)));
  return np.multiply(targets, np.subtract(logT, logPredictions)).sum(opts.axis ?? -1);
}

/**
 * KL divergence with targets given as log-probabilities.
 *
 * @example
 * klDivergenceWithLogTargets(nn.logSoftmax(logits), nn.logSoftmax(targetLogits));
 */
export function klDivergenceWithLogTargets(logPredictions: Array, logTargets: Array, opts: { axis?: number } = {}): Array {
  return np.multiply(np.exp(logTargets), np.subtract(logTargets, logPredictions)).sum(opts.axis ?? -1);
}

function unit(x: Array, eps: number, axis: number): Array {
  const n = np.sqrt(np.square(x).sum(axis, { keepdims: true }));
  return np.divide(x, np.maximum(n, eps));
}

/**
 * Cosine similarity along `axis` (norms clamped below at `epsilon`).
 *
 * @example
 * cosineSimilarity(np.array([[1, 0]]), np.array([[1, 1]])); // [0.7071]
 */
export function cosineSimilarity(predictions: Array, targets: Array, opts: { epsilon?: number; axis?: number } = {}): Array {
  const { epsilon = 0, axis = -1 } = opts;
  return np.multiply(unit(predictions, epsilon, axis), unit(targets, epsilon, axis)).sum(axis);
}

/**
 * `1 - cosineSimilarity`.
 *
 * @example
 * cosineDistance(np.array([[1, 0]]), np.array([[0, 1]])); // [1]
 */
export function cosineDistance(predictions: Array, targets: Array, opts: { epsilon?: number; axis?: number } = {}): Array {
  return np.subtract(1, cosineSimilarity(predictions, targets, opts));
}
