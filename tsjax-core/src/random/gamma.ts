/**
 * Gamma-family samplers, as JAX: `gamma` and `loggamma` (Marsaglia–Tsang rejection with one
 * key per element, in `lax.whileLoop`s over a batched predicate; alpha < 1 boosted to
 * alpha + 1), `beta` and `dirichlet` (from log-gamma samples), `chisquare` and `t`.
 *
 * The samples are reparameterized: their derivative with respect to alpha is
 * `-(dF/dalpha) / (dF/dx)` at the sample, with F the regularized lower incomplete gamma
 * function (implicit differentiation, JAX's `random_gamma_grad`, computed here by the same
 * series and continued fraction), attached with `customJvp`.
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../lax/control-flow.js";
import { customJvp } from "../transforms/custom.js";
import { stopGradient } from "../primitives/ad-util.js";
import { type ShapeLike, bitsWords, checkKey, keyWords, split, splitWords, toShape } from "./keys.js";
import { type FloatDType, asDType, floatDType, uniformFromBits } from "./uniform.js";
import { normalFromBits, normalRaw } from "./normal.js";
import { digamma, fma, lgamma, xlaLog, xlaLog1p } from "./math.js";
import { samplerArgs } from "./args.js";

const f32 = Math.fround;
const THIRD = f32(1 / 3);
const EPS32 = 2 ** -23;
const TINY32 = 2 ** -126;
const LOG_FLT_MAX = f32(Math.log(3.4028234663852886e38));

/**
 * Marsaglia–Tsang for each element: `alpha` [n] float32 with single keys given as words
 * `k0, k1` [n]. Each element follows exactly the key sequence of JAX's `_gamma_one` (whose
 * nested while loops, under `vmap`, JAX runs over a batched predicate), so its value depends
 * only on its own key and alpha. The two loops are fused into one here: a lane either starts
 * a new candidate (`key, xKey, uKey = split(key, 3)`) or draws another normal for the current
 * one (`xKey, sub = split(xKey)`) until `v = 1 + c x > 0`, then checks it.
 */
function gammaOne(k0: Array, k1: Array, alpha: Array, logSpace: boolean): Array {
  const boost = alpha.ge(1);
  const a = np.where(boost, alpha, alpha.add(1));
  const d = a.sub(THIRD);
  const c = np.divide(THIRD, np.sqrt(d));
  const [[key0, key1], [sub0, sub1]] = splitWords(k0, k1, 2);
  // A candidate is rejected when both the squeeze and the log test fail.
  const rejected = (X: Array, V: Array, U: Array): Array => {
    // As XLA compiles it: the squeeze's multiply-subtract fused, XLA's log.
    const squeeze = U.ge(fma(X.mul(X), -0.0331, 1));
    const logTest = xlaLog(U).ge(X.mul(0.5).add(d.mul(np.subtract(1, V).add(xlaLog(V)))));
    return squeeze.and(logTest);
  };
  // [key0, key1, xKey0, xKey1, uKey0, uKey1, drawing, X, V, U]
  type Carry = [Array, Array, Array, Array, Array, Array, Array, Array, Array, Array];
  const zeros = np.zeros(alpha.shape, { dtype: "uint32", device: alpha.device });
  const init: Carry = [key0, key1, zeros, zeros, zeros, zeros, np.zerosLike(boost), np.zerosLike(alpha), np.onesLike(alpha), np.fullLike(alpha, 2)];
  const out = whileLoop(
    ([, , , , , , drawing, X, V, U]: Carry) => np.any(drawing.or(rejected(X, V, U))),
    ([q0, q1, x0, x1, u0, u1, drawing, X, V, U]: Carry): Carry => {
      // Lanes whose candidate was rejected start a new one.
      const start = drawing.not().and(rejected(X, V, U));
      const [[n0, n1], [nx0, nx1], [nu0, nu1]] = splitWords(q0, q1, 3);
      const sel = (m: Array, nw: Array, old: Array) => np.where(m, nw, old);
      const [K0, K1] = [sel(start, n0, q0), sel(start, n1, q1)];
      const [X0, X1] = [sel(start, nx0, x0), sel(start, nx1, x1)];
      const [U0, U1] = [sel(start, nu0, u0), sel(start, nu1, u1)];
      // Lanes drawing (new or continuing) take one more normal draw.
      const draw = drawing.or(start);
      const [[r0, r1], [s0, s1]] = splitWords(X0, X1, 2);
      const x = normalFromBits(bitsWords(s0, s1), "float32");
      const v = fma(x, c, 1);
      const ok = draw.and(v.gt(0));
      const Un = uniformFromBits(bitsWords(U0, U1), "float32");
      return [
        K0, K1, sel(draw, r0, X0), sel(draw, r1, X1), U0, U1,
        draw.and(ok.not()),
        sel(ok, x.mul(x), X), sel(ok, v.mul(v).mul(v), V), sel(ok, Un, U),
      ];
    },
    init,
  );
  const V = out[8];
  const u = uniformFromBits(bitsWords(sub0, sub1), "float32");
  const invAlpha = np.divide(1, alpha);
  if (logSpace) {
    // log(Uniform) as -Exponential = log1p(-u), as JAX does.
    const logSamples = xlaLog1p(u.neg());
    const logBoost = np.where(boost.or(logSamples.eq(0)), 0, logSamples.mul(invAlpha));
    return xlaLog(d).add(xlaLog(V)).add(logBoost);
  }
  const samples = np.subtract(1, u);
  const boostF = np.where(boost, 1, np.power(samples, invAlpha));
  return d.mul(V).mul(boostF);
}

