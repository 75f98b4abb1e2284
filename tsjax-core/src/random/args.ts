/**
 * The trailing arguments of the samplers, as JAX takes them: `shape` positionally after the
 * distribution's parameters (`random.gamma(key, a, [100])`, as `jax.random.gamma(key, a, (100,))`)
 * or as the `shape` option, then an options object for the keyword arguments. Unknown options
 * and misplaced options objects are errors that show the call.
 */
import { isOptionsObject, checkOptions, positionalOrOption } from "../util/options.js";
import type { ShapeLike } from "./keys.js";

/** The `shape` argument and the options of a sampler call. */
export interface SamplerArgs<O> {
  shape: ShapeLike | undefined;
  opts: O;
}

/**
 * Reads `(shape?, opts?)` of a sampler: `shape` may be a shape, or the options object itself
 * (then `opts` must be absent); `opts.shape` is the keyword form of `shape`.
 *
 * @example
 * const { shape, opts } = samplerArgs("random.gamma", "random.gamma(key, a, shape?, { dtype })", ["shape", "dtype"], shapeArg, optsArg);
 */
export function samplerArgs<O extends { shape?: ShapeLike }>(
  op: string,
  signature: string,
  accepted: readonly string[],
  shapeArg: ShapeLike | O | undefined,
  optsArg: O | undefined,
): SamplerArgs<O> {
  const spec = { accepted, signature };
  if (isOptionsObject(shapeArg)) {
    if (optsArg !== undefined) {
      throw new TypeError(`${op}: the shape argument is an options object, but options come last. Call it as ${signature}.`);
    }
    const opts = checkOptions<O>(op, shapeArg as O, spec);
    return { shape: opts.shape, opts };
  }
  if (shapeArg !== undefined && typeof shapeArg !== "number" && !isShapeList(shapeArg)) {
    throw new TypeError(`${op}: shape must be a number or a list of numbers, got ${describe(shapeArg)}. Call it as ${signature}.`);
  }
  const opts = checkOptions<O>(op, optsArg, spec);
  return { shape: positionalOrOption(op, "shape", shapeArg as ShapeLike | undefined, opts.shape), opts };
}

function isShapeList(x: unknown): boolean {
  return globalThis.Array.isArray(x) && x.every((d) => typeof d === "number");
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (globalThis.Array.isArray(x)) return "a list that is not all numbers";
  return typeof x === "object" ? `an object (${(x as object).constructor?.name ?? "Object"})` : typeof x;
}
