/**
 * `jax.lax.dot`, `dotGeneral` with `precision` / `preferredElementType`, and `batchMatmul`.
 * A `preferredElementType` wider than the operands converts them first (float16 products
 * accumulated in float32, int8 in int32, bool in the integer type); a narrower one converts the
 * result. `precision` is accepted and checked: the backends always compute at full precision.
 */
import type { Array } from "../array/array.js";
import { type DType, dtypes, isFloatDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { type DotGeneralParams, dotGeneral as dotGeneralP } from "../primitives/dot.js";
import { convertElementType } from "./lax.js";
import { range } from "../util.js";

/** JAX's precision names (`jax.lax.Precision`), as strings; a pair gives lhs and rhs apart. */
export type Precision = "default" | "high" | "highest" | "DEFAULT" | "HIGH" | "HIGHEST" | "bfloat16" | "tensorfloat32" | "float32" | "fastest";
export type PrecisionLike = Precision | readonly [Precision | null, Precision | null] | null | undefined;
const PRECISIONS = new Set(["default", "high", "highest", "DEFAULT", "HIGH", "HIGHEST", "bfloat16", "tensorfloat32", "float32", "fastest"]);

/** JAX's tuple form `[[lhsContract, rhsContract], [lhsBatch, rhsBatch]]` or tsjax's object form. */
export type DotDimensionNumbers = DotGeneralParams | readonly [readonly [readonly number[], readonly number[]], readonly [readonly number[], readonly number[]]];

const BITS: Record<DType, number> = { float32: 32, float16: 16, int32: 32, int16: 16, int8: 8, uint32: 32, uint16: 16, uint8: 8, bool: 1, complex64: 64 };

function checkPrecision(op: string, p: PrecisionLike): void {
  if (p === null || p === undefined) return;
  const ok = (v: unknown) => v === null || PRECISIONS.has(v as string);
  if (typeof p === "string" ? !ok(p) : !(p.length === 2 && p.every(ok))) {
    throw new TypeError(`${op}: precision must be null, one of ${[...PRECISIONS].join(", ")}, or a pair of them; got ${JSON.stringify(p)}.`);
  }
}

function toParams(dn: DotDimensionNumbers): DotGeneralParams {
  if ("contracting" in dn) return dn;
  return { contracting: [dn[0][0], dn[0][1]], batch: [dn[1][0], dn[1][1]] };
}

/**
 * `dotGeneral` with JAX's optional arguments; the core of `dot`, `batchMatmul` and `lax.dotGeneral`.
 */
export function dotGeneralWith(op: string, lhs: Array, rhs: Array, dims: DotDimensionNumbers, precision?: PrecisionLike, preferredElementType?: DType | null): Array {
  checkPrecision(op, precision);
  const params = toParams(dims);
  if (preferredElementType === null || preferredElementType === undefined) {
    return bind1(dotGeneralP, [lhs, rhs], params);
  }
  if (!(dtypes as readonly string[]).includes(preferredElementType)) {
    throw new DTypeError(`${op}: unknown preferredElementType ${JSON.stringify(preferredElementType)}; use one of ${dtypes.join(", ")}.`);
  }
  const pet = preferredElementType;
  if (lhs.dtype !== rhs.dtype) throw new DTypeError(`${op}: operands must have the same dtype, got ${lhs.dtype} and ${rhs.dtype}.`);
  if (lhs.dtype !== "bool" && (pet === "bool" || isFloatDType(pet) !== isFloatDType(lhs.dtype))) {
    throw new DTypeError(`${op}: preferredElementType ${pet} must be of the operands' kind (${isFloatDType(lhs.dtype) ? "floating" : "integer"}), as JAX requires; operands are ${lhs.dtype}.`);
  }
  const wider = lhs.dtype === "bool" || BITS[pet] >= BITS[lhs.dtype];
  if (wider) {
    const cv = (x: Array) => (x.dtype === pet ? x : convertElementType(x, pet));
    return bind1(dotGeneralP, [cv(lhs), cv(rhs)], params);
  }
  return convertElementType(bind1(dotGeneralP, [lhs, rhs], params), pet);
}

/** Options of `dot`. */
export interface DotOptions {
  /** Contraction and batch axes (`dotGeneral`'s), for other than matrix/vector products. */
  dimensionNumbers?: DotDimensionNumbers | null;
  /** Accepted and checked; the backends compute at full precision. */
  precision?: PrecisionLike;
  /** The result dtype, e.g. float32 for float16 operands or int32 for int8. */
  preferredElementType?: DType | null;
}

/**
 * Vector/matrix products (`jax.lax.dot`): `lhs` and `rhs` of rank 1 or 2 with `lhs`'s last axis
 * contracted against `rhs`'s first; other layouts need `dimensionNumbers`. No promotion: the
 * operands share a dtype.
 *
 * @example
 * lax.dot(a, b); // a @ b
 * lax.dot(i8a, i8b, { preferredElementType: "int32" });
 */
export function dot(lhs: Array, rhs: Array, options: DotOptions = {}): Array {
  const op = "lax.dot";
  let dn = options.dimensionNumbers ?? null;
  if (dn === null) {
    if (lhs.ndim < 1 || lhs.ndim > 2 || rhs.ndim < 1 || rhs.ndim > 2 || lhs.shape[lhs.ndim - 1] !== rhs.shape[0]) {
      throw new ShapeError(
        `${op}: dimensionNumbers must be given for other than matrix-matrix, matrix-vector or vector-vector products; got lhs ${fmtShape(lhs.shape)} and rhs ${fmtShape(rhs.shape)}.`,
      );
    }
    dn = { contracting: [[lhs.ndim - 1], [0]], batch: [[], []] };
  }
  return dotGeneralWith(op, lhs, rhs, dn, options.precision, options.preferredElementType);
}

/**
 * Batched matrix product over all leading axes (`jax.lax.batch_matmul`): operands of one rank
 * of at least 2.
 *
 * @example
 * lax.batchMatmul(np.ones([5, 2, 3]), np.ones([5, 3, 4])); // shape [5, 2, 4]
 */
export function batchMatmul(lhs: Array, rhs: Array, precision?: PrecisionLike): Array {
  const op = "lax.batchMatmul";
  if (Math.min(lhs.ndim, rhs.ndim) < 2 || lhs.ndim !== rhs.ndim) {
    throw new ShapeError(`${op}: operands must have the same rank, at least 2; got ${fmtShape(lhs.shape)} and ${fmtShape(rhs.shape)}.`);
  }
  const batch = range(lhs.ndim - 2);
  return dotGeneralWith(op, lhs, rhs, { contracting: [[lhs.ndim - 1], [rhs.ndim - 2]], batch: [batch, batch] }, precision);
}

/**
 * General dot product (`jax.lax.dot_general`): `contracting` and `batch` are pairs of axis lists
 * (or JAX's tuple `[[lc, rc], [lb, rb]]`); `preferredElementType` sets the result dtype.
 *
 * @example
 * lax.dotGeneral(a, b, { contracting: [[1], [0]], batch: [[], []] }); // a @ b
 */
export function dotGeneral(lhs: Array, rhs: Array, dims: DotDimensionNumbers, precision?: PrecisionLike, preferredElementType?: DType | null): Array {
  return dotGeneralWith("lax.dotGeneral", lhs, rhs, dims, precision, preferredElementType);
}
