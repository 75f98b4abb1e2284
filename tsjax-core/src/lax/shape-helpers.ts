/**
 * `jax.lax`'s pure shape helpers of convolutions and windowed reductions
 * (`convDimensionNumbers`, `convGeneralPermutations`, `convShapeTuple`, `convGeneralShapeTuple`,
 * `convTransposeShapeTuple`, `reduceWindowShapeTuple`) and `broadcastLike`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import type { ConvDimensionNumbers } from "../primitives/conv.js";
import { ShapeError } from "../errors.js";
import { asArray } from "../numpy/convert.js";
import { broadcastTo } from "../numpy/shape-ops.js";
import { isList, range } from "../util.js";
import { formatValue } from "../util/format.js";
import type { ConvDimensionSpec, Padding } from "./lax.js";
import { parseDimensionNumbers } from "./conv-dims.js";
import { padtypeToPads } from "./misc.js";

/**
 * Broadcasts `x` to the shape of `like` (`jax.lax.broadcast_like`); the dtype stays `x`'s.
 *
 * @example
 * lax.broadcastLike(np.array([1, 2, 3]), np.zeros([2, 3])); // [[1, 2, 3], [1, 2, 3]]
 */
export function broadcastLike(x: ArrayLike, like: ArrayLike): Array {
  return broadcastTo(x, asArray("lax.broadcastLike", like).shape);
}

/**
 * Canonical dimension numbers of a convolution (`jax.lax.conv_dimension_numbers`): `undefined`
 * gives the identity layout (NCHW / OIHW / NCHW), string specs become axis lists, and axis lists
 * are returned as they are.
 *
 * @example
 * lax.convDimensionNumbers([2, 8, 8, 3], [3, 3, 3, 4], ["NHWC", "HWIO", "NHWC"]);
 * // { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }
 */
export function convDimensionNumbers(lhsShape: readonly number[], rhsShape: readonly number[], dimensionNumbers?: ConvDimensionSpec | null): ConvDimensionNumbers {
  const op = "lax.convDimensionNumbers";
  if (dimensionNumbers && !("length" in dimensionNumbers)) return dimensionNumbers;
  if (lhsShape.length !== rhsShape.length) {
    throw new ShapeError(`${op}: lhs shape ${formatValue(lhsShape)} and rhs shape ${formatValue(rhsShape)} must have the same rank.`);
  }
  if (dimensionNumbers && dimensionNumbers.length !== 3) {
    throw new TypeError(`${op}: dimension numbers must be three strings [lhs, rhs, out], got ${formatValue(dimensionNumbers)}.`);
  }
  return parseDimensionNumbers(dimensionNumbers ?? undefined, lhsShape.length, op);
}

/**
 * The axis permutations `[lhsPerm, rhsPerm, outPerm]` that bring operands in the layouts of
 * string dimension numbers to the canonical layout (`jax.lax.conv_general_permutations`).
 *
 * @example
 * lax.convGeneralPermutations(["NHWC", "HWIO", "NHWC"]); // [[0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2]]
 */
