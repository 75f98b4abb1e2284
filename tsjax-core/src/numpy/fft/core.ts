/**
 * The core of `np.fft`, ported from `jax.numpy.fft._fft_core`: axes moved to the end, inputs
 * cropped or zero-padded to `s`, at most three axes per `lax.fft` (more are split as JAX
 * splits them), then the `norm` scaling and the axes moved back.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { IndexError, ShapeError } from "../../errors.js";
import { normalizeAxis } from "../../shape.js";
import { bind1 } from "../../core/bind.js";
import { pad as padP } from "../../primitives/structural.js";
import type { FftType } from "../../primitives/fft.js";
import * as O from "../../primitives/ops.js";
import { fft as laxFft } from "../../lax/fft.js";
import { asArray } from "../convert.js";
import { moveaxis } from "../shape-ops.js";
import { range } from "../../util.js";
import { formatValue } from "../../util/format.js";

/** The normalization of a transform, as numpy's `norm`. */
export type FftNorm = "backward" | "ortho" | "forward";

const NORMS: readonly FftNorm[] = ["backward", "ortho", "forward"];

/** numpy's scale factor for `norm` (`name` starting with "i": an inverse transform), in float32 steps. */
function normFactor(op: string, s: readonly number[], name: string, norm: FftNorm): number {
  if (!NORMS.includes(norm)) throw new TypeError(`${op}: invalid norm ${JSON.stringify(norm)}; use "backward", "ortho" or "forward".`);
  if (norm === "backward") return 1;
  const n = Math.fround(s.reduce((a, b) => Math.fround(a * b), 1));
  const inverse = name.startsWith("i");
  if (norm === "ortho") {
    const r = Math.fround(Math.sqrt(n));
    return inverse ? r : Math.fround(1 / r);
  }
  return inverse ? n : Math.fround(1 / n);
}

/** `x` cropped or zero-padded (at the end) to `shape`. */
function fitTo(x: Array, shape: readonly number[]): Array {
  let y = x;
  shape.forEach((n, d) => {
    if (y.shape[d]! > n) y = O.sliceAxis(y, d, 0, n);
  });
  if (y.shape.every((n, d) => n === shape[d])) return y;
  const config = shape.map((n, d) => [0, n - y.shape[d]!, 0] as const);
  return bind1(padP, [y, O.scalar(0, y.dtype, y.device)], { config });
}

/** `lax.fft` over the trailing `s.length` axes, splitting more than three as JAX does. */
function fftCoreNd(arr: Array, type: FftType, s: readonly number[]): Array {
  if (s.length <= 3) return laxFft(arr, type, s);
  const n = s.length === 4 ? 2 : 3;
  const from = range(arr.ndim - n, arr.ndim - s.length);
  const to = range(arr.ndim, arr.ndim - s.length + n);
  if (type === "RFFT" || type === "FFT") {
    let a = laxFft(arr, type, s.slice(-n));
    a = moveaxis(a, from, to);
    a = fftCoreNd(a, "FFT", s.slice(0, -n));
    return moveaxis(a, to, from);
  }
  let a = moveaxis(arr, from, to);
  a = fftCoreNd(a, "IFFT", s.slice(0, -n));
  a = moveaxis(a, to, from);
  return laxFft(a, type, s.slice(-n));
}

/** `jax.numpy.fft._fft_core`. */
export function fftCore(
  name: string,
  type: FftType,
  a: ArrayLike,
  s: readonly number[] | null | undefined,
  axes: readonly number[] | null | undefined,
  norm: FftNorm | null | undefined,
): Array {
  const op = `np.fft.${name}`;
  let arr = asArray(op, a);
  if (s != null) {
    for (const n of s) {
      if (!Number.isInteger(n) || n <= 0) throw new ShapeError(`${op}: the shape s must hold positive integers, got ${formatValue(s)}.`);
    }
  }
  if (s != null && axes != null && s.length !== axes.length) {
    throw new ShapeError(`${op}: s ${formatValue(s)} and axes ${formatValue(axes)} have different lengths.`);
  }
  const origAxes = axes == null ? undefined : axes.map((ax) => normalizeAxis(op, ax, arr.ndim));
  let ax: number[] = origAxes ?? (s == null ? range(arr.ndim) : range(arr.ndim, arr.ndim - s.length));
  if (ax.some((v) => v < 0)) throw new ShapeError(`${op}: s ${formatValue(s)} has more axes than the ${arr.ndim}-d input.`);
  if (new Set(ax).size !== ax.length) throw new IndexError(`${op}: repeated axes are not supported, got axes ${formatValue(axes)}.`);
  if (origAxes) {
    ax = range(arr.ndim, arr.ndim - origAxes.length);
    arr = moveaxis(arr, origAxes, ax);
  }
  let sizes: number[];
  if (s != null) {
    const inS = [...arr.shape];
    ax.forEach((d, i) => (inS[d] = s[i]!));
    if (type === "IRFFT") inS[inS.length - 1] = Math.floor(inS[inS.length - 1]! / 2) + 1;
    arr = fitTo(arr, inS);
    sizes = [...s];
  } else if (type === "IRFFT") {
    sizes = ax.slice(0, -1).map((d) => arr.shape[d]!);
    if (ax.length > 0) sizes.push(Math.max(0, 2 * (arr.shape[ax[ax.length - 1]!]! - 1)));
  } else {
    sizes = ax.map((d) => arr.shape[d]!);
  }
  if (sizes.some((n) => n <= 0)) {
    throw new ShapeError(`${op}: invalid number of FFT data points ${formatValue(sizes)} (an axis of size ${type === "IRFFT" ? "1 gives 0 outputs; give n" : "0"}).`);
  }
  let out = fftCoreNd(arr, type, sizes);
  if (norm != null) {
    const c = normFactor(op, sizes, name, norm);
    if (c !== 1) out = out.mul(c);
  }
  if (origAxes) out = moveaxis(out, ax, origAxes);
  return out;
}
