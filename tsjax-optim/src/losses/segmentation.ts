/** Segmentation losses: `diceLoss`, `multiclassGeneralizedDiceLoss`, `binaryDiceLoss`. */
import { type Array, type ArrayLike, nn, np } from "tsjax-core";
import { options } from "../options.js";

/** Options of `diceLoss`. */
export interface DiceLossOptions {
  /** Per-class weights [C] (default none). */
  classWeights?: Array | null;
  /** Added to the numerator and the denominator (default 1). */
  smooth?: ArrayLike;
  /** Weight of false positives (Tversky; default 0.5). */
  alpha?: ArrayLike;
  /** Weight of false negatives (Tversky; default 0.5). */
  beta?: ArrayLike;
  /** Turn logits into probabilities (softmax over classes, or sigmoid for one class; default true). */
  applySoftmax?: boolean;
  /** "mean" over classes (default), "sum", or "none". */
  reduction?: "mean" | "sum" | "none";
  /** Drop class 0 (default false). */
  ignoreBackground?: boolean;
  /** The spatial axes summed over (default: all but the first and the last). */
  axis?: readonly number[] | number | null;
}

const DICE_DEFAULTS = {
  classWeights: null as Array | null, smooth: 1 as ArrayLike, alpha: 0.5 as ArrayLike, beta: 0.5 as ArrayLike, applySoftmax: true,
  reduction: "mean" as "mean" | "sum" | "none", ignoreBackground: false, axis: null as readonly number[] | number | null,
};

function reduce(x: Array, reduction: string): Array {
  if (reduction === "mean") return x.mean(-1);
  if (reduction === "sum") return x.sum(-1);
  if (reduction === "none") return x;
  throw new RangeError(`diceLoss: reduction must be "mean", "sum" or "none", got ${reduction}.`);
}

/**
 * Dice (Tversky) loss of `predictions` [B, ..., C] (logits unless `applySoftmax` is false)
 * against one-hot `targets` of the same shape, per example (reduced over classes).
 *
 * @example
 * diceLoss(logits, nn.oneHot(masks, 4)); // [B]
 */
export function diceLoss(predictions: Array, targets: Array, opts: DiceLossOptions = {}): Array {
  const o = options("diceLoss", opts, DICE_DEFAULTS);
  let p = predictions, t = targets;
  if (p.ndim === t.ndim - 1) p = np.expandDims(p, -1);
  if (t.ndim === p.ndim - 1) t = np.expandDims(t, -1);
  if (p.shape.join(",") !== t.shape.join(",")) throw new RangeError(`diceLoss: predictions of shape [${predictions.shape.join(",")}] and targets of shape [${targets.shape.join(",")}] differ.`);
  const probs = o.applySoftmax ? (p.shape[p.ndim - 1] === 1 ? nn.sigmoid(p) : nn.softmax(p, -1)) : p;
  const axes = o.axis === null ? [...globalThis.Array(Math.max(probs.ndim - 2, 0)).keys()].map((k) => k + 1) : typeof o.axis === "number" ? [o.axis] : [...o.axis];
  const intersection = np.multiply(probs, t).sum(axes);
  const predSum = probs.sum(axes), targetSum = t.sum(axes);
  const denominator = np.add(np.add(np.add(intersection, np.multiply(o.alpha, np.subtract(predSum, intersection))), np.multiply(o.beta, np.subtract(targetSum, intersection))), o.smooth);
  let dice = np.subtract(1, np.divide(np.add(intersection, o.smooth), denominator));
  if (o.classWeights) {
    if (o.classWeights.ndim !== 1) throw new RangeError(`diceLoss: classWeights must have rank 1, got shape [${o.classWeights.shape.join(",")}].`);
    dice = np.multiply(dice, o.classWeights);
  }
  if (o.ignoreBackground && probs.shape[probs.ndim - 1]! > 1) dice = dice.get("...", "1:");
  return reduce(dice, o.reduction);
}

/**
 * Generalized Dice loss (Sudre et al., 2017): classes weighted by the inverse square of their
 * frequency in `targets`; the mean over examples and classes.
 *
 * @example
 * multiclassGeneralizedDiceLoss(logits, oneHotTargets);
 */
export function multiclassGeneralizedDiceLoss(predictions: Array, targets: Array, opts: { smooth?: ArrayLike; applySoftmax?: boolean; ignoreBackground?: boolean } = {}): Array {
  const { smooth, applySoftmax, ignoreBackground } = options("multiclassGeneralizedDiceLoss", opts, { smooth: 1 as ArrayLike, applySoftmax: true, ignoreBackground: false });
  if (predictions.shape.join(",") !== targets.shape.join(",")) throw new RangeError(`multiclassGeneralizedDiceLoss: predictions of shape [${predictions.shape.join(",")}] and targets of shape [${targets.shape.join(",")}] differ.`);
  const freq = targets.sum([...globalThis.Array(targets.ndim - 1).keys()]);
  let w = np.divide(1, np.add(np.square(freq), 1e-7));
  w = np.multiply(np.divide(w, w.sum()), w.shape[0]!);
  return diceLoss(predictions, targets, { classWeights: w, smooth, applySoftmax, reduction: "none", ignoreBackground }).mean();
}

/**
 * Binary Dice loss of logits (or probabilities when `applySigmoid` is false), averaged.
 *
 * @example
 * binaryDiceLoss(logits, masks); // [B, H, W] each
 */
export function binaryDiceLoss(predictions: Array, targets: Array, opts: { smooth?: ArrayLike; applySigmoid?: boolean } = {}): Array {
  const { smooth, applySigmoid } = options("binaryDiceLoss", opts, { smooth: 1 as ArrayLike, applySigmoid: true });
  let p = predictions, t = targets;
  if (p.ndim === t.ndim && p.shape[p.ndim - 1] !== 1) {
    p = np.expandDims(p, -1);
    t = np.expandDims(t, -1);
  }
  return diceLoss(p, t, { smooth, applySoftmax: applySigmoid, reduction: "mean" });
}
