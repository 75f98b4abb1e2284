/** Regression losses: `squaredError`, `l2Loss`, `huberLoss`, `logCosh`, `cosineSimilarity`, `cosineDistance`. */
import { type Array, type ArrayLike, nn, np } from "tsjax-core";
import { options } from "../options.js";
import { type LossAxis, ax, checkFloat, sameShape, sumWhere } from "./util.js";

function errors(op: string, predictions: Array, targets?: Array | null): Array {
  checkFloat(op, predictions, "predictions");
  if (targets === undefined || targets === null) return predictions;
  sameShape(op, predictions, targets, "predictions", "targets");
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
  return np.multiply(0.5, np.square(errors("l2Loss", predictions, targets)));
}

/**
 * Huber loss: quadratic for |error| <= delta, linear beyond.
 *
 * @example
 * huberLoss(np.array([0.5, 3]), null, { delta: 1 }); // [0.125, 2.5]
 */
export function huberLoss(predictions: Array, targets?: Array | null, opts: { delta?: ArrayLike } = {}): Array {
  const { delta } = options("huberLoss", opts, { delta: 1 as ArrayLike });
  const e = np.abs(errors("huberLoss", predictions, targets));
  const quadratic = np.minimum(e, delta);
  return np.add(np.multiply(0.5, np.square(quadratic)), np.multiply(delta, np.subtract(e, quadratic)));
}

/**
 * `log(cosh(predictions - targets))`, computed stably as `logaddexp(e, -e) - log 2`.
 *
 * @example
 * logCosh(np.array([0, 1])); // [0, 0.4338]
 */
export function logCosh(predictions: Array, targets?: Array | null): Array {
  const e = errors("logCosh", predictions, targets);
  return np.subtract(nn.logsumexp(np.stack([e, np.negative(e)]), 0), Math.fround(Math.LN2));
}

/** Options of `cosineSimilarity` and `cosineDistance`. */
export interface CosineOptions {
  /** Squared norms are clamped below at `epsilon` (default 0). */
  epsilon?: ArrayLike;
  /** The axis (or axes, or null for all) of the vectors (default -1). */
  axis?: LossAxis;
  /** Entries to include (default all). */
  where?: Array | null;
}

const COSINE_DEFAULTS = { epsilon: 0 as ArrayLike, axis: -1 as LossAxis, where: null as Array | null };

/**
 * Cosine similarity along `axis`; the squared norms are clamped below at `epsilon`.
 *
 * @example
 * cosineSimilarity(np.array([[1, 0]]), np.array([[1, 1]])); // [0.7071]
 */
export function cosineSimilarity(predictions: Array, targets: Array, opts: CosineOptions = {}): Array {
  const { epsilon, axis, where } = options("cosineSimilarity", opts, COSINE_DEFAULTS);
  checkFloat("cosineSimilarity", predictions, "predictions");
  checkFloat("cosineSimilarity", targets, "targets");
  const maskFor = (x: Array) => (where ? np.broadcastTo(np.asarray(where).astype("bool"), x.shape) : null);
  const norm = (x: Array) => np.sqrt(np.maximum(sumWhere(np.square(x), axis, maskFor(x), true), epsilon));
  const unitProduct = np.multiply(np.divide(predictions, norm(predictions)), np.divide(targets, norm(targets)));
  return sumWhere(unitProduct, ax(axis), maskFor(unitProduct));
}

/**
 * `1 - cosineSimilarity`.
 *
 * @example
 * cosineDistance(np.array([[1, 0]]), np.array([[0, 1]])); // [1]
 */
export function cosineDistance(predictions: Array, targets: Array, opts: CosineOptions = {}): Array {
  return np.subtract(1, cosineSimilarity(predictions, targets, options("cosineDistance", opts, COSINE_DEFAULTS)));
}
