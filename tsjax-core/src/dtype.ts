/**
 * Data types and JAX-style type promotion.
 *
 * tsjax follows JAX with 64-bit types disabled: the dtypes are `float32`, `float16`,
 * `int32`, `int16`, `int8`, `uint32`, `uint16`, `uint8`, `bool` and `complex64` (pairs of
 * float32, stored interleaved; see `complex/lower.ts`). JS numbers are *weakly typed*, as
 * Python scalars are in JAX: `x.mul(2)` keeps the dtype of `x`, whatever it is.
 *
 * The 8- and 16-bit integers compute in 32 bits and wrap to their width after every operation
 * (two's complement, as XLA); WebGPU stores them in 32-bit words.
 */
import { DTypeError } from "./errors.js";

/** The element types an {@link Array} can hold. */
export type DType = "float32" | "float16" | "int32" | "int16" | "int8" | "uint32" | "uint16" | "uint8" | "bool" | "complex64";

/** Every dtype, in a fixed order. */
export const dtypes: readonly DType[] = ["float32", "float16", "int32", "int16", "int8", "uint32", "uint16", "uint8", "bool", "complex64"];

/** True for `float32` and `float16`. */
export function isFloatDType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float16";
}

/**
 * Throws a DTypeError for a complex64 operand of a function of real values only (the functions
 * that would otherwise convert it to float32 and silently drop its imaginary part).
 *
 * @example
 * checkReal("nn.softmax", x.dtype);
 */
export function checkReal(op: string, dtype: DType, fix = "apply it to np.real(x), np.imag(x) or np.abs(x)"): void {
  if (dtype === "complex64") throw new DTypeError(`${op}: takes real operands, got complex64; ${fix}.`);
}

/** True for the dtypes that have derivatives: the floats and `complex64` (numpy's `inexact`). */
export function isInexactDType(dtype: DType): boolean {
  return isFloatDType(dtype) || dtype === "complex64";
}

/**
 * How a dtype is stored in device buffers: `complex64` as interleaved float32 pairs (two
 * elements per value), every other dtype as itself. Backends and kernels only see these.
 */
export function storageDType(dtype: DType): DType {
  return dtype === "complex64" ? "float32" : dtype;
}

/** The number of stored elements of `size` values of `dtype` (see `storageDType`). */
export function storageSize(dtype: DType, size: number): number {
  return dtype === "complex64" ? 2 * size : size;
}

/** For code generators' dtype switches: complex values never reach kernels (they are lowered first). */
export function complexNotLowered(where: string): never {
  throw new Error(`internal: ${where} got complex64; complex values are lowered to float32 pairs before code generation`);
}

/** True for the integer dtypes (signed and unsigned, every width). */
export function isIntDType(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint32" || isSmallIntDType(dtype);
}

/** True for the signed integer dtypes. */
export function isSignedIntDType(dtype: DType): boolean {
  return dtype === "int32" || dtype === "int16" || dtype === "int8";
}

/** True for the 8- and 16-bit integer dtypes. */
export function isSmallIntDType(dtype: DType): boolean {
  return dtype === "int8" || dtype === "int16" || dtype === "uint8" || dtype === "uint16";
}

/** The 32-bit dtype an integer dtype computes in (and WebGPU stores it in); other dtypes unchanged. */
export function wideDType(dtype: DType): DType {
  if (dtype === "int8" || dtype === "int16") return "int32";
  if (dtype === "uint8" || dtype === "uint16") return "uint32";
  return dtype;
}

/** The smallest and largest values of an integer dtype. */
export function intRange(dtype: DType): [number, number] {
  switch (dtype) {
    case "int8": return [-128, 127];
    case "int16": return [-32768, 32767];
    case "int32": return [-2147483648, 2147483647];
    case "uint8": return [0, 255];
    case "uint16": return [0, 65535];
    case "uint32": return [0, 4294967295];
    default: throw new TypeError(`internal: intRange of ${dtype}`);
  }
}

/** Bytes per element in host memory (`bool` is one byte on the host). */
export function itemsize(dtype: DType): number {
  switch (dtype) {
    case "bool": case "int8": case "uint8": return 1;
    case "float16": case "int16": case "uint16": return 2;
    case "complex64": return 8;
    default: return 4;
  }
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
  throw new TypeError(
    `${op}: unknown dtype ${typeof value === "string" ? JSON.stringify(value) : value === null || typeof value !== "object" ? String(value) : `(an object: ${String(value)})`}. Use one of ${known}.`,
  );
}

