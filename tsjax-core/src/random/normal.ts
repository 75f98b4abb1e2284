/**
 * Normal samplers: `normal` (JAX's `sqrt(2) * erfinv(u)` with `u` uniform in (-1, 1)),
 * `truncatedNormal` (inverse CDF between the bounds) and `multivariateNormal` (Cholesky factor).
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { checkReal, isFloatDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/lax.js";
import { scan } from "../lax/control-flow.js";
import { stopGradient } from "../primitives/ad-util.js";
import { type ShapeLike, checkKey, randomBits, toShape } from "./keys.js";
import { type FloatDType, asDType, floatDType, uniformFromBits, uniformRaw } from "./uniform.js";
import { erf, erfinv } from "./math.js";
import { samplerArgs } from "./args.js";

/** erfinv evaluated in float32 (float16 inputs are widened, as XLA does). */
function erfinvOf(u: Array): Array {
  return u.dtype === "float32" ? erfinv(u) : erfinv(u.astype("float32")).astype(u.dtype);
}

function erfOf(x: Array): Array {
  return x.dtype === "float32" ? erf(x) : erf(x.astype("float32")).astype(x.dtype);
}

/** The largest float below `x` in `dtype` toward `target` (`np.nextafter` for finite `x`). */
function nextafter(x: number, target: number, dtype: FloatDType): number {
  if (x === target) return x;
  if (dtype === "float32") {
    const f = new Float32Array([x]);
    const i = new Int32Array(f.buffer);
    if (x === 0) {
      i[0] = 1;
      return target > 0 ? f[0]! : -f[0]!;
    }
    i[0] = i[0]! + ((x < target) === (x > 0) ? 1 : -1);
    return f[0]!;
  }
  // float16 values near the ones used here (+-1): step by the float16 ulp.
  const e = Math.floor(Math.log2(Math.abs(x)));
  const ulpUp = 2 ** (e - 10);
  const ulpDown = Math.abs(x) === 2 ** e ? 2 ** (e - 11) : ulpUp;
  const towardZero = (x < target) !== (x > 0);
  return x + Math.sign(target - x) * (towardZero ? ulpDown : ulpUp);
}

/** Standard normal samples from uint32 bits (of any shape). */
export function normalFromBits(bits: Array, dtype: FloatDType): Array {
  const lo = nextafter(-1, 0, dtype);
  const u = uniformFromBits(bits, dtype, lo, 1);
  return erfinvOf(u).mul(np.array(Math.SQRT2, { dtype, device: bits.device }));
}

/** Standard normal samples of `shape` from one key (no argument checks). */
export function normalRaw(k: Array, shape: readonly number[], dtype: FloatDType): Array {
  return normalFromBits(randomBits(k, shape), dtype);
}

/** Options of samplers that take a dtype. */
export interface DTypeOptions {
  /** Float dtype of the result (default float32). */
  dtype?: DType;
  /** The result shape (the keyword form of the positional `shape`). */
  shape?: ShapeLike;
}

/**
 * Standard normal samples (`jax.random.normal`, JAX's method: `sqrt(2) * erfinv(u)` for `u`
 * uniform in (-1, 1)).
 *
 * @example
 * const z = random.normal(random.key(42), [3]);
 * const w = random.normal(key, [784, 128]).mul(0.01);
 */
export function normal(k: Array, shape?: ShapeLike | DTypeOptions, opts?: DTypeOptions): Array {
  const op = "random.normal";
  checkKey(op, k);
  const a = samplerArgs(op, "random.normal(key, shape?, { dtype })", ["shape", "dtype"], shape, opts);
  return normalRaw(k, toShape(op, a.shape), floatDType(op, a.opts.dtype));
}

/** Options of `truncatedNormal`. */
export interface TruncatedNormalOptions extends DTypeOptions {
  /** Result shape (default: the broadcast shape of the bounds); also the positional argument after `upper`. */
  shape?: ShapeLike;
}

