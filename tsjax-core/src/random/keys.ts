/**
 * PRNG keys, as JAX's default `threefry2x32` implementation with `jax_threefry_partitionable`
 * on (the default since JAX 0.5.0):
 *
 * - a key is a uint32 array whose last axis has size 2 (JAX's raw, "legacy" `PRNGKey` keys;
 *   there is no typed key dtype here). A batch of keys has shape `[..., 2]`.
 * - `key(seed)` = `[seed >> 32, seed & 0xFFFFFFFF]` (the high word is 0 for JS numbers, as in
 *   JAX's default 32-bit mode; pass a `bigint` for the 64-bit `jax_enable_x64` behaviour).
 * - `split(key, shape)[i] = threefry2x32(key, [hi(i), lo(i)])` for the row-major position `i`
 *   (so `split(key, n)[i] == foldIn(key, i)`).
 * - `foldIn(key, d) = threefry2x32(key, [0, d])`.
 * - 32 random bits at row-major position `i` of `shape`: `y0 ^ y1` where
 *   `[y0, y1] = threefry2x32(key, [hi(i), lo(i)])`.
 */
import { Array } from "../array/array.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, checkSize } from "../shape.js";
import { bind, bind1 } from "../core/bind.js";
import { threefry2x32 as threefry2x32Prim } from "../primitives/random.js";
import { binaryPrims, convertElementType } from "../primitives/elementwise.js";
import { broadcastInDim, concatenate, iota, reshape, slice } from "../primitives/structural.js";
import { scalarArray } from "../core/eager.js";
import { defaultDevice } from "../backend/devices.js";
import { range } from "../util.js";
import { samplerArgs } from "./args.js";
import { checkOptions } from "../util/options.js";

/** A shape argument: one size or a list of sizes. */
export type ShapeLike = number | readonly number[];

