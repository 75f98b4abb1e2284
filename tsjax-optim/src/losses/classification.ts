/** Classification losses. Per-example values, as optax (take the mean yourself). */
import { type Array, nn, np } from "tsjax-core";

function sameShape(op: string, a: Array, b: Array, an: string, bn: string): void {
  if (a.shape.join(",") !== b.shape.join(",")) throw new RangeError(`${op}: ${an} of shape [${a.shape.join(",")}] and ${bn} of shape [${b.shape.join(",")}] differ.`);
}

/**
 * `-sum(labels * logSoftmax(logits), axis)` (labels are probabilities).
 *
 * @example
 * softmaxCrossEntropy(logits, nn.oneHot(labels, 10)); // shape [batch]
 */
export function softmaxCrossEntropy(logits: Array, labels: Array, opts: { axis?: number } = {}): Array {
  sameShape("softmaxCrossEntropy", logits, labels, "logits", "labels");
  const axis = opts.axis ?? -1;
  return np.negative(np.multiply(labels, nn.logSoftmax(logits, axis)).sum(axis));
}

/**
 * Cross entropy with integer class labels: `logsumexp(logits) - logits[label]`.
 *
 * @example
 * softmaxCrossEntropyWithIntegerLabels(logits, labels).mean(); // logits [B, C], labels int32 [B]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: Array, labels: Array, opts: { axis?: number } = {}): Array {
  const op = "softmaxCrossEntropyWithIntegerLabels";
  const axis = opts.axis ?? -1;
  const ax = axis < 0 ? axis + logits.ndim : axis;
  if (ax < 0 || ax >= logits.ndim) throw new RangeError(`${op}: axis ${axis} is out of range for logits of rank ${logits.ndim}.`);
  const expected = logits.shape.filter((_, i) => i !== ax);
  if (labels.shape.join(",") !== expected.join(",")) {
    throw new RangeError(`${op}: labels of shape [${labels.shape.join(",")}] do not match logits of shape [${logits.shape.join(",")}] (expected [${expected.join(",")}]).`);
  }
  if (labels.dtype !== "int32" && labels.dtype !== "uint32") throw new TypeError(`${op}: labels must be integers, got ${labels.dtype}.`);
  const labelLogits = np.takeAlongAxis(logits, np.expandDims(labels, ax), ax).squeeze(ax);
  return np.subtract(nn.logsumexp(logits, ax), labelLogits);
}

/**
 * Binary cross entropy from logits: `-labels * logSigmoid(x) - (1 - labels) * logSigmoid(-x)`.
 *
 * @example
 * sigmoidBinaryCrossEntropy(np.array([0]), np.array([1])); // [0.6931]
 */
export function sigmoidBinaryCrossEntropy(logits: Array, labels: Array): Array {
  const logP = nn.logSigmoid(logits);
  const logNotP = nn.logSigmoid(np.negative(logits));
  return np.subtract(np.negative(np.multiply(labels, logP)), np.multiply(np.subtract(1, labels), logNotP));
}

/**
 * Focal loss (Lin et al.): `ce * (1 - p_t) ** gamma`, weighted by `alpha` when given.
 *
 * @example
 * sigmoidFocalLoss(logits, labels, { alpha: 0.25, gamma: 2 });
 */
export function sigmoidFocalLoss(logits: Array, labels: Array, opts: { alpha?: number | null; gamma?: number } = {}): Array {
  const { alpha = null, gamma = 2 } = opts;
  const p = nn.sigmoid(logits);
  const ce = sigmoidBinaryCrossEntropy(logits, labels);
  const pt = np.add(np.multiply(p, labels), np.multiply(np.subtract(1, p), np.subtract(1, labels)));
  const loss = np.multiply(ce, np.power(np.subtract(1, pt), gamma));
  if (alpha === null) return loss;
  return np.multiply(np.add(np.multiply(alpha, labels), np.multiply(1 - alpha, np.subtract(1, labels))), loss);
}

/**
 * `max(0, 1 - predictorOutputs * targets)` with targets in {-1, 1}.
 *
 * @example
 * hingeLoss(np.array([0.5, 2]), np.array([1, 1])); // [0.5, 0]
 */
export function hingeLoss(predictorOutputs: Array, targets: Array): Array {
  return np.maximum(0, np.subtract(1, np.multiply(predictorOutputs, targets)));
}

/**
 * Label smoothing: `(1 - alpha) * labels + alpha / numCategories`.
 *
 * @example
 * smoothLabels(nn.oneHot(labels, 10), 0.1);
 */
export function smoothLabels(labels: Array, alpha: number): Array {
  const n = labels.shape[labels.ndim - 1]!;
  return np.add(np.multiply(1 - alpha, labels), alpha / n);
}
