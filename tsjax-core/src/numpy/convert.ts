/**
 * Operand preparation for the numpy layer: JS scalars become weakly typed arrays, operands are
 * promoted to a common dtype (JAX rules) and broadcast to a common shape (free views).
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import { defaultDevice } from "../backend/devices.js";
import { type DType, type TypedKind, intRange, isInexactDType, isIntDType, resultType, scalarKind } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import { bind1, isConcrete } from "../core/bind.js";
import { scalarArray } from "../core/eager.js";
import { broadcastInDim, reshape } from "../primitives/structural.js";
import { convertElementType } from "../primitives/elementwise.js";
import { range } from "../util.js";

/** The dtype/weak kind of an operand. */
export function kindOf(op: string, x: ArrayLike): TypedKind {
  if (x instanceof Array) return { dtype: x.dtype, weakType: x.weakType };
  if (typeof x === "number" || typeof x === "boolean") return scalarKind(x);
  throw new TypeError(
    `${op}: expected an Array, a number or a boolean, got ${describeValue(x)}. ` +
      "Wrap lists with np.array(...) first.",
  );
}

/** A short description of a JS value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (globalThis.Array.isArray(x)) return `a JS list of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return typeof x === "object" ? `an object (${(x as object).constructor?.name ?? "Object"})` : `${typeof x} ${String(x)}`;
}

/** The device shared by the array operands (the default device when there are none). */
export function deviceOf(xs: readonly ArrayLike[]): DeviceName {
  for (const x of xs) if (x instanceof Array) return x.device;
  return defaultDevice();
}

function checkScalarFits(op: string, value: number, dtype: DType): void {
  if (!isIntDType(dtype) || !Number.isInteger(value)) return;
  const [lo, hi] = intRange(dtype);
  if (value < lo || value > hi) {
    throw new DTypeError(`${op}: the JS number ${value} does not fit in ${dtype} (${lo}..${hi}). Use a wider dtype or a value in range.`);
  }
}

/** A weakly typed (for numbers) scalar array of `dtype` on `device`. */
export function scalarLike(op: string, value: number | boolean, kind: TypedKind, device: DeviceName): Array {
  if (typeof value === "number") checkScalarFits(op, value, kind.dtype);
  return scalarArray(value, kind.dtype, kind.weakType, device);
}

/** Converts `x` to `dtype` (no-op when it already is); keeps the weak flag when asked. */
export function convert(x: Array, dtype: DType, weakType = false): Array {
  if (x.dtype === dtype && x.weakType === weakType) return x;
  if (x.dtype === dtype && isConcrete(x)) return x.view(x.shape, x.strides, x.offset, weakType);
  return bind1(convertElementType, [x], { newDtype: dtype, weakType });
}

/** Converts an operand to an array of the given kind. */
export function toArrayOf(op: string, x: ArrayLike, kind: TypedKind, device: DeviceName): Array {
  if (x instanceof Array) return convert(x, kind.dtype, kind.weakType);
  return scalarLike(op, x, kind, device);
}

/** Broadcasts `x` to `shape` (numpy rules; a free view eagerly). */
export function broadcastTo(op: string, x: Array, shape: readonly number[]): Array {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = shape.length - x.shape.length;
  const ok = lead >= 0 && x.shape.every((n, i) => n === 1 || n === shape[lead + i]);
  if (!ok) {
    throw new ShapeError(
      `${op}: cannot broadcast an array of shape ${fmtShape(x.shape)} to shape ${fmtShape(shape)}; ` +
        "each trailing axis must match or have size 1, and the target needs at least as many axes.",
    );
  }
  return bind1(broadcastInDim, [x], { shape, broadcastDimensions: range(shape.length, lead) });
}

/**
 * Prepares operands for an elementwise op: one dtype (promoted, or `dtype` when given), one
 * device, one broadcast shape.
 */
export function promoteAndBroadcast(op: string, xs: readonly ArrayLike[], dtype?: DType, device = deviceOf(xs)): Array[] {
  const kinds = xs.map((x) => kindOf(op, x));
  const kind = dtype ? { dtype, weakType: false } : resultType(...kinds);
  const arrays = xs.map((x) => toArrayOf(op, x, kind, device));
  const shape = broadcastShapes(op, ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(op, a, shape));
}

/** Like `promoteAndBroadcast`, then converts integer/bool operands to float32 (for exp, sqrt, /, ...; complex64 stays). */
export function promoteToFloat(op: string, xs: readonly ArrayLike[], device = deviceOf(xs)): Array[] {
  const kinds = xs.map((x) => kindOf(op, x));
  let kind = resultType(...kinds);
  if (!isInexactDType(kind.dtype)) kind = { dtype: "float32", weakType: kind.weakType };
  const arrays = xs.map((x) => toArrayOf(op, x, kind, device));
  const shape = broadcastShapes(op, ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(op, a, shape));
}

/** Makes `x` an Array (scalars become weak scalars on the default device). */
export function asArray(op: string, x: ArrayLike, device?: DeviceName): Array {
  if (x instanceof Array) return x;
  return scalarLike(op, x, kindOf(op, x), device ?? defaultDevice());
}

/** Reshape helper used across the numpy layer. */
export function reshapeTo(x: Array, shape: readonly number[]): Array {
  return shapesEqual(x.shape, shape) ? x : bind1(reshape, [x], { newSizes: shape });
}
