/** Classification losses. Per-example values, as optax (take the mean yourself). */
import { type Array, type ArrayLike, customJvp, nn, np, vmap } from "tsjax-core";
import { options } from "../options.js";
import { type LossAxis, ax, checkFloat, maskLike, projectRowsOnSimplex, sameShape, sparsePlus, sumWhere } from "./util.js";

/** Options of the softmax cross entropies. */
export interface SoftmaxCrossEntropyOptions {
  /** The class axis (or axes) (default -1). */
  axis?: LossAxis;
  /** Classes to include (default all). */
  where?: Array | null;
}

const SCE_DEFAULTS = { axis: -1 as LossAxis, where: null as Array | null };

/**
 * `-sum(labels * logSoftmax(logits), axis)` (labels are probabilities); with `where`, only
 * over the included classes.
 *
 * @example
 * softmaxCrossEntropy(logits, nn.oneHot(labels, 10)); // shape [batch]
 */
export function softmaxCrossEntropy(logits: Array, labels: Array, opts: SoftmaxCrossEntropyOptions = {}): Array {
  const { axis, where } = options("softmaxCrossEntropy", opts, SCE_DEFAULTS);
  checkFloat("softmaxCrossEntropy", logits, "logits");
  const mask = where ? maskLike(where, logits, axis) : null;
  const logp = nn.logSoftmax(logits, { axis: ax(axis) ?? undefined, ...(mask ? { where: mask } : {}) });
  return np.negative(sumWhere(np.multiply(labels, logp), axis, mask ? np.broadcastTo(mask, logp.shape) : null));
}

/**
 * Cross entropy with integer class labels: `logsumexp(logits) - logits[label]`; with `where`,
 * the log-normalizer only sums the included classes (0 where none is).
 *
 * @example
 * softmaxCrossEntropyWithIntegerLabels(logits, labels).mean(); // logits [B, C], labels int32 [B]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: Array, labels: Array, opts: SoftmaxCrossEntropyOptions = {}): Array {
  const op = "softmaxCrossEntropyWithIntegerLabels";
  const { axis, where } = options(op, opts, SCE_DEFAULTS);
  checkFloat(op, logits, "logits");
  if (labels.dtype !== "int32" && labels.dtype !== "uint32") throw new TypeError(`${op}: labels must be integers, got ${labels.dtype}.`);
  if (axis === null) throw new TypeError(`${op}: axis must be a number or a list of numbers, got null.`);
  let x = logits;
  let mask = where ? maskLike(where, logits, axis) : null;
  let a: number;
  if (typeof axis === "number") {
    a = axis < 0 ? axis + x.ndim : axis;
    if (a < 0 || a >= x.ndim) throw new RangeError(`${op}: axis ${axis} is out of range for logits of rank ${x.ndim}.`);
  } else {
    // Several class axes: move them last and merge them, as optax.
    const classAxes = axis.map((k) => (k < 0 ? k + x.ndim : k));
    const batchAxes = [...globalThis.Array(x.ndim).keys()].filter((k) => !classAxes.includes(k));
    const perm = [...batchAxes, ...classAxes];
    const merge = (t: Array) => np.transpose(t, perm).reshape([...batchAxes.map((k) => x.shape[k]!), -1]);
    x = merge(x);
    if (mask) mask = merge(np.broadcastTo(mask, logits.shape));
    a = batchAxes.length;
  }
  const expected = x.shape.filter((_, i) => i !== a);
  if (labels.shape.join(",") !== expected.join(",")) throw new RangeError(`${op}: labels of shape [${labels.shape.join(",")}] do not match logits of shape [${logits.shape.join(",")}] (expected [${expected.join(",")}]).`);
  const labelLogits = np.takeAlongAxis(x, np.expandDims(labels, a), a).squeeze(a);
  const out = np.subtract(nn.logsumexp(x, { axis: a, ...(mask ? { where: np.broadcastTo(mask, x.shape) } : {}) }), labelLogits);
  return mask ? np.where(np.broadcastTo(mask, x.shape).any(a), out, 0) : out;
}

/** `where(weights != 0, weights * logSoftmax(x), 0)` with optax's custom derivative (finite where x is -inf). */
const weightedLogSoftmax = customJvp((x: Array, w: Array) => np.where(np.notEqual(w, 0), np.multiply(w, nn.logSoftmax(x, -1)), 0));
weightedLogSoftmax.defjvp(([x, w]: [Array, Array], [dx, dw]: [Array, Array]) => {
  const ls = nn.logSoftmax(x, -1);
  const out = np.where(np.notEqual(w, 0), np.multiply(w, ls), 0);
  const t = np.add(np.subtract(np.multiply(w, dx), np.multiply(w, np.multiply(dx, nn.softmax(x, -1)).sum(-1, { keepdims: true }))), np.multiply(dw, ls));
  return [out, t];
});

