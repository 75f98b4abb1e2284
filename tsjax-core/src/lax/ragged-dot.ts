/**
 * `jax.lax.ragged_dot` and `jax.lax.ragged_dot_general` (the ragged-dot layouts): a grouped
 * matrix product where consecutive row blocks of `lhs` (sizes `groupSizes`) each multiply their
 * own matrix of `rhs`. Computed as every group's product masked to its rows, so `grad`, `vmap`
 * and `jit` go through the dot and select rules.
 */
import type { Array } from "../array/array.js";
import type { DType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { isIntDType } from "../dtype.js";
import { fmtShape } from "../shape.js";
import { checkOptions } from "../util/options.js";
import { formatValue } from "../util/format.js";
import { broadcastInDim, convertElementType, cumsum, ge, iota, lt, bitwiseAnd, reduceSum, select, sub, transpose } from "./lax.js";
import { type DotDimensionNumbers, type PrecisionLike, dotGeneralWith } from "./dot.js";
import { zerosLike } from "../numpy/creation.js";

/** Options of `raggedDot` and `raggedDotGeneral`. */
export interface RaggedDotOptions {
  /** Accepted and checked; the backends compute at full precision. */
  precision?: PrecisionLike;
  /** The result dtype, as for `lax.dot`. */
  preferredElementType?: DType | null;
  /** Not supported (JAX 0.10.2 cannot use it either); must be null/undefined. */
  groupOffset?: Array | null;
}

/** JAX's `RaggedDotDimensionNumbers`. */
export interface RaggedDotDimensionNumbers {
  /** Contracting and batch axes, as `lax.dotGeneral`'s. */
  dotDimensionNumbers: DotDimensionNumbers;
  /** The ragged (grouped-rows) axes of `lhs`. */
  lhsRaggedDimensions: readonly number[];
  /** The group axes of `rhs`. */
  rhsGroupDimensions: readonly number[];
}

const ACCEPTED = ["precision", "preferredElementType", "groupOffset"];

function grouped(op: string, lhs: Array, rhs: Array, groupSizes: Array, options: RaggedDotOptions | undefined): Array {
  const o = checkOptions(op, options, { accepted: ACCEPTED, signature: `${op}(lhs, rhs, groupSizes, { ${ACCEPTED.join(", ")} })` });
  if (o.groupOffset !== undefined && o.groupOffset !== null) throw new TypeError(`${op}: groupOffset is not supported (JAX 0.10.2 rejects it too); leave it out.`);
  const [m, k] = lhs.shape;
  const [g, k2] = rhs.shape;
  if (lhs.ndim !== 2 || rhs.ndim !== 3 || k !== k2) {
    throw new ShapeError(`${op}: expected lhs [m, k] and rhs [g, k, n], got lhs ${fmtShape(lhs.shape)} and rhs ${fmtShape(rhs.shape)}.`);
  }
  if (groupSizes.ndim !== 1 || groupSizes.shape[0] !== g) {
    throw new ShapeError(`${op}: groupSizes must have shape [${g}] (one size per rhs group), got ${fmtShape(groupSizes.shape)}.`);
  }
  if (!isIntDType(groupSizes.dtype)) throw new DTypeError(`${op}: groupSizes must be integers, got ${groupSizes.dtype}.`);
  const sizes = groupSizes.dtype === "int32" ? groupSizes : convertElementType(groupSizes, "int32");
  // All g products [m, g, n], then each row keeps the one of its group (rows past the total are 0).
  const full = dotGeneralWith(op, lhs, rhs, { contracting: [[1], [1]], batch: [[], []] }, o.precision, o.preferredElementType);
  const ends = cumsum(sizes, 0);
  const starts = sub(ends, sizes);
  const rows = iota("int32", [m!, g!], 0);
  const b = (v: Array) => broadcastInDim(v, [m!, g!], [1]);
  const mask = bitwiseAnd(ge(rows, b(starts)), lt(rows, b(ends)));
  const kept = select(broadcastInDim(mask, full.shape, [0, 1]), full, zerosLike(full));
  return reduceSum(kept, [1]);
}

/**
 * Grouped matrix product (`jax.lax.ragged_dot`): `lhs` [m, k], `rhs` [g, k, n] and integer
 * `groupSizes` [g]; rows `start_j .. start_j + groupSizes[j]` of the result are those rows of
 * `lhs` times `rhs[j]`, and rows past `sum(groupSizes)` are 0.
 *
 * @example
 * lax.raggedDot(np.ones([4, 2]), np.ones([2, 2, 3]), np.array([1, 2], { dtype: "int32" })); // rows 0-2: 2, row 3: 0
 */
export function raggedDot(lhs: Array, rhs: Array, groupSizes: Array, options?: RaggedDotOptions): Array {
  return grouped("lax.raggedDot", lhs, rhs, groupSizes, options);
}

function dnParts(dn: DotDimensionNumbers): [readonly number[], readonly number[], readonly number[], readonly number[]] {
  if ("contracting" in dn) return [dn.contracting[0], dn.contracting[1], dn.batch[0], dn.batch[1]];
  return [dn[0][0], dn[0][1], dn[1][0], dn[1][1]];
}

/**
 * `jax.lax.ragged_dot_general`, for the layouts of `raggedDot`: `lhs` [m, k] ragged along axis 0
 * and contracted along axis 1, `rhs` of rank 3 with one group axis and one contracting axis (in
 * any order), no batch axes. Other dimension numbers (ragged contracting or batch axes) throw.
 *
 * @example
 * const dn = { dotDimensionNumbers: [[[1], [1]], [[], []]], lhsRaggedDimensions: [0], rhsGroupDimensions: [0] } as const;
 * lax.raggedDotGeneral(lhs, rhs, groupSizes, dn); // = lax.raggedDot(lhs, rhs, groupSizes)
 */
export function raggedDotGeneral(lhs: Array, rhs: Array, groupSizes: Array, raggedDotDimensionNumbers: RaggedDotDimensionNumbers, options?: RaggedDotOptions): Array {
  const op = "lax.raggedDotGeneral";
  const dn = raggedDotDimensionNumbers;
  const [lc, rc, lb, rb] = dnParts(dn.dotDimensionNumbers);
  const gAx = dn.rhsGroupDimensions[0];
  const supported =
    lhs.ndim === 2 &&
    rhs.ndim === 3 &&
    lb.length === 0 &&
    rb.length === 0 &&
    lc.length === 1 &&
    lc[0] === 1 &&
    rc.length === 1 &&
    dn.lhsRaggedDimensions.length === 1 &&
    dn.lhsRaggedDimensions[0] === 0 &&
    dn.rhsGroupDimensions.length === 1 &&
    gAx !== undefined &&
    gAx >= 0 &&
    gAx < 3 &&
    rc[0] !== gAx &&
    rc[0]! >= 0 &&
    rc[0]! < 3;
  if (!supported) {
    throw new ShapeError(
      `${op}: only the ragged-dot layout is supported (lhs [m, k] with lhsRaggedDimensions [0] and contracting axis 1; rhs of rank 3 with one group axis and one other contracting axis; no batch axes); got lhs ${fmtShape(lhs.shape)}, rhs ${fmtShape(rhs.shape)} and ${formatValue(dn)}. Use lax.raggedDot, or vmap for batch axes.`,
    );
  }
  const nAx = [0, 1, 2].find((a) => a !== gAx && a !== rc[0])!;
  const r = gAx === 0 && rc[0] === 1 ? rhs : transpose(rhs, [gAx, rc[0]!, nAx]);
  return grouped(op, lhs, r, groupSizes, options);
}
