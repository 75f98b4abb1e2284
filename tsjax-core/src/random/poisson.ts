/**
 * `poisson`, with JAX's algorithm (itself TensorFlow's and NumPy's): Knuth's product of uniforms
 * for rates below 10, Hörmann's transformed rejection (PTRS) above, each a `lax.whileLoop` over
 * the whole array with one key per iteration.
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, shapesEqual } from "../shape.js";
import * as np from "../numpy/index.js";
import { whileLoop } from "../lax/control-flow.js";
import { type ShapeLike, checkKey, split, toShape } from "./keys.js";
import { asDType, uniformRaw } from "./uniform.js";
import { lgamma } from "./math.js";
import { samplerArgs } from "./args.js";

function knuth(k: Array, lam: Array, dtype: "int32" | "uint32"): Array {
  const shape = lam.shape;
  type C = [Array, Array, Array];
  const negLam = lam.neg();
  const [count] = whileLoop(
    ([, , logProd]: C) => np.any(logProd.gt(negLam)),
    ([kk, rng, logProd]: C): C => {
      const ks = split(rng);
      const next = np.where(logProd.gt(negLam), kk.add(1), kk);
      const u = uniformRaw(ks.get(1), shape, "float32");
      return [next, ks.get(0), logProd.add(np.log(u))];
    },
    [np.zeros(shape, { dtype, device: lam.device }), k, np.zerosLike(lam)] as C,
  );
  return count.sub(1).astype(dtype);
}

function rejection(k: Array, lam: Array, dtype: "int32" | "uint32"): Array {
  const shape = lam.shape;
  const logLam = np.log(lam);
  const b = np.sqrt(lam).mul(2.53).add(0.931);
  const a = b.mul(0.02483).add(-0.059);
  const invAlpha = np.divide(1.1328, b.sub(3.4)).add(1.1239);
  const vR = np.subtract(0.9277, np.divide(3.6224, b.sub(2)));
  type C = [Array, Array, Array];
  const [kOut] = whileLoop(
    ([, accepted]: C) => np.any(accepted.not()),
    ([kPrev, accepted, rng]: C): C => {
      const ks = split(rng, 3);
      const u = uniformRaw(ks.get(1), shape, "float32").sub(0.5);
      const v = uniformRaw(ks.get(2), shape, "float32");
      const us = np.subtract(0.5, np.abs(u));
      const kk = np.floor(a.mul(2).div(us).add(b).mul(u).add(lam).add(0.43));
      const s = np.log(v.mul(invAlpha).div(a.div(us.mul(us)).add(b)));
      const tt = lam.neg().add(kk.mul(logLam)).sub(lgamma(kk.add(1)));
      const accept1 = us.ge(0.07).and(v.le(vR));
      const reject = kk.lt(0).or(us.lt(0.013).and(v.gt(us)));
      const accept2 = s.le(tt);
      const accept = accept1.or(reject.not().and(accept2));
      // As JAX: a later acceptance overwrites an earlier one while other elements still loop.
      return [np.where(accept, kk, kPrev), accepted.or(accept), ks.get(0)];
    },
    [np.fullLike(lam, -1), np.zeros(shape, { dtype: "bool", device: lam.device }), k] as C,
  );
  return kOut.astype(dtype);
}

/** Options of `poisson`. */
export interface PoissonOptions {
  /** Result shape; `lam` broadcasts to it (default `lam`'s shape). */
  shape?: ShapeLike;
  /** int32 (default) or uint32. */
  dtype?: DType;
}

/**
 * Poisson samples with rate `lam >= 0` (`jax.random.poisson`, same algorithm and keys as JAX:
 * Knuth's method for `lam < 10`, transformed rejection for larger rates; 0 where `lam == 0`).
 *
 * @example
 * const counts = random.poisson(random.key(0), np.array([0.5, 3, 40]));
 */
export function poisson(k: Array, lam: ArrayLike, shapeArg?: ShapeLike | PoissonOptions, options?: PoissonOptions): Array {
  const op = "random.poisson";
  checkKey(op, k);
  const a = samplerArgs(op, "random.poisson(key, lam, shape?, { dtype })", ["shape", "dtype"], shapeArg, options);
  const opts: PoissonOptions = { ...a.opts, shape: a.shape };
  const dtype = opts.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") throw new DTypeError(`${op}: dtype must be int32 or uint32, got ${dtype}.`);
  let l = asDType(lam, "float32", k.device);
  const shape = opts.shape === undefined ? [...l.shape] : toShape(op, opts.shape);
  if (!shapesEqual(broadcastShapes(op, shape, l.shape), shape)) {
    throw new ShapeError(`${op}: lam of shape ${fmtShape(l.shape)} must broadcast to the shape ${fmtShape(shape)}.`);
  }
  l = np.broadcastTo(l, shape);
  const useKnuth = np.isnan(l).or(l.lt(10));
  const lamKnuth = np.where(useKnuth, l, 0);
  const lamRejection = np.where(useKnuth, 1e5, l);
  const result = np.where(useKnuth, knuth(k, lamKnuth, dtype), rejection(k, lamRejection, dtype));
  return np.where(l.eq(0), np.zerosLike(result), result);
}
