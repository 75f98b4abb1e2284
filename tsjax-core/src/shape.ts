/** Shape utilities: sizes, strides, broadcasting and axis normalization, with errors that name the op. */
import { ConcretizationError, IndexError, ShapeError } from "./errors.js";
import { formatValue, isTracedValue } from "./util/format.js";

/** An array shape: one non-negative integer per axis. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides, in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new globalThis.Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[2,3]` as text, for error messages. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/**
 * Throws unless every entry is a non-negative integer and the size fits an array. Concrete scalar arrays count as their
 * value (as in JAX outside `jit`); a traced entry is a `ConcretizationError` saying how to make
 * the shape static.
 */
export function checkShape(op: string, shape: unknown): number[] {
  if (typeof shape === "number" || isTracedValue(shape)) shape = [shape];
  if (Array.isArray(shape) && shape.some(isTracedValue)) throw tracedStatic(op, "shape", shape);
  if (Array.isArray(shape)) shape = shape.map((d) => (typeof d === "object" && d !== null && "dtype" in d ? Number(d) : d));
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: shape must be a list of non-negative integers, got ${formatValue(shape)}.`);
  }
  checkSize(op, shape);
  return shape.slice();
}

/** The most elements an array may hold: kernels index arrays with 32-bit signed integers. */
const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Throws a ShapeError naming `op` when an array of `shape` would hold more than `MAX_ELEMENTS`
 * (`subject` says what has that shape, default "shape [..]").
 */
export function checkSize(op: string, shape: Shape, subject = `shape ${fmtShape(shape)}`): void {
  const n = sizeOf(shape);
  if (n <= MAX_ELEMENTS) return;
  throw new ShapeError(
    `${op}: ${subject} has ${n.toPrecision(3)} elements, more than the ${MAX_ELEMENTS} (2^31 - 1) ` +
      "an array can hold (kernels index arrays with 32-bit integers). Use smaller shapes, or split the work into pieces.",
  );
}

/**
 * A JS number from an argument that must be static: a number, or a concrete scalar array (its
 * value); `undefined` stays undefined. Traced values and other types throw.
 */
export function staticNumber(op: string, what: string, v: unknown): number | undefined {
  if (v === undefined || typeof v === "number") return v;
  if (isTracedValue(v)) throw tracedStatic(op, what, v);
  if (typeof v === "object" && v !== null && "dtype" in v) return Number(v);
  throw new TypeError(`${op}: ${what} must be a number, got ${formatValue(v)}.`);
}

/**
 * The error for a traced value where a compile-time constant is needed (a shape, a size, a
 * static index): it names the value and how to make it static.
 */
function tracedStatic(op: string, what: string, value: unknown): ConcretizationError {
  return new ConcretizationError(
    `${op}: the ${what} ${formatValue(value)} depends on a traced value, but it must be known while tracing ` +
      "(it decides the shape of the result). Pass JS numbers, or mark the argument it comes from static " +
      "(jit's staticArgnums / staticArgnames).",
  );
}

/**
 * The numpy broadcast of several shapes.
 *
 * @example
 * broadcastShapes("np.add", [2, 1], [3]); // [2, 3]
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new globalThis.Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = ndim - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) {
        out[o] = d;
        continue;
      }
      throw new ShapeError(
        `${op}: shapes ${shapes.map(fmtShape).join(" and ")} cannot be broadcast together ` +
          `(axis ${o - ndim}: ${out[o]} vs ${d}). Sizes must match or be 1 in each trailing axis; ` +
          `reshape or expandDims one operand so they line up.`,
      );
    }
  }
  checkSize(op, out, `the broadcast of ${shapes.map(fmtShape).join(" and ")}, of shape ${fmtShape(out)},`);
  return out;
}

/** Resolves a possibly negative axis against `ndim`; throws an IndexError naming the op. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new IndexError(
      `${op}: axis ${axis} is out of bounds for an array of rank ${ndim} ` +
        `(valid axes: ${ndim === 0 ? "none, the array is a scalar" : `${-ndim}..${ndim - 1}`}).`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Resolves `axis` (undefined/null = all axes, a number, or a list) to sorted unique axes.
 * Throws on repeated axes.
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(out).size !== out.length) {
    throw new IndexError(`${op}: repeated axis in ${formatValue(list)}; each axis may appear once.`);
  }
  return out.sort((a, b) => a - b);
}
