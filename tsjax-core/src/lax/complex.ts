/**
 * `lax.complex`, `lax.real`, `lax.imag`, `lax.conj`: the primitives of complex numbers.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { bind1 } from "../core/bind.js";
import { complexP, conjP, imagP, realP } from "../complex/prims.js";
import { promoteAndBroadcast } from "../numpy/convert.js";
import { DTypeError } from "../errors.js";

/**
 * `x + i y` from real and imaginary parts (float32; numbers and size-1 axes broadcast).
 *
 * @example
 * lax.complex(np.array([1, 2]), np.array([0, -1])); // [{ re: 1, im: 0 }, { re: 2, im: -1 }]
 */
export function complex(x: ArrayLike, y: ArrayLike): Array {
  for (const v of [x, y]) {
    if (typeof v === "object" && v.dtype === "complex64") {
      throw new DTypeError("lax.complex: the real and imaginary parts must be real arrays, got complex64.");
    }
  }
  const [re, im] = promoteAndBroadcast("lax.complex", [x, y], "float32");
  return bind1(complexP, [re!, im!], {});
}

/** The real part of a complex64 array. @example lax.real(z) */
export const real = (x: Array): Array => bind1(realP, [x], {});
/** The imaginary part of a complex64 array. @example lax.imag(z) */
export const imag = (x: Array): Array => bind1(imagP, [x], {});
/** The complex conjugate (complex64 for float32 operands too, as `jax.lax.conj`). @example lax.conj(z) */
export const conj = (x: Array): Array => bind1(conjP, [x], {});