/**
 * Standard normal samples truncated to the open interval `(lower, upper)`
 * (`jax.random.truncated_normal`: the inverse CDF of a uniform draw between `erf(lower / sqrt 2)`
 * and `erf(upper / sqrt 2)`, clipped into the interval).
 *
 * @example
 * const w = random.truncatedNormal(random.key(0), -2, 2, [256, 256]);
 * const h = random.truncatedNormal(random.key(0), -2, 2, { shape: [8], dtype: "float16" });
 */
export function truncatedNormal(k: Array, lower: ArrayLike, upper: ArrayLike, shape?: ShapeLike | TruncatedNormalOptions, options?: TruncatedNormalOptions): Array {
  const op = "random.truncatedNormal";
  checkKey(op, k);
  const { opts, shape: shapeArg } = samplerArgs(op, "random.truncatedNormal(key, lower, upper, shape?, { dtype })", ["shape", "dtype"], shape, options);
  const dtype = floatDType(op, opts.dtype);
  const lo = asDType(lower, dtype, k.device);
  const hi = asDType(upper, dtype, k.device);
  const bshape = broadcastShapes(op, lo.shape, hi.shape);
  const outShape = shapeArg === undefined ? bshape : toShape(op, shapeArg);
  if (!shapesEqual(broadcastShapes(op, outShape, bshape), outShape)) {
    throw new ShapeError(`${op}: lower ${fmtShape(lo.shape)} and upper ${fmtShape(hi.shape)} must broadcast to the shape ${fmtShape(outShape)}.`);
  }
  const sqrt2 = np.array(Math.SQRT2, { dtype, device: k.device });
  // XLA turns the division by the constant sqrt(2) into a product with its float reciprocal.
  const invSqrt2 = np.array(Math.fround(1 / Math.fround(Math.SQRT2)), { dtype, device: k.device });
  const a = erfOf(lo.mul(invSqrt2));
  const b = erfOf(hi.mul(invSqrt2));
  const u = uniformRaw(k, outShape, dtype, a, b);
  const out = erfinvOf(u).mul(sqrt2);
  // Clamp into the open interval (rounding, or u == a, could reach a bound).
  const loS = stopGradient(lo);
  const hiS = stopGradient(hi);
  return np.clip(out, nextafterArray(loS, Infinity), nextafterArray(hiS, -Infinity));
}

/** Elementwise next representable float of `x` toward +-infinity (finite `x`; infinities stay). */
function nextafterArray(x: Array, toward: number): Array {
  if (x.dtype === "float32") {
    const bitsI = lax.bitcastConvertType(x, "int32");
    const up = toward > 0;
    // Moving away from zero increments the magnitude bits; toward zero decrements them.
    const away = up ? x.ge(0) : x.le(0);
    const step = np.where(away, 1, -1).astype("int32");
    let next = lax.bitcastConvertType(bitsI.add(step), "float32");
    // Zeros: the smallest subnormal of the target's sign.
    next = np.where(x.eq(0), up ? 2 ** -149 : -(2 ** -149), next);
    return np.where(np.isfinite(x), next, x);
  }
  // float16: nudge in float32 by the float16 ulp of |x|.
  const xf = x.astype("float32");
  const ax = np.abs(xf);
  const e = np.floor(np.log2(np.maximum(ax, 2 ** -14)));
  const ulp = np.exp2(e.sub(10));
  const next = xf.add(toward > 0 ? ulp : ulp.neg()).astype(x.dtype);
  return np.where(np.isfinite(x), next, x);
}

/** Options of `multivariateNormal`. */
export interface MultivariateNormalOptions extends DTypeOptions {
  /** Batch shape of the result (default: the broadcast batch shape of `mean` and `cov`). */
  shape?: ShapeLike;
  /** How `cov` is factored; only "cholesky" (the default) is implemented. */
  method?: "cholesky" | "eigh" | "svd";
}

/**
 * The lower Cholesky factor of symmetric positive definite matrices `[..., n, n]` (NaNs where a
 * matrix is not positive definite), by a scan over columns (differentiable).
 */