export function convGeneralPermutations(dimensionNumbers: readonly [string, string, string]): [number[], number[], number[]] {
  const op = "lax.convGeneralPermutations";
  if (!isList(dimensionNumbers) || dimensionNumbers.length !== 3 || !dimensionNumbers.every((s) => typeof s === "string")) {
    throw new TypeError(`${op}: dimension numbers must be three strings [lhs, rhs, out] such as ["NHWC", "HWIO", "NHWC"], got ${formatValue(dimensionNumbers)}.`);
  }
  const [l, r, o] = dimensionNumbers;
  const pairs = [["N", "C"], ["O", "I"], ["N", "C"]] as const;
  const spatial = (s: string, i: number) => new Set([...s].filter((c) => !(pairs[i] as readonly string[]).includes(c)));
  dimensionNumbers.forEach((s, i) => {
    const [a, b] = pairs[i]!;
    const count = (c: string) => [...s].filter((x) => x === c).length;
    if (count(a) !== 1 || count(b) !== 1) throw new TypeError(`${op}: dimension_numbers[${i}] must contain "${a}" and "${b}" exactly once, got "${s}".`);
    if (new Set(s).size !== s.length) throw new TypeError(`${op}: dimension_numbers[${i}] cannot repeat a letter, got "${s}".`);
  });
  const key = (set: Set<string>) => [...set].sort().join("");
  if (key(spatial(l, 0)) !== key(spatial(r, 1)) || key(spatial(o, 2)) !== key(spatial(r, 1))) {
    throw new TypeError(`${op}: the three specs must use the same spatial letters, got ${formatValue(dimensionNumbers)}.`);
  }
  const perm = (s: string, i: number): number[] => {
    const [a, b] = pairs[i]!;
    let sp = [...s].map((c, j) => [c, j] as const).filter(([c]) => c !== a && c !== b);
    if (i !== 1) sp = sp.sort(([c1], [c2]) => r.indexOf(c1) - r.indexOf(c2));
    return [s.indexOf(a), s.indexOf(b), ...sp.map(([, j]) => j)];
  };
  return [perm(l, 0), perm(r, 1), perm(o, 2)];
}

function strideDim(d: number, window: number, stride: number): number {
  return Math.max(0, Math.floor((d - window) / stride) + 1);
}

function checkLen(op: string, name: string, xs: readonly unknown[], n: number): void {
  if (!isList(xs) || xs.length !== n) throw new ShapeError(`${op}: ${name} needs ${n} entries (one per spatial axis), got ${formatValue(xs)}.`);
}

/**
 * Output shape of a convolution whose operands are in the canonical layout (NC... / OI...),
 * `jax.lax.conv_shape_tuple`.
 *
 * @example
 * lax.convShapeTuple([2, 3, 9, 8], [4, 3, 3, 2], [2, 3], "SAME"); // [2, 4, 5, 3]
 */
export function convShapeTuple(lhsShape: readonly number[], rhsShape: readonly number[], strides: readonly number[], pads: Padding, batchGroupCount = 1): number[] {
  const op = "lax.convShapeTuple";
  const ns = lhsShape.length - 2;
  checkLen(op, "strides", strides, ns);
  const p = typeof pads === "string" ? padtypeToPads(lhsShape.slice(2), rhsShape.slice(2), strides, pads) : pads;
  checkLen(op, "pads", p, ns);
  const padded = lhsShape.slice(2).map((n, i) => n + p[i]![0] + p[i]![1]);
  if (padded.some((n) => n < 0)) {
    throw new ShapeError(`${op}: negative padding ${formatValue(p)} is larger than the spatial sizes ${formatValue(lhsShape.slice(2))}.`);
  }
  if (!Number.isInteger(batchGroupCount) || batchGroupCount < 1 || lhsShape[0]! % batchGroupCount !== 0) {
    throw new ShapeError(`${op}: batchGroupCount ${batchGroupCount} must be a positive divisor of the batch size ${lhsShape[0]}.`);
  }
  return [lhsShape[0]! / batchGroupCount, rhsShape[0]!, ...padded.map((n, i) => strideDim(n, rhsShape[i + 2]!, strides[i]!))];
}

function permuted(lhsShape: readonly number[], rhsShape: readonly number[], dimensionNumbers: readonly [string, string, string]) {
  const [lp, rp, op] = convGeneralPermutations(dimensionNumbers);
  return { lhs: lp.map((i) => lhsShape[i]!), rhs: rp.map((i) => rhsShape[i]!), outPerm: op };
}

function unpermute(outTrans: readonly number[], outPerm: readonly number[]): number[] {
  const out = new globalThis.Array<number>(outTrans.length);
  outPerm.forEach((axis, i) => (out[axis] = outTrans[i]!));
  return out;
}

