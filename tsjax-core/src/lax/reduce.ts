/**
 * `jax.lax.reduce` with any binary `computation` (tree reduction: pairs combined, the length
 * halved each round, so O(log n) calls), and `reduceAnd` / `reduceOr` / `reduceXor` built on it.
 */
import { Array } from "../array/array.js";
import { isIntDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, normalizeAxis } from "../shape.js";
import * as tree from "../tree/index.js";
import { scalarLike } from "../numpy/convert.js";
import { bitwiseAnd, bitwiseOr, bitwiseXor, broadcastInDim, concatenate, convertElementType, reshape, transpose } from "./lax.js";
import { sliceInDim } from "./in-dim.js";
import { range } from "../util.js";

/**
 * Reduces `operands` (an array or a pytree of arrays of one shape) over `dimensions` with
 * `computation` (`jax.lax.reduce`): `computation(a, b)` combines two pytrees like `operands`
 * elementwise, and `initValues` (scalars, one per operand) must be its identity. The result
 * includes `initValues` once (so an empty reduction gives them).
 *
 * @example
 * lax.reduce(x, 0, lax.add, [0]); // column sums
 * // argmax by a (value, index) pair:
 * lax.reduce([x, idx], [-Infinity, 0], ([a, i], [b, j]) => [lax.max(a, b), lax.select(a.ge(b), i, j)], [0]);
 */
export function reduce<T>(operands: T, initValues: unknown, computation: (a: T, b: T) => T, dimensions: readonly number[]): T {
  const op = "lax.reduce";
  const [leaves, def] = tree.flatten(operands);
  const [inits] = tree.flatten(initValues);
  if (leaves.length === 0 || leaves.some((l) => !(l instanceof Array))) throw new TypeError(`${op}: operands must be an Array or a pytree of Arrays.`);
  const xs = leaves as Array[];
  if (inits.length !== xs.length) {
    throw new ShapeError(`${op}: ${inits.length} init values for ${xs.length} operands; initValues must have the structure of operands.`);
  }
  const shape = xs[0]!.shape;
  if (xs.some((x) => x.shape.join() !== shape.join())) throw new ShapeError(`${op}: operands must share one shape, got ${xs.map((x) => fmtShape(x.shape)).join(", ")}.`);
  const dims = [...new Set(dimensions.map((d) => normalizeAxis(op, d, shape.length)))].sort((a, b) => a - b);
  const kept = range(shape.length).filter((d) => !dims.includes(d));
  const keptShape = kept.map((d) => shape[d]!);
  let n = dims.reduce((a, d) => a * shape[d]!, 1);
  const initArrays = xs.map((x, i) => {
    const iv = inits[i];
    if (!(iv instanceof Array) && typeof iv !== "number" && typeof iv !== "boolean") throw new TypeError(`${op}: init values must be numbers, booleans or scalar Arrays.`);
    const v = iv instanceof Array ? iv : scalarLike(op, iv, { dtype: x.dtype, weakType: false }, x.device);
    if (v.ndim !== 0) throw new ShapeError(`${op}: init values must be scalars, got shape ${fmtShape(v.shape)}.`);
    return v.dtype === x.dtype ? v : convertElementType(v, x.dtype);
  });
  const fill = (i: number, len: number) => broadcastInDim(initArrays[i]!, [...keptShape, len], []);
  const combine = (a: Array[], b: Array[]): Array[] => {
    const [out] = tree.flatten(computation(tree.unflatten<T>(def, a), tree.unflatten<T>(def, b)));
    if (out.length !== a.length) throw new ShapeError(`${op}: computation must return the structure of operands.`);
    return out as Array[];
  };
  const last = keptShape.length;
  let cur = xs.map((x) => reshape(transpose(x, [...kept, ...dims]), [...keptShape, n]));
  while (n > 1) {
    // Pairs combine; an odd last element waits for the next round (the init is used only once).
    const half = Math.floor(n / 2);
    const pairs = combine(
      cur.map((x) => sliceInDim(x, 0, 2 * half - 1, 2, last)),
      cur.map((x) => sliceInDim(x, 1, 2 * half, 2, last)),
    );
    cur = n % 2 === 0 ? pairs : pairs.map((p, i) => concatenate([p, sliceInDim(cur[i]!, n - 1, n, 1, last)], last));
    n = half + (n % 2);
  }
  const out = n === 0 ? xs.map((_, i) => fill(i, 1)) : combine(xs.map((_, i) => fill(i, 1)), cur);
  return tree.unflatten<T>(def, out.map((x) => reshape(x, keptShape)));
}

function bitwiseReduce(name: string, f: (a: Array, b: Array) => Array, identity: (x: Array) => number | boolean) {
  return (x: Array, axes: readonly number[]): Array => {
    if (x.dtype !== "bool" && !isIntDType(x.dtype)) throw new DTypeError(`lax.${name}: operand must be bool or integer, got ${x.dtype}.`);
    return reduce(x, identity(x), f, axes);
  };
}

const allOnes = (x: Array): number | boolean => (x.dtype === "bool" ? true : x.dtype.startsWith("uint") ? 2 ** Number(x.dtype.slice(4)) - 1 : -1);

/** Bitwise/logical and over `axes` (`jax.lax.reduce_and`). @example lax.reduceAnd(np.array([true, false]), [0]); // false */
export const reduceAnd = bitwiseReduce("reduceAnd", (a, b) => bitwiseAnd(a, b), allOnes);
/** Bitwise/logical or over `axes` (`jax.lax.reduce_or`). @example lax.reduceOr(np.array([true, false]), [0]); // true */
export const reduceOr = bitwiseReduce("reduceOr", (a, b) => bitwiseOr(a, b), (x) => (x.dtype === "bool" ? false : 0));
/** Bitwise/logical xor over `axes` (`jax.lax.reduce_xor`). @example lax.reduceXor(np.array([5, 3], { dtype: "int32" }), [0]); // 6 */
export const reduceXor = bitwiseReduce("reduceXor", (a, b) => bitwiseXor(a, b), (x) => (x.dtype === "bool" ? false : 0));