/**
 * Softmax cross entropy that stays finite where a logit is -Infinity and its label is 0
 * (optax `safe_softmax_cross_entropy`).
 *
 * @example
 * safeSoftmaxCrossEntropy(np.array([[0, -Infinity]]), np.array([[1, 0]])); // [0]
 */
export function safeSoftmaxCrossEntropy(logits: Array, labels: Array): Array {
  checkFloat("safeSoftmaxCrossEntropy", logits, "logits");
  return np.negative((weightedLogSoftmax(logits, labels) as Array).sum(-1));
}

/**
 * Binary cross entropy from logits: `-labels * logSigmoid(x) - (1 - labels) * logSigmoid(-x)`.
 *
 * @example
 * sigmoidBinaryCrossEntropy(np.array([0]), np.array([1])); // [0.6931]
 */
export function sigmoidBinaryCrossEntropy(logits: Array, labels: ArrayLike): Array {
  checkFloat("sigmoidBinaryCrossEntropy", logits, "logits");
  const l = np.asarray(labels).astype(logits.dtype);
  return np.subtract(np.multiply(np.negative(l), nn.logSigmoid(logits)), np.multiply(np.subtract(1, l), nn.logSigmoid(np.negative(logits))));
}

/**
 * Focal loss (Lin et al.): `ce * (1 - p_t) ** gamma`, weighted by `alpha` when given.
 *
 * @example
 * sigmoidFocalLoss(logits, labels, { alpha: 0.25, gamma: 2 });
 */
export function sigmoidFocalLoss(logits: Array, labels: ArrayLike, opts: { alpha?: ArrayLike | null; gamma?: ArrayLike } = {}): Array {
  const { alpha, gamma } = options("sigmoidFocalLoss", opts, { alpha: null as ArrayLike | null, gamma: 2 as ArrayLike });
  checkFloat("sigmoidFocalLoss", logits, "logits");
  const l = np.asarray(labels).astype(logits.dtype);
  const ce = sigmoidBinaryCrossEntropy(logits, l);
  const logs = np.stack([nn.logSigmoid(logits), nn.logSigmoid(np.negative(logits))], -1);
  const logOneMinusPt = nn.logsumexp(logs, { axis: -1, b: np.stack([np.subtract(1, l), l], -1) });
  const loss = np.multiply(ce, np.exp(np.multiply(gamma, logOneMinusPt)));
  if (alpha === null) return loss;
  return np.multiply(np.add(np.multiply(alpha, l), np.multiply(np.subtract(1, alpha), np.subtract(1, l))), loss);
}

/**
 * `max(0, 1 - predictorOutputs * targets)` with targets in {-1, 1}.
 *
 * @example
 * hingeLoss(np.array([0.5, 2]), np.array([1, 1])); // [0.5, 0]
 */
export function hingeLoss(predictorOutputs: Array, targets: ArrayLike): Array {
  return np.maximum(0, np.subtract(1, np.multiply(predictorOutputs, targets)));
}

