/**
 * `logsumexp`, as `jax.nn.logsumexp` / `jax.scipy.special.logsumexp`: `log(sum(b * exp(a)))`
 * over axes, shifted by the maximum, with optional scale factors `b`, a `where` mask and the
 * sign of the sum.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { abs, equal, exp, isfinite, less, log, multiply, notEqual, sign, where } from "../numpy/elementwise.js";
import { max, sum } from "../numpy/reductions.js";
import { broadcastArrays, squeeze } from "../numpy/shape-ops.js";
import { asArray, convert } from "../numpy/convert.js";
import { normalizeAxes } from "../shape.js";
import { checkReal, isFloatDType, resultType } from "../dtype.js";
import { stopGradient } from "../primitives/ad-util.js";
import { parseAxisOpts, toMask } from "./util.js";

/** Options of `logsumexp`. */
export interface LogsumexpOptions {
  /** Axis or axes to reduce (default: all). */
  axis?: Axis;
  /** Scale factors: computes `log(|sum(b * exp(a))|)` (broadcast against `a`). */
  b?: ArrayLike;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean;
  /** Return `[logsumexp, sign]`, the log of the absolute sum and the sum's sign (default false). */
  returnSign?: boolean;
  /** Which entries take part (broadcast against `a`); a fully masked reduction gives `-Infinity`. */
  where?: ArrayLike;
}

/**
 * `log(sum(exp(a)))` over `axis` (default: all axes), computed stably by shifting with the
 * maximum (held constant with `stopGradient`, as JAX).
 *
 * - `-Infinity` entries contribute nothing (and get zero gradient); a reduction of only
 *   `-Infinity` entries, or a fully masked one, gives `-Infinity` with a zero (finite)
 *   gradient. `Infinity` gives `Infinity`; NaN propagates.
 * - `b` scales the terms: `log(sum(b * exp(a)))`; entries with `b == 0` are skipped (their `a`
 *   may be anything). A negative sum gives NaN, unless `returnSign` is set: then the result is
 *   `[log(|sum|), sign(sum)]`.
 * - `where` masks entries out (they may hold anything, and get zero gradient).
 *
 * Integer inputs are computed as float32; float16 inputs in float32, rounded back.
 *
 * @example
 * nn.logsumexp(np.array([1, 2, 3]));                              // 3.407606
 * nn.logsumexp(np.array([[0, -Infinity], [-Infinity, -Infinity]]), 1); // [0, -Infinity]
 * nn.logsumexp(np.array([1, 2]), { b: np.array([1, -1]), returnSign: true }); // [1.5413249, -1]
 */
export function logsumexp(a: ArrayLike, axis?: Axis | (LogsumexpOptions & { returnSign?: false }), opts?: LogsumexpOptions & { returnSign?: false }): Array;
export function logsumexp(a: ArrayLike, axis: Axis | (LogsumexpOptions & { returnSign: true }), opts?: LogsumexpOptions & { returnSign: true }): [Array, Array];
export function logsumexp(a: ArrayLike, axis?: Axis | LogsumexpOptions, opts?: LogsumexpOptions): Array | [Array, Array];
export function logsumexp(a: ArrayLike, axis?: Axis | LogsumexpOptions, opts?: LogsumexpOptions): Array | [Array, Array] {
  const op = "nn.logsumexp";
  const o = parseAxisOpts<LogsumexpOptions>(axis, opts, null, { op: "nn.logsumexp", accepted: ["axis", "b", "keepdims", "returnSign", "where"] });
  const hasB = o.b !== undefined && o.b !== null;
  const hasWhere = o.where !== undefined && o.where !== null;
  const operands = [asArray(op, a), ...(hasB ? [asArray(op, o.b!)] : [])];
  let kind = resultType(...operands.map((x) => ({ dtype: x.dtype, weakType: x.weakType })));
  checkReal(op, kind.dtype);
  if (!isFloatDType(kind.dtype)) kind = { dtype: "float32", weakType: kind.weakType };
  const outDtype = kind.dtype;
  // float16 is computed in float32.
  const compute = outDtype === "float16" ? "float32" : outDtype;
  const parts = broadcastArrays(
    ...operands.map((x) => convert(x, compute, kind.weakType)),
    ...(hasWhere ? [toMask(op, o.where!)] : []),
  );
  let x = parts[0]!;
  const b = hasB ? parts[1]! : undefined;
  const mask = hasWhere ? parts[hasB ? 2 : 1]! : undefined;

  if (b) x = where(notEqual(b, 0), x, -Infinity);
  if (mask) x = where(mask, x, -Infinity);
  const axes = normalizeAxes(op, o.axis, x.ndim);
  const m = max(x, axes, { keepdims: true });
  const shift = stopGradient(where(isfinite(m), m, 0));
  let terms = exp(x.sub(shift));
  if (b) terms = multiply(terms, b);
  const s = sum(terms, axes, { keepdims: true });
  const sgn = sign(s);
  const mag = abs(s);
  // log(0) = -inf, with a finite derivative: the log sees 1 there and the result is replaced.
  const zero = equal(mag, 0);
  let out = where(zero, -Infinity, log(where(zero, 1, mag)).add(shift));
  let outSign = sgn;
  if (!o.keepdims && axes.length > 0) {
    out = squeeze(out, axes);
    outSign = squeeze(outSign, axes);
  }
  const back = (v: Array) => (outDtype === compute ? v : convert(v, outDtype));
  if (o.returnSign) return [back(out), back(outSign)];
  if (b) out = where(less(outSign, 0), NaN, out);
  return back(out);
}
