/**
 * The confluent hypergeometric function 1F1, as `jax.scipy.special.hyp1f1`: its Taylor series
 * for |x| < 100 and the asymptotic expansion beyond (Pearson, Olver and Porter 2014), each summed
 * per element until the next term is below float32 epsilon relative to the sum (at most 250
 * terms); JAX's special cases (1 at a = 0, e^x at a = b, Infinity at b = 0) and JAX's
 * derivatives in a, b (series of digamma differences) and x (`a/b 1F1(a+1, b+1, x)`).
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { gammaF32 } from "./gamma-family.js";
import { polygammaCore } from "./digamma.js";
import { elementwiseWhile, floatCall, guard } from "./util.js";

const EPS = 1.1920929e-7;
const digamma = (x: Array) => polygammaCore(0)(x);

type S3 = [Array, Array, Array];

/** Sums `init + sum term_k (weight_k)` while the relative size of the term exceeds epsilon. */
function sumSeries(active: Array, init: S3, step: (k: Array, term: Array) => Array, weight: (k: Array, term: Array) => Array): Array {
  const [sum] = elementwiseWhile(
    (s: Array, k: Array, term: Array) => active.and(k.lt(250)).and(np.abs(term).div(np.abs(s)).gt(EPS)),
    (s: Array, k: Array, term: Array): S3 => [s.add(weight(k, term)), k.add(1), step(k, term)],
    init,
  );
  return sum;
}

function hyp1f1F32(a: Array, b: Array, x: Array): Array {
  const useSeries = np.abs(x).lt(100);
  const one = np.onesLike(x);
  const sa = guard(useSeries, a, 1);
  const sb = guard(useSeries, b, 1);
  const sx = guard(useSeries, x, 0.5);
  const series = sumSeries(useSeries, [one, one, sa.div(sb).mul(sx)], (k, t) => t.mul(sa.add(k).div(sb.add(k)).mul(sx).div(k.add(1))), (_k, t) => t);
  const asym = useSeries.not();
  const aa = guard(asym, a, 1);
  const ab = guard(asym, b, 2);
  const ax = guard(asym, x, 200);
  const tail = sumSeries(
    asym,
    [one, one, ab.sub(aa).mul(np.subtract(1, aa)).div(ax)],
    (k, t) => t.mul(ab.sub(aa).add(k)).mul(np.subtract(1, aa).add(k)).div(k.add(1)).div(ax),
    (_k, t) => t,
  );
  const asymptotic = gammaF32(ab).div(gammaF32(aa)).mul(np.exp(ax)).mul(np.power(ax, aa.sub(ab))).mul(tail);
  const result = np.where(useSeries, series, asymptotic);
  const aZero = a.eq(0);
  return np.where(aZero, 1, np.where(a.eq(b), np.exp(x), np.where(b.eq(0), Infinity, result)));
}

/** JAX's series for d 1F1 / da (`digamma(a + k) - digamma(a)` weights) or d / db. */
function paramDerivative(a: Array, b: Array, x: Array, wrtA: boolean): Array {
  const zero = np.zerosLike(x);
  const weight = (k: Array, t: Array) => t.mul(wrtA ? digamma(a.add(k)).sub(digamma(a)) : digamma(b).sub(digamma(b.add(k))));
  return sumSeries(np.onesLike(x).astype("bool"), [zero, np.onesLike(x), a.div(b).mul(x)], (k, t) => t.mul(a.add(k).div(b.add(k)).mul(x).div(k.add(1))), weight);
}

const hyp1f1Core = customJvp((a: Array, b: Array, x: Array) => hyp1f1F32(a, b, x));
hyp1f1Core.defjvp(([a, b, x], [ta, tb, tx]) => {
  const da = paramDerivative(a, b, x, true);
  const db = paramDerivative(a, b, x, false);
  const dx = a.div(b).mul(hyp1f1Core(a.add(1), b.add(1), x));
  return [hyp1f1Core(a, b, x), da.mul(ta).add(db.mul(tb)).add(dx.mul(tx))];
});

/**
 * The confluent hypergeometric function `1F1(a; b; x) = sum_k (a)_k / ((b)_k k!) x^k`
 * (`jax.scipy.special.hyp1f1`; real inputs; 1 at a = 0 (also a = b = 0, as JAX), e^x at a = b,
 * Infinity at b = 0). Large values lose float32 accuracy, as in JAX.
 *
 * @example
 * special.hyp1f1(1, 2, np.array([0.5, 3])); // [1.2974425, 6.362185]  ((e^x - 1) / x)
 */
export function hyp1f1(a: ArrayLike, b: ArrayLike, x: ArrayLike): Array {
  return floatCall("hyp1f1", [a, b, x], (p, q, r) => hyp1f1Core(p, q, r));
}
