/**
 * The Gauss hypergeometric function 2F1, as `jax.scipy.special.hyp2f1` (float32): JAX's
 * algorithm (Pearson, Olver and Porter 2014) case by case: the Taylor series summed per element
 * until the term is below float32 epsilon relative to the sum (at most 250 terms), terminating
 * polynomials for a non-positive integer a or b, Euler's transformation for c - a - b <= -1, the
 * digamma (Abramowitz and Stegun 15.3.10-12) expansion near x = 1 for integer c - a - b, Gauss's
 * value at x = 1, and JAX's special values (1, Infinity, (1 - x)^-a, (1 - x)^-b). Derivatives are
 * JAX's: series of digamma differences in a, b, c and `ab/c 2F1(a+1, b+1; c+1; x)` in x.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { gammaF32 } from "./gamma-family.js";
import { polygammaCore } from "./digamma.js";
import { elementwiseWhile, floatCall, guard } from "./util.js";

const EPS = 1.1920929e-7;
const EPS50 = EPS * 50;
const DIGAMMA1 = -0.5772156649015329;
const digamma = (x: Array) => polygammaCore(0)(x);
const gamma = gammaF32;
type S3 = [Array, Array, Array];

function serie(a: Array, b: Array, c: Array, x: Array): Array {
  const [s] = elementwiseWhile(
    (s: Array, k: Array, t: Array) => k.lt(250).and(np.abs(t).gt(np.abs(s).mul(EPS))),
    (s: Array, k: Array, t: Array): S3 => [s.add(t), k.add(1), t.mul(a.add(k).sub(1).mul(b.add(k).sub(1)).div(c.add(k).sub(1)).div(k).mul(x))],
    [np.zerosLike(x), np.onesLike(x), np.onesLike(x)],
  );
  return s;
}

function terminal(a0: Array, b0: Array, c: Array, x: Array): Array {
  const ib = np.round(b0);
  const cNonPosIntAboveB = np.floor(c).eq(c).and(c.le(0)).and(c.gt(b0));
  const swap = b0.lt(a0).and(np.abs(b0.sub(ib)).lt(EPS50)).and(cNonPosIntAboveB.not());
  const a = np.abs(np.where(swap, b0, a0));
  const b = np.where(swap, a0, b0);
  const [s] = elementwiseWhile(
    (_s: Array, _t: Array, i: Array) => i.lt(a.add(1)),
    (s: Array, t: Array, i: Array): S3 => {
      const t2 = t.mul(np.negative(a.sub(i).add(1)).div(c.add(i).sub(1)).mul(b.add(i).sub(1)).div(i).mul(x));
      return [s.add(t2), t2, i.add(1)];
    },
    [np.onesLike(x), np.onesLike(x), np.onesLike(x)],
  );
  return s;
}

function digammaTransform(a: Array, b: Array, c: Array, x: Array): Array {
  const d = c.sub(a).sub(b);
  const s = np.subtract(1, x);
  const rd = np.round(d);
  const pos = rd.ge(0);
  const e = np.where(pos, d, np.negative(d));
  const d1 = np.where(pos, d, 0);
  const d2 = np.where(pos, 0, d);
  const ard = np.abs(rd);
  const ax = np.log(s);
  let y = np.add(DIGAMMA1, digamma(e.add(1))).sub(digamma(a.add(d1))).sub(digamma(b.add(d1))).sub(ax).div(gamma(e.add(1)));
  const p0 = a.add(d1).mul(b.add(d1)).mul(s).div(gamma(e.add(2)));
  const [, , , yw] = elementwiseWhile(
    (_p: Array, q: Array, t: Array, yy: Array) => t.lt(250).and(np.abs(q).ge(np.abs(yy).mul(EPS))),
    (p: Array, _q: Array, t: Array, yy: Array): [Array, Array, Array, Array] => {
      const r = digamma(t.add(1)).add(digamma(t.add(1).add(e))).sub(digamma(a.add(t).add(d1))).sub(digamma(b.add(t).add(d1))).sub(ax);
      const q = p.mul(r);
      const p2 = p.mul(s.mul(a.add(t).add(d1)).div(t.add(1))).mul(b.add(t).add(d1).div(t.add(1).add(e)));
      return [p2, q, t.add(1), yy.add(q)];
    },
    [p0, y, np.onesLike(x), y],
  );
  y = yw;
  // compute_sum: the finite sum of A&S 15.3.11/12 (ard - 1 terms).
  const [, , , y1] = elementwiseWhile(
    (_p: Array, _t: Array, i: Array) => i.lt(ard),
    (p: Array, t: Array, i: Array, yy1: Array): [Array, Array, Array, Array] => {
      const r = np.subtract(1, e).add(t);
      const t2 = t.add(1);
      const p2 = p.mul(s.mul(a.add(t).add(d2)).mul(b.add(t).add(d2)).div(r)).div(t2);
      return [p2, t2, i.add(1), yy1.add(p2)];
    },
    [np.onesLike(x), np.zerosLike(x), np.onesLike(x), np.onesLike(x)],
  );
  const gc = gamma(c);
  const y1s = y1.mul(gamma(e)).mul(gc).div(gamma(a.add(d1)).mul(gamma(b.add(d1))));
  let ys = y.mul(gc).div(gamma(a.add(d2)).mul(gamma(b.add(d2))));
  ys = np.where(np.remainder(ard, 2).eq(1), np.negative(ys), ys);
  const q = np.power(s, rd);
  const summed = np.where(rd.gt(0), ys.mul(q).add(y1s), ys.add(y1s.mul(q)));
  return np.where(rd.eq(0), y.mul(gc).div(gamma(a).mul(gamma(b))), summed);
}

function terminalOrSerie(a: Array, b: Array, c: Array, x: Array): Array {
  const d = c.sub(a).sub(b);
  const negIntA = a.le(0).and(np.abs(a.sub(np.round(a))).lt(EPS50));
  const negIntB = b.le(0).and(np.abs(b.sub(np.round(b))).lt(EPS50));
  const negInt = negIntA.or(negIntB);
  const nearIntD = np.abs(d.sub(np.round(d))).lt(EPS50);
  const useDigamma = x.gt(0.9).and(negInt.not()).and(nearIntD);
  const useTerminal = negInt.and(useDigamma.not());
  // Each branch gets harmless inputs where it is not used (its loops then end at once).
  const dg = digammaTransform(guard(useDigamma, a, 1), guard(useDigamma, b, 1), guard(useDigamma, c, 2), guard(useDigamma, x, 0.95));
  const tm = terminal(guard(useTerminal, a, 0), guard(useTerminal, b, 0), guard(useTerminal, c, 1), x);
  return np.where(useDigamma, dg, np.where(useTerminal, tm, serie(a, b, c, x)));
}

function hyp2f1F32(a: Array, b: Array, c: Array, x: Array): Array {
  const d = c.sub(a).sub(b);
  const s = np.subtract(1, x);
  const ca = c.sub(a);
  const cb = c.sub(b);
  const id = np.round(d);
  const cNonPosInt = c.eq(0).or(c.lt(0).and(np.floor(c).eq(c)));
  const i0 = x.eq(0).or(a.eq(0).or(b.eq(0)).and(c.ne(0)));
  const i2 = d.le(-1).and(np.abs(d.sub(id)).ge(EPS50).and(s.lt(0)).not());
  const inf = cNonPosInt.or(d.le(0).and(x.eq(1))).or(x.gt(1));
  const i3 = x.lt(1).and(b.eq(c));
  const i4 = x.lt(1).and(a.eq(c));
  const i5 = x.eq(1);
  const euler = i2.and(i0.not()).and(cNonPosInt.not());
  const euler2 = np.power(s, d).mul(terminalOrSerie(guard(euler, ca, 1), guard(euler, cb, 1), guard(euler, c, 2), guard(euler, x, 0.5)));
  const plain = terminalOrSerie(a, b, c, x);
  const gauss = gamma(c).mul(gamma(d)).div(gamma(ca).mul(gamma(cb)));
  return np.where(
    i0,
    1,
    np.where(cNonPosInt, Infinity, np.where(i2, euler2, np.where(inf, Infinity, np.where(i3, np.power(s, np.negative(a)), np.where(i4, np.power(s, np.negative(b)), np.where(i5, gauss, plain)))))),
  );
}

/** JAX's series for d 2F1 / da, db or dc. */
function paramDerivative(a: Array, b: Array, c: Array, x: Array, wrt: "a" | "b" | "c"): Array {
  const weight = (k: Array, t: Array) =>
    t.mul(wrt === "a" ? digamma(a.add(k)).sub(digamma(a)) : wrt === "b" ? digamma(b.add(k)).sub(digamma(b)) : digamma(c).sub(digamma(c.add(k))));
  const [s] = elementwiseWhile(
    (s: Array, k: Array, t: Array) => k.lt(250).and(np.abs(t).div(np.abs(s)).gt(EPS)),
    (s: Array, k: Array, t: Array): S3 => [s.add(weight(k, t)), k.add(1), t.mul(a.add(k).mul(b.add(k)).div(c.add(k)).div(k.add(1)).mul(x))],
    [np.zerosLike(x), np.onesLike(x), a.mul(b).div(c).mul(x)],
  );
  return s;
}

