/**
 * Parameters of the samplers that take array parameters (`pareto`, `wald`, `triangular`, ...):
 * JAX's `_check_broadcast_shapes` (the shape defaults to the parameters' broadcast shape; a
 * given shape must contain it) and the conversion of every parameter to the sample dtype.
 *
 * @internal Not part of the public API.
 */
import type { Array, ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import { type ShapeLike, checkKey, toShape } from "./keys.js";
import { type FloatDType, asDType, floatDType } from "./uniform.js";
import { samplerArgs } from "./args.js";
import type { DTypeOptions } from "./normal.js";

/** The shape, dtype and broadcast parameters of a sampler call. */
export interface Prepared {
  shape: number[];
  dtype: FloatDType;
  params: Array[];
}

/**
 * Reads `(key, ...params, shape?, { shape, dtype })` of a float sampler: checks the key, the
 * options and the shapes, and returns the parameters as `dtype` arrays broadcast to the shape.
 *
 * @example
 * const { shape, dtype, params: [b] } = prepare("random.pareto", "b", key, [b], shapeArg, opts);
 */
export function prepare(
  op: string,
  names: string,
  k: Array,
  params: readonly ArrayLike[],
  shapeArg: ShapeLike | DTypeOptions | undefined,
  options: DTypeOptions | undefined,
  defaultShape?: readonly number[],
): Prepared {
  checkKey(op, k);
  const a = samplerArgs(op, `${op}(key, ${names}, shape?, { dtype })`, ["shape", "dtype"], shapeArg, options);
  const dtype = floatDType(op, a.opts.dtype);
  const xs = params.map((p) => asDType(p, dtype, k.device));
  const shape = broadcastTo(op, xs, a.shape, defaultShape);
  return { shape, dtype, params: xs.map((x) => (shapesEqual(x.shape, shape) ? x : np.broadcastTo(x, shape))) };
}

/** JAX's `_check_broadcast_shapes`: the shape (default: the parameters' broadcast shape). */
function broadcastTo(op: string, xs: readonly { shape: readonly number[] }[], shapeArg: ShapeLike | undefined, defaultShape?: readonly number[]): number[] {
  const pshape = xs.reduce<number[]>((s, x) => broadcastShapes(op, s, x.shape), []);
  if (shapeArg === undefined) return defaultShape ? [...defaultShape] : pshape;
  const shape = toShape(op, shapeArg);
  if (!shapesEqual(broadcastShapes(op, shape, pshape), shape)) {
    throw new ShapeError(`${op}: parameters of shapes ${xs.map((x) => fmtShape(x.shape)).join(", ")} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  return shape;
}

/** An integer sample dtype option (default int32). */
export function intDType(op: string, dtype: DType | undefined): DType {
  const d = dtype ?? "int32";
  if (!["int32", "int16", "int8", "uint32", "uint16", "uint8"].includes(d)) {
    throw new DTypeError(`${op}: dtype must be an integer dtype, got ${String(d)}.`);
  }
  return d;
}
