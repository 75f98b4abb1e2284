/**
 * Differences, integrals, convolutions, covariances and polynomials: diff, ediff1d, trapezoid,
 * convolve/correlate, cov/corrcoef, polyval/polyadd/polysub/polymul/polyder/polyint/polyfit, as
 * JAX. All are compositions of differentiable ops.
 */
import { Array as ArrayClass, type Array, type ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { asArray, deviceOf, promoteInexact, promoteToFloat } from "./convert.js";
import { arange, zeros } from "./creation.js";
import { abs, add, divide, equal, greater, less, logicalAnd, multiply, negative, notEqual, remainder, sqrt, subtract, where } from "./elementwise.js";
import { cumsum, mean, sum } from "./reductions.js";
import { broadcastTo, concatenate, expandDims, flip, ravel, reshape } from "./shape-ops.js";
import { take } from "./indexing.js";
import { matmul } from "./linalg.js";
import { diag, vander } from "./matrices.js";
import { lstsq } from "./linalg/lstsq.js";
import { range } from "../util.js";

function sliceAlong(a: Array, axis: number, start: number, stop: number): Array {
  return a.get(...range(axis).map(() => ":"), `${start}:${stop}`);
}

/** Options of `diff`. */
export interface DiffOptions {
  /** Values put before `a` along `axis` first (a scalar is broadcast). */
  prepend?: ArrayLike | null;
  /** Values put after `a` along `axis` first. */
  append?: ArrayLike | null;
}

/**
 * The `n`-th discrete difference along `axis` (default the last): `a[1:] - a[:-1]`, repeated
 * (`!=` for bools).
 *
 * @example
 * np.diff(np.array([1, 4, 9, 16])); // [3, 5, 7]
 * np.diff(x, 2, 0, { prepend: 0 });
 */
export function diff(a: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.diff";
  const o = namedArgs<{ n?: number; axis?: number } & DiffOptions>(op, rest, ["n", "axis", "prepend", "append"], [], `${op}(a, n?, axis?, { prepend, append })`);
  let x = asArray(op, a);
  const n = o.n ?? 1;
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${op}: n must be a non-negative integer, got ${n}.`);
  if (x.ndim === 0) throw new ShapeError(`${op}: needs at least 1 axis, got a scalar.`);
  const ax = normalizeAxis(op, o.axis ?? -1, x.ndim);
  const edge = (v: ArrayLike) => {
    const e = asArray(op, v, x.device);
    return e.ndim === 0 ? broadcastTo(e, x.shape.map((m, i) => (i === ax ? 1 : m))) : e;
  };
  const parts = [
    ...(o.prepend === undefined || o.prepend === null ? [] : [edge(o.prepend)]),
    x,
    ...(o.append === undefined || o.append === null ? [] : [edge(o.append)]),
  ];
  if (parts.length > 1) x = concatenate(parts, ax);
  for (let i = 0; i < n; i++) {
    const len = x.shape[ax]!;
    if (len === 0) break;
    const hi = sliceAlong(x, ax, 1, len);
    const lo = sliceAlong(x, ax, 0, len - 1);
    x = x.dtype === "bool" ? notEqual(hi, lo) : subtract(hi, lo);
  }
  return x;
}

/**
 * Differences of the flattened array, with `toBegin` and `toEnd` around them.
 *
 * @example
 * np.ediff1d(np.array([1, 2, 4]), { toEnd: 9 }); // [1, 2, 9]
 */
export function ediff1d(ary: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.ediff1d";
  const o = namedArgs<{ toEnd?: ArrayLike | null; toBegin?: ArrayLike | null }>(op, rest, ["toEnd", "toBegin"]);
  const x = ravel(asArray(op, ary));
  const d = diff(x);
  const parts = [o.toBegin, null, o.toEnd].map((v, i) => (i === 1 ? d : v === undefined || v === null ? null : ravel(asArray(op, v, x.device)).astype(d.dtype)));
  return concatenate(parts.filter((p): p is Array => p !== null));
}

/**
 * Integral of `y` along `axis` by the trapezoidal rule, at points `x` or spacing `dx`.
 *
 * @example
 * np.trapezoid(np.array([1, 2, 3])); // 4
 */
export function trapezoid(y: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.trapezoid";
  const o = namedArgs<{ x?: ArrayLike | null; dx?: number; axis?: number }>(op, rest, ["x", "dx", "axis"], [], `${op}(y, x?, dx?, axis?)`);
  const [ya] = promoteToFloat(op, [y]);
  const ax = normalizeAxis(op, o.axis ?? -1, ya!.ndim);
  const yl = ya!;
  const len = yl.shape[ax]!;
  const avg = multiply(add(sliceAlong(yl, ax, 1, len), sliceAlong(yl, ax, 0, len - 1)), 0.5);
  let dx: Array | number = o.dx ?? 1;
  if (o.x !== undefined && o.x !== null) {
    const xa = promoteToFloat(op, [o.x])[0]!;
    dx = xa.ndim === 1 ? reshape(diff(xa), yl.shape.map((m, i) => (i === ax ? m - 1 : 1))) : diff(xa, 1, ax);
  }
  return sum(multiply(avg, dx), ax);
}

type ConvMode = "full" | "same" | "valid";

function conv(op: string, a: ArrayLike, v: ArrayLike, mode: ConvMode, correlate: boolean): Array {
  if (!["full", "same", "valid"].includes(mode)) throw new TypeError(`${op}: unknown mode ${JSON.stringify(mode)}; accepted: "full", "same", "valid".`);
  const device = deviceOf([a, v]);
  let [x, y] = promoteInexact(op, [a, v], device) as [Array, Array];
  if (x.ndim !== 1 || y.ndim !== 1) throw new ShapeError(`${op}: needs 1-D arrays, got shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}.`);
  if (x.shape[0] === 0 || y.shape[0] === 0) throw new ShapeError(`${op}: the arrays must not be empty.`);
  let swapped = false;
  if (y.shape[0]! > x.shape[0]!) {
    [x, y] = [y, x];
    swapped = true;
  }
  if (correlate) y = flip(y);
  const n = x.shape[0]!;
  const m = y.shape[0]!;
  // full[k] = sum_j x[k - j] * y[j]: gather x's shifted windows from a zero-padded copy.
  const padded = concatenate([zeros([m - 1], { dtype: x.dtype, device }), x, zeros([m - 1], { dtype: x.dtype, device })]);
  const k = expandDims(arange(n + m - 1, { device }), 1);
  const j = expandDims(arange(m, { device }), 0);
  const windows = take(padded, subtract(add(k, m - 1), j).astype("int32"));
  let out = sum(multiply(windows, expandDims(y, 0)), 1);
  if (mode === "same") {
    const start = Math.floor((m - 1) / 2);
    out = out.get(`${start}:${start + n}`);
  } else if (mode === "valid") out = out.get(`${m - 1}:${n}`);
  return correlate && swapped ? flip(out) : out;
}

/** Options of `convolve` and `correlate`. */
export interface ConvolveOptions {
  /** `"full"` (convolve's default), `"same"` or `"valid"` (correlate's default). */
  mode?: ConvMode;
  /** Accepted for JAX compatibility (float32 products). */
  precision?: unknown;
  /** Accepted for JAX compatibility. */
  preferredElementType?: unknown;
}

/**
 * Discrete linear convolution of two 1-D arrays.
 *
 * @example
 * np.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: ArrayLike, v: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.convolve";
  const o = namedArgs<ConvolveOptions>(op, rest, ["mode"], ["precision", "preferredElementType"], `${op}(a, v, { mode })`);
  return conv(op, a, v, o.mode ?? "full", false);
}

/**
 * Cross-correlation of two 1-D arrays: `c[k] = sum_n a[n + k] * v[n]`.
 *
 * @example
 * np.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // [3.5]
 */
export function correlate(a: ArrayLike, v: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.correlate";
  const o = namedArgs<ConvolveOptions>(op, rest, ["mode"], ["precision", "preferredElementType"], `${op}(a, v, { mode })`);
  return conv(op, a, v, o.mode ?? "valid", true);
}

/** Options of `cov`. */
export interface CovOptions {
  /** Rows are variables (default true); false: columns are. */
  rowvar?: boolean;
  /** Normalize by N (true) instead of N - 1. */
  bias?: boolean;
  /** Delta degrees of freedom (overrides `bias`). */
  ddof?: number | null;
  /** Integer frequency weights of the observations. */
  fweights?: ArrayLike | null;
  /** Observation weights. */
  aweights?: ArrayLike | null;
}

function covariance(op: string, m: ArrayLike, y: ArrayLike | null | undefined, o: CovOptions): Array {
  let x = promoteToFloat(op, [m])[0]!;
  if (x.ndim > 2) throw new ShapeError(`${op}: m must have at most 2 axes, got shape ${fmtShape(x.shape)}.`);
  x = x.ndim < 2 ? reshape(x, [1, x.size]) : x;
  if (o.rowvar === false && x.shape[0] !== 1) x = x.T;
  if (y !== undefined && y !== null) {
    let ya = promoteToFloat(op, [y], x.device)[0]!;
    ya = ya.ndim < 2 ? reshape(ya, [1, ya.size]) : ya;
    if (o.rowvar === false && ya.shape[0] !== 1) ya = ya.T;
    x = concatenate([x, ya], 0);
  }
  const ddof = o.ddof ?? (o.bias ? 0 : 1);
  const nobs = x.shape[1]!;
  let w: Array | null = null;
  if (o.fweights !== undefined && o.fweights !== null) w = promoteToFloat(op, [o.fweights], x.device)[0]!;
  if (o.aweights !== undefined && o.aweights !== null) {
    const aw = promoteToFloat(op, [o.aweights], x.device)[0]!;
    w = w ? multiply(w, aw) : aw;
  }
  for (const [name, wt] of [["weights", w]] as const) {
    if (wt && (wt.ndim !== 1 || wt.shape[0] !== nobs)) throw new ShapeError(`${op}: ${name} must be 1-D of length ${nobs}, got shape ${fmtShape(wt.shape)}.`);
  }
  let avg: Array;
  let fact: Array | number;
  if (w) {
    const wsum = sum(w);
    avg = divide(sum(multiply(x, expandDims(w, 0)), 1), wsum);
    if (ddof === 0) fact = wsum;
    else if (o.aweights === undefined || o.aweights === null) fact = subtract(wsum, ddof);
    else {
      const aw = promoteToFloat(op, [o.aweights], x.device)[0]!;
      fact = subtract(wsum, divide(multiply(ddof, sum(multiply(w, aw))), wsum));
    }
  } else {
    avg = mean(x, 1);
    fact = nobs - ddof;
  }
  const xc = subtract(x, expandDims(avg, 1));
  const xw = w ? multiply(xc, expandDims(w, 0)) : xc;
  const c = divide(matmul(xw, xc.T), typeof fact === "number" ? Math.max(fact, 0) : where(fact.lt(0), 0, fact));
  return c.shape[0] === 1 ? reshape(c, []) : c;
}

/**
 * Covariance matrix of the variables in the rows of `m` (and `y`); a scalar for one variable.
 *
 * @example
 * np.cov(np.array([[0, 1, 2], [2, 1, 0]])); // [[1, -1], [-1, 1]]
 */
export function cov(m: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.cov";
  const o = namedArgs<{ y?: ArrayLike | null } & CovOptions>(op, rest, ["y", "rowvar", "bias", "ddof", "fweights", "aweights"], [], `${op}(m, y?, { rowvar, bias, ddof, fweights, aweights })`);
  return covariance(op, m, o.y, o);
}

/**
 * Pearson correlation coefficients of the variables in the rows of `x` (and `y`), clipped to [-1, 1].
 *
 * @example
 * np.corrcoef(np.array([[0, 1, 2], [2, 1, 0]])); // [[1, -1], [-1, 1]]
 */
export function corrcoef(x: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.corrcoef";
  const o = namedArgs<{ y?: ArrayLike | null; rowvar?: boolean }>(op, rest, ["y", "rowvar"], [], `${op}(x, y?, rowvar?)`);
  const c = covariance(op, x, o.y, { rowvar: o.rowvar });
  if (c.ndim === 0) return divide(c, c);
  const s = sqrt(diag(c));
  const r = divide(divide(c, expandDims(s, 1)), expandDims(s, 0));
  return where(r.gt(1), 1, where(r.lt(-1), -1, r));
}

function coeffs(op: string, p: ArrayLike): Array {
  const a = asArray(op, p);
  if (a.ndim !== 1) throw new ShapeError(`${op}: polynomial coefficients must be 1-D, got shape ${fmtShape(a.shape)}.`);
  return a;
}

/**
 * The polynomial with coefficients `p` (highest power first) at `x`, by Horner's rule.
 *
 * @example
 * np.polyval(np.array([1, 0, -1]), np.array([2, 3])); // [3, 8]
 */
export function polyval(p: ArrayLike, x: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.polyval";
  namedArgs<{ unroll?: number }>(op, rest, [], ["unroll"]);
  const c = coeffs(op, p);
  const xa = asArray(op, x, c.device);
  let y = multiply(zeros([], { dtype: c.dtype, device: c.device }), xa);
  for (let i = 0; i < c.shape[0]!; i++) y = add(multiply(y, xa), c.get(i));
  return y;
}

function padFront(a: Array, n: number): Array {
  return n <= 0 ? a : concatenate([zeros([n], { dtype: a.dtype, device: a.device }), a]);
}

/**
 * Sum of two polynomials (coefficients highest power first).
 *
 * @example
 * np.polyadd(np.array([1, 2]), np.array([1, 0, 0])); // [1, 1, 2]
 */
export function polyadd(a1: ArrayLike, a2: ArrayLike): Array {
  const [x, y] = [coeffs("np.polyadd", a1), coeffs("np.polyadd", a2)];
  const n = Math.max(x.shape[0]!, y.shape[0]!);
  return add(padFront(x, n - x.shape[0]!), padFront(y, n - y.shape[0]!));
}

/**
 * Difference of two polynomials.
 *
 * @example
 * np.polysub(np.array([1, 2]), np.array([1, 0, 0])); // [-1, 1, 2]
 */
export function polysub(a1: ArrayLike, a2: ArrayLike): Array {
  const [x, y] = [coeffs("np.polysub", a1), coeffs("np.polysub", a2)];
  const n = Math.max(x.shape[0]!, y.shape[0]!);
  return subtract(padFront(x, n - x.shape[0]!), padFront(y, n - y.shape[0]!));
}

/**
 * Product of two polynomials (the convolution of their coefficients).
 *
 * @example
 * np.polymul(np.array([1, 1]), np.array([1, -1])); // [1, 0, -1]
 */
export function polymul(a1: ArrayLike, a2: ArrayLike, ...rest: unknown[]): Array {
  namedArgs<{ trimLeadingZeros?: boolean }>("np.polymul", rest, ["trimLeadingZeros"]);
  return convolve(coeffs("np.polymul", a1), coeffs("np.polymul", a2));
}

/**
 * The `m`-th derivative of a polynomial.
 *
 * @example
 * np.polyder(np.array([1, 1, 1])); // [2, 1]
 */
export function polyder(p: ArrayLike, m = 1): Array {
  const op = "np.polyder";
  let c = coeffs(op, p);
  if (!Number.isInteger(m) || m < 0) throw new TypeError(`${op}: m must be a non-negative integer, got ${m}.`);
  for (let i = 0; i < m && c.shape[0]! > 0; i++) {
    const n = c.shape[0]!;
    c = multiply(c.get(`0:${n - 1}`), flip(arange(1, n, undefined, { device: c.device })).astype(c.dtype === "bool" ? "int32" : c.dtype));
  }
  return c;
}

/**
 * The `m`-th antiderivative of a polynomial, with integration constants `k` (default 0).
 *
 * @example
 * np.polyint(np.array([3, 2, 1])); // [1, 1, 1, 0]
 */
export function polyint(p: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.polyint";
  const o = namedArgs<{ m?: number; k?: ArrayLike | null }>(op, rest, ["m", "k"]);
  const m = o.m ?? 1;
  if (!Number.isInteger(m) || m < 0) throw new TypeError(`${op}: m must be a non-negative integer, got ${m}.`);
  let c = promoteToFloat(op, [coeffs(op, p)])[0]!;
  const k = o.k === undefined || o.k === null ? zeros([m], { dtype: c.dtype, device: c.device }) : broadcastTo(ravel(asArray(op, o.k, c.device)).astype(c.dtype), [m]);
  for (let i = 0; i < m; i++) {
    const n = c.shape[0]!;
    c = concatenate([divide(c, flip(arange(1, n + 1, undefined, { device: c.device })).astype(c.dtype)), reshape(k.get(i), [1])]);
  }
  return c;
}

/** Options of `polyfit`. */
export interface PolyfitOptions {
  /** Cutoff of small singular values (default `len(x) * eps`). */
  rcond?: number | null;
  /** `full=true` (diagnostics) is not offered. */
  full?: boolean;
  /** Weights of the points (applied to the residuals). */
  w?: ArrayLike | null;
  /** `cov=true` is not offered. */
  cov?: boolean;
}

/**
 * Least-squares fit of a degree-`deg` polynomial to the points `(x, y)`: the coefficients,
 * highest power first (one column per column of a 2-D `y`).
 *
 * @example
 * np.polyfit(np.array([0, 1, 2]), np.array([1, 3, 5]), 1); // [2, 1]
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, ...rest: unknown[]): Array {
  const op = "np.polyfit";
  const o = namedArgs<PolyfitOptions>(op, rest, ["rcond", "full", "w", "cov"], [], `${op}(x, y, deg, { rcond, w })`);
  if (o.full) throw new TypeError(`${op}: full=true (residuals, rank, singular values) is not offered; use np.linalg.lstsq with np.vander.`);
  if (o.cov) throw new TypeError(`${op}: cov=true is not offered.`);
  if (!Number.isInteger(deg) || deg < 0) throw new TypeError(`${op}: deg must be a non-negative integer, got ${deg}.`);
  const [xa, ya] = promoteInexact(op, [x, y]) as [Array, Array];
  if (xa.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got shape ${fmtShape(xa.shape)}.`);
  if (ya.ndim < 1 || ya.ndim > 2 || ya.shape[0] !== xa.shape[0]) throw new ShapeError(`${op}: y must have x's length ${xa.shape[0]} along axis 0, got shape ${fmtShape(ya.shape)}.`);
  const rcond = o.rcond ?? xa.shape[0]! * 1.1920928955078125e-7;
  let lhs = vander(xa, deg + 1);
  let rhs = ya;
  if (o.w !== undefined && o.w !== null) {
    const w = promoteToFloat(op, [o.w], xa.device)[0]!;
    if (w.ndim !== 1 || w.shape[0] !== xa.shape[0]) throw new ShapeError(`${op}: w must be 1-D of x's length ${xa.shape[0]}, got shape ${fmtShape(w.shape)}.`);
    lhs = multiply(lhs, expandDims(w, 1));
    rhs = ya.ndim === 2 ? multiply(rhs, expandDims(w, 1)) : multiply(rhs, w);
  }
  // scale the columns to unit norm for conditioning, as numpy and JAX do
  const scale = sqrt(sum(multiply(lhs, lhs), 0));
  lhs = divide(lhs, scale);
  const [c] = lstsq(lhs, rhs, { rcond });
  return ya.ndim === 2 ? divide(c, expandDims(scale, 1)) : divide(c, scale);
}

