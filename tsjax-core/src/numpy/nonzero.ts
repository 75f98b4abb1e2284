/**
 * `nonzero`, `argwhere`, `flatnonzero` and one-argument `where`: positions of the nonzero
 * elements. Their number depends on the data, so (as in JAX) they need either concrete values
 * (outside transformations, on a device that reads synchronously: cpu) or a static `size`
 * (then they run on the device and under jit: the first `size` positions, padded with
 * `fillValue`).
 */
import type { Array, ArrayLike } from "../array/array.js";
import { fmtShape, sizeOf } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { scatter } from "../primitives/indexing.js";
import { concatenate, iota } from "../primitives/structural.js";
import { checkOptions, isOptionsObject } from "../util/options.js";
import { asArray, reshapeTo } from "./convert.js";
import { array, full } from "./creation.js";
import { floorDivide, mod, notEqual, subtract, where as select } from "./elementwise.js";
import { cumsum } from "./reductions.js";
import { hostValues } from "./host-values.js";
import { range } from "../util.js";

/** Options of `nonzero`, `argwhere`, `flatnonzero` and one-argument `where`. */
export interface NonzeroOptions {
  /** How many positions to return (static): needed under jit and on devices that read asynchronously. */
  size?: number;
  /** The position returned in the slots past the last nonzero element (default 0), or one per axis. */
  fillValue?: number | readonly number[];
}

const SPEC = { accepted: ["size", "fillValue"] };

function fillValues(op: string, fill: NonzeroOptions["fillValue"], ndim: number): number[] {
  if (fill === undefined) return range(ndim).map(() => 0);
  if (typeof fill === "number") return range(ndim).map(() => fill);
  if (fill.length !== ndim) throw new TypeError(`${op}: fillValue needs one value per axis (${ndim}), got ${fill.length}.`);
  return [...fill];
}

/**
 * The indices of the nonzero elements, one int32 array per axis (`jnp.nonzero`).
 *
 * @example
 * np.nonzero(np.array([[0, 1], [1, 1]]));            // [[0, 1, 1], [1, 0, 1]]
 * np.nonzero(x.gt(5), { size: 4, fillValue: -1 });   // static size: works under jit
 */
export function nonzero(x: ArrayLike, options?: NonzeroOptions): Array[] {
  const op = "np.nonzero";
  const opts = checkOptions(op, options, { ...SPEC, signature: "np.nonzero(x, { size, fillValue })" });
  const a = asArray(op, x);
  if (a.ndim === 0) throw new TypeError(`${op}: 0-d arrays have no axes to give indices along; reshape to [1] first (jnp.atleast_1d).`);
  const shape = a.shape;
  const fills = fillValues(op, opts.fillValue, shape.length);
  if (opts.size === undefined) {
    const data = hostValues(op, a, "Give a static size ({ size: n }) to compute it on the device (also under jit).");
    const coords: number[][] = shape.map(() => []);
    const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== 0) shape.forEach((n, d) => coords[d]!.push(Math.floor(i / strides[d]!) % n));
    }
    return coords.map((c) => array(new Int32Array(c), { device: a.device }));
  }
  const size = opts.size;
  if (!Number.isInteger(size) || size < 0) throw new TypeError(`${op}: size must be a non-negative integer, got ${String(size)}.`);
  // Each nonzero element's rank among the nonzero ones; the first `size` land in their slot.
  const flat = reshapeTo(notEqual(a, 0), [sizeOf(shape)]);
  const rank = subtract(cumsum(flat.astype("int32")), 1);
  const target = select(flat, rank, -1);
  const positions = bind1(iota, [], { dtype: "int32", shape: [sizeOf(shape)], dimension: 0, device: a.device });
  const slots = bind1(scatter, [full([size], -1, { dtype: "int32", device: a.device }), reshapeTo(target, [target.size, 1]), positions], {
    axes: [0],
    mode: "set",
  });
  const filled = notEqual(slots, -1);
  const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
  return shape.map((n, d) => select(filled, mod(floorDivide(slots, strides[d]!), n), fills[d]!).astype("int32"));
}

/**
 * Indices of the nonzero elements as rows `[count, ndim]` (`jnp.argwhere`).
 *
 * @example
 * np.argwhere(np.array([0, 3, 0, 4]));   // [[1], [3]]
 */
export function argwhere(x: ArrayLike, options?: NonzeroOptions): Array {
  const coords = nonzero(x, options);
  return bind1(concatenate, coords.map((c) => reshapeTo(c, [c.size, 1])), { dimension: 1 });
}

/**
 * Indices of the nonzero elements of the flattened array (`jnp.flatnonzero`).
 *
 * @example
 * np.flatnonzero(np.array([[0, 1], [1, 0]]));  // [1, 2]
 */
export function flatnonzero(x: ArrayLike, options?: NonzeroOptions): Array {
  const a = asArray("np.flatnonzero", x);
  return nonzero(reshapeTo(a, [a.size]), options)[0]!;
}

/** The nonzero positions of a boolean mask as index arrays (for `x.get(mask)`), shape `[count]` each. */
export function maskIndices(op: string, mask: Array): Array[] {
  const instead =
    `Boolean masks select a data-dependent number of elements: use np.where(mask, x, fill) to keep the shape, ` +
    `or static positions: x.get(...np.nonzero(mask, { size: n })).`;
  hostValues(op, mask, instead);
  if (mask.ndim === 0) throw new TypeError(`${op}: a 0-d boolean index (${fmtShape(mask.shape)}) is not supported; use np.where.`);
  return nonzero(mask);
}

/**
 * Elements of `x` where `cond` is true, else of `y` (all three broadcast; `cond` nonzero is
 * true). With only `cond` (and options), the indices of its nonzero elements: `np.nonzero`.
 *
 * @example
 * np.where(x.gt(0), x, 0);                 // relu
 * np.where(x.gt(0), { size: 3 });          // the first 3 positions where x > 0 (works under jit)
 */
export function where(cond: ArrayLike, options?: NonzeroOptions): Array[];
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): Array;
export function where(cond: ArrayLike, xArg?: ArrayLike | NonzeroOptions, y?: ArrayLike): Array | Array[] {
  if (y === undefined) {
    if (xArg === undefined || isOptionsObject(xArg)) return nonzero(cond, xArg as NonzeroOptions | undefined);
    throw new TypeError("np.where: give either only the condition (np.where(cond, { size })) or the condition and both x and y.");
  }
  return select(cond, xArg as ArrayLike, y);
}
