/**
 * `nn.initializers`, as `jax.nn.initializers`: builders that return an initializer
 * `(key, shape, dtype?) => Array`. Each draws exactly what JAX's draws for the same key (the
 * same sampler calls, scalings and float32 constants), so a model initialized here starts from
 * JAX's weights.
 */
import type { Array, ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { normalizeAxis } from "../shape.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { checkKey, toShape } from "../random/keys.js";
import { checkOptions } from "../util/options.js";
import { asArray } from "../numpy/convert.js";

/** An initializer: `(key, shape, dtype?)` to an array of that shape (JAX's `Initializer`). */
export type Initializer = (key: Array, shape: random.ShapeLike, dtype?: DType) => Array;

/** The `dtype` option of the initializer builders. */
export interface InitializerOptions {
  /** The initializer's default dtype (default float32). */
  dtype?: DType;
}

function opts<T extends object>(op: string, o: T | undefined, accepted: string[], signature: string): T {
  return checkOptions(op, o, { accepted, signature });
}

function shapeOf(op: string, key: Array, shape: random.ShapeLike): number[] {
  checkKey(op, key);
  return toShape(op, shape);
}

/**
 * An initializer of zeros (`jax.nn.initializers.zeros`; the key is ignored).
 *
 * @example
 * nn.initializers.zeros(random.key(0), [2, 3]);
 */
export function zeros(key: Array, shape: random.ShapeLike, dtype: DType = "float32"): Array {
  return np.zeros(shapeOf("nn.initializers.zeros", key, shape), { dtype });
}

/**
 * An initializer of ones (`jax.nn.initializers.ones`; the key is ignored).
 *
 * @example
 * nn.initializers.ones(random.key(0), [2, 3]);
 */
export function ones(key: Array, shape: random.ShapeLike, dtype: DType = "float32"): Array {
  return np.ones(shapeOf("nn.initializers.ones", key, shape), { dtype });
}

/**
 * Builds an initializer of arrays full of `value` (`jax.nn.initializers.constant`).
 *
 * @example
 * const init = nn.initializers.constant(-7);
 * init(random.key(0), [2, 3]); // all -7
 */
export function constant(value: ArrayLike, options?: InitializerOptions): Initializer {
  const op = "nn.initializers.constant";
  const o = opts(op, options, ["dtype"], `${op}(value, { dtype })`);
  return (key, shape, dtype = o.dtype ?? "float32") => np.broadcastTo(np.astype(asArray(op, value), dtype), shapeOf(op, key, shape));
}

/**
 * Builds an initializer of uniform values in `[0, scale)` (`jax.nn.initializers.uniform`;
 * default scale 0.01).
 *
 * @example
 * nn.initializers.uniform(10)(random.key(42), [2, 3]);
 */
export function uniform(scale = 1e-2, options?: InitializerOptions): Initializer {
  const op = "nn.initializers.uniform";
  const o = opts(op, options, ["dtype"], `${op}(scale?, { dtype })`);
  return (key, shape, dtype = o.dtype ?? "float32") => random.uniform(key, shapeOf(op, key, shape), { dtype }).mul(np.array(scale, { dtype }));
}

/**
 * Builds an initializer of normal values with mean 0 and standard deviation `stddev`
 * (`jax.nn.initializers.normal`; default 0.01).
 *
 * @example
 * nn.initializers.normal(5)(random.key(42), [2, 3]);
 */
export function normal(stddev = 1e-2, options?: InitializerOptions): Initializer {
  const op = "nn.initializers.normal";
  const o = opts(op, options, ["dtype"], `${op}(stddev?, { dtype })`);
  return (key, shape, dtype = o.dtype ?? "float32") => random.normal(key, shapeOf(op, key, shape), { dtype }).mul(np.array(stddev, { dtype }));
}

/** Options of `truncatedNormal`. */
export interface TruncatedNormalInitOptions extends InitializerOptions {
  /** Lower truncation bound, in units of `stddev` (default -2). */
  lower?: number;
  /** Upper truncation bound, in units of `stddev` (default 2). */
  upper?: number;
}

/**
 * Builds an initializer of truncated-normal values: a standard normal truncated to
 * `[lower, upper]`, times `stddev` (`jax.nn.initializers.truncated_normal`; defaults 0.01,
 * -2, 2; no variance correction).
 *
 * @example
 * nn.initializers.truncatedNormal(5)(random.key(42), [2, 3]);
 */
export function truncatedNormal(stddev = 1e-2, options?: TruncatedNormalInitOptions): Initializer {
  const op = "nn.initializers.truncatedNormal";
  const o = opts(op, options, ["dtype", "lower", "upper"], `${op}(stddev?, { dtype, lower, upper })`);
  return (key, shape, dtype = o.dtype ?? "float32") =>
    random.truncatedNormal(key, o.lower ?? -2, o.upper ?? 2, shapeOf(op, key, shape), { dtype }).mul(np.array(stddev, { dtype }));
}

/** Axes of the weights' input, output and batch dimensions (`in_axis`, `out_axis`, `batch_axis`). */
export interface FanOptions extends InitializerOptions {
  /** Axis or axes of the input dimension (default -2). */
  inAxis?: number | readonly number[];
  /** Axis or axes of the output dimension (default -1). */
  outAxis?: number | readonly number[];
  /** Axis or axes ignored by the fan computation (default none). */
  batchAxis?: number | readonly number[];
}

/** `variance_scaling`'s modes. */
export type FanMode = "fan_in" | "fan_out" | "fan_avg" | "fan_geo_avg";
/** `variance_scaling`'s distributions. */
export type VarianceDistribution = "truncated_normal" | "normal" | "uniform";

const FAN_KEYS = ["dtype", "inAxis", "outAxis", "batchAxis"];

/** JAX's `_compute_fans`: effective input and output sizes of a weights shape. */
export function computeFans(op: string, shape: readonly number[], o: FanOptions): [number, number] {
  const inAxis = o.inAxis ?? -2;
  if (inAxis === -2 && shape.length <= 1) {
    throw new ShapeError(
      `${op}: can't compute input and output sizes of a ${shape.length}-dimensional weights tensor with the default inAxis. It must be at least 2-D, or give inAxis.`,
    );
  }
  const size = (ax: number | readonly number[]) =>
    (typeof ax === "number" ? [ax] : ax).reduce((p, a) => p * shape[normalizeAxis(op, a, shape.length)]!, 1);
  const inSize = size(inAxis);
  const outSize = size(o.outAxis ?? -1);
  const batchSize = size(o.batchAxis ?? []);
  const receptive = shape.reduce((p, d) => p * d, 1) / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

/**
 * Builds an initializer whose scale adapts to the weights' shape
 * (`jax.nn.initializers.variance_scaling`): variance `scale / n` with `n` the fan-in, fan-out,
 * their mean or their geometric mean (`mode`); drawn from a truncated normal (truncated at 2
 * standard deviations, rescaled to the variance), a normal, or a uniform distribution.
 *
 * @example
 * const init = nn.initializers.varianceScaling(2, "fan_in", "truncated_normal");
 * const w = init(random.key(0), [784, 128]);
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: VarianceDistribution, options?: FanOptions): Initializer {
  const op = "nn.initializers.varianceScaling";
  const o = opts(op, options, FAN_KEYS, `${op}(scale, mode, distribution, { inAxis, outAxis, batchAxis, dtype })`);
  if (!["fan_in", "fan_out", "fan_avg", "fan_geo_avg"].includes(mode)) {
    throw new TypeError(`${op}: invalid mode ${JSON.stringify(mode)}; accepted: "fan_in", "fan_out", "fan_avg", "fan_geo_avg".`);
  }
  if (!["truncated_normal", "normal", "uniform"].includes(distribution)) {
    throw new TypeError(`${op}: invalid distribution ${JSON.stringify(distribution)}; accepted: "truncated_normal", "normal", "uniform".`);
  }
  return (key, shapeArg, dtype = o.dtype ?? "float32") => {
    const shape = shapeOf(op, key, shapeArg);
    const [fanIn, fanOut] = computeFans(op, shape, o);
    const den = mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : mode === "fan_avg" ? (fanIn + fanOut) / 2 : (fanIn * fanOut) ** 0.5;
    const variance = np.array(scale / den, { dtype });
    if (distribution === "truncated_normal") {
      const stddev = np.sqrt(variance).div(np.array(0.87962566103423978, { dtype }));
      return random.truncatedNormal(key, -2, 2, shape, { dtype }).mul(stddev);
    }
    if (distribution === "normal") return random.normal(key, shape, { dtype }).mul(np.sqrt(variance));
    return random.uniform(key, shape, { dtype, minval: -1 }).mul(np.sqrt(variance.mul(3)));
  };
}

function preset(name: string, scale: number, mode: FanMode, distribution: VarianceDistribution) {
  const op = `nn.initializers.${name}`;
  return (options?: FanOptions): Initializer => {
    opts(op, options, FAN_KEYS, `${op}({ inAxis, outAxis, batchAxis, dtype })`);
    return varianceScaling(scale, mode, distribution, options);
  };
}

/**
 * Glorot (Xavier) uniform: `varianceScaling(1, "fan_avg", "uniform")`.
 *
 * @example
 * nn.initializers.glorotUniform()(random.key(42), [2, 3]);
 */
export const glorotUniform = preset("glorotUniform", 1, "fan_avg", "uniform");
/**
 * Glorot (Xavier) normal: `varianceScaling(1, "fan_avg", "truncated_normal")`.
 *
 * @example
 * nn.initializers.glorotNormal()(random.key(42), [2, 3]);
 */
export const glorotNormal = preset("glorotNormal", 1, "fan_avg", "truncated_normal");
/**
 * LeCun uniform: `varianceScaling(1, "fan_in", "uniform")`.
 *
 * @example
 * nn.initializers.lecunUniform()(random.key(42), [2, 3]);
 */
export const lecunUniform = preset("lecunUniform", 1, "fan_in", "uniform");
/**
 * LeCun normal: `varianceScaling(1, "fan_in", "truncated_normal")`.
 *
 * @example
 * nn.initializers.lecunNormal()(random.key(42), [2, 3]);
 */
export const lecunNormal = preset("lecunNormal", 1, "fan_in", "truncated_normal");
/**
 * He (Kaiming) uniform: `varianceScaling(2, "fan_in", "uniform")`.
 *
 * @example
 * nn.initializers.heUniform()(random.key(42), [2, 3]);
 */
export const heUniform = preset("heUniform", 2, "fan_in", "uniform");
/**
 * He (Kaiming) normal: `varianceScaling(2, "fan_in", "truncated_normal")`.
 *
 * @example
 * nn.initializers.heNormal()(random.key(42), [2, 3]);
 */
export const heNormal = preset("heNormal", 2, "fan_in", "truncated_normal");
/** Alias of {@link glorotUniform}. @example nn.initializers.xavierUniform()(key, [2, 3]) */
export const xavierUniform = glorotUniform;
/** Alias of {@link glorotNormal}. @example nn.initializers.xavierNormal()(key, [2, 3]) */
export const xavierNormal = glorotNormal;
/** Alias of {@link heUniform}. @example nn.initializers.kaimingUniform()(key, [2, 3]) */
export const kaimingUniform = heUniform;
/** Alias of {@link heNormal}. @example nn.initializers.kaimingNormal()(key, [2, 3]) */
export const kaimingNormal = heNormal;

/** Options of `orthogonal` and `deltaOrthogonal`. */
export interface OrthogonalInitOptions extends InitializerOptions {
  /** The axis holding the orthogonal columns (default -1). */
  columnAxis?: number;
}

function orthogonalDraw(op: string, scale: number, columnAxis: number, key: Array, shape: number[], dtype: DType): Array {
  if (shape.length < 2) throw new ShapeError(`${op}: needs at least a 2-D shape, got [${shape.join(", ")}].`);
  if (shape.some((d) => d === 0)) return np.zeros(shape, { dtype });
  const ax = normalizeAxis(op, columnAxis, shape.length);
  const nCols = shape[ax]!;
  const nRows = shape.reduce((p, d) => p * d, 1) / nCols;
  let q = random.orthogonal(key, nRows, [], { dtype, m: nCols });
  q = np.reshape(q, [...shape.filter((_, i) => i !== ax), nCols]);
  q = np.moveaxis(q, -1, ax);
  return np.array(scale, { dtype }).mul(q);
}

/**
 * Builds an initializer of (semi-)orthogonal matrices: `columnAxis` holds the columns, the other
 * axes are flattened into rows (`jax.nn.initializers.orthogonal`; default scale 1).
 *
 * @example
 * nn.initializers.orthogonal()(random.key(42), [2, 3]); // orthonormal rows
 */
export function orthogonal(scale = 1, options?: OrthogonalInitOptions): Initializer {
  const op = "nn.initializers.orthogonal";
  const o = opts(op, options, ["dtype", "columnAxis"], `${op}(scale?, { columnAxis, dtype })`);
  return (key, shape, dtype = o.dtype ?? "float32") => orthogonalDraw(op, scale, o.columnAxis ?? -1, key, shapeOf(op, key, shape), dtype);
}

/**
 * Builds a delta-orthogonal initializer for 3-D, 4-D or 5-D convolution kernels (Xiao et al.):
 * zero but for an orthogonal matrix at the spatial center (`jax.nn.initializers.delta_orthogonal`).
 *
 * @example
 * nn.initializers.deltaOrthogonal()(random.key(42), [3, 3, 3]);
 */
export function deltaOrthogonal(scale = 1, options?: OrthogonalInitOptions): Initializer {
  const op = "nn.initializers.deltaOrthogonal";
  const o = opts(op, options, ["dtype", "columnAxis"], `${op}(scale?, { columnAxis, dtype })`);
  return (key, shapeArg, dtype = o.dtype ?? "float32") => {
    const shape = shapeOf(op, key, shapeArg);
    if (shape.length < 3 || shape.length > 5) throw new ShapeError(`${op}: needs a 3-D, 4-D or 5-D shape, got [${shape.join(", ")}].`);
    if (shape[shape.length - 1]! < shape[shape.length - 2]!) {
      throw new ShapeError(`${op}: fan_in (shape[-2] = ${shape[shape.length - 2]}) must be at most fan_out (shape[-1] = ${shape[shape.length - 1]}).`);
    }
    const ortho = orthogonalDraw(op, scale, o.columnAxis ?? -1, key, shape.slice(-2), dtype);
    const center = shape.slice(0, -2).map((k) => Math.floor((k - 1) / 2));
    return np.zeros(shape, { dtype }).at(...center).set(ortho);
  };
}