export function cholesky(a: Array): Array {
  const n = a.shape[a.ndim - 1]!;
  const dev = a.device;
  const idx = np.arange(n, undefined, 1, { device: dev });
  // A scan over the column index (lax.foriLoop would create its counter on the default device).
  const [L] = scan((acc: Array, j: Array) => {
    const e = idx.eq(j).astype(a.dtype); // [n] one-hot of column j
    const aj = np.matmul(a, e); // [..., n]: column j of a
    const lj = np.matmul(e, acc); // [..., n]: row j of L (zeros from column j on)
    const v = aj.sub(np.matmul(acc, np.expandDims(lj, -1)).squeeze(-1));
    const d = np.sqrt(np.sum(v.mul(e), -1, { keepdims: true }));
    const below = idx.ge(j).astype(a.dtype);
    const col = v.div(d).mul(below);
    return [acc.add(np.expandDims(col, -1).mul(e)), null] as const;
  }, np.zerosLike(a), idx);
  return L;
}

/**
 * Multivariate normal samples with mean `[..., n]` and covariance `[..., n, n]`
 * (`jax.random.multivariate_normal`: `mean + L z` with `L` the Cholesky factor of `cov` and `z`
 * standard normal of shape `[...shape, n]`). Only `method: "cholesky"` is implemented.
 *
 * @example
 * const mean = np.array([0, 1]);
 * const cov = np.array([[1, 0.8], [0.8, 1]]);
 * const xs = random.multivariateNormal(random.key(0), mean, cov, [1000]); // [1000, 2]
 */
export function multivariateNormal(k: Array, mean: ArrayLike, cov: ArrayLike, shape?: ShapeLike | MultivariateNormalOptions, options?: MultivariateNormalOptions): Array {
  const op = "random.multivariateNormal";
  checkKey(op, k);
  const { opts, shape: shapeArg } = samplerArgs(op, "random.multivariateNormal(key, mean, cov, shape?, { dtype, method })", ["shape", "dtype", "method"], shape, options);
  const method = opts.method ?? "cholesky";
  if (method !== "cholesky") {
    throw new TypeError(`${op}: method "${method}" is not implemented; use "cholesky" (covariances must be positive definite).`);
  }
  let m = mean instanceof Array ? mean : np.array(mean, { device: k.device });
  let c = cov instanceof Array ? cov : np.array(cov, { device: k.device });
  checkReal(op, m.dtype, "the mean must be real");
  checkReal(op, c.dtype, "the covariance must be real");
  if (!isFloatDType(m.dtype)) m = m.astype("float32");
  if (!isFloatDType(c.dtype)) c = c.astype("float32");
  const dtype = floatDType(op, opts.dtype ?? (m.dtype === "float16" && c.dtype === "float16" ? "float16" : "float32"));
  if (m.ndim < 1) throw new ShapeError(`${op}: mean must have at least 1 axis, got shape ${fmtShape(m.shape)}.`);
  if (c.ndim < 2) throw new ShapeError(`${op}: cov must have at least 2 axes, got shape ${fmtShape(c.shape)}.`);
  const n = m.shape[m.ndim - 1]!;
  if (c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ShapeError(`${op}: cov must have shape [..., ${n}, ${n}] for a mean of shape ${fmtShape(m.shape)}, got ${fmtShape(c.shape)}.`);
  }
  const bshape = broadcastShapes(op, m.shape.slice(0, -1), c.shape.slice(0, -2));
  const outShape = shapeArg === undefined ? bshape : toShape(op, shapeArg);
  if (!shapesEqual(broadcastShapes(op, outShape, bshape), outShape)) {
    throw new ShapeError(`${op}: the batch shapes of mean and cov ${fmtShape(bshape)} must broadcast to the shape ${fmtShape(outShape)}.`);
  }
  if (m.dtype !== dtype) m = m.astype(dtype);
  if (c.dtype !== dtype) c = c.astype(dtype);
  const factor = cholesky(c);
  const z = normalRaw(k, [...outShape, n], dtype);
  return m.add(np.matmul(factor, np.expandDims(z, -1)).squeeze(-1));
}
