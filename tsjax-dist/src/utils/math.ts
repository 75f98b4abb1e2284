/** Numerically careful helpers, as distrax's `utils/math.py`. @internal */
import { type Array, type ArrayLike, nn, np, special, stopGradient } from "tsjax-core";

/** `x * y`, and 0 where `y == 0` even if `x` is infinite or NaN (TF's `multiply_no_nan`). */
export function multiplyNoNan(x: Array, y: ArrayLike): Array {
  const prod = np.multiply(x, y);
  return np.where(np.equal(y, 0), np.zerosLike(prod), prod);
}

/** `x * exp(logp)`, and 0 (with zero gradient) where `exp(logp) == 0`, even if `x` is not finite. */
export function mulExp(x: Array, logp: Array): Array {
  const p = np.exp(logp);
  return np.where(np.equal(p, 0), 0, x).mul(p);
}

/** `log(exp(big) - exp(small))` for `small <= big`, without overflow. */
export function logExpbigMinusExpsmall(big: Array, small: Array): Array {
  return big.add(np.log1p(np.exp(small.sub(big)).neg()));
}

/** `log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b)`. */
export function logBeta(a: Array, b: Array): Array {
  return special.lgamma(a).add(special.lgamma(b)).sub(special.lgamma(a.add(b)));
}

/** The log of the multivariate beta function along the last axis. */
export function logBetaMultivariate(a: Array): Array {
  return special.lgamma(a).sum(-1).sub(special.lgamma(a.sum(-1)));
}

/** Sums the last `ndims` axes. */
export function sumLast(x: Array, ndims: number): Array {
  if (ndims === 0) return x;
  return x.sum(globalThis.Array.from({ length: ndims }, (_, i) => x.ndim - 1 - i));
}

/** `log(exp(a) + exp(b))`, stable for large and infinite arguments. */
export function logaddexp(a: Array, b: Array): Array {
  const m = np.maximum(a, b);
  const safeM = stopGradient(np.where(np.isfinite(m), m, 0));
  const sum = np.exp(a.sub(safeM)).add(np.exp(b.sub(safeM)));
  return np.where(np.isfinite(m), np.log(sum).add(safeM), m);
}

/** Log-probabilities from logits (log-softmax) or probabilities normalized to sum to one. */
export function normalizeLogits(logits: Array): Array {
  return nn.logSoftmax(logits, -1);
}

/** Probabilities divided by their sum along the last axis. */
export function normalizeProbs(probs: Array): Array {
  return probs.div(probs.sum(-1, { keepdims: true }));
}
