/**
 * Data types and JAX-style type promotion.
 *
 * tsjax follows JAX with 64-bit types disabled: the dtypes are `float32`, `float16`,
 * `int32`, `uint32` and `bool`. JS numbers are *weakly typed*, as Python scalars are in JAX:
 * `x.mul(2)` keeps the dtype of `x`, whatever it is.
 */

/** The element types an {@link Array} can hold. */
export type DType = "float32" | "float16" | "int32" | "uint32" | "bool";

/** Every dtype, in a fixed order. */
export const dtypes: readonly DType[] = ["float32", "float16", "int32", "uint32", "bool"];

/** True for `float32` and `float16`. */
export function isFloatDType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float16";
}

/** True for `int32` and `uint32`. */
export function isIntDType(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint32";
}

/** Bytes per element in host memory (`bool` is one byte on the host). */
export function itemsize(dtype: DType): number {
  return dtype === "float16" ? 2 : dtype === "bool" ? 1 : 4;
}

/** Throws unless `value` names a dtype; returns it typed. */
export function checkDType(op: string, value: unknown): DType {
  if (typeof value === "string" && (dtypes as readonly string[]).includes(value)) return value as DType;
  throw new TypeError(
    `${op}: unknown dtype ${JSON.stringify(value)}. Use one of ${dtypes.map((d) => `"${d}"`).join(", ")}.`,
  );
}

/** A dtype together with JAX's weak-type flag (set for values that came from JS numbers). */
export interface TypedKind {
  dtype: DType;
  weakType: boolean;
}

type Kind = 0 | 1 | 2; // bool < integer < float
function kindOf(dtype: DType): Kind {
  return dtype === "bool" ? 0 : isFloatDType(dtype) ? 2 : 1;
}

/**
 * Promotes two typed kinds by JAX's lattice (64-bit disabled).
 *
 * - Equal dtypes stay; weak only if both are weak.
 * - `bool` joins to the other side.
 * - A weak value takes the strong side's dtype when its kind is not higher
 *   (`float16 + 2 -> float16`, `int32 + 2 -> int32`); a weak float with a strong integer
 *   gives a weak `float32`.
 * - Strong integer with strong float gives the float; `int32` with `uint32` gives `int32`
 *   (JAX's `int64`, canonicalized); `float16` with `float32` gives `float32`.
 *
 * @example
 * promoteTypes({ dtype: "float16", weakType: false }, { dtype: "float32", weakType: true });
 * // { dtype: "float16", weakType: false }
 */
export function promoteTypes(a: TypedKind, b: TypedKind): TypedKind {
  if (a.dtype === b.dtype) return { dtype: a.dtype, weakType: a.weakType && b.weakType };
  if (a.dtype === "bool" && !a.weakType) return b;
  if (b.dtype === "bool" && !b.weakType) return a;
  const ka = kindOf(a.dtype);
  const kb = kindOf(b.dtype);
  if (a.weakType && b.weakType) return ka >= kb ? a : b;
  if (a.weakType || b.weakType) {
    const [weak, strong] = a.weakType ? [a, b] : [b, a];
    if (kindOf(weak.dtype) <= kindOf(strong.dtype)) return { dtype: strong.dtype, weakType: false };
    return { dtype: "float32", weakType: true };
  }
  if (ka !== kb) return ka > kb ? a : b;
  if (ka === 1) return { dtype: "int32", weakType: false };
  return { dtype: "float32", weakType: false };
}

/**
 * The dtype that a set of operands promotes to, as `jnp.result_type`.
 *
 * @example
 * resultType({ dtype: "int32", weakType: false }, { dtype: "float32", weakType: true }).dtype; // "float32"
 */
export function resultType(...kinds: TypedKind[]): TypedKind {
  if (kinds.length === 0) throw new TypeError("resultType: needs at least one operand.");
  return kinds.reduce(promoteTypes);
}

/** The typed kind of a JS scalar: integers are weak int32, other numbers weak float32, booleans bool. */
export function scalarKind(value: number | boolean): TypedKind {
  if (typeof value === "boolean") return { dtype: "bool", weakType: false };
  return { dtype: Number.isInteger(value) ? "int32" : "float32", weakType: true };
}

/** The float dtype an operation like `mean` or `sqrt` computes in for inputs of `dtype`. */
export function floatDTypeFor(dtype: DType): DType {
  return dtype === "float16" ? "float16" : "float32";
}