/** Normalizes and checks a shape argument. */
export function toShape(op: string, shape: ShapeLike | undefined): number[] {
  const s = shape === undefined ? [] : typeof shape === "number" ? [shape] : [...shape];
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape sizes must be non-negative integers, got ${fmtShape(s)}.`);
  }
  checkSize(op, s);
  return s;
}

/** Checks that `k` is a uint32 key array with a last axis of 2 (a single key when `single`). */
export function checkKey(op: string, k: unknown, single = true): Array {
  if (!(k instanceof Array)) {
    throw new TypeError(`${op}: the key must be a uint32 array of shape [2] (from random.key(seed)), got ${typeof k}.`);
  }
  if (k.dtype !== "uint32") {
    throw new DTypeError(`${op}: the key must be a uint32 array (from random.key(seed)), got dtype ${k.dtype}.`);
  }
  if (k.ndim === 0 || k.shape[k.ndim - 1] !== 2) {
    throw new ShapeError(`${op}: a key has shape [2] (a batch of keys [..., 2]), got ${fmtShape(k.shape)}.`);
  }
  if (single && k.ndim !== 1) {
    throw new ShapeError(
      `${op}: takes a single key of shape [2], got a key array of shape ${fmtShape(k.shape)}. ` +
        "Use vmap over the keys for batches (as jax.random does).",
    );
  }
  return k;
}

function u32Scalar(v: number, device: Array["device"]): Array {
  return scalarArray(v >>> 0, "uint32", false, device);
}

/** The two words of keys `[..., 2]` as arrays `[...]`. */
export function keyWords(k: Array): [Array, Array] {
  const batch = k.shape.slice(0, -1);
  const word = (w: number) =>
    bind1(reshape, [bind1(slice, [k], { startIndices: [...batch.map(() => 0), w], limitIndices: [...batch, w + 1], strides: k.shape.map(() => 1) })], {
      newSizes: batch,
    });
  return [word(0), word(1)];
}

/** Stacks two word arrays `[...]` into keys `[..., 2]`. */
function stackWords(a: Array, b: Array): Array {
  const s = [...a.shape, 1];
  return bind1(concatenate, [bind1(reshape, [a], { newSizes: s }), bind1(reshape, [b], { newSizes: s })], { dimension: a.ndim });
}

/**
 * The Threefry hash of keys `[...P, 2]` with the counters `[0, i]` for every row-major
 * position `i` of `shape` (sizes below 2^32, so the high counter word is 0): two uint32 arrays
 * of shape `[...P, ...shape]`.
 */
function hashIota(k: Array, shape: readonly number[]): [Array, Array] {
  const [k0, k1] = keyWords(k);
  const batch = k0.shape;
  const out = [...batch, ...shape];
  const size = shape.reduce((a, b) => a * b, 1);
  const lo0 = bind1(iota, [], { dtype: "uint32", shape: [size], dimension: 0, device: k.device });
  const lo = bind1(broadcastInDim, [bind1(reshape, [lo0], { newSizes: shape })], {
    shape: out,
    broadcastDimensions: range(shape.length).map((i) => i + batch.length),
  });
  const hi = bind1(broadcastInDim, [u32Scalar(0, k.device)], { shape: out, broadcastDimensions: [] });
  const b = (w: Array) => bind1(broadcastInDim, [w], { shape: out, broadcastDimensions: range(batch.length) });
  const [y0, y1] = bind(threefry2x32Prim, [b(k0), b(k1), hi, lo], {});
  return [y0!, y1!];
}

/** 32 random bits per element of `shape` from one key (JAX's partitionable `random_bits`). */
export function randomBits(k: Array, shape: readonly number[]): Array {
  const [y0, y1] = hashIota(k, shape);
  return bind1(binaryPrims.xor, [y0, y1], {});
}

/** `split(key, m)` of single keys given as word arrays (elementwise over their shape). */
export function splitWords(k0: Array, k1: Array, m: number): [Array, Array][] {
  const zero = bind1(broadcastInDim, [u32Scalar(0, k0.device)], { shape: k0.shape, broadcastDimensions: [] });
  return range(m).map((j) => {
    const c = bind1(broadcastInDim, [u32Scalar(j, k0.device)], { shape: k0.shape, broadcastDimensions: [] });
    const [a, b] = bind(threefry2x32Prim, [k0, k1, zero, c], {});
    return [a!, b!];
  });
}

/** 32 random bits from single keys given as word arrays (`bits(key, [])`, elementwise). */
export function bitsWords(k0: Array, k1: Array): Array {
  const zero = bind1(broadcastInDim, [u32Scalar(0, k0.device)], { shape: k0.shape, broadcastDimensions: [] });
  const [a, b] = bind(threefry2x32Prim, [k0, k1, zero, zero], {});
  return bind1(binaryPrims.xor, [a!, b!], {});
}

function toUint32Data(op: string, x: number | bigint | Array, device: Array["device"]): Array {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError(`${op}: expects an integer, got ${x}.`);
    return u32Scalar(Number(BigInt.asUintN(32, BigInt(x))), device);
  }
  if (typeof x === "bigint") return u32Scalar(Number(BigInt.asUintN(32, x)), device);
  if (x.dtype !== "int32" && x.dtype !== "uint32") {
    throw new DTypeError(`${op}: expects an integer (int32 or uint32) array, got ${x.dtype}.`);
  }
  return x.dtype === "uint32" ? x : bind1(convertElementType, [x], { newDtype: "uint32", weakType: false });
}

/**
 * A PRNG key from an integer seed: a uint32 array `[hi, lo]` of shape `[2]` (JAX's raw key
 * data; `jax.random.key_data(jax.random.key(seed))`). JS-number seeds are taken modulo 2^32
 * with a high word of 0, as JAX's default 32-bit mode does; a `bigint` seed gives both words of
 * its 64-bit two's complement (JAX with `jax_enable_x64`). An int32/uint32 scalar array seed
 * works too (also under `vmap`).
 *
 * @example
 * const k = random.key(0);          // [0, 0]
 * await random.key(42).toArray();   // [0, 42]
 * await random.key(-1).toArray();   // [0, 4294967295]
 */
export function key(seed: number | bigint | Array): Array {
  const op = "random.key";
  const device = seed instanceof Array ? seed.device : defaultDevice();
  if (seed instanceof Array && seed.ndim !== 0) {
    throw new ShapeError(`${op}: the seed must be a scalar, got shape ${fmtShape(seed.shape)}. Use vmap to make many keys.`);
  }
  const hi = typeof seed === "bigint" ? u32Scalar(Number(BigInt.asUintN(32, BigInt.asUintN(64, seed) >> 32n)), device) : u32Scalar(0, device);
  const lo = toUint32Data(op, seed, device);
  return stackWords(hi, lo);
}

/**
 * Alias of `key` (JAX's `jax.random.PRNGKey`, which returns raw uint32 key data like this
 * library's keys).
 *
 * @example
 * const k = random.PRNGKey(0);
 */
export const PRNGKey = key;

/**
 * Splits a key into `num` new keys (a leading axis; `num` may be a shape). With a batch of keys
 * `[..., 2]` the new axes follow the batch axes (JAX requires `vmap` for that).
 *
 * @example
 * const keys = random.split(random.key(0));
 * const k1 = keys.get(0), k2 = keys.get(1);
 * await random.split(random.key(0), 3).toArray();
 * // [[1797259609, 2579123966], [928981903, 3453687069], [4146024105, 2718843009]]
 */
export function split(k: Array, num: ShapeLike = 2): Array {
  const op = "random.split";
  checkKey(op, k, false);
  const shape = toShape(op, num);
  const [y0, y1] = hashIota(k, shape);
  return stackWords(y0, y1);
}

/**
 * A new key from a key and a 32-bit integer (`jax.random.fold_in`): `split(key, n)[i]` equals
 * `foldIn(key, i)`. `data` may be a JS integer (taken modulo 2^32), or an int32/uint32 array
 * broadcastable to the keys' batch shape.
 *
 * @example
 * const stepKey = random.foldIn(random.key(0), 7);
 */
export function foldIn(k: Array, data: number | bigint | Array): Array {
  const op = "random.foldIn";
  checkKey(op, k, false);
  const d = toUint32Data(op, data, k.device);
  let [k0, k1] = keyWords(k);
  const batch = k0.shape;
  const lead = batch.length - d.ndim;
  if (lead < 0 || d.shape.some((n, i) => n !== 1 && n !== batch[lead + i])) {
    throw new ShapeError(`${op}: data of shape ${fmtShape(d.shape)} does not broadcast to the keys' batch shape ${fmtShape(batch)}.`);
  }
  let dd = d;
  if (d.shape.some((n, i) => n !== batch[lead + i]) || lead > 0) {
    const squeezed = bind1(reshape, [d], { newSizes: d.shape.filter((n) => n !== 1) });
    const dims = range(d.ndim).filter((i) => d.shape[i] !== 1).map((i) => i + lead);
    dd = bind1(broadcastInDim, [squeezed], { shape: batch, broadcastDimensions: dims });
  }
  const zero = bind1(broadcastInDim, [u32Scalar(0, k.device)], { shape: batch, broadcastDimensions: [] });
  const [y0, y1] = bind(threefry2x32Prim, [k0, k1, zero, dd], {});
  [k0, k1] = [y0!, y1!];
  return stackWords(k0, k1);
}

