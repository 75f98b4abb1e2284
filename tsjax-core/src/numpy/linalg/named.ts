/**
 * Results with named fields, as JAX's named tuples (`SlogdetResult`, `EighResult`, `QRResult`,
 * `SVDResult`): a JS array (destructure it) whose elements are also properties.
 */
import type { Array } from "../../array/array.js";

/** `jnp.linalg.slogdet`'s result: `[sign, logabsdet]`. */
export type SlogdetResult = [sign: Array, logabsdet: Array] & { readonly sign: Array; readonly logabsdet: Array };
/** `jnp.linalg.eigh`'s result: `[eigenvalues, eigenvectors]`. */
export type EighResult = [eigenvalues: Array, eigenvectors: Array] & { readonly eigenvalues: Array; readonly eigenvectors: Array };
/** `jnp.linalg.qr`'s result: `[Q, R]`. */
export type QRResult = [Q: Array, R: Array] & { readonly Q: Array; readonly R: Array };
/** `jnp.linalg.svd`'s result: `[U, S, Vh]`. */
export type SVDResult = [U: Array, S: Array, Vh: Array] & { readonly U: Array; readonly S: Array; readonly Vh: Array };

/** A tuple of `values` that also has them as (non-enumerable) properties `names`. */
export function named<T>(names: readonly string[], values: readonly Array[]): T {
  const out = [...values];
  names.forEach((n, i) => Object.defineProperty(out, n, { value: values[i], enumerable: false }));
  return out as T;
}
