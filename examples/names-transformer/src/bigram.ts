/** The baseline: a bigram model (next character given the previous one) counted on the training names. */
import { BOUNDARY, type Vocabulary } from "./data.js";

/** Pairs (previous token, next token) of each name, boundaries included: `.a`, `ab`, ..., `z.`. */
function pairs(name: string, vocab: Vocabulary): [number, number][] {
  const tokens = [BOUNDARY, ...[...name].map((c) => vocab.index.get(c)!), BOUNDARY];
  return tokens.slice(1).map((t, i) => [tokens[i]!, t]);
}

/**
 * The bigram's validation loss in nats per character (the end of each name counts as one),
 * with add-`alpha` smoothing; the smoothing that does best on the validation names is used,
 * so the baseline is as strong as a bigram model gets.
 *
 * @example
 * const { nats, alpha } = bigramBaseline(train, validation, vocab);
 */
export function bigramBaseline(train: string[], validation: string[], vocab: Vocabulary): { nats: number; alpha: number } {
  const v = vocab.size;
  const counts = new Float64Array(v * v);
  for (const name of train) for (const [a, b] of pairs(name, vocab)) counts[a * v + b]! += 1;
  const rowTotals = Array.from({ length: v }, (_, a) => counts.subarray(a * v, a * v + v).reduce((s, c) => s + c, 0));
  let best = { nats: Infinity, alpha: 0 };
  for (const alpha of [0.01, 0.03, 0.1, 0.3, 1]) {
    let nll = 0;
    let n = 0;
    for (const name of validation) {
      for (const [a, b] of pairs(name, vocab)) {
        nll -= Math.log((counts[a * v + b]! + alpha) / (rowTotals[a]! + alpha * v));
        n++;
      }
    }
    if (nll / n < best.nats) best = { nats: nll / n, alpha };
  }
  return best;
}
