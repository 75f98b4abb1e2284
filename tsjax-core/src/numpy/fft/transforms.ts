/**
 * `np.fft`'s transforms, as `jax.numpy.fft`: `fft`, `ifft`, `rfft`, `irfft`, `hfft`, `ihfft`
 * (one axis), `fft2`, `ifft2`, `rfft2`, `irfft2` (two), `fftn`, `ifftn`, `rfftn`, `irfftn`
 * (any). Arguments after the array may be given positionally or in a trailing options object
 * (`np.fft.fft(x, 16, 0)` is `np.fft.fft(x, { n: 16, axis: 0 })`).
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import type { FftType } from "../../primitives/fft.js";
import { normalizeAxis } from "../../shape.js";
import { positionalOrOption, splitOptions } from "../../util/options.js";
import { asArray } from "../convert.js";
import { conjugate } from "../complex.js";
import { type FftNorm, fftCore } from "./core.js";

/** Options of the one-axis transforms. */
export interface Fft1dOptions {
  /** The transform's length along `axis` (the input is cropped or zero-padded); default: the axis's size. */
  n?: number | null;
  /** The axis (default -1). */
  axis?: number;
  /** `"backward"` (default: no scaling forward, `1/n` inverse), `"ortho"` or `"forward"`. */
  norm?: FftNorm | null;
}

/** Options of the n-axis transforms. */
export interface FftNdOptions {
  /** The transform's length along each axis of `axes`. */
  s?: readonly number[] | null;
  /** The axes (default: all, or the last `s.length`; `fft2` and friends: the last two). */
  axes?: readonly number[] | null;
  norm?: FftNorm | null;
}

type Args1d = [n?: number | null | Fft1dOptions, axis?: number | Fft1dOptions, norm?: FftNorm | null | Fft1dOptions, options?: Fft1dOptions];
type ArgsNd = [s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null | FftNdOptions, norm?: FftNorm | null | FftNdOptions, options?: FftNdOptions];

// The array is passed to splitOptions too, so that its messages count arguments as the caller does.
function parse1d(name: string, a: ArrayLike, args: readonly unknown[]): { n: number | null | undefined; axis: number; norm: FftNorm | null | undefined } {
  const op = `np.fft.${name}`;
  const [[, n, axis, norm], o] = splitOptions<Fft1dOptions>(op, [a, ...args], 4, { accepted: ["n", "axis", "norm"], signature: `${op}(a, n?, axis?, norm?) or ${op}(a, { n, axis, norm })` });
  const ax = positionalOrOption(op, "axis", axis as number | undefined, o.axis) ?? -1;
  if (typeof ax !== "number") throw new TypeError(`${op}: axis must be one integer, got ${String(ax)}; use np.fft.${name}n for several axes.`);
  return {
    n: positionalOrOption(op, "n", n as number | null | undefined, o.n),
    axis: ax,
    norm: positionalOrOption(op, "norm", norm as FftNorm | null | undefined, o.norm),
  };
}

function parseNd(name: string, a: ArrayLike, args: readonly unknown[], defaultAxes?: readonly number[]): { s: readonly number[] | null | undefined; axes: readonly number[] | null | undefined; norm: FftNorm | null | undefined } {
  const op = `np.fft.${name}`;
  const [[, s, axes, norm], o] = splitOptions<FftNdOptions>(op, [a, ...args], 4, { accepted: ["s", "axes", "norm"], signature: `${op}(a, s?, axes?, norm?) or ${op}(a, { s, axes, norm })` });
  const ax = positionalOrOption(op, "axes", axes as readonly number[] | null | undefined, o.axes) ?? defaultAxes;
  if (defaultAxes && (ax == null || ax.length !== 2)) throw new ShapeError(`${op}: only supports 2 axes, got axes ${JSON.stringify(ax)}.`);
  return {
    s: positionalOrOption(op, "s", s as readonly number[] | null | undefined, o.s),
    axes: ax,
    norm: positionalOrOption(op, "norm", norm as FftNorm | null | undefined, o.norm),
  };
}

function oneAxis(name: string, type: FftType) {
  return (a: ArrayLike, ...args: Args1d): Array => {
    const { n, axis, norm } = parse1d(name, a, args);
    return fftCore(name, type, a, n == null ? null : [n], [axis], norm);
  };
}

