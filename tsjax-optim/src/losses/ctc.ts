/** Connectionist temporal classification (CTC) loss, as optax `ctc_loss`. */
import { type Array, lax, nn, np } from "tsjax-core";
import { options } from "../options.js";

/** `log(exp(a) + exp(b))`, stable and with the right gradient at ties. */
function logaddexp(a: Array, b: Array): Array {
  return nn.logsumexp(np.stack([a, b]), 0);
}

/**
 * CTC loss (Graves et al. 2006), computed with the forward (alpha) recursion in log space and
 * scanned over time with `lax.scan`; same semantics as optax `ctc_loss`.
 *
 * `logits` are unnormalized scores `[B, T, K]` (log-softmax is applied here), `logitPaddings`
 * `[B, T]` is 1 on padded frames (padding at the end of each sequence), `labels` are int32 class
 * ids `[B, N]` and `labelPaddings` `[B, N]` is 1 on padded label positions. Returns the
 * per-sequence negative log-likelihood `-log p(labels | logits)`, shape `[B]`. Consecutive
 * repeated labels must be separated by a blank in an alignment. `logEpsilon` stands in for
 * `log(0)` (kept finite so gradients stay finite); impossible alignments give a loss of about
 * `-logEpsilon`.
 *
 * @example
 * const logits = random.normal(key, [2, 10, 5]);      // [B, T, K]
 * const logitPaddings = np.zeros([2, 10]);
 * const labels = np.array([[1, 2, 2], [3, 4, 0]], { dtype: "int32" });
 * const labelPaddings = np.array([[0, 0, 0], [0, 0, 1]], { dtype: "float32" });
 * ctcLoss(logits, logitPaddings, labels, labelPaddings).mean(); // blank id 0
 */
export function ctcLoss(
  logits: Array,
  logitPaddings: Array,
  labels: Array,
  labelPaddings: Array,
  opts: { blankId?: number; logEpsilon?: number } = {},
): Array {
  return ctcLossWithForwardProbs(logits, logitPaddings, labels, labelPaddings, options("ctcLoss", opts, CTC_DEFAULTS))[0];
}

const CTC_DEFAULTS = { blankId: 0, logEpsilon: -1e5 };

/**
 * `ctcLoss` with the forward probabilities: returns `[loss [B], logalphaPhi [T, B, N + 1],
 * logalphaEmit [T, B, N]]`, the log-probabilities of being in each blank (phi) or label (emit)
 * state after each frame (optax `ctc_loss_with_forward_probs`).
 *
 * @example
 * const [loss, logalphaPhi, logalphaEmit] = ctcLossWithForwardProbs(logits, logitPaddings, labels, labelPaddings);
 */
