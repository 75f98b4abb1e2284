/** Gradient clipping: `clip`, `clipByGlobalNorm`, `clipByBlockRms`, `adaptiveGradClip`, per-example clipping. */
import { type Array, type ArrayLike, np, tree, vmap } from "tsjax-core";
import { type EmptyState, type GradientTransformation, type Hyper, gradientTransformation, initEmptyState, statelessMap } from "../base.js";
import { defineSignature, options } from "../options.js";
import { treeClip, treeNorm } from "../tree-math.js";
import { checkHyper } from "../validate.js";

/** State of `clip` (optax `ClipState`): empty. */
export type ClipState = EmptyState;
/** State of `clipByGlobalNorm` (optax `ClipByGlobalNormState`): empty. */
export type ClipByGlobalNormState = EmptyState;
/** State of `adaptiveGradClip` (optax `AdaptiveGradClipState`): empty. */
export type AdaptiveGradClipState = EmptyState;

/**
 * Clips each update element to `[-maxDelta, maxDelta]`.
 *
 * @example
 * const opt = chain(clip(1.0), sgd(0.1));
 */
export function clip(maxDelta: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clip", "maxDelta", maxDelta, { nonNegative: true });
  return gradientTransformation<EmptyState>(initEmptyState, (updates, state) => [treeClip(updates, np.negative(maxDelta), maxDelta), state]);
}
defineSignature(clip, ["maxDelta"]);

/**
 * Rescales all updates so that their global L2 norm is at most `maxNorm`.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1.0), adamw(1e-3));
 */
export function clipByGlobalNorm(maxNorm: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clipByGlobalNorm", "maxNorm", maxNorm, { positive: true });
  return gradientTransformation<EmptyState>(initEmptyState, (updates, state) => {
    const g = treeNorm(updates);
    const trigger = g.lt(maxNorm);
    return [tree.map((t: Array) => np.where(trigger, t, np.multiply(np.divide(t, g.astype(t.dtype)), maxNorm)), updates), state];
  });
}
defineSignature(clipByGlobalNorm, ["maxNorm"]);

/**
 * Clips each update leaf so that its root mean square is at most `threshold`.
 *
 * @example
 * const opt = chain(clipByBlockRms(1.0), sgd(0.1));
 */
export function clipByBlockRms(threshold: Hyper): GradientTransformation<EmptyState> {
  checkHyper("clipByBlockRms", "threshold", threshold, { positive: true });
  return statelessMap((u) => np.divide(u, np.maximum(1, np.divide(np.sqrt(np.square(u).mean()), threshold))));
}
defineSignature(clipByBlockRms, ["threshold"]);

/** Options of `unitwiseNorm`. */
export interface UnitwiseNormOptions {
  /** The axes to reduce (default: all for vectors; 0 for rank 2 and 3; all but the last for rank 4 and 5). */
  axis?: number | readonly number[] | null;
}

/**
 * The norm of each unit of `x`, broadcast to `x`'s shape (optax `unitwise_norm`): over all
 * elements for scalars and vectors, over axis 0 for matrices and rank-3 arrays (units are
 * output columns), over all but the last axis for convolution kernels of rank 4 and 5.
 *
 * @example
 * unitwiseNorm(w); // [in, out] -> the norm of each column, broadcast
 */
export function unitwiseNorm(x: Array, opts: UnitwiseNormOptions = {}): Array {
  const { axis } = options("unitwiseNorm", opts, { axis: null as UnitwiseNormOptions["axis"] });
  const sq = np.square(x);
  let s: Array;
  if (axis !== null && axis !== undefined) s = sq.sum(typeof axis === "number" ? axis : [...axis], { keepdims: true });
  else if (x.shape.filter((d) => d !== 1).length <= 1) s = sq.sum(null, { keepdims: true });
  else if (x.ndim === 2 || x.ndim === 3) s = sq.sum(0, { keepdims: true });
  else if (x.ndim === 4) s = sq.sum([0, 1, 2], { keepdims: true });
  else if (x.ndim === 5) s = sq.sum([0, 1, 2, 3], { keepdims: true });
  else throw new RangeError(`unitwiseNorm: expected a parameter of rank 1 to 5, got shape [${x.shape.join(",")}]; pass axis to choose the reduced axes.`);
  return np.broadcastTo(np.sqrt(s), x.shape);
}

/**
 * `grad` where `gNorm < maxNorm`, else `grad * maxNorm / max(gNorm, divEps)` (optax `unitwise_clip`).
 *
 * @example
 * const clipped = unitwiseClip(unitwiseNorm(g), np.fullLike(g, 1), g);
 */
