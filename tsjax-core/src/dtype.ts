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
  const known = dtypes.map((d) => `"${d}"`).join(", ");
  const near = typeof value === "string" ? NEAREST[value] : undefined;
  if (near) {
    throw new TypeError(
      `${op}: dtype "${value}" is not supported: tsjax has ${known}, as JAX has with 64-bit types disabled (its default). Use "${near}".`,
    );
  }
  throw new TypeError(`${op}: unknown dtype ${JSON.stringify(value)}. Use one of ${known}.`);
}

/** The supported dtype to use instead of a numpy dtype tsjax does not have. */
const NEAREST: Record<string, DType> = {
  float64: "float32", bfloat16: "float32", int64: "int32", int16: "int32", int8: "int32",
  uint64: "uint32", uint16: "uint32", uint8: "uint32",
};

/** A dtype together with JAX's weak-type flag (set for values that came from JS numbers). */
export interface TypedKind {
  dtype: DType;
  weakType: boolean;
}

/**
 * JAX's promotion lattice (64-bit disabled) restricted to tsjax's dtypes and the weak kinds
 * `i*` (weak integer) and `f*` (weak float). On these types it is a chain:
 * `bool < i* < uint32 < int32 < f* < float16 < float32` (JAX's lattice has `u32 -> i32` when x64
 * is off), so the least upper bound of two types is the higher one.
 */
type LatticeNode = DType | "i*" | "f*";
const LATTICE_RANK: Record<LatticeNode, number> = {
  bool: 0, "i*": 1, uint32: 2, int32: 3, "f*": 4, float16: 5, float32: 6,
};

/** JAX's `_jax_type`: a weak non-bool dtype is its weak kind; weak bool is plain bool. */
function latticeNode(k: TypedKind): LatticeNode {
  if (!k.weakType || k.dtype === "bool") return k.dtype;
  return isFloatDType(k.dtype) ? "f*" : "i*";
}

function higher<T extends LatticeNode>(a: T, b: T): T {
  return LATTICE_RANK[a] >= LATTICE_RANK[b] ? a : b;
}

/** The default dtype of a weakly typed result of `dtype`'s kind (JAX's `default_types[kind]`). */
function defaultWeakDType(dtype: DType): DType {
  return isFloatDType(dtype) ? "float32" : dtype;
}

/**
 * Promotes two typed kinds by JAX's lattice (64-bit disabled), as `jnp.result_type` of two
 * operands.
 *
 * - Equal dtypes stay, strong unless both are weak.
 * - `bool` joins to the other side (and is never weak).
 * - A weak value takes the strong side's dtype when its kind is not higher
 *   (`float16 + 2 -> float16`, `uint32 + 2 -> uint32`); a weak float with a strong integer
 *   gives a weak `float32`.
 * - Strong integer with strong float gives the float; `int32` with `uint32` gives `int32`
 *   (JAX's `int64`, canonicalized); `float16` with `float32` gives `float32`.
 * - Two weak operands give a weak result of the default dtype of the higher kind
 *   (`float32` for floats), as JAX does.
 *
 * @example
 * promoteTypes({ dtype: "float16", weakType: false }, { dtype: "float32", weakType: true });
 * // { dtype: "float16", weakType: false }
 */
export function promoteTypes(a: TypedKind, b: TypedKind): TypedKind {
  const bothWeak = a.weakType && b.weakType;
  if (a.dtype === b.dtype && !bothWeak) return { dtype: a.dtype, weakType: false };
  if (bothWeak) {
    // JAX: the bound of the strong counterparts, made weak with its kind's default dtype.
    const d = higher(a.dtype, b.dtype);
    return d === "bool" ? { dtype: d, weakType: false } : { dtype: defaultWeakDType(d), weakType: true };
  }
  const top = higher(latticeNode(a), latticeNode(b));
  if (top === "i*") return { dtype: "int32", weakType: true };
  if (top === "f*") return { dtype: "float32", weakType: true };
  return { dtype: top, weakType: false };
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
