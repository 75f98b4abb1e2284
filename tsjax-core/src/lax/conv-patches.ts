/**
 * `jax.lax.conv_general_dilated_patches` (every receptive field flattened into the feature axis)
 * and `jax.lax.conv_general_dilated_local` (an unshared convolution: one filter per output
 * position), built as JAX builds them: an identity-kernel grouped convolution, then a dot.
 */
import type { Array } from "../array/array.js";
import { type DType, isFloatDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { checkOptions } from "../util/options.js";
import { formatValue } from "../util/format.js";
import { eye } from "../numpy/creation.js";
import { moveaxis } from "../numpy/shape-ops.js";
import { type ConvDimensionSpec, type Padding, broadcastInDim, convGeneralDilated, convertElementType, reshape } from "./lax.js";
import { dotGeneral } from "./dot.js";
import type { PrecisionLike } from "./dot.js";
import { convDimensionNumbers } from "./shape-helpers.js";

/** Options of `convGeneralDilatedPatches`. */
export interface ConvPatchesOptions {
  lhsDilation?: readonly number[] | null;
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionSpec | null;
  /** Accepted and checked; the backends compute at full precision. */
  precision?: PrecisionLike;
  /** A floating result dtype (the patches are exact copies of `lhs`'s values). */
  preferredElementType?: DType | null;
}

/** Options of `convGeneralDilatedLocal`. */
export type ConvLocalOptions = Omit<ConvPatchesOptions, "preferredElementType">;

const PATCHES = ["lhsDilation", "rhsDilation", "dimensionNumbers", "precision", "preferredElementType"];
const LOCAL = ["lhsDilation", "rhsDilation", "dimensionNumbers", "precision"];

function patches(op: string, lhs: Array, filterShape: readonly number[], windowStrides: readonly number[], padding: Padding, o: ConvPatchesOptions): Array {
  if (lhs.ndim < 2 || filterShape.length !== lhs.ndim - 2) {
    throw new ShapeError(`${op}: filterShape ${formatValue(filterShape)} needs one size per spatial axis of lhs ${formatValue(lhs.shape)}.`);
  }
  const dn = convDimensionNumbers(lhs.shape, [1, 1, ...filterShape], o.dimensionNumbers);
  const pet = o.preferredElementType ?? null;
  if (pet !== null && !(isFloatDType(pet) && isFloatDType(lhs.dtype))) {
    throw new DTypeError(`${op}: preferredElementType ${pet} must be a floating dtype, for floating lhs (got ${lhs.dtype}).`);
  }
  const x = pet !== null && pet !== lhs.dtype ? convertElementType(lhs, pet) : lhs;
  const s = filterShape.reduce((a, b) => a * b, 1);
  const c = x.shape[dn.lhs[1]!]!;
  // One output feature per (input channel, filter position): an identity kernel, grouped by channel.
  let rhs = broadcastInDim(eye(s, { dtype: x.dtype, device: x.device }), [c, s, s], [1, 2]);
  rhs = reshape(rhs, [c * s, 1, ...filterShape]);
  rhs = moveaxis(rhs, [0, 1], [dn.rhs[0]!, dn.rhs[1]!]);
  return convGeneralDilated(x, rhs, windowStrides, padding, {
    ...(o.lhsDilation ? { lhsDilation: o.lhsDilation } : {}),
    ...(o.rhsDilation ? { rhsDilation: o.rhsDilation } : {}),
    dimensionNumbers: dn,
    featureGroupCount: c,
  });
}

/**
 * The patches a convolution would see (`jax.lax.conv_general_dilated_patches`): the result has
 * the convolution's output layout, with `C * prod(filterShape)` features ordered channel-major.
 *
 * @example
 * lax.convGeneralDilatedPatches(x, [3, 3], [1, 1], "SAME"); // NCHW x: [N, C*9, H, W]
 */
export function convGeneralDilatedPatches(lhs: Array, filterShape: readonly number[], windowStrides: readonly number[], padding: Padding, options?: ConvPatchesOptions): Array {
  const op = "lax.convGeneralDilatedPatches";
  const o = checkOptions(op, options, { accepted: PATCHES, signature: `${op}(lhs, filterShape, windowStrides, padding, { ${PATCHES.join(", ")} })` });
  return patches(op, lhs, filterShape, windowStrides, padding, o);
}

/**
 * Unshared ("locally connected") convolution (`jax.lax.conv_general_dilated_local`): `rhs` has
 * the kernel layout of `dimensionNumbers`, its spatial axes of the output's spatial size, its
 * input-feature axis of size `C * prod(filterShape)`, so each output position has its own filter.
 *
 * @example
 * // NCHW x [1, 2, 5, 5], 3x3 filters, VALID: rhs OIHW [4, 2*9, 3, 3]
 * lax.convGeneralDilatedLocal(x, rhs, [1, 1], "VALID", [3, 3]);
 */
export function convGeneralDilatedLocal(
  lhs: Array,
  rhs: Array,
  windowStrides: readonly number[],
  padding: Padding,
  filterShape: readonly number[],
  options?: ConvLocalOptions,
): Array {
  const op = "lax.convGeneralDilatedLocal";
  const o = checkOptions(op, options, { accepted: LOCAL, signature: `${op}(lhs, rhs, windowStrides, padding, filterShape, { ${LOCAL.join(", ")} })` });
  const p = patches(op, lhs, filterShape, windowStrides, padding, o);
  const dn = convDimensionNumbers(lhs.shape, [1, 1, ...filterShape], o.dimensionNumbers);
  const lb = dn.out.slice(2);
  const rbAll = dn.rhs.slice(2);
  const order = lb.map((_, i) => i).sort((a, b) => lb[a]! - lb[b]!);
  const rb = order.map((i) => rbAll[i]!);
  const lbs = [...lb].sort((a, b) => a - b);
  const pShape = p.shape;
  if (rhs.ndim !== p.ndim || rhs.shape[dn.rhs[1]!] !== p.shape[dn.out[1]!] || rb.some((a, i) => rhs.shape[a] !== p.shape[lbs[i]!])) {
    throw new ShapeError(
      `${op}: rhs ${formatValue(rhs.shape)} must have input features ${p.shape[dn.out[1]!]} (C * prod(filterShape)) and the output's spatial sizes ${formatValue(dn.out.slice(2).map((a) => pShape[a]))} on its kernel axes.`,
    );
  }
  const out = dotGeneral(p, rhs, { contracting: [[dn.out[1]!], [dn.rhs[1]!]], batch: [lbs, rb] }, o.precision);
  return moveaxis(out, [-2, -1], [dn.out[0]!, dn.out[1]!]);
}
