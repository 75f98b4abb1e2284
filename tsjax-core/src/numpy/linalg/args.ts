/**
 * Argument handling shared by `np.linalg`, `lax.linalg` and `scipy.linalg`: options objects
 * checked against their accepted keys, and operands promoted to a float dtype as JAX's
 * `promote_dtypes_inexact` (integers and bools become float32).
 */
import { Array, type ArrayLike } from "../../array/array.js";
import { checkReal, isFloatDType, resultType } from "../../dtype.js";
import { ShapeError } from "../../errors.js";
import { broadcastShapes, fmtShape } from "../../shape.js";
import { broadcastTo, deviceOf, kindOf, toArrayOf } from "../convert.js";

/** Throws when `opts` has a key outside `accepted` (a typo would otherwise be ignored). */
export function checkOptions(op: string, opts: object | undefined, accepted: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== "object" || globalThis.Array.isArray(opts)) {
    throw new TypeError(`${op}: options must be an object ({ ${accepted.join(", ")} }), got ${globalThis.Array.isArray(opts) ? "a list" : typeof opts}.`);
  }
  for (const k of Object.keys(opts)) {
    if (!accepted.includes(k)) {
      throw new TypeError(`${op}: unknown option "${k}"; accepted options: ${accepted.length ? accepted.join(", ") : "none"}.`);
    }
  }
}

/** Operands promoted to one float dtype (float32 for integers and bools), on one device. */
export function floatOperands(op: string, ...xs: ArrayLike[]): Array[] {
  const device = deviceOf(xs);
  let kind = resultType(...xs.map((x) => kindOf(op, x)));
  checkReal(op, kind.dtype, "the linear algebra routines take real matrices only (complex decompositions are not implemented)");
  if (!isFloatDType(kind.dtype)) kind = { dtype: "float32", weakType: false };
  return xs.map((x) => toArrayOf(op, x, kind, device));
}

/** One operand promoted to float (see `floatOperands`). */
export function floatOperand(op: string, x: ArrayLike): Array {
  return floatOperands(op, x)[0]!;
}

/** Checks that `x` is a (batch of) matrix, square when asked. */
export function requireMatrix(op: string, x: Array, square = false): void {
  if (x.ndim < 2) throw new ShapeError(`${op}: needs a matrix (or a batch of matrices [..., m, n]), got shape ${fmtShape(x.shape)}.`);
  if (square && x.shape[x.ndim - 1] !== x.shape[x.ndim - 2]) {
    throw new ShapeError(`${op}: needs square matrices [..., n, n], got shape ${fmtShape(x.shape)}.`);
  }
}

/**
 * Broadcasts the batch axes of `xs` (all but the last `cores[i]` axes of each) to one shape, as
 * `jnp.vectorize` does for the linear-algebra signatures.
 */
export function broadcastBatch(op: string, xs: readonly Array[], cores: readonly number[]): Array[] {
  const batches = xs.map((x, i) => x.shape.slice(0, x.ndim - cores[i]!));
  const batch = broadcastShapes(`${op} (batch axes)`, ...batches);
  return xs.map((x, i) => broadcastTo(op, x, [...batch, ...x.shape.slice(x.ndim - cores[i]!)]));
}
