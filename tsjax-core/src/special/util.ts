/**
 * Shared helpers of `special`: operand preparation (promotion to float, float16 computed in
 * float32), polynomial evaluation, and small building blocks used by several functions
 * (`log1pmx`, the Stirling correction of lgamma).
 *
 * Conventions used throughout `special`:
 * - every function is written with public array ops, so it works under grad, vmap and jit;
 * - regimes are selected with `np.where` on the whole array; the inputs of a branch that is not
 *   selected are replaced by harmless values ("double where"), so that neither its value nor its
 *   derivative can be NaN (reverse mode multiplies the unselected branch's derivative by zero,
 *   and 0 * NaN would poison the gradient);
 * - functions whose derivative has a better closed form than the derivative of their
 *   approximation get it with `customJvp`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { convert, promoteToFloat } from "../numpy/convert.js";
import { whileLoop } from "../lax/control-flow.js";

/**
 * Promotes the operands to one float dtype and shape, calls `fn` on float32 versions (float16
 * computes in float32) and returns the result in the operands' dtype.
 */
export function floatCall(name: string, xs: readonly ArrayLike[], fn: (...xs: Array[]) => Array): Array {
  const args = promoteToFloat(`special.${name}`, xs);
  const dtype = args[0]!.dtype;
  if (dtype === "float32") return fn(...args);
  const y = fn(...args.map((a) => convert(a, "float32", a.weakType)));
  return convert(y, dtype, args.every((a) => a.weakType));
}

/** `c[0] + c[1] t + c[2] t^2 + ...` by Horner's rule (coefficients in increasing order). */
export function poly(t: Array, c: readonly number[]): Array {
  let acc = t.mul(c[c.length - 1]!).add(c[c.length - 2]!);
  for (let i = c.length - 3; i >= 0; i--) acc = acc.mul(t).add(c[i]!);
  return acc;
}

/** `x` where `cond`, else `safe`: the input of a branch, made harmless where it is not used. */
export function guard(cond: Array, x: Array, safe: number): Array {
  return np.where(cond, x, safe);
}

/** log(sqrt(2 pi)). */
export const LOG_SQRT_2PI = 0.9189385332046728;
export const SQRT_PI = 1.7724538509055159;
export const SQRT_2PI = 2.5066282746310002;
export const LOG_PI = 1.1447298858494002;

const LOG1PMX_SERIES = globalThis.Array.from({ length: 12 }, (_, k) => 1 / (2 * k + 3));

/**
 * `(log1p(s) - s) / s^2`, accurate for all `s > -1` (no cancellation near 0; smooth there, so
 * its derivatives are accurate too). Uses `log1p(s) - s = -s z + 2 z^3 sum z^2k/(2k+3)` with
 * `z = s / (2 + s)` for `-0.6 < s < 1.5`.
 */
export function log1pmxOverSq(s: Array): Array {
  const near = s.gt(-0.6).and(s.lt(1.5));
  const sn = guard(near, s, 0.5);
  const z = sn.div(sn.add(2));
  const z2 = z.square();
  const series = poly(z2, LOG1PMX_SERIES);
  const twoPlus = sn.add(2);
  const nearV = np.reciprocal(twoPlus).neg().add(sn.mul(2).div(twoPlus.mul(twoPlus).mul(twoPlus)).mul(series));
  const sf = np.where(near, 2, s);
  const farV = np.log1p(sf).sub(sf).div(sf.square());
  return np.where(near, nearV, farV);
}

/** `log1p(s) - s`, accurate near 0. */
export function log1pmx(s: Array): Array {
  return s.square().mul(log1pmxOverSq(s));
}

/**
 * The Stirling correction `lgamma(x) - ((x - 0.5) log x - x + log sqrt(2 pi))` for `x >= 6`
 * (absolute error below 1e-10 there; callers guard smaller x).
 */
export function stirlingCorrection(x: Array): Array {
  const t = np.reciprocal(x);
  const t2 = t.square();
  return t.mul(poly(t2, [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188]));
}

/** `c[0] x^(n-1) + ... + c[n-1]` (coefficients highest first, as `jnp.polyval`), by Horner's rule. */
export function polyval(c: readonly number[], x: Array): Array {
  let acc = x.mul(c[0]!).add(c[1]!);
  for (let i = 2; i < c.length; i++) acc = acc.mul(x).add(c[i]!);
  return acc;
}

/**
 * A loop run per element, as JAX's `vectorize` of a `while_loop`: each element's state advances
 * while its own `cond` holds (lanes that are done keep their state), until no lane is active.
 * `cond` returns a bool array of the elements' shape.
 */
export function elementwiseWhile<S extends Array[]>(cond: (...s: S) => Array, body: (...s: S) => S, init: S): S {
  return whileLoop(
    (s: S) => np.any(cond(...s)),
    (s: S) => {
      const active = cond(...s);
      const next = body(...s);
      return next.map((v, i) => np.where(active, v, s[i]!)) as S;
    },
    init,
  );
}

/** `floatCall` for a function with two outputs of the operands' shape (sici, fresnel). */
export function floatCall2(name: string, xs: readonly ArrayLike[], fn: (...xs: Array[]) => [Array, Array]): [Array, Array] {
  let second: Array | undefined;
  const first = floatCall(name, xs, (...a) => {
    const [p, q] = fn(...a);
    second = q;
    return p;
  });
  return [first, second!.dtype === first.dtype ? second! : convert(second!, first.dtype, first.weakType)];
}
