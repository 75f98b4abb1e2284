/**
 * Functions that take functions: applyAlongAxis, applyOverAxes, piecewise and fromfunction, as
 * JAX (built on vmap and where, so jit and grad go through).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { type DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import { namedArgs } from "../util/options.js";
import { vmap } from "../transforms/api.js";
import { asArray } from "./convert.js";
import { zerosLike } from "./creation.js";
import { where } from "./elementwise.js";
import { expandDims } from "./shape-ops.js";
import { indices } from "./matrices.js";

/**
 * `func1d` applied to the 1-D slices of `arr` along `axis` (vmapped over the other axes); its
 * result's axes take the place of `axis`.
 *
 * @example
 * np.applyAlongAxis((v) => np.sum(v.mul(v)), 1, np.ones([3, 4])); // [4, 4, 4]
 */
export function applyAlongAxis(func1d: (v: Array, ...args: unknown[]) => Array, axis: number, arr: ArrayLike, ...args: unknown[]): Array {
  const op = "np.applyAlongAxis";
  const a = asArray(op, arr);
  const ax = normalizeAxis(op, axis, a.ndim);
  let f = (v: Array) => func1d(v, ...args);
  // vmap over the axes after `axis`, then those before it, so the result's axes land in place
  for (let i = ax + 1; i < a.ndim; i++) f = vmap(f, { inAxes: -1, outAxes: -1 }) as (v: Array) => Array;
  for (let i = 0; i < ax; i++) f = vmap(f, { inAxes: 0, outAxes: 0 }) as (v: Array) => Array;
  return f(a);
}

/**
 * `func(a, axis)` applied for each axis in turn, keeping the reduced axes (as length 1).
 *
 * @example
 * np.applyOverAxes((x, ax) => np.sum(x, ax), np.ones([2, 3, 4]), [0, 2]).shape; // [1, 3, 1]
 */
export function applyOverAxes(func: (a: Array, axis: number) => Array, a: ArrayLike, axes: readonly number[]): Array {
  const op = "np.applyOverAxes";
  let x = asArray(op, a);
  for (const axis of axes) {
    const ax = normalizeAxis(op, axis, x.ndim);
    const r = func(x, ax);
    if (r.ndim === x.ndim) x = r;
    else if (r.ndim === x.ndim - 1) x = expandDims(r, ax);
    else throw new ShapeError(`${op}: func must keep the number of axes or remove one, got shape ${fmtShape(r.shape)} from ${fmtShape(x.shape)}.`);
  }
  return x;
}

/**
 * Piecewise function: `funclist[i]` (a function of `x` or a constant) where `condlist[i]` holds
 * (the last true condition wins); one extra entry is the value where none holds (else 0).
 *
 * @example
 * np.piecewise(x, [x.lt(0), x.ge(0)], [(v) => v.neg(), (v) => v]); // |x|
 */
export function piecewise(x: ArrayLike, condlist: readonly ArrayLike[], funclist: readonly (ArrayLike | ((x: Array, ...args: unknown[]) => Array))[], ...args: unknown[]): Array {
  const op = "np.piecewise";
  const a = asArray(op, x);
  const n = condlist.length;
  if (funclist.length !== n && funclist.length !== n + 1) {
    throw new TypeError(`${op}: funclist needs ${n} or ${n + 1} entries (one per condition, and optionally a default), got ${funclist.length}.`);
  }
  const value = (f: (typeof funclist)[number]): Array | ArrayLike => (typeof f === "function" ? f(a, ...args) : f);
  let out: Array = funclist.length === n + 1 ? where(true, value(funclist[n]!), zerosLike(a)).astype(a.dtype) : zerosLike(a);
  condlist.forEach((c, i) => {
    const cond = asArray(op, c, a.device);
    if (cond.dtype !== "bool") throw new TypeError(`${op}: condition ${i} must be a bool array, got ${cond.dtype}.`);
    out = where(cond, value(funclist[i]!), out).astype(a.dtype);
  });
  return out;
}

/**
 * `fn` called with one index grid per axis of `shape` (in `dtype`, default float32).
 *
 * @example
 * np.fromfunction((i, j) => i.add(j), [2, 3]); // [[0, 1, 2], [1, 2, 3]]
 */
export function fromfunction<R>(fn: (...grids: Array[]) => R, shape: readonly number[], ...rest: unknown[]): R {
  const o = namedArgs<{ dtype?: DType }>("np.fromfunction", rest, [], ["dtype"], "np.fromfunction(fn, shape, { dtype })");
  const grids = indices(shape, o.dtype ?? "float32") as Array;
  return fn(...shape.map((_, i) => grids.get(i)));
}

