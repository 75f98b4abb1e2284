/**
 * `np.fft.fftfreq`, `rfftfreq`, `fftshift`, `ifftshift`, as `jax.numpy.fft`.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import type { DeviceName } from "../../backend/backend.js";
import { type DType, isInexactDType } from "../../dtype.js";
import { asArray } from "../convert.js";
import { arange } from "../creation.js";
import { roll } from "../shape-ops.js";
import { checkOptions } from "../../util/options.js";
import { normalizeAxis } from "../../shape.js";
import { range } from "../../util.js";

/** Options of `fftfreq` and `rfftfreq`. */
export interface FreqOptions {
  dtype?: DType;
  device?: DeviceName;
}

function checkN(op: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`${op}: n must be one non-negative integer, got ${JSON.stringify(n)}.`);
  return n;
}

function freqOptions(op: string, d: number | Array | FreqOptions | undefined, options?: FreqOptions): [number | Array, FreqOptions] {
  if (d !== undefined && typeof d === "object" && !("shape" in d)) [d, options] = [1, d as FreqOptions];
  const o = checkOptions(op, options, { accepted: ["dtype", "device"], signature: `${op}(n, d?, { dtype, device })` });
  return [(d as number | Array | undefined) ?? 1, o];
}

/**
 * The sample frequencies of an `n`-point FFT with sample spacing `d`:
 * `[0, 1, ..., n/2 - 1, -n/2, ..., -1] / (d n)` (float32 unless `dtype`).
 *
 * @example
 * np.fft.fftfreq(4); // [0, 0.25, -0.5, -0.25]
 */
export function fftfreq(n: number, d?: number | Array | FreqOptions, options?: FreqOptions): Array {
  const [spacing, o] = freqOptions("np.fft.fftfreq", d, options);
  checkN("np.fft.fftfreq", n);
  const out = o.dtype ?? "float32";
  const dtype: DType = isInexactDType(out) && out !== "complex64" ? out : "float32";
  const i = arange(n, { dtype, device: o.device });
  const h = Math.floor(n / 2);
  const k = i.add(h).mod(Math.max(n, 1)).sub(h);
  return k.div(typeof spacing === "number" ? Math.fround(spacing * n) : spacing.mul(n)).astype(out);
}

/**
 * The non-negative sample frequencies of `np.fft.rfft`: `[0, 1, ..., n/2] / (d n)`.
 *
 * @example
 * np.fft.rfftfreq(4); // [0, 0.25, 0.5]
 */
export function rfftfreq(n: number, d?: number | Array | FreqOptions, options?: FreqOptions): Array {
  const [spacing, o] = freqOptions("np.fft.rfftfreq", d, options);
  checkN("np.fft.rfftfreq", n);
  const k = arange(0, Math.floor(n / 2) + 1, { dtype: o.dtype ?? "float32", device: o.device });
  return k.div(typeof spacing === "number" ? Math.fround(spacing * n) : spacing.mul(n));
}

function shiftBy(op: string, x: ArrayLike, axes: number | readonly number[] | null | undefined, sign: 1 | -1): Array {
  const a = asArray(op, x);
  const ax = axes == null ? range(a.ndim) : (typeof axes === "number" ? [axes] : axes).map((v) => normalizeAxis(op, v, a.ndim));
  if (ax.length === 0) return a;
  return roll(a, ax.map((v) => sign * Math.floor(a.shape[v]! / 2)), ax);
}

/**
 * Moves the zero frequency to the center (along `axes`, default all).
 *
 * @example
 * np.fft.fftshift(np.fft.fftfreq(4)); // [-0.5, -0.25, 0, 0.25]
 */
export function fftshift(x: ArrayLike, axes?: number | readonly number[] | null): Array {
  return shiftBy("np.fft.fftshift", x, axes, 1);
}

/**
 * The inverse of `fftshift`.
 *
 * @example
 * np.fft.ifftshift(np.fft.fftshift(x)); // x
 */
export function ifftshift(x: ArrayLike, axes?: number | readonly number[] | null): Array {
  return shiftBy("np.fft.ifftshift", x, axes, -1);
}
