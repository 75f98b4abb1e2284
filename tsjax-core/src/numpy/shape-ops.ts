/**
 * numpy shape manipulation: reshape, ravel, transpose, swapaxes, moveaxis, expandDims, squeeze,
 * broadcastTo, broadcastArrays, concatenate, stack, hstack, vstack, split, arraySplit, tile,
 * repeat, flip, roll, triu, tril. Most are free views in eager mode.
 */
import { Array, type ArrayLike, type Axis } from "../array/array.js";
import { IndexError, ShapeError } from "../errors.js";
import { broadcastShapes, checkShape, fmtShape, normalizeAxes, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { concatenate as concatP, iota, rev, slice as sliceP, transpose as transposeP } from "../primitives/structural.js";
import { asArray, broadcastTo as broadcastToImpl, deviceOf, kindOf, reshapeTo, scalarLike, toArrayOf } from "./convert.js";
import { type DType, checkDType, resultType } from "../dtype.js";
import { namedArgs } from "../util/options.js";
import { greaterEqual, lessEqual, subtract, where } from "./elementwise.js";
import { array } from "./creation.js";
import { take } from "./indexing.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";

/**
 * Gives `x` a new shape with the same number of elements; one entry may be -1 (inferred).
 *
 * @example
 * np.reshape(np.arange(6), [2, -1]); // shape [2, 3]
 */
function reshapeImpl(x: ArrayLike, shape: number | readonly number[]): Array {
  const a = asArray("np.reshape", x);
  const s = typeof shape === "number" ? [shape] : [...shape];
  const unknown = s.filter((d) => d === -1).length;
  if (unknown > 1 || s.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new ShapeError(`np.reshape: bad target shape ${fmtShape(s)}: entries must be integers >= 0, with at most one -1.`);
  }
  if (unknown === 1) {
    const known = s.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    if (known === 0 || a.size % known !== 0) {
      throw new ShapeError(`np.reshape: cannot reshape ${fmtShape(a.shape)} (${a.size} elements) into ${fmtShape(s)}.`);
    }
    s[s.indexOf(-1)] = a.size / known;
  }
  return reshapeTo(a, s);
}

/**
 * The elements as a 1-D array.
 *
 * @example
 * np.ravel(np.zeros([2, 3])); // shape [6]
 */
function ravelImpl(x: ArrayLike): Array {
  const a = asArray("np.ravel", x);
  return reshapeTo(a, [a.size]);
}

/**
 * Permutes axes (reverses them when `axes` is omitted).
 *
 * @example
 * np.transpose(np.zeros([2, 3, 4]), [1, 0, 2]); // shape [3, 2, 4]
 */
function transposeImpl(x: ArrayLike, axes?: readonly number[]): Array {
  const a = asArray("np.transpose", x);
  const perm = axes ? axes.map((ax) => normalizeAxis("np.transpose", ax, a.ndim)) : range(a.ndim).reverse();
  if (perm.every((p, i) => p === i) && perm.length === a.ndim) return a;
  return bind1(transposeP, [a], { permutation: perm });
}

/**
 * Exchanges two axes.
 *
 * @example
 * np.swapaxes(np.zeros([2, 3]), 0, 1); // shape [3, 2]
 */
function swapaxesImpl(x: ArrayLike, axis1: number, axis2: number): Array {
  const a = asArray("np.swapaxes", x);
  const i = normalizeAxis("np.swapaxes", axis1, a.ndim);
  const j = normalizeAxis("np.swapaxes", axis2, a.ndim);
  const perm = range(a.ndim);
  [perm[i], perm[j]] = [j, i];
  return transposeImpl(a, perm);
}

/**
 * Moves axes to new positions; the others keep their order.
 *
 * @example
 * np.moveaxis(np.zeros([2, 3, 4]), 0, -1); // shape [3, 4, 2]
 */
function moveaxisImpl(x: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Array {
  const a = asArray("np.moveaxis", x);
  const src = (typeof source === "number" ? [source] : source).map((s) => normalizeAxis("np.moveaxis", s, a.ndim));
  const dst = (typeof destination === "number" ? [destination] : destination).map((d) => normalizeAxis("np.moveaxis", d, a.ndim));
  if (src.length !== dst.length) {
    throw new ShapeError(`np.moveaxis: source ${formatValue(source)} and destination ${formatValue(destination)} must have the same number of axes.`);
  }
  for (const [name, list, given] of [["source", src, source], ["destination", dst, destination]] as const) {
    if (new Set(list).size !== list.length) {
      throw new IndexError(`np.moveaxis: repeated axis in ${name} ${formatValue(given)}; each axis may appear once.`);
    }
  }
  const rest = range(a.ndim).filter((i) => !src.includes(i));
  const perm = new globalThis.Array<number>(a.ndim).fill(-1);
  dst.forEach((d, k) => (perm[d] = src[k]!));
  let r = 0;
  for (let i = 0; i < a.ndim; i++) if (perm[i] === -1) perm[i] = rest[r++]!;
  return transposeImpl(a, perm);
}

/**
 * Inserts axes of size 1 at the given positions (of the result).
 *
 * @example
 * np.expandDims(np.zeros([3]), 0); // shape [1, 3]
 */
function expandDimsImpl(x: ArrayLike, axis: number | readonly number[]): Array {
  const a = asArray("np.expandDims", x);
  const list = typeof axis === "number" ? [axis] : axis;
  const nd = a.ndim + list.length;
  const axes = normalizeAxes("np.expandDims", list, nd);
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) shape.push(axes.includes(i) ? 1 : a.shape[k++]!);
  return reshapeTo(a, shape);
}

/**
 * Removes axes of size 1 (all of them, or those named).
 *
 * @example
 * np.squeeze(np.zeros([1, 3, 1])); // shape [3]
 */
function squeezeImpl(x: ArrayLike, axis?: Axis): Array {
  const a = asArray("np.squeeze", x);
  const axes = axis === undefined || axis === null ? range(a.ndim).filter((i) => a.shape[i] === 1) : normalizeAxes("np.squeeze", axis, a.ndim);
  for (const i of axes) {
    if (a.shape[i] !== 1) {
      throw new ShapeError(`np.squeeze: cannot squeeze axis ${i} of shape ${fmtShape(a.shape)}: its size is ${a.shape[i]}, not 1.`);
    }
  }
  return reshapeTo(a, a.shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Broadcasts `x` to `shape` (numpy rules).
 *
 * @example
 * np.broadcastTo(np.array([1, 2, 3]), [2, 3]);
 */
export function broadcastTo(x: ArrayLike, shape: readonly number[]): Array {
  return broadcastToImpl("np.broadcastTo", asArray("np.broadcastTo", x), checkShape("np.broadcastTo", shape));
}

/**
 * Broadcasts arrays against each other.
 *
 * @example
 * const [a, b] = np.broadcastArrays(np.zeros([3, 1]), np.zeros([4]));  // both [3, 4]
 */
export function broadcastArrays(...xs: ArrayLike[]): Array[] {
  const arrays = xs.map((x) => asArray("np.broadcastArrays", x));
  const shape = broadcastShapes("np.broadcastArrays", ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastToImpl("np.broadcastArrays", a, shape));
}

/** Inputs one kernel may read at once (WebGPU limits storage buffers per shader). */
const CONCAT_FANIN = 6;

/** Options of `concatenate`. */
export interface ConcatenateOptions {
  /** The axis to join along (the positional `axis`; `null` flattens first). */
  axis?: number | null;
  /** The result's dtype (default: the arrays' promoted dtype). */
  dtype?: DType;
}

/**
 * Joins arrays along an existing axis (`axis: null` flattens them first).
 *
 * @example
 * np.concatenate([np.zeros([2, 3]), np.ones([1, 3])]); // shape [3, 3]
 * np.concatenate([a, b], { axis: 1, dtype: "float32" });
 */
export function concatenate(xs: readonly ArrayLike[], ...rest: (number | null | ConcatenateOptions | undefined)[]): Array {
  const o = namedArgs<ConcatenateOptions>("np.concatenate", rest, ["axis", "dtype"], [], "np.concatenate(arrays, axis?, { dtype })");
  const out = concatenateAxis(xs, o.axis === undefined ? 0 : o.axis);
  return o.dtype ? out.astype(checkDType("np.concatenate", o.dtype)) : out;
}

function concatenateAxis(xs: readonly ArrayLike[], axis: number | null): Array {
  if (xs.length === 0) throw new ShapeError("np.concatenate: needs at least one array.");
  let arrays = promoteAll("np.concatenate", xs);
  if (axis === null) {
    arrays = arrays.map((a) => reshapeTo(a, [a.size]));
    axis = 0;
  }
  const first = arrays[0]!;
  if (first.ndim === 0) throw new ShapeError("np.concatenate: zero-dimensional arrays cannot be concatenated; use np.stack.");
  const d = normalizeAxis("np.concatenate", axis, first.ndim);
  for (const a of arrays) {
    if (a.ndim !== first.ndim || a.shape.some((n, i) => i !== d && n !== first.shape[i])) {
      throw new ShapeError(
        `np.concatenate: arrays must have the same shape except along axis ${d}, got ` +
          `${arrays.map((v) => fmtShape(v.shape)).join(", ")}.`,
      );
    }
  }
  // Pieces empty along the axis add nothing; leaving them out keeps kernels small (and an
  // input a kernel never reads out of it).
  const nonEmpty = arrays.filter((a) => a.shape[d]! > 0);
  arrays = nonEmpty.length > 0 ? nonEmpty : [first];
  if (arrays.length === 1) return arrays[0]!;
  while (arrays.length > CONCAT_FANIN) {
    const groups: Array[] = [];
    for (let i = 0; i < arrays.length; i += CONCAT_FANIN) {
      const g = arrays.slice(i, i + CONCAT_FANIN);
      groups.push(g.length === 1 ? g[0]! : bind1(concatP, g, { dimension: d }));
    }
    arrays = groups;
  }
  return bind1(concatP, arrays, { dimension: d });
}

/** Promotes a list of operands to one dtype (JAX rules) without broadcasting their shapes. */
function promoteAll(op: string, xs: readonly ArrayLike[]): Array[] {
  const device = deviceOf(xs);
  const kind = resultType(...xs.map((x) => kindOf(op, x)));
  return xs.map((x) => toArrayOf(op, x, kind, device));
}

/**
 * Joins arrays of equal shape along a new axis.
 *
 * @example
 * np.stack([np.zeros([3]), np.ones([3])], 1); // shape [3, 2]
 */
export function stack(xs: readonly ArrayLike[], ...rest: (number | { axis?: number } | undefined)[]): Array {
  const axis = namedArgs<{ axis?: number }>("np.stack", rest, ["axis"], [], "np.stack(arrays, axis?)").axis ?? 0;
  if (xs.length === 0) throw new ShapeError("np.stack: needs at least one array.");
  const arrays = promoteAll("np.stack", xs);
  const s0 = arrays[0]!.shape;
  arrays.forEach((a, i) => {
    if (a.shape.length !== s0.length || a.shape.some((n, j) => n !== s0[j])) {
      throw new ShapeError(`np.stack: all arrays must have the same shape; array 0 is ${fmtShape(s0)} but array ${i} is ${fmtShape(a.shape)}.`);
    }
  });
  const ax = normalizeAxis("np.stack", axis, s0.length + 1);
  return concatenate(arrays.map((a) => expandDimsImpl(a, ax)), ax);
}

/**
 * Stacks along the last axis for 1-D inputs, the second axis otherwise.
 *
 * @example
 * np.hstack([np.zeros([2]), np.ones([3])]); // shape [5]
 */
export function hstack(xs: readonly ArrayLike[]): Array {
  // numpy's atleast_1d: scalars become 1-element arrays
  const arrays = xs.map((x) => {
    const a = asArray("np.hstack", x);
    return a.ndim === 0 ? reshapeTo(a, [1]) : a;
  });
  return concatenate(arrays, arrays[0] && arrays[0].ndim === 1 ? 0 : 1);
}

/**
 * Stacks rows (1-D inputs become rows).
 *
 * @example
 * np.vstack([np.zeros([3]), np.ones([3])]); // shape [2, 3]
 */
export function vstack(xs: readonly ArrayLike[]): Array {
  return concatenate(xs.map((x) => {
    const a = asArray("np.vstack", x);
    return a.ndim === 0 ? reshapeTo(a, [1, 1]) : a.ndim === 1 ? reshapeTo(a, [1, a.size]) : a;
  }), 0);
}

function sliceAxis(a: Array, axis: number, start: number, stop: number): Array {
  const s = a.shape.map(() => 0);
  const l = [...a.shape];
  s[axis] = start;
  l[axis] = stop;
  return bind1(sliceP, [a], { startIndices: s, limitIndices: l, strides: a.shape.map(() => 1) });
}

function splitAt(a: Array, points: readonly number[], axis: number): Array[] {
  const n = a.shape[axis]!;
  const bounds = [0, ...points.map((p) => Math.min(Math.max(p < 0 ? p + n : p, 0), n)), n];
  const out: Array[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push(sliceAxis(a, axis, bounds[i]!, Math.max(bounds[i]!, bounds[i + 1]!)));
  return out;
}

/**
 * Splits into equal sections, or at the given indices, along `axis`.
 *
 * @example
 * const [a, b] = np.split(np.arange(6), 2);          // [0,1,2], [3,4,5]
 * const parts = np.split(np.arange(6), [1, 4]);      // [0], [1,2,3], [4,5]
 */
function splitImpl(x: ArrayLike, sections: number | readonly number[], axis = 0): Array[] {
  const a = asArray("np.split", x);
  const ax = normalizeAxis("np.split", axis, a.ndim);
  if (typeof sections === "number") {
    const n = a.shape[ax]!;
    if (!Number.isInteger(sections) || sections <= 0 || n % sections !== 0) {
      throw new ShapeError(`np.split: axis ${ax} of size ${n} does not split into ${sections} equal sections; use np.arraySplit for unequal parts.`);
    }
    return splitAt(a, range(sections, 1).map((i) => (i * n) / sections), ax);
  }
  return splitAt(a, sections, ax);
}

/**
 * Like `split`, but a section count need not divide the axis (the first parts get one more).
 *
 * @example
 * np.arraySplit(np.arange(5), 2); // [0,1,2], [3,4]
 */
function arraySplitImpl(x: ArrayLike, sections: number | readonly number[], axis = 0): Array[] {
  const a = asArray("np.arraySplit", x);
  const ax = normalizeAxis("np.arraySplit", axis, a.ndim);
  if (typeof sections !== "number") return splitAt(a, sections, ax);
  if (!Number.isInteger(sections) || sections <= 0) {
    throw new ShapeError(`np.arraySplit: the number of sections must be a positive integer, got ${sections}.`);
  }
  const n = a.shape[ax]!;
  const base = Math.floor(n / sections);
  const extra = n % sections;
  const points: number[] = [];
  let p = 0;
  for (let i = 0; i < sections - 1; i++) points.push((p += base + (i < extra ? 1 : 0)));
  return splitAt(a, points, ax);
}

/**
 * Repeats the whole array `reps` times along each axis.
 *
 * @example
 * np.tile(np.array([1, 2]), 2);       // [1, 2, 1, 2]
 * np.tile(np.array([1, 2]), [2, 1]);  // [[1, 2], [1, 2]]
 */
function tileImpl(x: ArrayLike, reps: number | readonly number[]): Array {
  let a = asArray("np.tile", x);
  const r = typeof reps === "number" ? [reps] : [...reps];
  if (r.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new ShapeError(`np.tile: repetitions must be non-negative integers, got ${formatValue(reps)}.`);
  }
  const nd = Math.max(a.ndim, r.length);
  while (r.length < nd) r.unshift(1);
  a = reshapeTo(a, [...new globalThis.Array<number>(nd - a.ndim).fill(1), ...a.shape]);
  const inter: number[] = [];
  const bshape: number[] = [];
  a.shape.forEach((n, i) => {
    inter.push(1, n);
    bshape.push(r[i]!, n);
  });
  const b = broadcastToImpl("np.tile", reshapeTo(a, inter), bshape);
  return reshapeTo(b, a.shape.map((n, i) => n * r[i]!));
}

/**
 * Repeats each element `repeats` times (or `repeats[i]` times) along `axis` (flattened when
 * omitted).
 *
 * @example
 * np.repeat(np.array([1, 2]), 2); // [1, 1, 2, 2]
 */
function repeatImpl(x: ArrayLike, repeats: number | readonly number[], axis?: number | null): Array {
  let a = asArray("np.repeat", x);
  if (axis === undefined || axis === null) {
    a = reshapeTo(a, [a.size]);
    axis = 0;
  }
  const ax = normalizeAxis("np.repeat", axis, a.ndim);
  const n = a.shape[ax]!;
  const reps = typeof repeats === "number" ? new globalThis.Array<number>(n).fill(repeats) : [...repeats];
  if (reps.length !== n || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ShapeError(`np.repeat: repeats must be a non-negative integer or a list of ${n} of them, got ${formatValue(repeats)}.`);
  }
  if (typeof repeats === "number") {
    const inter = [...a.shape.slice(0, ax + 1), 1, ...a.shape.slice(ax + 1)];
    const bshape = [...a.shape.slice(0, ax + 1), repeats, ...a.shape.slice(ax + 1)];
    const out = [...a.shape];
    out[ax] = n * repeats;
    return reshapeTo(broadcastToImpl("np.repeat", reshapeTo(a, inter), bshape), out);
  }
  const idx: number[] = [];
  reps.forEach((r, i) => {
    for (let k = 0; k < r; k++) idx.push(i);
  });
  return take(a, array(idx, { dtype: "int32", device: a.device }), ax);
}

/**
 * Reverses the order of elements along `axis` (all axes when omitted).
 *
 * @example
 * np.flip(np.array([1, 2, 3])); // [3, 2, 1]
 */
function flipImpl(x: ArrayLike, axis?: Axis): Array {
  const a = asArray("np.flip", x);
  const axes = normalizeAxes("np.flip", axis, a.ndim);
  return axes.length ? bind1(rev, [a], { dimensions: axes }) : a;
}

/**
 * Rolls elements along `axis` by `shift` (of the flattened array when omitted).
 *
 * @example
 * np.roll(np.array([1, 2, 3, 4]), 1); // [4, 1, 2, 3]
 */
function rollImpl(x: ArrayLike, shift: number | readonly number[], axis?: number | readonly number[]): Array {
  const a = asArray("np.roll", x);
  if (axis === undefined) return reshapeTo(rollImpl(reshapeTo(a, [a.size]), shift, 0), a.shape);
  const axes = (typeof axis === "number" ? [axis] : axis).map((ax) => normalizeAxis("np.roll", ax, a.ndim));
  const shifts = typeof shift === "number" ? axes.map(() => shift) : shift;
  if (shifts.length !== axes.length) throw new ShapeError(`np.roll: ${shifts.length} shifts for ${axes.length} axes.`);
  let out = a;
  axes.forEach((ax, i) => {
    const n = out.shape[ax]!;
    if (n === 0) return;
    const s = ((shifts[i]! % n) + n) % n;
    if (s === 0) return;
    out = concatenate([sliceAxis(out, ax, n - s, n), sliceAxis(out, ax, 0, n - s)], ax);
  });
  return out;
}

/** A zero of `a`'s dtype and weak type (so `where` keeps the dtype, bool included). */
function zeroOf(op: string, a: Array): Array {
  return scalarLike(op, 0, { dtype: a.dtype, weakType: a.weakType }, a.device);
}

function triMask(op: string, x: Array, k: number, upper: boolean): Array {
  if (x.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got ${fmtShape(x.shape)}.`);
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const r = bind1(iota, [], { dtype: "int32", shape: [rows, cols], dimension: 0, device: x.device });
  const c = bind1(iota, [], { dtype: "int32", shape: [rows, cols], dimension: 1, device: x.device });
  const d = subtract(c, r);
  return upper ? greaterEqual(d, k) : lessEqual(d, k);
}

/**
 * Upper triangle of the last two axes (elements below diagonal `k` set to 0).
 *
 * @example
 * np.triu(np.ones([3, 3]));
 */
function triuImpl(x: ArrayLike, k = 0): Array {
  const a = asArray("np.triu", x);
  return where(triMask("np.triu", a, k, true), a, zeroOf("np.triu", a));
}

/**
 * Lower triangle of the last two axes (elements above diagonal `k` set to 0).
 *
 * @example
 * np.tril(np.ones([3, 3]), -1);
 */
function trilImpl(x: ArrayLike, k = 0): Array {
  const a = asArray("np.tril", x);
  return where(triMask("np.tril", a, k, false), a, zeroOf("np.tril", a));
}

// The public forms: JAX's positional arguments, and a trailing options object that may name any
// of them (JAX's keywords); unknown keys and values given twice are errors.

/** Options of `reshape`. */
export interface ReshapeOptions {
  shape?: number | readonly number[];
  /** "C" (row-major, the default) or "F" (column-major). */
  order?: "C" | "F";
  /** Accepted for JAX compatibility (arrays are immutable). */
  copy?: boolean | null;
}

/**
 * A view of `x` with a new shape (one entry may be -1: inferred); `order: "F"` reads and writes
 * the elements in column-major order.
 *
 * @example
 * np.reshape(np.arange(6), [2, 3]);
 * np.reshape(x, [3, 2], { order: "F" });
 */
export function reshape(x: ArrayLike, shape?: number | readonly number[] | ReshapeOptions, order?: "C" | "F" | ReshapeOptions, opts?: ReshapeOptions): Array {
  const op = "np.reshape";
  const o = namedArgs<ReshapeOptions>(op, [shape, order, opts], ["shape", "order"], ["copy"], `${op}(x, shape, order?, { copy })`);
  if (o.shape === undefined) throw new TypeError(`${op}: needs a shape.`);
  const ord = o.order ?? "C";
  if (ord !== "C" && ord !== "F") throw new TypeError(`${op}: unknown order ${formatValue(ord)}; accepted: "C", "F".`);
  if (ord === "C") return reshapeImpl(x, o.shape);
  const s = typeof o.shape === "number" ? [o.shape] : [...o.shape];
  return transposeImpl(reshapeImpl(transposeImpl(x), s.reverse()));
}

/**
 * `x` flattened to 1-D (`order: "F"`: column-major).
 *
 * @example
 * np.ravel(np.ones([2, 3])).shape; // [6]
 */
export function ravel(x: ArrayLike, order?: "C" | "F" | { order?: "C" | "F" }): Array {
  const o = namedArgs<{ order?: "C" | "F" }>("np.ravel", [order], ["order"], [], "np.ravel(x, order?)");
  if (o.order === "F") return ravelImpl(transposeImpl(x));
  if (o.order !== undefined && o.order !== "C") throw new TypeError(`np.ravel: unknown order ${formatValue(o.order)}; accepted: "C", "F".`);
  return ravelImpl(x);
}

/**
 * Axes permuted (reversed when `axes` is omitted).
 *
 * @example
 * np.transpose(np.ones([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function transpose(x: ArrayLike, axes?: readonly number[] | null | { axes?: readonly number[] | null }): Array {
  const o = namedArgs<{ axes?: readonly number[] | null }>("np.transpose", [axes], ["axes"], [], "np.transpose(x, axes?)");
  return transposeImpl(x, o.axes ?? undefined);
}

/**
 * Two axes exchanged.
 *
 * @example
 * np.swapaxes(np.ones([2, 3]), 0, 1).shape; // [3, 2]
 */
export function swapaxes(x: ArrayLike, axis1?: number | { axis1?: number; axis2?: number }, axis2?: number | { axis2?: number }, opts?: { axis1?: number; axis2?: number }): Array {
  const o = namedArgs<{ axis1?: number; axis2?: number }>("np.swapaxes", [axis1, axis2, opts], ["axis1", "axis2"], [], "np.swapaxes(x, axis1, axis2)");
  if (o.axis1 === undefined || o.axis2 === undefined) throw new TypeError("np.swapaxes: needs axis1 and axis2.");
  return swapaxesImpl(x, o.axis1, o.axis2);
}

/** Options of `moveaxis`. */
export interface MoveaxisOptions {
  source?: number | readonly number[];
  destination?: number | readonly number[];
}

/**
 * Axes moved to new positions (the others keep their order).
 *
 * @example
 * np.moveaxis(np.ones([2, 3, 4]), 0, -1).shape; // [3, 4, 2]
 */
export function moveaxis(x: ArrayLike, source?: number | readonly number[] | MoveaxisOptions, destination?: number | readonly number[] | MoveaxisOptions, opts?: MoveaxisOptions): Array {
  const o = namedArgs<MoveaxisOptions>("np.moveaxis", [source, destination, opts], ["source", "destination"], [], "np.moveaxis(x, source, destination)");
  if (o.source === undefined || o.destination === undefined) throw new TypeError("np.moveaxis: needs source and destination.");
  return moveaxisImpl(x, o.source, o.destination);
}

/**
 * New length-1 axes at `axis` (positions in the result).
 *
 * @example
 * np.expandDims(np.ones([3]), 0).shape; // [1, 3]
 */
export function expandDims(x: ArrayLike, axis?: number | readonly number[] | { axis?: number | readonly number[] }): Array {
  const o = namedArgs<{ axis?: number | readonly number[] }>("np.expandDims", [axis], ["axis"], [], "np.expandDims(x, axis)");
  if (o.axis === undefined) throw new TypeError("np.expandDims: needs an axis.");
  return expandDimsImpl(x, o.axis);
}

/**
 * Length-1 axes removed (all of them, or those in `axis`).
 *
 * @example
 * np.squeeze(np.ones([1, 3, 1])).shape; // [3]
 */
export function squeeze(x: ArrayLike, axis?: Axis | { axis?: Axis }): Array {
  const o = namedArgs<{ axis?: Axis }>("np.squeeze", [axis], ["axis"], [], "np.squeeze(x, axis?)");
  return squeezeImpl(x, o.axis);
}

/** Options of `split` and `arraySplit`. */
export interface SplitOptions {
  indicesOrSections?: number | readonly number[];
  axis?: number;
}

/**
 * Equal parts (a number of sections) or parts cut at indices, along `axis`.
 *
 * @example
 * np.split(np.arange(6), 3); // three arrays of 2
 */
export function split(x: ArrayLike, sections?: number | readonly number[] | SplitOptions, axis?: number | SplitOptions, opts?: SplitOptions): Array[] {
  const o = namedArgs<SplitOptions>("np.split", [sections, axis, opts], ["indicesOrSections", "axis"], [], "np.split(x, indicesOrSections, axis?)");
  if (o.indicesOrSections === undefined) throw new TypeError("np.split: needs indicesOrSections.");
  return splitImpl(x, o.indicesOrSections, o.axis ?? 0);
}

/**
 * Like `split`, but a number of sections need not divide the axis.
 *
 * @example
 * np.arraySplit(np.arange(5), 2); // [0, 1, 2] and [3, 4]
 */
export function arraySplit(x: ArrayLike, sections?: number | readonly number[] | SplitOptions, axis?: number | SplitOptions, opts?: SplitOptions): Array[] {
  const o = namedArgs<SplitOptions>("np.arraySplit", [sections, axis, opts], ["indicesOrSections", "axis"], [], "np.arraySplit(x, indicesOrSections, axis?)");
  if (o.indicesOrSections === undefined) throw new TypeError("np.arraySplit: needs indicesOrSections.");
  return arraySplitImpl(x, o.indicesOrSections, o.axis ?? 0);
}

/**
 * `x` repeated `reps` times along each axis.
 *
 * @example
 * np.tile(np.array([1, 2]), 2); // [1, 2, 1, 2]
 */
export function tile(x: ArrayLike, reps?: number | readonly number[] | { reps?: number | readonly number[] }): Array {
  const o = namedArgs<{ reps?: number | readonly number[] }>("np.tile", [reps], ["reps"], [], "np.tile(x, reps)");
  if (o.reps === undefined) throw new TypeError("np.tile: needs reps.");
  return tileImpl(x, o.reps);
}

/** Options of `repeat`. */
export interface RepeatOptions {
  repeats?: number | readonly number[];
  axis?: number | null;
  /** The static result length along the axis (JAX's, for array `repeats` under jit); must match. */
  totalRepeatLength?: number | null;
}

/**
 * Each element repeated (along `axis`, or of the flattened array).
 *
 * @example
 * np.repeat(np.array([1, 2]), 2); // [1, 1, 2, 2]
 */
export function repeat(x: ArrayLike, repeats?: number | readonly number[] | RepeatOptions, axis?: number | null | RepeatOptions, opts?: RepeatOptions): Array {
  const op = "np.repeat";
  const o = namedArgs<RepeatOptions>(op, [repeats, axis, opts], ["repeats", "axis"], ["totalRepeatLength"], `${op}(x, repeats, axis?, { totalRepeatLength })`);
  if (o.repeats === undefined) throw new TypeError(`${op}: needs repeats.`);
  const out = repeatImpl(x, o.repeats, o.axis);
  if (o.totalRepeatLength !== undefined && o.totalRepeatLength !== null) {
    const ax = o.axis === undefined || o.axis === null ? 0 : normalizeAxis(op, o.axis, out.ndim);
    if (out.shape[ax] !== o.totalRepeatLength) throw new ShapeError(`${op}: totalRepeatLength ${o.totalRepeatLength} differs from the result's length ${out.shape[ax]}.`);
  }
  return out;
}

/**
 * Elements in reverse order along `axis` (all axes when omitted).
 *
 * @example
 * np.flip(np.array([1, 2, 3])); // [3, 2, 1]
 */
export function flip(x: ArrayLike, axis?: Axis | { axis?: Axis }): Array {
  const o = namedArgs<{ axis?: Axis }>("np.flip", [axis], ["axis"], [], "np.flip(x, axis?)");
  return flipImpl(x, o.axis);
}

/** Options of `roll`. */
export interface RollOptions {
  shift?: number | readonly number[];
  axis?: number | readonly number[] | null;
}

/**
 * Elements shifted cyclically along `axis` (of the flattened array when omitted).
 *
 * @example
 * np.roll(np.array([1, 2, 3]), 1); // [3, 1, 2]
 */
export function roll(x: ArrayLike, shift?: number | readonly number[] | RollOptions, axis?: number | readonly number[] | null | RollOptions, opts?: RollOptions): Array {
  const o = namedArgs<RollOptions>("np.roll", [shift, axis, opts], ["shift", "axis"], [], "np.roll(x, shift, axis?)");
  if (o.shift === undefined) throw new TypeError("np.roll: needs shift.");
  return rollImpl(x, o.shift, o.axis ?? undefined);
}

/**
 * Upper triangle of the last two axes (elements below diagonal `k` set to 0).
 *
 * @example
 * np.triu(np.ones([3, 3]));
 */
export function triu(x: ArrayLike, k?: number | { k?: number }): Array {
  return triuImpl(x, namedArgs<{ k?: number }>("np.triu", [k], ["k"], [], "np.triu(x, k?)").k ?? 0);
}

/**
 * Lower triangle of the last two axes (elements above diagonal `k` set to 0).
 *
 * @example
 * np.tril(np.ones([3, 3]), -1);
 */
export function tril(x: ArrayLike, k?: number | { k?: number }): Array {
  return trilImpl(x, namedArgs<{ k?: number }>("np.tril", [k], ["k"], [], "np.tril(x, k?)").k ?? 0);
}