const hyp2f1Core = customJvp((a: Array, b: Array, c: Array, x: Array) => hyp2f1F32(a, b, c, x));
hyp2f1Core.defjvp(([a, b, c, x], [ta, tb, tc, tx]) => {
  const dx = a.mul(b).div(c).mul(hyp2f1Core(a.add(1), b.add(1), c.add(1), x));
  const t = paramDerivative(a, b, c, x, "a")
    .mul(ta)
    .add(paramDerivative(a, b, c, x, "b").mul(tb))
    .add(paramDerivative(a, b, c, x, "c").mul(tc))
    .add(dx.mul(tx));
  return [hyp2f1Core(a, b, c, x), t];
});

/**
 * The Gauss hypergeometric function `2F1(a, b; c; x) = sum_k (a)_k (b)_k / ((c)_k k!) x^k`
 * (`jax.scipy.special.hyp2f1`; real inputs, x <= 1; Infinity for x > 1 and for c a non-positive
 * integer, as JAX). Computed in float32 with JAX's algorithm, so it agrees with JAX to float32
 * accuracy, including where that accuracy is poor.
 *
 * @example
 * special.hyp2f1(1, 1, 2, np.array([0.5])); // [1.3862944]  (-log(1 - x) / x)
 */
export function hyp2f1(a: ArrayLike, b: ArrayLike, c: ArrayLike, x: ArrayLike): Array {
  return floatCall("hyp2f1", [a, b, c, x], (p, q, r, s) => hyp2f1Core(p, q, r, s));
}