/** Options of `random.bits`. */
export interface BitsOptions {
  /** "uint32" (default), "uint16" or "uint8" (the low bits of the 32-bit draw, as JAX). */
  dtype?: "uint32" | "uint16" | "uint8";
  shape?: ShapeLike;
}

/**
 * Uniform random bits (`jax.random.bits`): uint32 by default; uint16 and uint8 keep the low bits
 * of each 32-bit draw, as JAX does (there are no 64-bit dtypes).
 *
 * @example
 * const b = random.bits(random.key(0), [4]);                       // uint32, shape [4]
 * const b8 = random.bits(random.key(0), [4], { dtype: "uint8" });  // [167, 146, 40, 53], as JAX
 */
export function bits(k: Array, shape?: ShapeLike | BitsOptions, options?: BitsOptions): Array {
  const op = "random.bits";
  checkKey(op, k);
  const { shape: s, opts } = samplerArgs(op, "random.bits(key, shape?, { dtype })", ["shape", "dtype"], shape, options);
  const dtype = opts.dtype ?? "uint32";
  if (dtype !== "uint32" && dtype !== "uint16" && dtype !== "uint8") {
    throw new DTypeError(`${op}: dtype must be "uint32", "uint16" or "uint8", got ${String(opts.dtype)}.`);
  }
  const b = randomBits(k, toShape(op, s));
  return dtype === "uint32" ? b : bind1(convertElementType, [b], { newDtype: dtype, weakType: false });
}

/**
 * The uint32 data of keys (`jax.random.key_data`). Keys here already are that data, so this
 * checks and returns them.
 *
 * @example
 * await random.keyData(random.key(3)).toArray(); // [0, 3]
 */
export function keyData(keys: Array): Array {
  return checkKey("random.keyData", keys, false);
}