export function ctcLossWithForwardProbs(
  logits: Array,
  logitPaddings: Array,
  labels: Array,
  labelPaddings: Array,
  opts: { blankId?: number; logEpsilon?: number } = {},
): [Array, Array, Array] {
  const op = "ctcLoss";
  const { blankId, logEpsilon } = options("ctcLossWithForwardProbs", opts, CTC_DEFAULTS);
  if (logits.ndim !== 3) throw new RangeError(`${op}: logits must have shape [B, T, K], got [${logits.shape.join(",")}].`);
  const [B, T, K] = logits.shape as [number, number, number];
  if (logitPaddings.shape.join(",") !== `${B},${T}`) throw new RangeError(`${op}: logitPaddings of shape [${logitPaddings.shape.join(",")}] must be [${B},${T}].`);
  if (labels.ndim !== 2 || labels.shape[0] !== B) throw new RangeError(`${op}: labels of shape [${labels.shape.join(",")}] must be [${B}, N].`);
  if (labels.dtype !== "int32" && labels.dtype !== "uint32") throw new TypeError(`${op}: labels must be integers, got ${labels.dtype}.`);
  if (labelPaddings.shape.join(",") !== labels.shape.join(",")) throw new RangeError(`${op}: labelPaddings of shape [${labelPaddings.shape.join(",")}] must match labels [${labels.shape.join(",")}].`);
  if (!Number.isInteger(blankId) || blankId < 0 || blankId >= K) throw new RangeError(`${op}: blankId ${blankId} is out of range for ${K} classes.`);
  const N = labels.shape[1]!;

  const logprobs = nn.logSoftmax(logits, -1);
  const labelLens = np.subtract(N, np.sum(labelPaddings, 1).astype("int32")).astype("int32"); // [B]

  // repeat[b, n] = 1 when labels[b, n] == labels[b, n + 1].
  const rep = N > 1 ? np.equal(labels.get(":", ":-1"), labels.get(":", "1:")).astype("float32") : np.zeros([B, 0], { dtype: "float32" });
  const repeat = np.concatenate([rep, np.zeros([B, 1], { dtype: "float32" })], 1); // [B, N]

  const logprobsPhi = np.transpose(logprobs.get(":", ":", `${blankId}:${blankId + 1}`), [1, 0, 2]); // [T, B, 1]
  const oneHot = nn.oneHot(labels, K, { dtype: logprobs.dtype }); // [B, N, K]
  const logprobsEmit = np.transpose(np.matmul(logprobs, np.transpose(oneHot, [0, 2, 1])), [1, 0, 2]); // [T, B, N]

  const phiInit = np.concatenate([np.zeros([B, 1], { dtype: logprobs.dtype }), np.full([B, N], logEpsilon, { dtype: logprobs.dtype })], 1); // [B, N+1]
  const emitInit = np.full([B, N], logEpsilon, { dtype: logprobs.dtype }); // [B, N]

  // Adds `added` to phi[:, 1:] in log space.
  const updatePhi = (phi: Array, added: Array): Array => np.concatenate([phi.get(":", ":1"), logaddexp(phi.get(":", "1:"), added)], 1);

  const body = (prev: [Array, Array], x: [Array, Array, Array]): [[Array, Array], [Array, Array]] => {
    const [prevPhiOrig, prevEmit] = prev;
    const [lpEmit, lpPhi, padT] = x;
    // emit-to-phi epsilon transition, except when the next label repeats.
    const prevPhi = updatePhi(prevPhiOrig, np.add(prevEmit, np.multiply(logEpsilon, repeat)));
    // phi-to-emit and emit self-loop.
    let nextEmit = logaddexp(np.add(prevPhi.get(":", ":-1"), lpEmit), np.add(prevEmit, lpEmit));
    // blank self-loop.
    let nextPhi = np.add(prevPhi, lpPhi);
    // emit-to-phi via a blank, only when the next label repeats.
    nextPhi = updatePhi(nextPhi, np.add(np.add(prevEmit, lpPhi), np.multiply(logEpsilon, np.subtract(1, repeat))));
    // padded frames leave alpha unchanged.
    const pad = padT.reshape([B, 1]);
    const keep = np.subtract(1, pad);
    nextEmit = np.add(np.multiply(pad, prevEmit), np.multiply(keep, nextEmit));
    nextPhi = np.add(np.multiply(pad, prevPhiOrig), np.multiply(keep, nextPhi));
    return [[nextPhi, nextEmit], [nextPhi, nextEmit]];
  };

  const xs: [Array, Array, Array] = [logprobsEmit, logprobsPhi, np.transpose(logitPaddings.astype(logprobs.dtype), [1, 0])];
  const [[phiLast0, emitLast], [phis, emits]] = lax.scan(body, [phiInit, emitInit] as [Array, Array], xs);
  // last epsilon transition: end either on the last label or on the trailing blank.
  const phiLast = updatePhi(phiLast0, emitLast); // [B, N+1]
  const logalphaPhi = np.concatenate([phis.get(":-1"), np.expandDims(phiLast, 0)], 0);
  return [np.negative(np.takeAlongAxis(phiLast, np.expandDims(labelLens, 1), 1).squeeze(1)), logalphaPhi, emits];
}
