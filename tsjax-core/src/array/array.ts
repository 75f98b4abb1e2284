/**
 * `Array`: the one array type users see. Concrete arrays (`DeviceArray`) and, inside
 * transformations, tracers are both `Array`s, so user code is written once for both.
 *
 * Arrays are immutable values. Methods return new arrays; functional updates go through
 * `x.at(...).set(v)`.
 */
import type { DType } from "../dtype.js";
import type { DeviceName, HostArray } from "../backend/backend.js";
import type { AtUpdater, IndexSpec } from "../numpy/indexing.js";
import type { abs, add, astype, cos, sign, sin, tanh, bitwiseAnd, bitwiseNot, bitwiseOr, clip, divide, equal, exp, floorDivide, greater, greaterEqual, less, lessEqual, log, maximum, minimum, mod, multiply, negative, notEqual, power, round, sqrt, square, subtract } from "../numpy/elementwise.js";
import type { all, any, argmax, argmin, cumprod, cumsum, max, mean, min, prod, std, sum, var_ } from "../numpy/reductions.js";
import type { broadcastTo, expandDims, flip, ravel, repeat, reshape, squeeze, swapaxes, transpose } from "../numpy/shape-ops.js";
import type { at, getItem, take } from "../numpy/indexing.js";
import type { dot, matmul } from "../numpy/linalg.js";
import type { argsort, sort } from "../numpy/sorting.js";
import { isList } from "../util.js";

type NumpyModule = {
  abs: typeof abs;
  add: typeof add;
  all: typeof all;
  any: typeof any;
  argmax: typeof argmax;
  argmin: typeof argmin;
  argsort: typeof argsort;
  astype: typeof astype;
  at: typeof at;
  bitwiseAnd: typeof bitwiseAnd;
  bitwiseNot: typeof bitwiseNot;
  bitwiseOr: typeof bitwiseOr;
  broadcastTo: typeof broadcastTo;
  clip: typeof clip;
  cos: typeof cos;
  cumprod: typeof cumprod;
  cumsum: typeof cumsum;
  divide: typeof divide;
  dot: typeof dot;
  equal: typeof equal;
  exp: typeof exp;
  expandDims: typeof expandDims;
  flip: typeof flip;
  floorDivide: typeof floorDivide;
  getItem: typeof getItem;
  greater: typeof greater;
  greaterEqual: typeof greaterEqual;
  less: typeof less;
  lessEqual: typeof lessEqual;
  log: typeof log;
  matmul: typeof matmul;
  max: typeof max;
  maximum: typeof maximum;
  mean: typeof mean;
  min: typeof min;
  minimum: typeof minimum;
  mod: typeof mod;
  multiply: typeof multiply;
  negative: typeof negative;
  notEqual: typeof notEqual;
  power: typeof power;
  prod: typeof prod;
  ravel: typeof ravel;
  repeat: typeof repeat;
  reshape: typeof reshape;
  round: typeof round;
  sign: typeof sign;
  sin: typeof sin;
  sort: typeof sort;
  sqrt: typeof sqrt;
  square: typeof square;
  squeeze: typeof squeeze;
  std: typeof std;
  subtract: typeof subtract;
  sum: typeof sum;
  swapaxes: typeof swapaxes;
  take: typeof take;
  tanh: typeof tanh;
  transpose: typeof transpose;
  var_: typeof var_;
};
let np!: NumpyModule;
/** @internal Connects the methods to the numpy module (done once by that module). */
export function _connectNumpy(m: NumpyModule): void {
  np = m;
}

/** A JS scalar or an array: what every op accepts as an operand. */
export type ArrayLike = Array | number | boolean;

/** An axis argument: one axis, several, or `null`/undefined for all. */
export type Axis = number | readonly number[] | null | undefined;

/** Options of reductions. */
export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}

/** One `complex64` value on the host: `toArray()` and `item()` give these, `np.array` takes them. */
export interface Complex {
  re: number;
  im: number;
}

/** Nested JS arrays of numbers, booleans or `{ re, im }` complex values, as `toArray()` returns them. */
export type NestedArray = number | boolean | Complex | NestedArray[];

/**
 * The typed array `data()` returns for each dtype (float16 is widened to Float32Array;
 * complex64 comes as a Float32Array of interleaved `re, im` pairs, twice as long as the array).
 */
