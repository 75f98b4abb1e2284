/**
 * `np.fft`: discrete Fourier transforms, as `jax.numpy.fft` (complex64 results; see the
 * `fft` primitive for the algorithms).
 */
export type { FftNorm } from "./core.js";
export * from "./transforms.js";
export * from "./freq.js";
