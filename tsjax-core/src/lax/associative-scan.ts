/**
 * `associativeScan` (JAX's parallel prefix scan: combine pairs, scan the half, interleave) and
 * `cumlogsumexp`, which JAX also computes with an associative scan of `logaddexp` off TPU.
 */
import { Array } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import * as tree from "../tree/index.js";
import { scalarLike } from "../numpy/convert.js";
import { abs, add, concatenate, eq, exp, log1p, max, neg, reshape, rev, select, sub } from "./lax.js";
import { sliceInDim } from "./in-dim.js";

/** Interleaves `a` (ceil(n/2) entries) and `b` (floor(n/2)) along `axis`: a0 b0 a1 b1 ... */
function interleave(a: Array, b: Array, axis: number): Array {
  const na = a.shape[axis]!;
  const nb = b.shape[axis]!;
  const bb = na === nb ? b : concatenate([b, sliceInDim(a, na - 1, na, 1, axis)], axis);
  const exp1 = (x: Array) => reshape(x, [...x.shape.slice(0, axis + 1), 1, ...x.shape.slice(axis + 1)]);
  const both = concatenate([exp1(a), exp1(bb)], axis + 1);
  const merged = reshape(both, [...a.shape.slice(0, axis), 2 * na, ...a.shape.slice(axis + 1)]);
  return sliceInDim(merged, 0, na + nb, 1, axis);
}

/** Options of `associativeScan`. */
export interface AssociativeScanOptions {
  /** Scan from the end (default false). */
  reverse?: boolean;
  /** The axis to scan along (default 0). */
  axis?: number;
}

/**
 * Inclusive scan with an associative `fn` (`jax.lax.associative_scan`): `fn(a, b)` combines two
 * pytrees of arrays elementwise (slices along `axis`), and is called O(log n) times on halves,
 * so the result differs from a sequential loop only by reassociation. `elems` is a pytree of
 * arrays sharing the length of `axis`.
 *
 * @example
 * lax.associativeScan(np.add, np.array([1, 2, 3, 4])); // [1, 3, 6, 10]
 * lax.associativeScan(np.maximum, x, { reverse: true });
 */
export function associativeScan<T>(fn: (a: T, b: T) => T, elems: T, options: AssociativeScanOptions = {}): T {
  const op = "lax.associativeScan";
  const [leaves, def] = tree.flatten(elems);
  if (leaves.length === 0) throw new TypeError(`${op}: elems has no arrays.`);
  const arrays = leaves.map((l) => {
    if (!(l instanceof Array)) throw new TypeError(`${op}: every leaf of elems must be an Array.`);
    return l;
  });
  const axis = normalizeAxis(op, options.axis ?? 0, arrays[0]!.ndim);
  const n = arrays[0]!.shape[axis]!;
  if (arrays.some((a) => a.shape[normalizeAxis(op, options.axis ?? 0, a.ndim)] !== n)) {
    throw new ShapeError(`${op}: every array must have the same length along axis ${axis}, got ${arrays.map((a) => fmtShape(a.shape)).join(", ")}.`);
  }
  const combine = (a: Array[], b: Array[]): Array[] => {
    const c = fn(tree.unflatten<T>(def, a), tree.unflatten<T>(def, b));
    const [out, cdef] = tree.flatten(c);
    if (out.length !== a.length) throw new ShapeError(`${op}: fn must return the structure of its inputs (${def.toString()}), got ${cdef.toString()}.`);
    return out as Array[];
  };
  const sl = (xs: Array[], start: number, limit: number | null, stride = 1) => xs.map((x) => sliceInDim(x, start, limit, stride, axis));
  const scan = (xs: Array[]): Array[] => {
    const m = xs[0]!.shape[axis]!;
    if (m < 2) return xs;
    const reduced = combine(sl(xs, 0, m - 1, 2), sl(xs, 1, null, 2));
    const odd = scan(reduced);
    const evenTail = m % 2 === 0 ? combine(sl(odd, 0, odd[0]!.shape[axis]! - 1), sl(xs, 2, null, 2)) : combine(odd, sl(xs, 2, null, 2));
    const even = xs.map((x, i) => concatenate([sliceInDim(x, 0, 1, 1, axis), evenTail[i]!], axis));
    return even.map((e, i) => interleave(e, odd[i]!, axis));
  };
  const input = options.reverse ? arrays.map((a) => rev(a, [axis])) : arrays;
  let out = scan(input);
  if (options.reverse) out = out.map((a) => rev(a, [axis]));
  return tree.unflatten<T>(def, out);
}

/** `log(exp(a) + exp(b))`, stable, with `-inf + -inf = -inf`. */
function logaddexp(a: Array, b: Array): Array {
  const zero = scalarLike("lax.cumlogsumexp", 0, { dtype: a.dtype, weakType: false }, a.device).broadcastTo(a.shape);
  const d = select(eq(a, b), zero, neg(abs(sub(a, b))));
  return add(max(a, b), log1p(exp(d)));
}

/** Options of the cumulative reductions. */
export interface CumulativeOptions {
  /** Accumulate from the end (default false). */
  reverse?: boolean;
}

/**
 * Cumulative `log(sum(exp(x)))` along `axis` (`jax.lax.cumlogsumexp`).
 *
 * @example
 * lax.cumlogsumexp(np.array([0, 0, 0])); // [0, 0.6931472, 1.0986123]
 */
export function cumlogsumexp(x: Array, axis = 0, options: CumulativeOptions = {}): Array {
  return associativeScan(logaddexp, x, { axis, reverse: options.reverse ?? false });
}