/**
 * Output shape of a convolution with string dimension numbers (`jax.lax.conv_general_shape_tuple`).
 *
 * @example
 * lax.convGeneralShapeTuple([2, 9, 8, 3], [3, 2, 3, 4], [1, 2], "SAME", ["NHWC", "HWIO", "NHWC"]); // [2, 9, 4, 4]
 */
export function convGeneralShapeTuple(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  windowStrides: readonly number[],
  padding: Padding,
  dimensionNumbers: readonly [string, string, string],
): number[] {
  const { lhs, rhs, outPerm } = permuted(lhsShape, rhsShape, dimensionNumbers);
  return unpermute(convShapeTuple(lhs, rhs, windowStrides, padding), outPerm);
}

function transposePadding(k: number, s: number, padding: "SAME" | "VALID"): number {
  return padding === "SAME" ? k + s - 2 : k + s - 2 + Math.max(k - s, 0);
}

/**
 * Output shape of `lax.convTranspose` (`jax.lax.conv_transpose_shape_tuple`): explicit padding
 * pairs are summed per axis, "SAME" / "VALID" are the forward convolution's.
 *
 * @example
 * lax.convTransposeShapeTuple([2, 9, 8, 3], [3, 2, 3, 4], [2, 2], "VALID", ["NHWC", "HWIO", "NHWC"]); // [2, 19, 16, 4]
 */
export function convTransposeShapeTuple(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  windowStrides: readonly number[],
  padding: "SAME" | "VALID" | readonly (readonly [number, number])[],
  dimensionNumbers: readonly [string, string, string],
): number[] {
  const op = "lax.convTransposeShapeTuple";
  const { lhs, rhs, outPerm } = permuted(lhsShape, rhsShape, dimensionNumbers);
  const ns = lhs.length - 2;
  checkLen(op, "windowStrides", windowStrides, ns);
  if (typeof padding === "string" && padding !== "SAME" && padding !== "VALID") {
    throw new TypeError(`${op}: padding must be "SAME", "VALID" or [low, high] pairs, got ${JSON.stringify(padding)}.`);
  }
  if (typeof padding !== "string") checkLen(op, "padding", padding, ns);
  const pad = range(ns).map((i) => (typeof padding === "string" ? transposePadding(rhs[i + 2]!, windowStrides[i]!, padding) : padding[i]![0] + padding[i]![1]));
  const space = range(ns).map((i) => (lhs[i + 2]! - 1) * windowStrides[i]! - rhs[i + 2]! + 2 + pad[i]!);
  return unpermute([lhs[0]!, rhs[0]!, ...space], outPerm);
}

/**
 * Output shape of a windowed reduction (`jax.lax.reduce_window_shape_tuple`).
 *
 * @example
 * lax.reduceWindowShapeTuple([7, 8], [3, 2], [2, 3], [[1, 1], [2, 0]]); // [4, 3]
 */
export function reduceWindowShapeTuple(
  operandShape: readonly number[],
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: readonly (readonly [number, number])[],
  baseDilation?: readonly number[] | null,
  windowDilation?: readonly number[] | null,
): number[] {
  const op = "lax.reduceWindowShapeTuple";
  const n = operandShape.length;
  checkLen(op, "windowDimensions", windowDimensions, n);
  checkLen(op, "windowStrides", windowStrides, n);
  checkLen(op, "padding", padding, n);
  if (baseDilation) checkLen(op, "baseDilation", baseDilation, n);
  if (windowDilation) checkLen(op, "windowDilation", windowDilation, n);
  const dil = (d: number, f: number) => (d === 0 ? 0 : 1 + f * (d - 1));
  return operandShape.map((d, i) => {
    const size = dil(d, baseDilation?.[i] ?? 1) + padding[i]![0] + padding[i]![1];
    return strideDim(size, dil(windowDimensions[i]!, windowDilation?.[i] ?? 1), windowStrides[i]!);
  });
}