/**
 * `p` with jumps larger than `discont` (default `period / 2`) along `axis` removed by adding
 * multiples of `period` (default 2 pi).
 *
 * @example
 * np.unwrap(np.array([0, 3, 6.5])); // [0, 3, 0.2168]
 */
export function unwrap(p: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.unwrap";
  const o = namedArgs<{ discont?: ArrayLike | null; axis?: number; period?: ArrayLike }>(op, rest, ["discont", "axis", "period"], [], `${op}(p, discont?, axis?, period?)`);
  const x = promoteToFloat(op, [p])[0]!;
  const ax = normalizeAxis(op, o.axis ?? -1, x.ndim);
  const period = o.period ?? 2 * Math.PI;
  const discont = o.discont ?? divide(period, 2);
  const dd = diff(x, 1, ax);
  const high = divide(period, 2);
  // the jump brought into [-period/2, period/2), with +period/2 kept for positive jumps
  const ddmod = subtract(remainder(add(dd, high), period), high);
  const fixed = where(logicalAnd(equal(ddmod, negative(high)), greater(dd, 0)), high, ddmod);
  const correction = where(less(abs(dd), discont), 0, subtract(fixed, dd));
  const cum = cumsum(correction, ax);
  const zero = zeros(x.shape.map((n, i) => (i === ax ? 1 : n)), { dtype: x.dtype, device: x.device });
  return add(x, concatenate([zero, cum], ax)).astype(x.dtype);
}