/** Samples for every element of `a` (float32), one key each from `split(key, a.size)`. */
function gammaImpl(k: Array, a: Array, logSpace: boolean): Array {
  const n = a.size;
  if (n === 0) return np.zerosLike(a);
  const [k0, k1] = keyWords(split(k, n));
  return np.reshape(gammaOne(k0, k1, np.reshape(a, [n]), logSpace), a.shape);
}

// ---------------------------------------------------------------------------------------------
// d sample / d alpha (JAX's random_gamma_grad: IgammaMode.SAMPLE_DERIVATIVE)

function igammaSeriesSampleDerivative(x: Array, a: Array, enabled: Array): Array {
  type S = [Array, Array, Array, Array, Array, Array];
  const init: S = [enabled, a, np.onesLike(a), np.onesLike(a), np.zerosLike(a), np.zerosLike(a)];
  const [, , , ans, , dansDa] = whileLoop(
    ([en]: S) => np.any(en),
    ([en, r0, c0, ans0, dc0, dans0]: S): S => {
      const r = r0.add(1);
      const dc = dc0.mul(x.div(r)).sub(c0.mul(x).div(r.mul(r)));
      const dans = dans0.add(dc);
      const c = c0.mul(x.div(r));
      const ans = ans0.add(c);
      const cont = en.and(np.abs(dc.div(dans)).gt(EPS32));
      const sel = (nw: Array, old: Array) => np.where(en, nw, old);
      return [cont, sel(r, r0), sel(c, c0), sel(ans, ans0), sel(dc, dc0), sel(dans, dans0)];
    },
    init,
  );
  const dlogaxDa = np.log(x).sub(digamma(a.add(1)));
  return dansDa.add(ans.mul(dlogaxDa)).neg().mul(x).div(a);
}

