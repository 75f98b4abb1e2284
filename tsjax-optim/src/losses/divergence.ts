/** KL divergences and label smoothing. */
import { type Array, type ArrayLike, np } from "tsjax-core";
import { options } from "../options.js";
import { type LossAxis, ax, checkFloat, sumWhere } from "./util.js";

/** Options of the KL divergences. */
export interface KlOptions {
  /** The axis (or axes, or null for all) of the distributions (default -1). */
  axis?: LossAxis;
  /** Entries to include (default all). */
  where?: Array | null;
}

const KL_DEFAULTS = { axis: -1 as LossAxis, where: null as Array | null };
const mask = (where: Array | null, x: Array) => (where ? np.broadcastTo(np.asarray(where).astype("bool"), x.shape) : null);

/**
 * `sum(targets * (log(targets) - logPredictions), axis)`, with `0 log 0 = 0`.
 *
 * @example
 * klDivergence(nn.logSoftmax(logits), targetProbs);
 */
export function klDivergence(logPredictions: Array, targets: Array, opts: KlOptions = {}): Array {
  const { axis, where } = options("klDivergence", opts, KL_DEFAULTS);
  checkFloat("klDivergence", logPredictions, "logPredictions");
  checkFloat("klDivergence", targets, "targets");
  const zero = targets.eq(0);
  const logT = np.where(zero, 0, np.log(np.where(zero, 1, targets)));
  const loss = np.multiply(targets, np.subtract(logT, logPredictions));
  return sumWhere(loss, axis, mask(where, loss));
}

/**
 * KL divergence with targets given as log-probabilities.
 *
 * @example
 * klDivergenceWithLogTargets(nn.logSoftmax(logits), nn.logSoftmax(targetLogits));
 */
export function klDivergenceWithLogTargets(logPredictions: Array, logTargets: Array, opts: KlOptions = {}): Array {
  const { axis, where } = options("klDivergenceWithLogTargets", opts, KL_DEFAULTS);
  checkFloat("klDivergenceWithLogTargets", logPredictions, "logPredictions");
  checkFloat("klDivergenceWithLogTargets", logTargets, "logTargets");
  const loss = np.multiply(np.exp(logTargets), np.subtract(logTargets, logPredictions));
  return sumWhere(loss, axis, mask(where, loss));
}

/**
 * The generalized KL divergence, for unnormalized targets:
 * `klDivergence + sum(exp(logPredictions) - targets, axis)`.
 *
 * @example
 * generalizedKlDivergence(logPredictions, targets);
 */
export function generalizedKlDivergence(logPredictions: Array, targets: Array, opts: KlOptions = {}): Array {
  const { axis, where } = options("generalizedKlDivergence", opts, KL_DEFAULTS);
  const d = np.subtract(np.exp(logPredictions), targets);
  return np.add(klDivergence(logPredictions, targets, { axis, where }), sumWhere(d, axis, mask(where, d)));
}

/**
 * optax's deprecated name of `generalizedKlDivergence`.
 *
 * @example
 * convexKlDivergence(logPredictions, targets);
 */
export function convexKlDivergence(logPredictions: Array, targets: Array, opts: KlOptions = {}): Array {
  return generalizedKlDivergence(logPredictions, targets, options("convexKlDivergence", opts, KL_DEFAULTS));
}

/**
 * Label smoothing: `(1 - alpha) * labels + alpha / numCategories`, where the categories are
 * along `axis` (default -1), or those `where` includes.
 *
 * @example
 * smoothLabels(nn.oneHot(labels, 10), 0.1);
 */
export function smoothLabels(labels: Array, alpha: ArrayLike, opts: { axis?: LossAxis; where?: Array | null } = {}): Array {
  const { axis, where } = options("smoothLabels", opts, KL_DEFAULTS);
  checkFloat("smoothLabels", labels, "labels");
  let n: ArrayLike;
  if (where) n = np.asarray(where).astype("float32").sum(ax(axis), { keepdims: true });
  else {
    const axes = axis === null ? [...labels.shape.keys()] : (typeof axis === "number" ? [axis] : [...axis]).map((a) => (a < 0 ? a + labels.ndim : a));
    n = axes.reduce((p, a) => p * labels.shape[a]!, 1);
  }
  return np.add(np.multiply(typeof alpha === "number" ? 1 - alpha : np.subtract(1, alpha), labels), np.divide(alpha, n));
}