/**
 * `max(0, -predictorOutputs * targets)` with targets in {-1, 1}.
 *
 * @example
 * perceptronLoss(np.array([0.5, -2]), np.array([1, 1])); // [0, 2]
 */
export function perceptronLoss(predictorOutputs: Array, targets: Array): Array {
  sameShape("perceptronLoss", predictorOutputs, targets, "predictorOutputs", "targets");
  return np.maximum(0, np.multiply(np.negative(predictorOutputs), targets));
}

/**
 * Binary sparsemax loss: `sparsePlus(labels ? -logits : logits)`.
 *
 * @example
 * sparsemaxLoss(np.array([0.5, -2]), np.array([1, 0]));
 */
export function sparsemaxLoss(logits: Array, labels: Array): Array {
  return sparsePlus(np.where(np.notEqual(labels, 0), np.negative(logits), logits));
}

const dotLast = (a: Array, b: Array) => np.multiply(a, b).sum(-1);

/**
 * Multiclass hinge loss: `max(scores + 1 - onehot(labels)) - scores[labels]`.
 *
 * @example
 * multiclassHingeLoss(scores, labels); // scores [B, K], labels int32 [B]
 */
export function multiclassHingeLoss(scores: Array, labels: Array): Array {
  const oneHot = nn.oneHot(labels, scores.shape[scores.ndim - 1]!);
  return np.subtract(np.subtract(np.add(scores, 1), oneHot).max(-1), dotLast(scores, oneHot));
}

/**
 * Multiclass perceptron loss: `max(scores) - scores[labels]`.
 *
 * @example
 * multiclassPerceptronLoss(scores, labels);
 */
export function multiclassPerceptronLoss(scores: Array, labels: Array): Array {
  const oneHot = nn.oneHot(labels, scores.shape[scores.ndim - 1]!);
  return np.subtract(scores.max(-1), dotLast(scores, oneHot));
}

/**
 * Multiclass sparsemax loss (Martins & Astudillo, 2016), per row of `scores` ([B, K], integer labels [B]).
 *
 * @example
 * multiclassSparsemaxLoss(scores, labels);
 */
export function multiclassSparsemaxLoss(scores: Array, labels: Array): Array {
  return vmap((s: Array, label: Array) => {
    const proba = projectRowsOnSimplex(s);
    const oneHot = nn.oneHot(label, s.shape[0]!);
    const shifted = np.where(np.greater(oneHot, 0), 0, np.subtract(s, np.multiply(s, oneHot).sum()));
    return np.add(np.vdot(proba, np.where(np.notEqual(proba, 0), shifted, 0)), np.multiply(0.5, np.subtract(1, np.vdot(proba, proba))));
  })(scores, labels) as Array;
}

/**
 * PolyLoss (Leng et al., 2022): softmax cross entropy plus `epsilon * sum(labels * (1 - p))`.
 *
 * @example
 * polyLossCrossEntropy(logits, labels, { epsilon: 2 });
 */
export function polyLossCrossEntropy(logits: Array, labels: Array, opts: { epsilon?: ArrayLike; axis?: LossAxis; where?: Array | null } = {}): Array {
  const { epsilon, axis, where } = options("polyLossCrossEntropy", opts, { epsilon: 2 as ArrayLike, axis: -1 as LossAxis, where: null as Array | null });
  checkFloat("polyLossCrossEntropy", logits, "logits");
  checkFloat("polyLossCrossEntropy", labels, "labels");
  const mask = where ? np.broadcastTo(maskLike(where, logits, axis), logits.shape) : null;
  const p = nn.softmax(logits, { axis: ax(axis) ?? undefined, ...(mask ? { where: mask } : {}) });
  const oneMinusPt = sumWhere(np.multiply(labels, np.subtract(1, p)), axis, mask);
  return np.add(softmaxCrossEntropy(logits, labels, { axis, where }), np.multiply(epsilon, oneMinusPt));
}