/**
 * Numerical derivatives along each axis (central differences inside, one-sided at the ends), at
 * unit spacing, a scalar spacing per axis, or coordinate arrays; one array per axis (a single
 * array for 1-D input or one axis).
 *
 * @example
 * np.gradient(np.array([1, 2, 4, 7, 11])); // [1, 1.5, 2.5, 3.5, 4]
 */
export function gradient(f: ArrayLike, ...rest: unknown[]): Array | Array[] {
  const op = "np.gradient";
  const last = rest[rest.length - 1];
  const hasOpts = last !== null && typeof last === "object" && !(last instanceof ArrayClass) && !globalThis.Array.isArray(last);
  const o = namedArgs<{ axis?: number | readonly number[] | null; edgeOrder?: number | null }>(op, hasOpts ? [last] : [], [], ["axis", "edgeOrder"], `${op}(f, ...spacing, { axis, edgeOrder })`);
  const spacing = (hasOpts ? rest.slice(0, -1) : rest) as ArrayLike[];
  if (o.edgeOrder !== undefined && o.edgeOrder !== null && o.edgeOrder !== 1) throw new TypeError(`${op}: only edgeOrder 1 is supported (as in JAX).`);
  const y = promoteToFloat(op, [f])[0]!;
  const axes = o.axis === undefined || o.axis === null ? range(y.ndim) : (typeof o.axis === "number" ? [o.axis] : [...o.axis]).map((a) => normalizeAxis(op, a, y.ndim));
  if (spacing.length > 1 && spacing.length !== axes.length) throw new TypeError(`${op}: give one spacing, or one per axis (${axes.length}), got ${spacing.length}.`);
  const out = axes.map((ax, k) => {
    const n = y.shape[ax]!;
    if (n < 2) throw new ShapeError(`${op}: axis ${ax} has length ${n}; at least 2 points are needed.`);
    const h = spacing.length === 0 ? 1 : spacing.length === 1 ? spacing[0]! : spacing[k]!;
    const s = (a: number, b: number) => sliceAlong(y, ax, a, b);
    const hv = asArray(op, h, y.device);
    if (hv.ndim === 0) {
      const inner = n > 2 ? divide(subtract(s(2, n), s(0, n - 2)), multiply(hv, 2)) : null;
      const first = divide(subtract(s(1, 2), s(0, 1)), hv);
      const lastD = divide(subtract(s(n - 1, n), s(n - 2, n - 1)), hv);
      return concatenate(inner ? [first, inner, lastD] : [first, lastD], ax);
    }
    const x = promoteToFloat(op, [hv])[0]!;
    if (x.ndim !== 1 || x.shape[0] !== n) throw new ShapeError(`${op}: coordinates for axis ${ax} must be 1-D of length ${n}, got shape ${fmtShape(x.shape)}.`);
    const d = diff(x);
    const bshape = (len: number) => y.shape.map((m, i) => (i === ax ? len : 1));
    const first = divide(subtract(s(1, 2), s(0, 1)), reshape(d.get("0:1"), bshape(1)));
    const lastD = divide(subtract(s(n - 1, n), s(n - 2, n - 1)), reshape(d.get(`${n - 2}:${n - 1}`), bshape(1)));
    if (n === 2) return concatenate([first, lastD], ax);
    const dx1 = reshape(d.get(`0:${n - 2}`), bshape(n - 2));
    const dx2 = reshape(d.get(`1:${n - 1}`), bshape(n - 2));
    const sumd = add(dx1, dx2);
    const a = negative(divide(dx2, multiply(dx1, sumd)));
    const b = divide(subtract(dx2, dx1), multiply(dx1, dx2));
    const c = divide(dx1, multiply(dx2, sumd));
    const inner = add(add(multiply(a, s(0, n - 2)), multiply(b, s(1, n - 1))), multiply(c, s(2, n)));
    return concatenate([first, inner, lastD], ax);
  });
  return out.length === 1 ? out[0]! : out;
}