export function unitwiseClip(gNorm: Array, maxNorm: Array, grad: Array, opts: { divEps?: Hyper } = {}): Array {
  const { divEps } = options("unitwiseClip", opts, { divEps: 1e-6 as Hyper });
  const same = (a: Array, b: Array) => a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  if (!same(gNorm, maxNorm) || !same(gNorm, grad)) throw new RangeError(`unitwiseClip: gNorm [${gNorm.shape.join(",")}], maxNorm [${maxNorm.shape.join(",")}] and grad [${grad.shape.join(",")}] must have the same shape.`);
  return np.where(np.less(gNorm, maxNorm), grad, np.multiply(grad, np.divide(maxNorm, np.maximum(gNorm, divEps))));
}

/** Options of `adaptiveGradClip`. */
export interface AdaptiveGradClipOptions {
  /** Smallest parameter unit norm (default 1e-3). */
  eps?: Hyper;
  /** The axes of a unit (default: see `unitwiseNorm`). */
  axis?: number | readonly number[] | null;
}

const AGC_DEFAULTS = { eps: 1e-3 as Hyper, axis: null as AdaptiveGradClipOptions["axis"] };

/**
 * Adaptive gradient clipping (NFNets): clips each unit's gradient norm to
 * `clipping * max(||param unit||, eps)`.
 *
 * @example
 * const opt = chain(adaptiveGradClip(0.01), sgd(0.1));
 */
export function adaptiveGradClip(clipping: Hyper, opts: AdaptiveGradClipOptions = {}): GradientTransformation<EmptyState> {
  checkHyper("adaptiveGradClip", "clipping", clipping, { nonNegative: true });
  const { eps, axis } = options("adaptiveGradClip", opts, AGC_DEFAULTS);
  return statelessMap((g, p) => {
    const maxNorm = np.multiply(clipping, np.maximum(unitwiseNorm(p!, { axis }), eps));
    return unitwiseClip(unitwiseNorm(g, { axis }), maxNorm, g);
  }, true, "adaptiveGradClip");
}
defineSignature(adaptiveGradClip, ["clipping"], AGC_DEFAULTS);

function checkBatch(op: string, grads: unknown): void {
  const leaves = tree.leaves(grads) as Array[];
  const n = leaves[0]?.shape[0];
  if (!leaves.length || leaves.some((g) => g.ndim < 1 || g.shape[0] !== n)) {
    throw new RangeError(`${op}: expects grads with a batch dimension in axis 0 (the same size in every leaf); got shapes ${leaves.map((g) => `[${g.shape.join(",")}]`).join(", ")}.`);
  }
}

/**
 * Clips each example's gradient to global norm `l2NormClip` and sums them (DP-SGD). `grads`
 * have a batch axis 0; returns the clipped sum and the number of clipped examples.
 *
 * @example
 * const [sum, numClipped] = perExampleGlobalNormClip(perExampleGrads, 1.0);
 */
export function perExampleGlobalNormClip<T>(grads: T, l2NormClip: ArrayLike): [T, Array] {
  checkBatch("perExampleGlobalNormClip", grads);
  const norms = vmap((g: unknown) => treeNorm(g))(grads) as Array;
  const m = np.minimum(np.divide(l2NormClip, norms), 1);
  const multipliers = np.where(np.isnan(m), 1, m);
  const numClipped = np.less(multipliers, 1).astype("int32").sum();
  return [tree.map((g: Array) => np.tensordot(multipliers, g, 1), grads), numClipped];
}

/**
 * Per-layer version of `perExampleGlobalNormClip`: each leaf is clipped to its share of
 * `globalL2NormClip` (equal shares, or proportional to the square root of its size when
 * `uniform` is false). Returns the clipped sums and the clipped counts, each a tree.
 *
 * @example
 * const [sums, counts] = perExampleLayerNormClip(perExampleGrads, 1.0);
 */
export function perExampleLayerNormClip<T>(grads: T, globalL2NormClip: number, opts: { uniform?: boolean } = {}): [T, T] {
  const { uniform } = options("perExampleLayerNormClip", opts, { uniform: true });
  checkBatch("perExampleLayerNormClip", grads);
  const leaves = tree.leaves(grads) as Array[];
  const total = leaves.reduce((n, g) => n + g.size / g.shape[0]!, 0);
  const results = tree.map((g: Array) => {
    const share = uniform ? Math.sqrt(1 / leaves.length) : Math.sqrt(g.size / g.shape[0]! / total);
    return perExampleGlobalNormClip(g, globalL2NormClip * share);
  }, grads) as unknown;
  const isPair = (x: unknown) => globalThis.Array.isArray(x) && x.length === 2 && !globalThis.Array.isArray(x[0]);
  const [pairs, def] = tree.flatten(results, { isLeaf: isPair });
  return [tree.unflatten(def, (pairs as [Array, Array][]).map((p) => p[0])), tree.unflatten(def, (pairs as [Array, Array][]).map((p) => p[1]))];
}