/** The supported dtype to use instead of a numpy dtype tsjax does not have. */
const NEAREST: Record<string, DType> = {
  float64: "float32", bfloat16: "float32", int64: "int32", uint64: "uint32",
};

/** A dtype together with JAX's weak-type flag (set for values that came from JS numbers). */
export interface TypedKind {
  dtype: DType;
  weakType: boolean;
}

/**
 * JAX's promotion lattice restricted to tsjax's dtypes and the weak kinds `i*` (weak integer)
 * and `f*` (weak float), with `i64` standing for the 64-bit integer that JAX canonicalizes to
 * `int32` when 64-bit types are disabled:
 * `bool -> i* -> {u8, i8}`, `u8 -> {u16, i16}`, `u16 -> {u32, i32}`, `u32 -> i64`,
 * `i8 -> i16 -> i32 -> i64`, `i64 -> f* -> f16 -> f32 -> c64`. (JAX also has a weak complex
 * kind `c*` for Python complex scalars; JS has no complex literal, so no value is weakly
 * complex here.)
 */
type LatticeNode = DType | "i*" | "f*" | "i64";
const EDGES: Record<LatticeNode, LatticeNode[]> = {
  bool: ["i*"], "i*": ["uint8", "int8"], uint8: ["uint16", "int16"], uint16: ["uint32", "int32"], uint32: ["i64"],
  int8: ["int16"], int16: ["int32"], int32: ["i64"], i64: ["f*"], "f*": ["float16"], float16: ["float32"], float32: ["complex64"], complex64: [],
};

/** Every node at or above `n`, in breadth-first order (nearer nodes first). */
function upperSet(n: LatticeNode): LatticeNode[] {
  const out: LatticeNode[] = [n];
  for (let i = 0; i < out.length; i++) for (const m of EDGES[out[i]!]) if (!out.includes(m)) out.push(m);
  return out;
}
const UPPER = new Map((Object.keys(EDGES) as LatticeNode[]).map((n) => [n, upperSet(n)]));

/** The least upper bound of two lattice nodes (the lattice has one). */
function join(a: LatticeNode, b: LatticeNode): LatticeNode {
  const ub = UPPER.get(b)!;
  const common = UPPER.get(a)!.filter((n) => ub.includes(n));
  // the least common upper bound is the one every other common bound lies above
  return common.find((c) => common.every((d) => UPPER.get(c)!.includes(d)))!;
}

/** JAX's `_jax_type`: a weak non-bool dtype is its weak kind; weak bool is plain bool. */
function latticeNode(k: TypedKind): LatticeNode {
  if (!k.weakType || k.dtype === "bool" || k.dtype === "complex64") return k.dtype;
  return isFloatDType(k.dtype) ? "f*" : "i*";
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
 *   (`float16 + 2 -> float16`, `uint8 + 2 -> uint8`); a weak float with a strong integer
 *   gives a weak `float32`.
 * - Strong integers join in the lattice (`uint8 + int8 -> int16`, `uint32 + int8 -> int32`,
 *   JAX's `int64` canonicalized); integer with float gives the float; `float16` with
 *   `float32` gives `float32`; anything with `complex64` gives `complex64`.
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
    const d = canonical(join(a.dtype, b.dtype));
    return d === "bool" ? { dtype: d, weakType: false } : { dtype: defaultWeakDType(d), weakType: true };
  }
  const top = join(latticeNode(a), latticeNode(b));
  if (top === "i*") return { dtype: "int32", weakType: true };
  if (top === "f*") return { dtype: "float32", weakType: true };
  return { dtype: canonical(top), weakType: false };
}

/** A lattice node as a dtype (`i64` is `int32` with 64-bit types disabled). */
function canonical(n: LatticeNode): DType {
  return n === "i64" ? "int32" : n === "i*" ? "int32" : n === "f*" ? "float32" : n;
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

/**
 * The inexact dtype an operation like `mean` or `sqrt` computes in for inputs of `dtype`
 * (`complex64` stays complex).
 */
export function floatDTypeFor(dtype: DType): DType {
  return dtype === "float16" || dtype === "complex64" ? dtype : "float32";
}

/** The real dtype of a dtype's components: `float32` for `complex64`, else the dtype itself (`np.real`). */
export function realDType(dtype: DType): DType {
  return dtype === "complex64" ? "float32" : dtype;
}
