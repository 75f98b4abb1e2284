/** Ranking losses: `rankingSoftmaxLoss`. */
import { type Array, nn, np } from "tsjax-core";
import { options } from "../options.js";
import { checkFloat } from "./util.js";

/** How `rankingSoftmaxLoss` reduces the per-list losses. */
export type RankingReduce = "mean" | "sum" | null | ((loss: Array, where: Array | null) => Array);

/**
 * Ranking softmax loss (ListNet): the softmax cross entropy of each list of `logits` [..., N]
 * against its relevance `labels`, with optional `where` (items to include) and `weights`
 * (per-item label weights), reduced by `reduceFn` ("mean" by default, "sum", null for the
 * per-list losses, or a function).
 *
 * @example
 * rankingSoftmaxLoss(scores, relevance); // a scalar, the mean over lists
 */
export function rankingSoftmaxLoss(logits: Array, labels: Array, opts: { where?: Array | null; weights?: Array | null; reduceFn?: RankingReduce } = {}): Array {
  const { where, weights, reduceFn } = options("rankingSoftmaxLoss", opts, { where: null as Array | null, weights: null as Array | null, reduceFn: "mean" as RankingReduce });
  checkFloat("rankingSoftmaxLoss", logits, "logits");
  let l = labels.astype(logits.dtype);
  let x = logits;
  const mask = where ? np.broadcastTo(np.asarray(where).astype("bool"), logits.shape) : null;
  if (mask) {
    l = np.where(mask, l, 0);
    x = np.where(mask, x, -Infinity);
  }
  if (weights) l = np.multiply(l, weights);
  const ce = np.multiply(l, nn.logSoftmax(x, -1));
  const loss = np.negative((mask ? np.where(mask, ce, 0) : ce).sum(-1));
  const listMask = mask ? mask.any(-1) : null;
  if (reduceFn === null) return listMask ? np.where(listMask, loss, 0) : loss;
  if (reduceFn === "sum") return (listMask ? np.where(listMask, loss, 0) : loss).sum();
  if (reduceFn === "mean") {
    const out = listMask ? np.divide(np.where(listMask, loss, 0).sum(), listMask.astype(loss.dtype).sum()) : loss.mean();
    const inputValid = np.logicalNot(np.isnan(loss).any());
    return np.where(np.logicalAnd(np.isnan(out), inputValid), 0, out);
  }
  if (typeof reduceFn === "function") return reduceFn(loss, listMask);
  throw new RangeError(`rankingSoftmaxLoss: reduceFn must be "mean", "sum", null or a function, got ${String(reduceFn)}.`);
}