export type DataFor = Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export abstract class Array {
  /** The size of each axis. */
  abstract get shape(): readonly number[];
  /** The element type. */
  abstract get dtype(): DType;
  /** True when the value came from a JS number (JAX's weak type): it adopts other operands' dtypes. */
  abstract get weakType(): boolean;
  /** The device holding the data. */
  abstract get device(): DeviceName;

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }

  /** The elements in row-major order (float16 arrives as Float32Array, bool as Uint8Array). */
  abstract data(): Promise<DataFor>;
  /** The elements as nested JS arrays (bools as booleans). */
  abstract toArray(): Promise<NestedArray>;
  /** The single element of a size-1 array. */
  abstract item(): Promise<number | boolean | Complex>;
  /** Synchronous `data()`, on backends that allow it (cpu). */
  abstract dataSync(): DataFor;
  /** The raw host representation (float16 as its 16-bit patterns). */
  abstract rawData(): Promise<HostArray>;
  /** Frees device memory now; later use throws. Safe to call twice. */
  abstract dispose(): void;

  [Symbol.dispose](): void {
    this.dispose();
  }

  /**
   * Iterates over the first axis, as Python iterates over a JAX array (also inside
   * transformations: the length is static): `const [k1, k2] = random.split(key)`.
   *
   * @example
   * for (const row of np.eye(2)) console.log(row.shape); // [2], twice
   */
  *[Symbol.iterator](): Iterator<Array> {
    if (this.ndim === 0) {
      throw new TypeError(`iteration over a 0-d array (${this.toString()}): only arrays with at least one axis iterate, along their first.`);
    }
    const n = this.shape[0]!;
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  // --- arithmetic -------------------------------------------------------------------------
  /** `this + y` (see `np.add`). */
  add(y: ArrayLike): Array { return np.add(this, y); }
  /** `this - y`. */
  sub(y: ArrayLike): Array { return np.subtract(this, y); }
  /** `this * y`. */
  mul(y: ArrayLike): Array { return np.multiply(this, y); }
  /** `this / y` (true division). */
  div(y: ArrayLike): Array { return np.divide(this, y); }
  /** `this // y` (floor division). */
  floorDiv(y: ArrayLike): Array { return np.floorDivide(this, y); }
  /** `this % y` (Python/numpy modulo: the sign of `y`). */
  mod(y: ArrayLike): Array { return np.mod(this, y); }
  /** `this ** y`. */
  pow(y: ArrayLike): Array { return np.power(this, y); }
  /** `-this`. */
  neg(): Array { return np.negative(this); }
  /** `|this|`. */
  abs(): Array { return np.abs(this); }
  /** `this ** 2`. */
  square(): Array { return np.square(this); }
  /** Elementwise square root. */
  sqrt(): Array { return np.sqrt(this); }
  /** Elementwise `e ** this`. */
  exp(): Array { return np.exp(this); }
  /** Elementwise natural logarithm. */
  log(): Array { return np.log(this); }
  /** Elementwise sine. */
  sin(): Array { return np.sin(this); }
  /** Elementwise cosine. */
  cos(): Array { return np.cos(this); }
  /** Elementwise hyperbolic tangent. */
  tanh(): Array { return np.tanh(this); }
  /** -1, 0 or 1 by sign. */
  sign(): Array { return np.sign(this); }
  /** Elementwise maximum with `y`. */
  maximum(y: ArrayLike): Array { return np.maximum(this, y); }
  /** Elementwise minimum with `y`. */
  minimum(y: ArrayLike): Array { return np.minimum(this, y); }
  /** Limits values to `[lo, hi]`. */
  clip(lo?: ArrayLike | null, hi?: ArrayLike | null): Array { return np.clip(this, lo, hi); }
  /** Rounds half to even, to `decimals` places. */
  round(decimals = 0): Array { return np.round(this, decimals); }

  // --- comparison and logic ----------------------------------------------------------------
  /** `this == y`, elementwise. */
  eq(y: ArrayLike): Array { return np.equal(this, y); }
  /** `this != y`. */
  ne(y: ArrayLike): Array { return np.notEqual(this, y); }
  /** `this < y`. */
  lt(y: ArrayLike): Array { return np.less(this, y); }
  /** `this <= y`. */
  le(y: ArrayLike): Array { return np.lessEqual(this, y); }
  /** `this > y`. */
  gt(y: ArrayLike): Array { return np.greater(this, y); }
  /** `this >= y`. */
  ge(y: ArrayLike): Array { return np.greaterEqual(this, y); }
  /** Logical (bool) or bitwise (int) and. */
  and(y: ArrayLike): Array { return np.bitwiseAnd(this, y); }
  /** Logical (bool) or bitwise (int) or. */
  or(y: ArrayLike): Array { return np.bitwiseOr(this, y); }
  /** Logical (bool) or bitwise (int) not. */
  not(): Array { return np.bitwiseNot(this); }

  // --- shape --------------------------------------------------------------------------------
  /** The array with a new shape (one entry may be -1). */
  reshape(...shape: number[] | [readonly number[]]): Array {
    return np.reshape(this, (isList(shape[0]) ? shape[0] : shape) as number[]);
  }
  /** The axes permuted (reversed when `axes` is omitted). */
  transpose(...axes: number[] | [readonly number[]]): Array {
    const list = (isList(axes[0]) ? axes[0] : axes) as number[];
    return np.transpose(this, list.length ? list : undefined);
  }
  /** The transpose (axes reversed). */
  get T(): Array { return np.transpose(this); }
  /** A 1-D copy. */
  flatten(): Array { return np.ravel(this); }
  /** A 1-D view. */
  ravel(): Array { return np.ravel(this); }
  /** Removes axes of size 1. */
  squeeze(axis?: Axis): Array { return np.squeeze(this, axis); }
  /** Inserts an axis of size 1 at `axis`. */
  expandDims(axis: number | readonly number[]): Array { return np.expandDims(this, axis); }
  /** Exchanges two axes. */
  swapaxes(a: number, b: number): Array { return np.swapaxes(this, a, b); }
  /** Broadcasts to `shape`. */
  broadcastTo(shape: readonly number[]): Array { return np.broadcastTo(this, shape); }
  /** Converts to `dtype`. */
  astype(dtype: DType): Array { return np.astype(this, dtype); }
  /** Repeats each element `repeats` times along `axis` (flattened when omitted). */
  repeat(repeats: number, axis?: number): Array { return np.repeat(this, repeats, axis); }
  /** Reverses the order of elements along `axis` (all axes when omitted). */
  flip(axis?: Axis): Array { return np.flip(this, axis); }

  // --- reductions ---------------------------------------------------------------------------
  /** Sum over `axis` (all axes when omitted). */
  sum(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.sum(this, axis, opts); }
  /** Mean over `axis`. */
  mean(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.mean(this, axis, opts); }
  /** Product over `axis`. */
  prod(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.prod(this, axis, opts); }
  /** Maximum over `axis` (NaN if any element is NaN). */
  max(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.max(this, axis, opts); }
  /** Minimum over `axis`. */
  min(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.min(this, axis, opts); }
  /** True where any element over `axis` is nonzero. */
  any(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.any(this, axis, opts); }
  /** True where all elements over `axis` are nonzero. */
  all(axis?: Axis | ReduceOptions, opts?: ReduceOptions): Array { return np.all(this, axis, opts); }
  /** Variance over `axis` (`ddof` in the options). */
  var(axis?: Axis | (ReduceOptions & { ddof?: number }), opts?: ReduceOptions & { ddof?: number }): Array {
    return np.var_(this, axis, opts);
  }
  /** Standard deviation over `axis`. */
  std(axis?: Axis | (ReduceOptions & { ddof?: number }), opts?: ReduceOptions & { ddof?: number }): Array {
    return np.std(this, axis, opts);
  }
  /** Index of the maximum along `axis` (of the flattened array when omitted). */
  argmax(axis?: number, opts?: { keepdims?: boolean }): Array { return np.argmax(this, axis, opts); }
  /** Index of the minimum along `axis`. */
  argmin(axis?: number, opts?: { keepdims?: boolean }): Array { return np.argmin(this, axis, opts); }
  /** Cumulative sum along `axis` (flattened when omitted). */
  cumsum(axis?: number): Array { return np.cumsum(this, axis); }
  /** Cumulative product along `axis`. */
  cumprod(axis?: number): Array { return np.cumprod(this, axis); }

  // --- linear algebra, sorting, indexing -----------------------------------------------------
  /** Matrix product (see `np.matmul`). */
  matmul(y: Array): Array { return np.matmul(this, y); }
  /** Dot product (see `np.dot`). */
  dot(y: Array): Array { return np.dot(this, y); }
  /** Sorted along `axis` (default last). */
  sort(axis = -1): Array { return np.sort(this, axis); }
  /** Indices that sort along `axis` (stable). */
  argsort(axis = -1): Array { return np.argsort(this, axis); }
  /** Elements at `indices` along `axis` (flattened when omitted). */
  take(indices: Array | number | readonly number[], axis?: number): Array { return np.take(this, indices, axis); }

  /**
   * numpy-style indexing: numbers, slices (`"1:3"`, `"::-1"`, or `np.s(start, stop, step)`),
   * `null` for a new axis, `"..."`, integer arrays, and boolean masks (outside `jit`, where their
   * values can be read). Out-of-range indices are clamped, as in JAX; `x.at(...).get(opts)`
   * chooses another mode.
   *
   * @example
   * x.get(0, "1:", null)   // x[0, 1:, None]
   * x.get(x.gt(0))         // x[x > 0] (on the CPU)
   */
  get(...index: IndexSpec[]): Array {
    return np.getItem(this, index);
  }

  /**
   * Functional updates, as JAX's `x.at[idx]`: `x.at(0, "1:").set(5)` returns a new array.
   * Out-of-range updates are dropped (`{ mode: "clip" }` clamps them); `.get(opts)` reads with
   * `{ mode, fillValue, wrapNegativeIndices }`.
   *
   * @example
   * const y = x.at(1).add(10);  // x unchanged
   * x.at(idx).get({ mode: "fill", fillValue: 0 });
   */
  at(...index: IndexSpec[]): AtUpdater {
    return np.at(this, index);
  }

  toString(): string {
    return `Array(shape=[${this.shape.join(",")}], dtype=${this.dtype}${this.weakType ? " weak" : ""}, device=${this.deviceLabel()})`;
  }

  protected deviceLabel(): string {
    return this.device;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
