/**
 * numpy functions of complex numbers: `real`, `imag`, `conj`/`conjugate`, `angle`,
 * `iscomplex`, `isreal`, `iscomplexobj`, `isrealobj`, `realIfClose`, as `jax.numpy`.
 * (complex64 is interleaved float32 pairs; see `complex/lower.ts`.)
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isInexactDType } from "../dtype.js";
import { bind1 } from "../core/bind.js";
import { conjP, imagP, realP } from "../complex/prims.js";
import { binaryPrims as B } from "../primitives/elementwise.js";
import { asArray, convert } from "./convert.js";
import { zerosLike } from "./creation.js";
import { hostValues } from "./host-values.js";
import { checkOptions } from "../util/options.js";

const isComplex = (x: Array) => x.dtype === "complex64";

/**
 * The real part (the array itself for real dtypes).
 *
 * @example
 * np.real(np.array([{ re: 1, im: 2 }])); // [1] float32
 */
export function real(x: ArrayLike): Array {
  const a = asArray("np.real", x);
  return isComplex(a) ? bind1(realP, [a], {}) : a;
}

/**
 * The imaginary part (zeros for real dtypes).
 *
 * @example
 * np.imag(np.array([{ re: 1, im: 2 }])); // [2] float32
 */
export function imag(x: ArrayLike): Array {
  const a = asArray("np.imag", x);
  return isComplex(a) ? bind1(imagP, [a], {}) : zerosLike(a);
}

/**
 * The complex conjugate (real arrays are returned unchanged).
 *
 * @example
 * np.conjugate(np.array([{ re: 1, im: 2 }])); // [{ re: 1, im: -2 }]
 */
export function conjugate(x: ArrayLike): Array {
  const a = asArray("np.conjugate", x);
  return isComplex(a) ? bind1(conjP, [a], {}) : a;
}
/** Alias of `conjugate`. @example np.conj(z) */
export const conj = conjugate;

/**
 * The argument (phase) of each element, in radians (`deg: true`: degrees), as float32.
 *
 * @example
 * np.angle(np.array([{ re: 0, im: 1 }])); // [1.5707964]
 */
export function angle(z: ArrayLike, options?: { deg?: boolean }): Array {
  const opts = checkOptions("np.angle", options, { accepted: ["deg"], signature: "np.angle(z, { deg })" });
  const a = asArray("np.angle", z);
  const re = isInexactDType(a.dtype) ? real(a) : convert(a, "float32");
  const im = isComplex(a) ? imag(a) : zerosLike(re);
  const out = bind1(B.atan2, [im, re], {});
  return opts.deg ? out.mul(180 / Math.PI) : out;
}

/**
 * True where the imaginary part is nonzero (never for real dtypes).
 *
 * @example
 * np.iscomplex(np.array([{ re: 1, im: 0 }, { re: 1, im: 1 }])); // [false, true]
 */
export function iscomplex(x: ArrayLike): Array {
  const i = imag(x);
  return bind1(B.ne, [i, zerosLike(i)], {});
}

/**
 * True where the imaginary part is zero (everywhere for real dtypes).
 *
 * @example
 * np.isreal(np.array([{ re: 1, im: 0 }, { re: 1, im: 1 }])); // [true, false]
 */
export function isreal(x: ArrayLike): Array {
  const i = imag(x);
  return bind1(B.eq, [i, zerosLike(i)], {});
}

/**
 * True when the dtype is complex (whatever the values).
 *
 * @example
 * np.iscomplexobj(np.zeros([2], { dtype: "complex64" })); // true
 */
export function iscomplexobj(x: ArrayLike): boolean {
  return isComplex(asArray("np.iscomplexobj", x));
}

/**
 * True when the dtype is not complex.
 *
 * @example
 * np.isrealobj(np.zeros([2])); // true
 */
export function isrealobj(x: ArrayLike): boolean {
  return !iscomplexobj(x);
}

/**
 * The real part when every imaginary part is within `tol` machine epsilons of zero (`tol`
 * above 1), or `tol` itself (at most 1); else the array unchanged. The result's dtype depends
 * on the values, so they must be readable: a concrete array on the CPU, outside `jit` (as in
 * JAX, where this fails under `jit`).
 *
 * @example
 * np.realIfClose(np.array([{ re: 1, im: 1e-9 }])); // [1] float32
 */
export function realIfClose(x: ArrayLike, tol = 100): Array {
  const a = asArray("np.realIfClose", x);
  if (!isComplex(a)) return a;
  const t = tol > 1 ? tol * 1.1920928955078125e-7 : tol;
  const values = hostValues("np.realIfClose", a, "Take np.real(x) explicitly instead.");
  for (let i = 1; i < values.length; i += 2) if (!(Math.abs(values[i]!) < t)) return a;
  return real(a);
}