/**
 * Keys from uint32 data of shape `[..., 2]` (`jax.random.wrap_key_data`); checks and returns it.
 *
 * @example
 * const k = random.wrapKeyData(np.array([0, 42], { dtype: "uint32" }));
 */
export function wrapKeyData(data: Array, options?: { impl?: string }): Array {
  const opts = checkOptions("random.wrapKeyData", options, { accepted: ["impl"], signature: "random.wrapKeyData(data, { impl })" });
  checkImpl("random.wrapKeyData", opts.impl);
  return checkKey("random.wrapKeyData", data, false);
}

/** Checks a PRNG implementation name: only JAX's default, "threefry2x32", exists here. */
function checkImpl(op: string, impl: string | undefined): void {
  if (impl !== undefined && impl !== "threefry2x32") {
    throw new TypeError(`${op}: only the "threefry2x32" implementation exists here, got ${JSON.stringify(impl)}.`);
  }
}

/**
 * A copy of a key for reuse checking (`jax.random.clone`; without JAX's key-reuse checker it
 * returns the key).
 *
 * @example
 * const k2 = random.clone(key);
 */
export function clone(k: Array): Array {
  return checkKey("random.clone", k, false);
}

/**
 * The PRNG implementation of keys (`jax.random.key_impl`): always "threefry2x32".
 *
 * @example
 * random.keyImpl(random.key(0)); // "threefry2x32"
 */
export function keyImpl(keys: Array): "threefry2x32" {
  checkKey("random.keyImpl", keys, false);
  return "threefry2x32";
}

/**
 * The dtype of keys (`jax.random.key_dtype`). Keys here are raw uint32 data of shape `[..., 2]`
 * (JAX's legacy keys), so this is "uint32".
 *
 * @example
 * random.keyDtype(); // "uint32"
 */
export function keyDtype(impl?: string): "uint32" {
  checkImpl("random.keyDtype", impl);
  return "uint32";
}

/**
 * The Threefry-2x32 hash (`jax.extend.random.threefry_2x32`): the counts, flattened and split
 * into two halves (padded with a 0 when their number is odd), are encrypted as word pairs under
 * `key`; the result has the shape of `count`. `key` is a uint32 key `[2]` (or a pair of uint32
 * scalars), `count` a uint32 array.
 *
 * @example
 * const h = random.threefry2x32(random.key(42), np.arange(4).astype("uint32"));
 * await h.toArray(); // [2465931498, 3679230171, 255383827, 267815257], as jax.extend.random.threefry_2x32
 */
export function threefry2x32(k: Array | readonly [Array, Array], count: Array): Array {
  const op = "random.threefry2x32";
  const [k0, k1] = k instanceof Array ? keyWords(checkKey(op, k)) : k;
  if (!(count instanceof Array)) throw new TypeError(`${op}: count must be a uint32 array, got ${typeof count}.`);
  for (const [name, x] of [["key", k0], ["key", k1], ["count", count]] as const) {
    if (!(x instanceof Array) || x.dtype !== "uint32") {
      throw new DTypeError(`${op}: the ${name} must be uint32, got ${x instanceof Array ? x.dtype : typeof x}. Convert it with .astype("uint32").`);
    }
    if (name === "key" && x.ndim !== 0) throw new ShapeError(`${op}: the key words must be scalars, got shape ${fmtShape(x.shape)}.`);
  }
  const n = count.size;
  const half = Math.ceil(n / 2);
  let flat = bind1(reshape, [count], { newSizes: [n] });
  if (n % 2 === 1) flat = bind1(concatenate, [flat, bind1(broadcastInDim, [u32Scalar(0, count.device)], { shape: [1], broadcastDimensions: [] })], { dimension: 0 });
  const part = (start: number) => bind1(slice, [flat], { startIndices: [start], limitIndices: [start + half], strides: [1] });
  const b = (w: Array) => bind1(broadcastInDim, [w], { shape: [half], broadcastDimensions: [] });
  const [y0, y1] = bind(threefry2x32Prim, [b(k0), b(k1), part(0), part(half)], {});
  let out = bind1(concatenate, [y0!, y1!], { dimension: 0 });
  if (n % 2 === 1) out = bind1(slice, [out], { startIndices: [0], limitIndices: [n], strides: [1] });
  return bind1(reshape, [out], { newSizes: [...count.shape] });
}
