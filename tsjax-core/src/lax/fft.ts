/**
 * `lax.fft`: the FFT primitive (`jax.lax.fft`).
 */
import type { Array } from "../array/array.js";
import { bind1 } from "../core/bind.js";
import { type FftType, fftP } from "../primitives/fft.js";
import { convert } from "../numpy/convert.js";

const TYPES: readonly FftType[] = ["FFT", "IFFT", "RFFT", "IRFFT"];

/**
 * The discrete Fourier transform of the trailing `fftLengths.length` axes (1 to 3), as
 * `jax.lax.fft`: `"FFT"`/`"IFFT"` (complex to complex; the inverse divides by the size),
 * `"RFFT"` (float32 to the `n/2 + 1` non-negative frequencies of the last axis) and `"IRFFT"`
 * (its inverse, of output lengths `fftLengths`). Inputs are converted as JAX converts them
 * (to complex64, or to float32 for RFFT); no lengths return the input.
 *
 * @example
 * lax.fft(x.astype("complex64"), "FFT", [x.shape[x.ndim - 1]]);
 */
export function fft(x: Array, fftType: FftType | Lowercase<FftType>, fftLengths: readonly number[]): Array {
  const t = String(fftType).toUpperCase() as FftType;
  if (!TYPES.includes(t)) throw new TypeError(`lax.fft: unknown FFT type ${JSON.stringify(fftType)}; use one of ${TYPES.join(", ")}.`);
  if (t === "RFFT" && x.dtype === "complex64") throw new TypeError("lax.fft: RFFT takes real inputs only; use FFT for complex ones.");
  const a = convert(x, t === "RFFT" ? "float32" : "complex64");
  if (fftLengths.length === 0) return a;
  return bind1(fftP, [a], { fftType: t, fftLengths: [...fftLengths] });
}
