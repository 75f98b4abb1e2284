/** `makeFenchelYoungLoss`: Fenchel-Young losses from a max function. */
import { type Array, np, vmap } from "tsjax-core";

/**
 * The Fenchel-Young loss of a regularized max function `maxFun` (a vector -> scalar function,
 * e.g. `logsumexp` for the cross entropy): `maxFun(scores) - <targets, scores>`, over the last
 * axis (optax `make_fenchel_young_loss`).
 *
 * @example
 * const ce = makeFenchelYoungLoss((x) => nn.logsumexp(x));
 * ce(logits, targets); // equals softmaxCrossEntropy(logits, targets)
 */
export function makeFenchelYoungLoss(maxFun: (scores: Array, ...args: any[]) => Array): (scores: Array, targets: Array, ...args: any[]) => Array {
  if (typeof maxFun !== "function") throw new TypeError("makeFenchelYoungLoss: expected a function of a vector.");
  return (scores, targets, ...args) => {
    const n = scores.shape[scores.ndim - 1]!;
    const lead = scores.shape.slice(0, -1);
    const rows = scores.reshape([-1, n]);
    const maxes = (vmap((r: Array) => maxFun(r, ...args)) as (x: Array) => Array)(rows).reshape(lead);
    return np.subtract(maxes, np.multiply(targets, scores).sum(-1));
  };
}
