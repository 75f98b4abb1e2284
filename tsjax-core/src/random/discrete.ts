/**
 * Discrete samplers, as JAX: `categorical` (Gumbel-max), `choice`, `permutation` and `shuffle`
 * (sorting by random 32-bit keys, repeated enough rounds to make ties negligible).
 */
import { Array, type ArrayLike } from "../array/array.js";
import { checkReal, isFloatDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, normalizeAxis, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import { type ShapeLike, checkKey, randomBits, split, toShape } from "./keys.js";
import { type FloatDType, randint, uniformRaw } from "./uniform.js";
import { gumbelRaw } from "./continuous.js";
import { samplerArgs } from "./args.js";
import { positionalOrOption, splitOptions } from "../util/options.js";

/** Options of `categorical`. */
export interface CategoricalOptions {
  /** Axis of `logits` holding the categories (default -1). */
  axis?: number;
  /** Result shape; must end with the logits' batch shape (default: that batch shape). */
  shape?: ShapeLike;
}

/**
 * Samples category indices from unnormalized log-probabilities (`jax.random.categorical`:
 * `argmax(logits + gumbel)` along `axis`). The result is int32 with `logits.shape` minus `axis`,
 * or `shape` (extra leading axes draw independent samples).
 *
 * @example
 * const logits = np.log(np.array([0.1, 0.2, 0.7]));
 * const draws = random.categorical(random.key(0), logits, -1, [1000]); // values 0..2
 * const same = random.categorical(random.key(0), logits, { shape: [1000] });
 */
export function categorical(
  k: Array,
  logits: ArrayLike,
  axisArg?: number | CategoricalOptions,
  shapeArg?: ShapeLike | CategoricalOptions,
  options?: CategoricalOptions,
): Array {
  const op = "random.categorical";
  checkKey(op, k);
  const [[axisPos, shapePos], o] = splitOptions<CategoricalOptions>(op, [axisArg, shapeArg, options], 2, {
    accepted: ["axis", "shape"],
    signature: "random.categorical(key, logits, axis?, shape?)",
  });
  const opts: CategoricalOptions = {
    axis: positionalOrOption(op, "axis", axisPos as number | undefined, o.axis),
    shape: positionalOrOption(op, "shape", shapePos as ShapeLike | undefined, o.shape),
  };
  let l = logits instanceof Array ? logits : np.array(logits, { device: k.device });
  checkReal(op, l.dtype, "the logits must be real");
  if (!isFloatDType(l.dtype)) l = l.astype("float32");
  if (l.ndim === 0) throw new ShapeError(`${op}: logits need at least one axis (the categories).`);
  const ax = normalizeAxis(op, opts.axis ?? -1, l.ndim);
  const batch = l.shape.filter((_, i) => i !== ax);
  const shape = opts.shape === undefined ? batch : toShape(op, opts.shape);
  if (!shapesEqual(broadcastShapes(op, shape, batch), shape)) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} must end with (a broadcast of) the logits' batch shape ${fmtShape(batch)}.`);
  }
  const prefix = shape.slice(0, shape.length - batch.length);
  const inner = shape.slice(shape.length - batch.length);
  inner.splice(ax, 0, l.shape[ax]!);
  const g = gumbelRaw(k, [...prefix, ...inner], l.dtype as FloatDType);
  const lx = np.reshape(l, [...prefix.map(() => 1), ...l.shape]);
  return np.argmax(g.add(lx), prefix.length + ax);
}

/** JAX's `_shuffle`: sorts `x` along `axis` by fresh random keys, in as many rounds as needed. */
function shuffleAlong(k: Array, x: Array, axis: number): Array {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(4294967295));
  let key = k;
  let out = x;
  for (let r = 0; r < rounds; r++) {
    const ks = split(key);
    key = ks.get(0);
    const sortKeys = randomBits(ks.get(1), out.shape);
    out = np.takeAlongAxis(out, np.argsort(sortKeys, axis), axis);
  }
  return out;
}

/** Options of `permutation`. */
export interface PermutationOptions {
  /** Axis to permute (default 0). */
  axis?: number;
  /** Shuffle every slice along `axis` independently (default false: one permutation of the slices). */
  independent?: boolean;
}

/**
 * A random permutation (`jax.random.permutation`): of `arange(x)` when `x` is a JS integer;
 * otherwise of `x` along `axis`, moving whole slices, or shuffling each 1-D slice along `axis`
 * independently with `independent: true`.
 *
 * @example
 * const order = random.permutation(random.key(0), 10);         // int32 0..9 shuffled
 * const rows = random.permutation(random.key(1), data);         // rows of data, shuffled
 */
export function permutation(k: Array, x: number | Array, axisArg?: number | PermutationOptions, options?: PermutationOptions): Array {
  const op = "random.permutation";
  checkKey(op, k);
  const [[axisPos], o] = splitOptions<PermutationOptions>(op, [axisArg, options], 1, {
    accepted: ["axis", "independent"],
    signature: "random.permutation(key, x, axis?, { independent })",
  });
  const opts: PermutationOptions = { ...o, axis: positionalOrOption(op, "axis", axisPos as number | undefined, o.axis) };
  if (typeof x === "number") {
    if (!Number.isInteger(x) || x < 0) throw new TypeError(`${op}: x must be a non-negative integer or an array, got ${x}.`);
    return shuffleAlong(k, np.arange(x, undefined, 1, { device: k.device }), 0);
  }
  if (x.ndim === 0) {
    throw new ShapeError(`${op}: x must be a JS integer or an array with at least one axis; for a range pass a JS number.`);
  }
  const axis = normalizeAxis(op, opts.axis ?? 0, x.ndim);
  if (opts.independent || x.ndim === 1) return shuffleAlong(k, x, axis);
  const ind = shuffleAlong(k, np.arange(x.shape[axis]!, undefined, 1, { device: k.device }), 0);
  return np.take(x, ind, axis);
}