function igammacCfSampleDerivative(x: Array, a: Array, enabled: Array): Array {
  const y0 = np.subtract(1, a);
  const z0 = x.add(y0).add(1);
  const pkm2 = np.onesLike(x);
  const qkm2 = x;
  const pkm1 = x.add(1);
  const qkm1 = z0.mul(x);
  const ans0 = pkm1.div(qkm1);
  const zero = np.zerosLike(x);
  const dqkm1 = x.neg();
  const dans0 = zero.sub(ans0.mul(dqkm1)).div(qkm1);
  // [enabled, ans, y, z, c (scalar), pkm1, qkm1, pkm2, qkm2, dpkm2, dqkm2, dpkm1, dqkm1, dans]
  type S = Array[];
  const init: S = [enabled, ans0, y0, z0, np.array(0, { dtype: "float32", device: x.device }), pkm1, qkm1, pkm2, qkm2, zero, zero, zero, dqkm1, dans0];
  const out = whileLoop(
    (s: S) => s[4]!.lt(2000).and(np.any(s[0]!)),
    (s: S): S => {
      const [en, ans, yOld, zOld, cOld, pm1, qm1, pm2, qm2, dpm2, dqm2, dpm1, dqm1, dans] = s as [Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array];
      const c = cOld.add(1);
      const y = yOld.add(1);
      const z = zOld.add(2);
      const yc = y.mul(c);
      const pk = pm1.mul(z).sub(pm2.mul(yc));
      const qk = qm1.mul(z).sub(qm2.mul(yc));
      const nz = qk.ne(0);
      const r = pk.div(qk);
      const ansN = np.where(nz, r, ans);
      const dpk = dpm1.mul(z).sub(pm1).sub(dpm2.mul(yc)).add(pm2.mul(c));
      const dqk = dqm1.mul(z).sub(qm1).sub(dqm2.mul(yc)).add(qm2.mul(c));
      const dansN = np.where(nz, dpk.sub(ansN.mul(dqk)).div(qk), dans);
      const gradCond = np.where(nz, np.abs(dansN.sub(dans)), 1);
      const rescale = np.abs(pk).gt(1 / EPS32);
      const rs = (v: Array) => np.where(rescale, v.mul(EPS32), v);
      const [npm2, npm1, nqm2, nqm1] = [rs(pm1), rs(pk), rs(qm1), rs(qk)];
      const [ndpm2, ndqm2, ndpm1, ndqm1] = [rs(dpm1), rs(dqm1), rs(dpk), rs(dqk)];
      const cont = en.and(gradCond.gt(EPS32));
      const sel = (nw: Array, old: Array) => np.where(en, nw, old);
      return [cont, sel(ansN, ans), sel(y, yOld), sel(z, zOld), c, sel(npm1, pm1), sel(nqm1, qm1), sel(npm2, pm2), sel(nqm2, qm2),
        sel(ndpm2, dpm2), sel(ndqm2, dqm2), sel(ndpm1, dpm1), sel(ndqm1, dqm1), sel(dansN, dans)];
    },
    init,
  );
  const ans = out[1]!;
  const dansDa = out[13]!;
  const dlogaxDa = np.log(x).sub(digamma(a));
  return dansDa.add(ans.mul(dlogaxDa)).mul(x).neg();
}

/**
 * d sample / d alpha for Gamma(alpha, 1) samples `x` (float32, same shape as `a`): JAX's
 * `lax.random_gamma_grad`, by implicit differentiation of the regularized incomplete gamma
 * function (its series for small x, its continued fraction for x > max(1, a)).
 */
export function gammaGrad(a: Array, x: Array): Array {
  const isNan = np.isnan(a).or(np.isnan(x));
  const xZero = x.eq(0);
  const domain = x.lt(0).or(a.le(0));
  const useCf = x.gt(1).and(x.gt(a));
  const ax = a.mul(np.log(x)).sub(x).sub(lgamma(a));
  const underflow = ax.lt(-LOG_FLT_MAX);
  const enabled = xZero.or(domain).or(underflow).or(isNan).not();
  // Keep the lanes whose result is replaced below finite inside the loops.
  const replaced = xZero.or(domain).or(isNan);
  const safeX = np.where(replaced, 1, x);
  const safeA = np.where(replaced, 1, a);
  const cf = igammacCfSampleDerivative(safeX, safeA, enabled.and(useCf));
  const series = igammaSeriesSampleDerivative(safeX, safeA, enabled.and(useCf.not()));
  let out = np.where(useCf, cf.neg(), series);
  out = np.where(xZero, 0, out);
  return np.where(domain.or(isNan), NaN, out);
}

function gammaGradOf(sample: Array, a: Array, logSpace: boolean): Array {
  if (!logSpace) return gammaGrad(a, sample);
  // d log(x) = dx / x; exp(log x) may round to 0: use the smallest normal float instead.
  let x = np.exp(sample);
  x = np.where(x.eq(0), TINY32, x);
  return gammaGrad(a, x).div(x);
}

