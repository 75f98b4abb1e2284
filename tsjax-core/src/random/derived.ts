/**
 * Samplers JAX defines from its other draws (`jax.random.pareto`, `lognormal`, `weibull_min`,
 * `rayleigh`, `wald`, `triangular`, `geometric`, `rademacher`, `maxwell`,
 * `double_sided_maxwell`, `f`, `generalized_normal`, `ball`, `orthogonal`): the same key
 * splits and the same formulas, so a key gives JAX's values (up to the rounding of the
 * transcendental functions).
 */
import type { Array, ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/lax.js";
import { qr } from "../numpy/linalg/decompositions.js";
import { diagonal } from "../numpy/linalg/products.js";
import { splitOptions } from "../util/options.js";
import { type ShapeLike, checkKey, split, toShape } from "./keys.js";
import { type FloatDType, asDType, floatDType, uniformRaw } from "./uniform.js";
import { type DTypeOptions, normalRaw } from "./normal.js";
import { exponentialRaw } from "./continuous.js";
import { chisquare, gamma } from "./gamma.js";
import { samplerArgs } from "./args.js";
import { intDType, prepare } from "./params.js";

type ShapeOrOptions = ShapeLike | DTypeOptions | undefined;

/** Reads `(shape?, { shape, dtype })` with JAX's default shape `()`. */
function plainArgs(op: string, names: string, k: Array, shapeArg: ShapeOrOptions, options: DTypeOptions | undefined): [number[], DType | undefined] {
  checkKey(op, k);
  const sig = names ? `${op}(key, ${names}, shape?, { dtype })` : `${op}(key, shape?, { dtype })`;
  const a = samplerArgs(op, sig, ["shape", "dtype"], shapeArg, options);
  return [toShape(op, a.shape), a.opts.dtype];
}

/**
 * Pareto samples with shape parameter `b` (`jax.random.pareto`: `exp(e / b)`, `e` standard
 * exponential), density `b / x^(b+1)` on `x >= 1`.
 *
 * @example
 * const x = random.pareto(random.key(0), 3, [100]);
 */
export function pareto(k: Array, b: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.pareto", "b", k, [b], shape, options);
  return np.exp(exponentialRaw(k, p.shape, p.dtype).div(p.params[0]!));
}

/**
 * Log-normal samples `exp(sigma * z)`, `z` standard normal (`jax.random.lognormal`; `sigma`
 * defaults to 1).
 *
 * @example
 * const x = random.lognormal(random.key(0), 0.5, [100]);
 */
export function lognormal(k: Array, sigma: ArrayLike = 1, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.lognormal", "sigma?", k, [sigma], shape, options);
  return np.exp(normalRaw(k, p.shape, p.dtype).mul(p.params[0]!));
}

/**
 * Weibull samples `scale * (-log1p(-u))^(1 / concentration)` (`jax.random.weibull_min`; the
 * shape defaults to `()`, and the parameters broadcast against it, as in JAX).
 *
 * @example
 * const x = random.weibullMin(random.key(0), 1, 1.5, [100]);
 */
export function weibullMin(k: Array, scale: ArrayLike, concentration: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.weibullMin";
  const [s, d] = plainArgs(op, "scale, concentration", k, shape, options);
  const dtype = floatDType(op, d);
  const u = uniformRaw(k, s, dtype);
  const c = asDType(concentration, dtype, k.device);
  return np.power(np.log1p(u.neg()).neg(), np.reciprocal(c)).mul(asDType(scale, dtype, k.device));
}

/**
 * Rayleigh samples `scale * sqrt(-2 log u)` (`jax.random.rayleigh`).
 *
 * @example
 * const r = random.rayleigh(random.key(0), 2, [100]);
 */
export function rayleigh(k: Array, scale: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.rayleigh", "scale", k, [scale], shape, options);
  const u = uniformRaw(k, p.shape, p.dtype);
  return p.params[0]!.mul(np.sqrt(np.log(u).mul(-2)));
}

/**
 * Wald (inverse Gaussian) samples with the given `mean` and unit shape parameter
 * (`jax.random.wald`, Michael–Schucany–Haas: a normal and a uniform draw from `split(key)`).
 *
 * @example
 * const w = random.wald(random.key(0), 1.5, [100]);
 */
export function wald(k: Array, mean: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.wald", "mean", k, [mean], shape, options);
  const keys = split(k);
  const [k1, k2] = [keys.get(0), keys.get(1)];
  const mu = p.params[0]!;
  const v = normalRaw(k1, p.shape, p.dtype);
  const z = uniformRaw(k2, p.shape, p.dtype);
  const y = lax.integerPow(v, 2);
  const ySq = lax.integerPow(y, 2);
  const muSq = lax.integerPow(mu, 2);
  const sqrtTerm = np.sqrt(mu.mul(4).mul(y).add(muSq.mul(ySq)));
  const x = mu.add(muSq.mul(y).div(2)).sub(mu.div(2).mul(sqrtTerm));
  return np.where(z.le(mu.div(mu.add(x))), x, muSq.div(x));
}

/**
 * Triangular samples on `[left, right]` with peak at `mode` (`jax.random.triangular`, by the
 * inverse CDF of one uniform draw).
 *
 * @example
 * const t = random.triangular(random.key(0), 0, 0.3, 1, [100]);
 */
export function triangular(k: Array, left: ArrayLike, mode: ArrayLike, right: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.triangular", "left, mode, right", k, [left, mode, right], shape, options);
  const [l, m, r] = p.params as [Array, Array, Array];
  const fc = m.sub(l).div(r.sub(l));
  const u = uniformRaw(k, p.shape, p.dtype);
  const out1 = l.add(np.sqrt(u.mul(r.sub(l)).mul(m.sub(l))));
  const out2 = r.sub(np.sqrt(np.subtract(1, u).mul(r.sub(l)).mul(r.sub(m))));
  return np.where(u.lt(fc), out1, out2);
}

/**
 * Geometric samples: the number of Bernoulli(p) trials up to the first success, `>= 1`
 * (`jax.random.geometric`: `floor(log u / log1p(-p)) + 1`). Integer dtype (default int32).
 *
 * @example
 * const g = random.geometric(random.key(0), 0.3, [100]);
 */
export function geometric(k: Array, p: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.geometric";
  checkKey(op, k);
  const a = samplerArgs(op, `${op}(key, p, shape?, { dtype })`, ["shape", "dtype"], shape, options);
  const dtype = intDType(op, a.opts.dtype);
  const q = prepare(op, "p", k, [p], a.shape, {});
  let u = uniformRaw(k, q.shape, q.dtype);
  u = np.where(u.eq(0), 1, u);
  return np.floor(np.log(u).div(np.log1p(q.params[0]!.neg()))).add(1).astype(dtype);
}

/**
 * Random signs, -1 or +1 with equal probability (`jax.random.rademacher`: `2 * bernoulli(key,
 * 0.5) - 1`), as an integer dtype by default (int32) or a float dtype.
 *
 * @example
 * const s = random.rademacher(random.key(0), [8]);
 */
export function rademacher(k: Array, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.rademacher";
  const [s, d] = plainArgs(op, "", k, shape, options);
  const dtype = d === "float32" || d === "float16" ? d : intDType(op, d);
  return rademacherRaw(k, s, dtype);
}

function rademacherRaw(k: Array, shape: readonly number[], dtype: DType): Array {
  const b = uniformRaw(k, shape, "float32").lt(0.5);
  return b.astype(dtype).mul(2).sub(1).astype(dtype);
}

function maxwellRaw(k: Array, shape: readonly number[], dtype: FloatDType): Array {
  const z = normalRaw(k, [...shape, 3], dtype);
  return np.sqrt(np.sum(z.mul(z), -1));
}

/**
 * Maxwell samples: the norm of a standard normal 3-vector (`jax.random.maxwell`).
 *
 * @example
 * const m = random.maxwell(random.key(0), [100]);
 */
export function maxwell(k: Array, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.maxwell";
  const [s, d] = plainArgs(op, "", k, shape, options);
  return maxwellRaw(k, s, floatDType(op, d));
}

/**
 * Double-sided Maxwell samples `sign * maxwell * scale + loc` (`jax.random.double_sided_maxwell`:
 * the maxwell and rademacher draws from `split(key)`). As in JAX, the result shape is `shape`
 * followed by the broadcast shape of `loc` and `scale` (default shape `()`).
 *
 * @example
 * const x = random.doubleSidedMaxwell(random.key(0), 0, 1, [100]);
 */
export function doubleSidedMaxwell(k: Array, loc: ArrayLike, scale: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.doubleSidedMaxwell";
  const [s, d] = plainArgs(op, "loc, scale", k, shape, options);
  const dtype = floatDType(op, d);
  const l = asDType(loc, dtype, k.device);
  const sc = asDType(scale, dtype, k.device);
  const full = [...s, ...broadcastShapes(op, l.shape, sc.shape)];
  const keys = split(k);
  const m = maxwellRaw(keys.get(0), full, dtype);
  const sign = rademacherRaw(keys.get(1), full, dtype);
  return sign.mul(m).mul(sc).add(l);
}

/**
 * F-distribution samples with `dfnum` and `dfden` degrees of freedom (`jax.random.f`: a ratio
 * of chi-square draws; the denominator's from `split(key)[0]`, the numerator's from `[1]`).
 *
 * @example
 * const x = random.f(random.key(0), 5, 10, [100]);
 */
export function f(k: Array, dfnum: ArrayLike, dfden: ArrayLike, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const p = prepare("random.f", "dfnum, dfden", k, [dfnum, dfden], shape, options);
  const [dn, dd] = p.params as [Array, Array];
  const keys = split(k);
  const chiN = chisquare(keys.get(1), dn, p.shape, { dtype: p.dtype });
  const chiD = chisquare(keys.get(0), dd, p.shape, { dtype: p.dtype });
  return chiN.div(dn).div(chiD.div(dd));
}

function generalizedNormalRaw(k: Array, p: number, shape: readonly number[], dtype: FloatDType): Array {
  const keys = split(k);
  const g = gamma(keys.get(0), 1 / p, shape, { dtype });
  const r = rademacherRaw(keys.get(1), shape, dtype);
  return r.mul(np.power(g, 1 / p));
}

function checkP(op: string, p: unknown): number {
  if (typeof p !== "number" || !(p > 0)) throw new TypeError(`${op}: p must be a positive number, got ${String(p)}.`);
  return p;
}

/**
 * Generalized normal samples, density proportional to `exp(-|x|^p)` (`jax.random.generalized_normal`:
 * a random sign times `gamma(1/p)^(1/p)`). `p` is a static number: 2 gives a normal with
 * variance 1/2, 1 a Laplace.
 *
 * @example
 * const x = random.generalizedNormal(random.key(0), 1.5, [100]);
 */
export function generalizedNormal(k: Array, p: number, shape?: ShapeOrOptions, options?: DTypeOptions): Array {
  const op = "random.generalizedNormal";
  const [s, d] = plainArgs(op, "p", k, shape, options);
  return generalizedNormalRaw(k, checkP(op, p), s, floatDType(op, d));
}

/** Options of `random.ball`. */
export interface BallOptions extends DTypeOptions {
  /** The norm's exponent (default 2: the Euclidean ball). */
  p?: number;
}

/**
 * Points uniform in the unit `p`-norm ball of dimension `d` (`jax.random.ball`; Barthe et al.):
 * samples of shape `[...shape, d]`.
 *
 * @example
 * const pts = random.ball(random.key(0), 3, 2, [100]);   // [100, 3], inside the unit sphere
 */
export function ball(k: Array, d: number, ...rest: (number | ShapeLike | BallOptions | undefined)[]): Array {
  const op = "random.ball";
  checkKey(op, k);
  const sig = `${op}(key, d, p?, shape?, { p, shape, dtype })`;
  const [[pArg, shapeArg], opts] = splitOptions<BallOptions>(op, rest, 2, { accepted: ["p", "shape", "dtype"], signature: sig });
  if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: d must be a non-negative integer, got ${String(d)}.`);
  const p = checkP(op, pArg ?? opts.p ?? 2);
  const shape = toShape(op, (shapeArg as ShapeLike | undefined) ?? opts.shape);
  const dtype = floatDType(op, opts.dtype);
  const keys = split(k);
  const g = generalizedNormalRaw(keys.get(0), p, [...shape, d], dtype);
  const e = exponentialRaw(keys.get(1), shape, dtype);
  const r = np.power(np.sum(np.power(np.abs(g), p), -1).add(e), 1 / p);
  return g.div(np.expandDims(r, -1));
}

/** Options of `random.orthogonal`. */
export interface OrthogonalOptions extends DTypeOptions {
  /** Number of columns (default `n`: square matrices). */
  m?: number;
}

/**
 * Random orthogonal matrices, uniform under the Haar measure (`jax.random.orthogonal`: the Q of
 * a QR of a normal matrix, with the signs of R's diagonal): shape `[...shape, n, m]`; with
 * `m != n` the smaller side is orthonormal.
 *
 * @example
 * const q = random.orthogonal(random.key(0), 3);            // [3, 3], q qᵀ = I
 * const w = random.orthogonal(key, 4, [], { m: 2 });       // [4, 2], orthonormal columns
 */
export function orthogonal(k: Array, n: number, shape?: ShapeLike | OrthogonalOptions, options?: OrthogonalOptions): Array {
  const op = "random.orthogonal";
  checkKey(op, k);
  const a = samplerArgs(op, `${op}(key, n, shape?, { dtype, m })`, ["shape", "dtype", "m"], shape, options);
  const m = a.opts.m ?? n;
  for (const [name, v] of [["n", n], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ShapeError(`${op}: ${name} must be a non-negative integer, got ${String(v)}.`);
  }
  const s = toShape(op, a.shape);
  const z = normalRaw(k, [...s, Math.max(n, m), Math.min(n, m)], floatDType(op, a.opts.dtype));
  const [q, r] = qr(z);
  const d = diagonal(r!);
  const x = q!.mul(np.expandDims(np.sign(d), -2));
  return n < m ? np.swapaxes(x, -1, -2) : x;
}