/**
 * Shuffles `x` along `axis`, each 1-D slice along it independently (JAX's deprecated
 * `jax.random.shuffle`; equals `permutation(key, x, { axis, independent: true })`).
 *
 * @example
 * const s = random.shuffle(random.key(0), np.arange(5));
 */
export function shuffle(k: Array, x: Array, axis = 0): Array {
  const op = "random.shuffle";
  checkKey(op, k);
  if (x.ndim === 0) throw new ShapeError(`${op}: x must have at least one axis.`);
  return shuffleAlong(k, x, normalizeAxis(op, axis, x.ndim));
}

/** Options of `choice`. */
export interface ChoiceOptions {
  /** Shape of the draws (default `[]`: one draw). */
  shape?: ShapeLike;
  /** Draw with replacement (default true). */
  replace?: boolean;
  /** Probabilities of the entries (1-D, length of `a` along `axis`); uniform when omitted. */
  p?: ArrayLike | readonly number[];
  /** Axis of `a` to draw along (default 0). */
  axis?: number;
}

/**
 * Random draws from `a` (`jax.random.choice`): from `arange(a)` when `a` is a JS integer, else
 * slices of `a` along `axis`; with or without replacement, uniformly or with probabilities `p`
 * (without replacement and with `p`: the Gumbel top-k trick, as JAX).
 *
 * @example
 * random.choice(random.key(0), 5, [3], { replace: false });               // 3 distinct of 0..4
 * random.choice(random.key(1), np.array([10, 20, 30]), { shape: [4], p: [0.1, 0.1, 0.8] });
 */
export function choice(k: Array, a: number | Array, shapeArg?: ShapeLike | ChoiceOptions, options?: ChoiceOptions): Array {
  const op = "random.choice";
  checkKey(op, k);
  const { shape: s, opts } = samplerArgs(op, "random.choice(key, a, shape?, { replace, p, axis })", ["shape", "replace", "p", "axis"], shapeArg, options);
  const shape = toShape(op, s);
  const replace = opts.replace ?? true;
  const isRange = typeof a === "number";
  if (!isRange && a.ndim === 0) throw new ShapeError(`${op}: a must be a JS integer or an array with at least one axis.`);
  if (isRange && (!Number.isInteger(a) || a < 0)) throw new TypeError(`${op}: a must be a non-negative integer or an array, got ${a}.`);
  const axis = isRange ? 0 : normalizeAxis(op, opts.axis ?? 0, a.ndim);
  const nInputs = isRange ? a : a.shape[axis]!;
  const nDraws = shape.reduce((x, y) => x * y, 1);
  const outShape = isRange ? shape : [...a.shape.slice(0, axis), ...shape, ...a.shape.slice(axis + 1)];
  if (nDraws === 0) return np.zeros(outShape, { dtype: isRange ? "int32" : a.dtype, device: k.device });
  if (nInputs <= 0) throw new ShapeError(`${op}: a must be greater than 0 unless no samples are taken.`);
  if (!replace && nDraws > nInputs) {
    throw new ShapeError(`${op}: cannot take a larger sample (size ${nDraws}) than the population (size ${nInputs}) when replace is false.`);
  }
  const pick = (ind: Array) => (isRange ? ind : np.take(a, ind, axis));
  let result: Array;
  if (opts.p === undefined) {
    if (replace) {
      result = pick(randint(k, shape, 0, nInputs));
    } else {
      const perm = permutation(k, isRange ? nInputs : a, { axis });
      result = np.take(perm, np.arange(nDraws, undefined, 1, { device: k.device }), axis);
    }
  } else {
    let p = opts.p instanceof Array ? opts.p : np.array(opts.p as number[], { device: k.device });
    if (!isFloatDType(p.dtype)) {
      if (p.dtype === "bool") throw new DTypeError(`${op}: p must be numeric, got bool.`);
      checkReal(op, p.dtype, "the probabilities must be real");
      p = p.astype("float32");
    }
    if (p.ndim !== 1 || p.shape[0] !== nInputs) {
      throw new ShapeError(`${op}: p must be a 1-D vector with the size of a along the axis (${nInputs}), got shape ${fmtShape(p.shape)}.`);
    }
    if (replace) {
      const cum = np.cumsum(p);
      const total = cum.get(nInputs - 1);
      const r = total.mul(np.subtract(1, uniformRaw(k, shape, p.dtype as FloatDType)));
      // searchsorted(cum, r) (side "left"): how many cumulative sums lie below r.
      const ind = np.sum(cum.lt(np.expandDims(r, -1)), -1).astype("int32");
      result = pick(ind);
    } else {
      const g = gumbelRaw(k, [nInputs], p.dtype as FloatDType).neg().sub(np.log(p));
      const ind = np.take(np.argsort(g), np.arange(nDraws, undefined, 1, { device: k.device }));
      result = pick(ind);
    }
  }
  return np.reshape(result, outShape);
}
