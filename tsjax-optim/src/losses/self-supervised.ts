/** Self-supervised and metric-learning losses: `ntxent`, `tripletMarginLoss`. */
import { type Array, type ArrayLike, np, stopGradient } from "tsjax-core";
import { options } from "../options.js";
import { intPow } from "../tree-math.js";
import { cosineSimilarity } from "./regression.js";
import { checkFloat } from "./util.js";

/**
 * The normalized temperature-scaled cross entropy (NT-Xent, SimCLR) of `embeddings` [B, D]
 * whose `labels` [B] mark the positive pairs.
 *
 * @example
 * ntxent(embeddings, np.array([0, 0, 1, 1], { dtype: "int32" }));
 */
export function ntxent(embeddings: Array, labels: Array, opts: { temperature?: ArrayLike } = {}): Array {
  const { temperature } = options("ntxent", opts, { temperature: 0.07 as ArrayLike });
  checkFloat("ntxent", embeddings, "embeddings");
  if (labels.shape[0] !== embeddings.shape[0]) throw new RangeError(`ntxent: labels and embeddings must have the same leading dimension, got ${labels.shape[0]} and ${embeddings.shape[0]}.`);
  const n = embeddings.shape[0]!;
  const xcs = np.divide(cosineSimilarity(np.expandDims(embeddings, 0), np.expandDims(embeddings, 1), { epsilon: 1.1920928955078125e-7 }), temperature);
  const same = np.equal(np.expandDims(labels, 1), np.expandDims(labels, 0));
  const diffs = np.logicalNot(same);
  const matches = np.logicalAnd(same, np.logicalNot(np.eye(n).astype("bool")));
  const xd = np.where(diffs, xcs, -Infinity), xm = np.where(matches, xcs, -Infinity);
  const xmax = stopGradient(np.concatenate([xd, xm], -1).max(1, { keepdims: true }));
  const sd = np.subtract(xd, xmax), sm = np.subtract(xm, xmax);
  const denom = np.add(np.exp(sd).sum(1, { keepdims: true }), np.exp(sm));
  const logSoftmax = np.subtract(sm, np.log(denom));
  return np.divide(np.negative(np.where(matches, logSoftmax, 0).sum()), matches.astype("float32").sum());
}

/**
 * Triplet margin loss: `max(d(anchor, positive) - d(anchor, negative) + margin, 0)` with
 * `d(x, y) = (sum((x - y) ** normDegree, axis) + eps) ** (1 / normDegree)`.
 *
 * @example
 * tripletMarginLoss(anchors, positives, negatives, { margin: 1 });
 */
export function tripletMarginLoss(anchors: Array, positives: Array, negatives: Array, opts: { axis?: number; normDegree?: number; margin?: ArrayLike; eps?: ArrayLike } = {}): Array {
  const { axis, normDegree, margin, eps } = options("tripletMarginLoss", opts, { axis: -1, normDegree: 2, margin: 1 as ArrayLike, eps: 1e-6 as ArrayLike });
  for (const [x, name] of [[anchors, "anchors"], [positives, "positives"], [negatives, "negatives"]] as const) checkFloat("tripletMarginLoss", x, name);
  const dist = (a: Array, b: Array) => np.power(np.add(intPow(np.subtract(a, b), normDegree).sum(axis), eps), 1 / normDegree);
  return np.maximum(np.add(np.subtract(dist(anchors, positives), dist(anchors, negatives)), margin), 0);
}