/**
 * The coefficients of the monic polynomial with roots `seqOfZeros` (1-D, real).
 *
 * @example
 * np.poly(np.array([1, 2, 3])); // [1, -6, 11, -6]
 */
export function poly(seqOfZeros: ArrayLike): Array {
  const op = "np.poly";
  const z = promoteToFloat(op, [seqOfZeros])[0]!;
  if (z.ndim !== 1) throw new TypeError(`${op}: only 1-D roots are supported (the 2-D form needs complex eigenvalues), got shape ${fmtShape(z.shape)}.`);
  let c = reshape(asArray(op, 1, z.device).astype(z.dtype), [1]);
  for (let i = 0; i < z.shape[0]!; i++) c = convolve(c, concatenate([reshape(asArray(op, 1, z.device).astype(z.dtype), [1]), reshape(negative(z.get(i)), [1])]));
  return c;
}

/**
 * Quotient and remainder of polynomial division `u / v` (coefficients highest power first; the
 * remainder keeps `u`'s length).
 *
 * @example
 * np.polydiv(np.array([1, -3, 2, 5]), np.array([1, 2])); // [[1, -5, 12], [0, 0, 0, -19]]
 */
export function polydiv(u: ArrayLike, v: ArrayLike, ...rest: unknown[]): [Array, Array] {
  const op = "np.polydiv";
  namedArgs<{ trimLeadingZeros?: boolean }>(op, rest, [], ["trimLeadingZeros"]);
  let [num, den] = promoteInexact(op, [u, v]) as [Array, Array];
  num = coeffs(op, num);
  den = coeffs(op, den);
  const m = num.shape[0]! - 1;
  const n = den.shape[0]! - 1;
  const scale = divide(1, den.get(0));
  const q: Array[] = [];
  let r = num;
  for (let k = 0; k <= m - n; k++) {
    const d = multiply(scale, r.get(k));
    q.push(reshape(d, [1]));
    const shifted = concatenate([zeros([k], { dtype: r.dtype, device: r.device }), multiply(d, den), zeros([m - n - k], { dtype: r.dtype, device: r.device })]);
    r = subtract(r, shifted);
  }
  const quot = q.length ? concatenate(q) : zeros([1], { dtype: num.dtype, device: num.device });
  return [quot, r];
}
