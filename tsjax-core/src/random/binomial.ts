/**
 * `binomial` and `multinomial`, as JAX (TensorFlow's algorithms): inversion by sums of
 * geometric draws when `n p <= 10`, else the BTRS transformed-rejection sampler (Hörmann), each
 * a `whileLoop` drawing whole-array uniforms from a key it splits every round; `multinomial`
 * scans binomial draws over the categories.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/lax.js";
import { scan, whileLoop } from "../lax/control-flow.js";
import { checkOptions } from "../util/options.js";
import { type ShapeLike, checkKey, split, toShape } from "./keys.js";
import { type FloatDType, asDType, floatDType, uniformRaw } from "./uniform.js";
import type { DTypeOptions } from "./normal.js";
import { prepare } from "./params.js";

const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
  0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];

/** `lgamma(k + 1) - Stirling(k + 1)`: tabulated for k <= 9, else its asymptotic series. */
function stirlingTail(k: Array): Array {
  const kc = np.clip(k, 0, 9);
  const kp1sq = kc.add(1).mul(kc.add(1));
  const approx = np.subtract(1 / 12, np.subtract(1 / 360, np.divide(1 / 1260, kp1sq)).div(kp1sq)).div(kc.add(1));
  const kf = np.floor(kc);
  let tab = np.zerosLike(k);
  STIRLING_TAIL.forEach((v, i) => {
    tab = np.where(kf.eq(i), v, tab);
  });
  return np.where(k.le(9), tab, approx);
}

function inversion(k: Array, count: Array, prob: Array, dtype: FloatDType): Array {
  const shape = prob.shape;
  const log1mp = np.log1p(prob.neg());
  type C = [Array, Array, Array];
  const [numGeom] = whileLoop(
    ([, geomSum]: C) => np.any(geomSum.le(count)),
    ([num, geomSum, key]: C): C => {
      const ks = split(key);
      const next = np.where(geomSum.le(count), num.add(1), num);
      const u = uniformRaw(ks.get(0), shape, dtype);
      const geom = np.ceil(np.log(u).div(log1mp));
      return [next, geomSum.add(geom), ks.get(1)];
    },
    [np.zerosLike(prob), np.zerosLike(prob), k] as C,
  );
  return numGeom.sub(1);
}

function btrs(k: Array, count: Array, prob: Array, dtype: FloatDType): Array {
  const shape = prob.shape;
  const stddev = np.sqrt(count.mul(prob).mul(np.subtract(1, prob)));
  const b = stddev.mul(2.53).add(1.15);
  const a = b.mul(0.0248).add(-0.0873).add(prob.mul(0.01));
  const c = count.mul(prob).add(0.5);
  const vR = np.subtract(0.92, np.divide(4.2, b));
  const r = prob.div(np.subtract(1, prob));
  const alpha = np.divide(5.1, b).add(2.83).mul(stddev);
  const m = np.floor(count.add(1).mul(prob));
  type C = [Array, Array, Array];
  const [kOut] = whileLoop(
    ([, accepted]: C) => np.any(accepted.not()),
    ([kPrev, accepted, key]: C): C => {
      const ks = split(key, 3);
      const u = uniformRaw(ks.get(1), shape, dtype).sub(0.5);
      let v = uniformRaw(ks.get(2), shape, dtype);
      const us = np.subtract(0.5, np.abs(u));
      const accept1 = us.ge(0.07).and(v.le(vR));
      const kk = np.floor(a.mul(2).div(us).add(b).mul(u).add(c));
      const reject = kk.lt(0).or(kk.gt(count));
      v = np.log(v.mul(alpha).div(a.div(us.mul(us)).add(b)));
      const ub = m.add(0.5).mul(np.log(m.add(1).div(r.mul(count.sub(m).add(1)))))
        .add(count.add(1).mul(np.log(count.sub(m).add(1).div(count.sub(kk).add(1)))))
        .add(kk.add(0.5).mul(np.log(r.mul(count.sub(kk).add(1)).div(kk.add(1)))))
        .add(stirlingTail(m))
        .add(stirlingTail(count.sub(m)))
        .sub(stirlingTail(kk))
        .sub(stirlingTail(count.sub(kk)));
      const accept = accept1.or(reject.not().and(v.le(ub)));
      return [np.where(accept, kk, kPrev), accepted.or(accept), ks.get(0)];
    },
    [np.fullLike(prob, -1), np.zeros(shape, { dtype: "bool", device: prob.device }), k] as C,
  );
  return kOut;
}