function makeSampler(logSpace: boolean) {
  const f = customJvp((k: Array, a: Array): Array => gammaImpl(k, a, logSpace));
  f.defjvp(([k, a], [, ta]) => {
    const s = gammaImpl(k, a, logSpace);
    return [s, ta.mul(gammaGradOf(s, a, logSpace))];
  });
  return f;
}

const gammaSampler = makeSampler(false);
const logGammaSampler = makeSampler(true);

/** Options of the gamma-family samplers. */
export interface GammaOptions {
  /** Result shape; the parameters broadcast to it (default: the parameters' broadcast shape). */
  shape?: ShapeLike;
  /** Float dtype of the result (default float32; float16 results are computed in float32). */
  dtype?: DType;
}

type ShapeOrOptions = ShapeLike | GammaOptions | undefined;

/** `(shape?, opts?)` of a one-parameter sampler `op(key, name, shape?, { dtype })`. */
function readArgs(op: string, param: string, shape: ShapeOrOptions, options: GammaOptions | undefined): GammaOptions {
  const a = samplerArgs(op, `${op}(key, ${param}, shape?, { dtype })`, ["shape", "dtype"], shape, options);
  return { ...a.opts, shape: a.shape };
}

function prepareParam(op: string, k: Array, a: ArrayLike, opts: GammaOptions): [Array, FloatDType] {
  checkKey(op, k);
  const dtype = floatDType(op, opts.dtype);
  let x = asDType(a, "float32", k.device);
  const shape = opts.shape === undefined ? [...x.shape] : toShape(op, opts.shape);
  if (!shapesEqual(broadcastShapes(op, shape, x.shape), shape)) {
    throw new ShapeError(`${op}: the parameter of shape ${fmtShape(x.shape)} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  if (!shapesEqual(x.shape, shape)) x = np.broadcastTo(x, shape);
  return [x, dtype];
}

const castTo = (x: Array, dtype: FloatDType) => (dtype === "float32" ? x : x.astype(dtype));

/**
 * Gamma(a, 1) samples, density `x^(a-1) e^-x / Gamma(a)` (`jax.random.gamma`, same algorithm
 * and keys as JAX). Reparameterized: `grad` flows to `a` through the samples. Divide by a rate
 * (or multiply by a scale) for other scales.
 *
 * @example
 * const g = random.gamma(random.key(0), np.array([0.5, 1, 5]));
 * const da = grad((a) => random.gamma(key, a).sum())(np.array([2, 3]));
 */
export function gamma(k: Array, a: ArrayLike, shape?: ShapeOrOptions, options?: GammaOptions): Array {
  const opts = readArgs("random.gamma", "a", shape, options);
  const [x, dtype] = prepareParam("random.gamma", k, a, opts);
  return castTo(gammaSampler(k, x), dtype);
}

/**
 * log of Gamma(a, 1) samples, computed in log space (`jax.random.loggamma`): accurate for tiny
 * `a`, where gamma samples underflow. Reparameterized like `gamma`.
 *
 * @example
 * const lg = random.loggamma(random.key(0), 0.01, { shape: [5] });
 */
export function loggamma(k: Array, a: ArrayLike, shape?: ShapeOrOptions, options?: GammaOptions): Array {
  const opts = readArgs("random.loggamma", "a", shape, options);
  const [x, dtype] = prepareParam("random.loggamma", k, a, opts);
  return castTo(logGammaSampler(k, x), dtype);
}

/**
 * Beta(a, b) samples on [0, 1] (`jax.random.beta`: `Ga / (Ga + Gb)` from log-gamma draws with
 * the keys of `split(key)`). Reparameterized in `a` and `b`.
 *
 * @example
 * const p = random.beta(random.key(0), 2, 5, { shape: [100] });
 */
export function beta(k: Array, a: ArrayLike, b: ArrayLike, shapeArg?: ShapeOrOptions, options?: GammaOptions): Array {
  const op = "random.beta";
  checkKey(op, k);
  const opts = readArgs(op, "a, b", shapeArg, options);
  const dtype = floatDType(op, opts.dtype);
  const aa = asDType(a, "float32", k.device);
  const bb = asDType(b, "float32", k.device);
  const bshape = broadcastShapes(op, aa.shape, bb.shape);
  const shape = opts.shape === undefined ? bshape : toShape(op, opts.shape);
  if (!shapesEqual(broadcastShapes(op, shape, bshape), shape)) {
    throw new ShapeError(`${op}: a ${fmtShape(aa.shape)} and b ${fmtShape(bb.shape)} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  const keys = split(k);
  const la = logGammaSampler(keys.get(0), np.broadcastTo(aa, shape));
  const lb = logGammaSampler(keys.get(1), np.broadcastTo(bb, shape));
  const logMax = np.maximum(la, lb);
  const ga = np.exp(la.sub(logMax));
  const gb = np.exp(lb.sub(logMax));
  return castTo(ga.div(ga.add(gb)), dtype);
}

/** Options of `dirichlet`. */
export interface DirichletOptions {
  /** Batch shape of the result, before the category axis (default `alpha.shape[:-1]`). */
  shape?: ShapeLike;
  /** Float dtype of the result (default float32). */
  dtype?: DType;
}

/**
 * Dirichlet(alpha) samples on the simplex (`jax.random.dirichlet`: a softmax of log-gamma
 * draws). `alpha` has shape `[..., n]`; the result `[...shape, n]`. Reparameterized in `alpha`.
 *
 * @example
 * const w = random.dirichlet(random.key(0), np.array([1, 2, 3]));   // sums to 1
 */
export function dirichlet(k: Array, alpha: ArrayLike, shapeArg?: ShapeLike | DirichletOptions, options?: DirichletOptions): Array {
  const op = "random.dirichlet";
  checkKey(op, k);
  const opts = readArgs(op, "alpha", shapeArg, options);
  const dtype = floatDType(op, opts.dtype);
  const al = asDType(alpha, "float32", k.device);
  if (al.ndim < 1) throw new ShapeError(`${op}: alpha needs at least one axis (the categories), got a scalar.`);
  const batch = al.shape.slice(0, -1);
  const shape = opts.shape === undefined ? batch : toShape(op, opts.shape);
  if (!shapesEqual(broadcastShapes(op, shape, batch), shape)) {
    throw new ShapeError(`${op}: alpha's batch shape ${fmtShape(batch)} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  const full = [...shape, al.shape[al.ndim - 1]!];
  const lg = logGammaSampler(k, np.broadcastTo(al, full));
  const m = stopGradient(np.max(lg, -1, { keepdims: true }));
  const e = np.exp(lg.sub(m));
  return castTo(e.div(np.sum(e, -1, { keepdims: true })), dtype);
}

/**
 * Chi-squared samples with `df` degrees of freedom (`jax.random.chisquare`: twice a Gamma(df/2)
 * draw, made in log space).
 *
 * @example
 * const c = random.chisquare(random.key(0), 3, { shape: [10] });
 */
export function chisquare(k: Array, df: ArrayLike, shape?: ShapeOrOptions, options?: GammaOptions): Array {
  const opts = readArgs("random.chisquare", "df", shape, options);
  const [x, dtype] = prepareParam("random.chisquare", k, df, opts);
  return castTo(np.exp(logGammaSampler(k, x.div(2))).mul(2), dtype);
}

/**
 * Student's t samples with `df` degrees of freedom (`jax.random.t`: `z * sqrt(df/2 / g)` with
 * `z` normal and `g` Gamma(df/2), from the keys of `split(key)`). The default shape is `df`'s
 * (JAX's default is `()`, which requires a scalar `df`).
 *
 * @example
 * const s = random.t(random.key(0), 5, { shape: [100] });
 */
export function t(k: Array, df: ArrayLike, shape?: ShapeOrOptions, options?: GammaOptions): Array {
  const opts = readArgs("random.t", "df", shape, options);
  const [x, dtype] = prepareParam("random.t", k, df, opts);
  const keys = split(k);
  const z = normalRaw(keys.get(0), x.shape, "float32");
  const halfDf = x.div(2);
  const g = gammaSampler(keys.get(1), halfDf);
  return castTo(z.mul(np.sqrt(halfDf.div(g))), dtype);
}