function nAxes(name: string, type: FftType, defaultAxes?: readonly number[]) {
  return (a: ArrayLike, ...args: ArgsNd): Array => {
    const { s, axes, norm } = parseNd(name, a, args, defaultAxes);
    return fftCore(name, type, a, s, axes, norm);
  };
}

/**
 * The discrete Fourier transform along one axis (complex64 result).
 *
 * @example
 * np.fft.fft(np.array([1, 2, 3, 4])); // [10, -2+2i, -2, -2-2i]
 * np.fft.fft(x, { n: 16, axis: 0, norm: "ortho" });
 */
export const fft = oneAxis("fft", "FFT");
/** The inverse of `fft` (divides by `n` by default). @example np.fft.ifft(np.fft.fft(x)) */
export const ifft = oneAxis("ifft", "IFFT");
/** The FFT of a real input: the `n/2 + 1` non-negative frequencies. @example np.fft.rfft(np.array([1, 2, 3, 4])) // [10, -2+2i, -2] */
export const rfft = oneAxis("rfft", "RFFT");
/** The inverse of `rfft` (a real result of length `n`, default `2 (m - 1)`). @example np.fft.irfft(np.fft.rfft(x), { n: x.shape[0] }) */
export const irfft = oneAxis("irfft", "IRFFT");
/** The 2-D FFT over `axes` (default the last two). @example np.fft.fft2(image) */
export const fft2 = nAxes("fft2", "FFT", [-2, -1]);
/** The inverse of `fft2`. @example np.fft.ifft2(np.fft.fft2(image)) */
export const ifft2 = nAxes("ifft2", "IFFT", [-2, -1]);
/** The 2-D FFT of a real input. @example np.fft.rfft2(image) */
export const rfft2 = nAxes("rfft2", "RFFT", [-2, -1]);
/** The inverse of `rfft2`. @example np.fft.irfft2(np.fft.rfft2(image), { s: image.shape }) */
export const irfft2 = nAxes("irfft2", "IRFFT", [-2, -1]);
/** The n-D FFT over `axes` (default all). @example np.fft.fftn(volume) */
export const fftn = nAxes("fftn", "FFT");
/** The inverse of `fftn`. @example np.fft.ifftn(np.fft.fftn(volume)) */
export const ifftn = nAxes("ifftn", "IFFT");
/** The n-D FFT of a real input (the last axis halved). @example np.fft.rfftn(volume) */
export const rfftn = nAxes("rfftn", "RFFT");
/** The inverse of `rfftn`. @example np.fft.irfftn(np.fft.rfftn(volume), { s: volume.shape }) */
export const irfftn = nAxes("irfftn", "IRFFT");

/**
 * The FFT of a Hermitian-symmetric signal given by its first half: a real spectrum of length
 * `n` (default `2 (m - 1)`).
 *
 * @example
 * np.fft.hfft(np.array([{ re: 1, im: 0 }, { re: 2, im: 0 }, { re: 3, im: 0 }])); // [8, -2, 0, -2]
 */
export function hfft(a: ArrayLike, ...args: Args1d): Array {
  const { n, axis, norm } = parse1d("hfft", a, args);
  const conjA = conjugate(a);
  const nn = n ?? (conjA.shape[normalizeAxis("np.fft.hfft", axis, conjA.ndim)]! - 1) * 2;
  return fftCore("hfft", "IRFFT", conjA, n == null ? null : [n], [axis], norm).mul(nn);
}

/**
 * The inverse of `hfft`: the first `n/2 + 1` terms of the inverse FFT of a real signal.
 *
 * @example
 * np.fft.ihfft(np.array([8, -2, 0, -2])); // [1, 2, 3] (complex64)
 */
export function ihfft(a: ArrayLike, ...args: Args1d): Array {
  const { n, axis, norm } = parse1d("ihfft", a, args);
  const arr = asArray("np.fft.ihfft", a);
  const nn = n ?? arr.shape[normalizeAxis("np.fft.ihfft", axis, arr.ndim)]!;
  return conjugate(fftCore("ihfft", "RFFT", arr, n == null ? null : [n], [axis], norm)).mul(1 / nn);
}