/** JAX's `_binomial` on parameters already broadcast to the sample shape (float dtype). */
function binomialRaw(k: Array, countIn: Array, prob: Array, dtype: FloatDType): Array {
  const pLtHalf = prob.lt(0.5);
  let q = np.where(pLtHalf, prob, np.subtract(1, prob));
  const countNanOrNeg = np.isnan(countIn).or(countIn.lt(0));
  const countInf = np.isinf(countIn);
  const qNan = np.isnan(q);
  const qNeg = q.lt(0);
  q = np.where(qNan.or(qNeg), 0.01, q);
  const useInversion = countNanOrNeg.or(countIn.mul(q).le(10));
  const count = np.floor(countIn);
  const countInv = np.where(useInversion, count, 0);
  const countBtrs = np.where(useInversion, 1e4, count);
  const qBtrs = np.where(useInversion, 0.5, q);
  let samples = np.where(useInversion, inversion(k, countInv, q, dtype), btrs(k, countBtrs, qBtrs, dtype));
  const invalid = qNeg.or(qNan).or(countNanOrNeg);
  samples = np.where(invalid, NaN, samples);
  samples = np.where(countInf.and(invalid.not()), Infinity, samples);
  return np.where(pLtHalf.or(countNanOrNeg).or(qNan).or(countInf), samples, count.sub(samples));
}

/**
 * Binomial samples: successes in `n` trials of probability `p` (`jax.random.binomial`, the same
 * algorithms and keys), as floats (default float32). NaN for a negative or NaN `n` or an
 * invalid `p`; `Infinity` for an infinite `n`.
 *
 * @example
 * const k = random.binomial(random.key(0), 10, 0.3, [100]);
 */
export function binomial(k: Array, n: ArrayLike, p: ArrayLike, shape?: ShapeLike | DTypeOptions, options?: DTypeOptions): Array {
  const q = prepare("random.binomial", "n, p", k, [n, p], shape, options);
  return binomialRaw(k, q.params[0]!, q.params[1]!, q.dtype);
}

/** Options of `random.multinomial`. */
export interface MultinomialOptions extends DTypeOptions {
  /** Accepted for JAX compatibility (the scan's unrolling); it does not change the values. */
  unroll?: number | boolean;
}

/**
 * Multinomial counts of `n` draws over the categories of `p` (last axis), as
 * `jax.random.multinomial`: a binomial draw per category (keys from `split(key, k)`) on the
 * remaining count and the conditional probability. The shape defaults to `p`'s; `n` broadcasts
 * to its batch part.
 *
 * @example
 * const counts = random.multinomial(random.key(0), 100, np.array([0.2, 0.3, 0.5]));
 */
export function multinomial(k: Array, n: ArrayLike, p: ArrayLike, options?: MultinomialOptions): Array {
  const op = "random.multinomial";
  checkKey(op, k);
  const opts = checkOptions(op, options, { accepted: ["shape", "dtype", "unroll"], signature: `${op}(key, n, p, { shape, dtype, unroll })` });
  const dtype = floatDType(op, opts.dtype);
  let pa = asDType(p, "float32", k.device);
  if (pa.ndim < 1) throw new ShapeError(`${op}: p needs a last axis of categories, got shape ${fmtShape(pa.shape)}.`);
  const shape = opts.shape === undefined ? [...pa.shape] : toShape(op, opts.shape);
  if (shape.length < 1) throw new ShapeError(`${op}: the shape needs a last axis of categories, got ${fmtShape(shape)}.`);
  const na = np.broadcastTo(asDType(n, "float32", k.device), shape.slice(0, -1));
  pa = np.moveaxis(np.broadcastTo(pa, shape), -1, 0);
  const remaining = lax.cumsum(pa, 0, { reverse: true });
  const ratios = pa.div(np.where(remaining.eq(0), 1, remaining));
  const keys = split(k, pa.shape[0]!);
  const [, counts] = scan(
    (rem: Array, [ratio, key]: [Array, Array]): [Array, Array] => {
      const count = binomialRaw(key, rem, np.clip(ratio, 0, 1), "float32");
      return [rem.sub(count), count];
    },
    na,
    [ratios, keys] as [Array, Array],
  );
  const out = np.moveaxis(counts, 0, -1);
  return dtype === "float32" ? out : out.astype(dtype);
}
