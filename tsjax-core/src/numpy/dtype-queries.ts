/**
 * numpy's dtype queries with JAX's rules: promoteTypes, resultType, canCast, issubdtype, isdtype,
 * and isscalar/iterable. Dtypes are tsjax's names ("float32", "int32", ...); the abstract numpy
 * categories are the strings "number", "inexact", "floating", "integer", "signedinteger",
 * "unsignedinteger", "bool", "generic".
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, checkDType, dtypes, isFloatDType, isIntDType, isSignedIntDType, itemsize, promoteTypes as promote, resultType as result } from "../dtype.js";
import { kindOf } from "./convert.js";

/** numpy's abstract dtype categories, for `issubdtype`. */
export type DTypeCategory = "generic" | "number" | "inexact" | "floating" | "integer" | "signedinteger" | "unsignedinteger" | "bool";

const CATEGORIES: Record<DTypeCategory, (d: DType) => boolean> = {
  generic: () => true,
  number: (d) => d !== "bool",
  inexact: isFloatDType,
  floating: isFloatDType,
  integer: isIntDType,
  signedinteger: isSignedIntDType,
  unsignedinteger: (d) => isIntDType(d) && !isSignedIntDType(d),
  bool: (d) => d === "bool",
};

function dtypeOf(op: string, x: ArrayLike | DType): DType {
  if (typeof x === "string") return checkDType(op, x);
  return kindOf(op, x).dtype;
}

/**
 * The dtype two dtypes promote to (JAX's lattice; strongly typed).
 *
 * @example
 * np.promoteTypes("int8", "uint8"); // "int16"
 */
export function promoteTypes(a: DType, b: DType): DType {
  const op = "np.promoteTypes";
  return promote({ dtype: checkDType(op, a), weakType: false }, { dtype: checkDType(op, b), weakType: false }).dtype;
}

/**
 * The dtype arrays, numbers and dtypes promote to together (numbers are weakly typed).
 *
 * @example
 * np.resultType(np.ones([2], { dtype: "int8" }), 1.5); // "float32"
 */
export function resultType(...args: (ArrayLike | DType)[]): DType {
  const op = "np.resultType";
  if (args.length === 0) throw new TypeError(`${op}: needs at least one argument.`);
  return result(...args.map((x) => (typeof x === "string" ? { dtype: checkDType(op, x), weakType: false } : kindOf(op, x)))).dtype;
}

/**
 * Whether `from` converts to `to` under `casting` ("no", "equiv", "safe" (default), "same_kind", "unsafe").
 *
 * @example
 * np.canCast("int8", "int32"); // true
 * np.canCast("float32", "int32"); // false
 */
export function canCast(from: ArrayLike | DType, to: DType, casting: "no" | "equiv" | "safe" | "same_kind" | "unsafe" = "safe"): boolean {
  const op = "np.canCast";
  const a = dtypeOf(op, from);
  const b = checkDType(op, to);
  const rank = (d: DType) => (d === "bool" ? 0 : isIntDType(d) ? 1 : 2);
  switch (casting) {
    case "no":
    case "equiv":
      return a === b;
    case "unsafe":
      return true;
    case "same_kind":
      if (rank(a) !== rank(b)) return rank(a) < rank(b);
      return !(isSignedIntDType(a) && !isSignedIntDType(b));
    case "safe":
      if (a === b || a === "bool") return true;
      if (isFloatDType(a)) return isFloatDType(b) && itemsize(b) >= itemsize(a);
      if (isFloatDType(b)) return itemsize(b) > itemsize(a);
      if (isSignedIntDType(a)) return isSignedIntDType(b) && itemsize(b) >= itemsize(a);
      return isSignedIntDType(b) ? itemsize(b) > itemsize(a) : isIntDType(b) && itemsize(b) >= itemsize(a);
    default:
      throw new TypeError(`${op}: unknown casting ${JSON.stringify(casting)}; accepted: "no", "equiv", "safe", "same_kind", "unsafe".`);
  }
}

/**
 * Whether `arg1` is `arg2` or below it in numpy's dtype hierarchy (`arg2` a dtype or a category).
 *
 * @example
 * np.issubdtype("int8", "integer"); // true
 * np.issubdtype("float32", "float32"); // true
 */
export function issubdtype(arg1: DType | ArrayLike, arg2: DType | DTypeCategory): boolean {
  const op = "np.issubdtype";
  const a = dtypeOf(op, arg1);
  if (arg2 in CATEGORIES) return CATEGORIES[arg2 as DTypeCategory](a);
  return a === checkDType(op, arg2);
}

/** The array API's dtype kinds, for `isdtype`. */
export type DTypeKind = "bool" | "signed integer" | "unsigned integer" | "integral" | "real floating" | "complex floating" | "numeric";

const KINDS: Record<DTypeKind, (d: DType) => boolean> = {
  bool: (d) => d === "bool",
  "signed integer": isSignedIntDType,
  "unsigned integer": (d) => isIntDType(d) && !isSignedIntDType(d),
  integral: isIntDType,
  "real floating": isFloatDType,
  "complex floating": () => false,
  numeric: (d) => d !== "bool",
};

/**
 * Whether `dtype` is of `kind` (the array API's kinds, a dtype, or a list of them).
 *
 * @example
 * np.isdtype("int8", "signed integer"); // true
 * np.isdtype("float16", ["integral", "real floating"]); // true
 */
export function isdtype(dtype: DType, kind: DTypeKind | DType | readonly (DTypeKind | DType)[]): boolean {
  const op = "np.isdtype";
  const d = checkDType(op, dtype);
  const kinds = typeof kind === "string" ? [kind] : kind;
  return kinds.some((k) => {
    if (k in KINDS) return KINDS[k as DTypeKind](d);
    if ((dtypes as readonly string[]).includes(k)) return d === k;
    throw new TypeError(`${op}: unknown kind ${JSON.stringify(k)}; accepted: ${Object.keys(KINDS).join(", ")}, or a dtype.`);
  });
}

/**
 * True for numbers, booleans and 0-d arrays (as JAX).
 *
 * @example
 * np.isscalar(1); // true
 * np.isscalar(np.ones([2])); // false
 */
export function isscalar(element: unknown): boolean {
  if (typeof element === "number" || typeof element === "boolean") return true;
  return element instanceof Array && element.ndim === 0;
}

/**
 * True when `y` can be iterated (lists, arrays with at least one axis, strings).
 *
 * @example
 * np.iterable([1, 2]); // true
 * np.iterable(3); // false
 */
export function iterable(y: unknown): boolean {
  if (y instanceof Array) return y.ndim > 0;
  return y !== null && y !== undefined && typeof (y as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
