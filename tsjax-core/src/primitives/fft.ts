/**
 * `fft`: the discrete Fourier transform over the trailing 1 to 3 axes, as `jax.lax.fft`
 * (types FFT, IFFT, RFFT, IRFFT; IFFT and IRFFT normalized by `1/n`), with JAX's rules: it is
 * linear (the JVP transforms the tangent), its transpose is JAX's (`_fft_transpose_rule`: FFT
 * and IFFT are symmetric; RFFT and IRFFT transpose into each other with the Hermitian mask and
 * JAX's conjugation convention), and it batches over leading axes. It computes on real and
 * imaginary parts (`complex` rule; algorithms in `fft/transform.ts`), so it runs wherever
 * float32 kernels do.
 */
import type { Array } from "../array/array.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { type Pair } from "../complex/math.js";
import { moveAxis } from "../core/batching.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";
import * as O from "./ops.js";
import { binaryPrims } from "./elementwise.js";
import { MAX_FFT_LENGTH, alongAxis, fftLast, irfftLast, rfftLast } from "./fft/transform.js";

/** The kind of transform, as `jax.lax.FftType`. */
export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";

export interface FftParams {
  fftType: FftType;
  /** The transform's length along each of the trailing axes. */
  fftLengths: readonly number[];
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

function checkLengths(where: string, lengths: readonly number[], ndim: number): void {
  if (lengths.length < 1 || lengths.length > 3) {
    throw new ShapeError(`${where}: fftLengths must name 1 to 3 trailing axes, got ${formatValue(lengths)} (np.fft.fftn splits more axes).`);
  }
  if (lengths.length > ndim) {
    throw new ShapeError(`${where}: the input must have at least as many axes as fftLengths ${formatValue(lengths)}.`);
  }
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_FFT_LENGTH) {
      throw new ShapeError(`${where}: FFT lengths must be integers from 1 to ${MAX_FFT_LENGTH}, got ${formatValue(lengths)}.`);
    }
  }
}

/** The mask of `jax.lax.fft`'s RFFT/IRFFT transposes: 1 at DC (and Nyquist for even `n`), else 2, along the last axis. */
function hermitianMask(like: Array, n: number): Array {
  const m = like.shape[like.ndim - 1]!;
  const idx = O.iotaLike(like.shape, like.ndim - 1, like.device);
  let single = O.eq(idx, O.full(idx, 0));
  if (n % 2 === 0) single = O.bind1(binaryPrims.or, [single, O.eq(idx, O.full(idx, m - 1))], {});
  const mask = O.select(single, O.full(idx, 1, "float32"), O.full(idx, 2, "float32"));
  return like.dtype === "complex64" ? O.convert(mask, "complex64") : mask;
}

export const fftP: Primitive<FftParams> = definePrimitive<FftParams>({
  name: "fft",
  abstractEval([x], { fftType, fftLengths }) {
    const where = `lax.fft(${fmtShape(x!.shape)} ${x!.dtype}, ${fftType})`;
    checkLengths(where, fftLengths, x!.shape.length);
    const k = fftLengths.length;
    const shape = x!.shape;
    const minor = shape.slice(shape.length - k);
    const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
    if (fftType === "RFFT") {
      if (x!.dtype !== "float32") throw new DTypeError(`${where}: RFFT input must be float32, got ${x!.dtype}.`);
      if (!same(minor, fftLengths)) throw new ShapeError(`${where}: the minor axes ${fmtShape(minor)} must equal fftLengths ${formatValue(fftLengths)}.`);
      return [aval([...shape.slice(0, shape.length - k), ...fftLengths.slice(0, -1), Math.floor(fftLengths[k - 1]! / 2) + 1], "complex64")];
    }
    if (x!.dtype !== "complex64") throw new DTypeError(`${where}: ${fftType} input must be complex64, got ${x!.dtype}.`);
    if (fftType === "IRFFT") {
      const want = [...fftLengths.slice(0, -1), Math.floor(fftLengths[k - 1]! / 2) + 1];
      if (!same(minor, want)) {
        throw new ShapeError(`${where}: the minor axes ${fmtShape(minor)} must be ${fmtShape(want)} for fftLengths ${formatValue(fftLengths)}.`);
      }
      return [aval([...shape.slice(0, shape.length - k), ...fftLengths], "float32")];
    }
    if (!same(minor, fftLengths)) throw new ShapeError(`${where}: the minor axes ${fmtShape(minor)} must equal fftLengths ${formatValue(fftLengths)}.`);
    return [aval(shape, "complex64")];
  },
  jvp(primals, tangents, params) {
    return O.linearJvp(fftP, primals, tangents, params);
  },
  transpose([ct], [x], params) {
    if (!ct || !(x instanceof UndefinedPrimal)) return [null];
    const { fftType, fftLengths } = params;
    const n = fftLengths[fftLengths.length - 1]!;
    const N = prod(fftLengths);
    if (fftType === "RFFT") {
      // N · irfft(conj(t) / mask)
      const t = O.div(O.conj(ct), hermitianMask(ct, n));
      return [O.scale(O.bind1(fftP, [t], { fftType: "IRFFT", fftLengths }), N)];
    }
    if (fftType === "IRFFT") {
      // conj(mask · rfft(t) / N)
      const y = O.bind1(fftP, [ct], { fftType: "RFFT", fftLengths });
      return [O.conj(O.mul(O.mul(y, hermitianMask(y, n)), O.full(y, 1 / N)))];
    }
    return [O.bind1(fftP, [ct], params)];
  },
  batch([x], [d], params) {
    return [[O.bind1(fftP, [moveAxis(x!, d!, 0)], params)], [0]];
  },
  complex([x], { fftType, fftLengths }, ctx) {
    const nd = ctx.inAvals[0]!.shape.length;
    const k = fftLengths.length;
    const axes = range(k).map((i) => nd - k + i);
    const scalePair = (z: Pair, c: number): Pair => (c === 1 ? z : [O.scale(z[0], c), O.scale(z[1], c)]);
    const along = (z: Pair, which: readonly number[], inverse: boolean) =>
      which.reduce((acc, a) => alongAxis(acc, a, (p) => fftLast(p, inverse)), z);
    switch (fftType) {
      case "FFT":
        return [along(x as Pair, axes, false)];
      case "IFFT":
        return [scalePair(along(x as Pair, axes, true), 1 / prod(fftLengths))];
      case "RFFT":
        return [along(rfftLast(x as Array), axes.slice(0, -1), false)];
      case "IRFFT": {
        const z = scalePair(along(x as Pair, axes.slice(0, -1), true), 1 / prod(fftLengths.slice(0, -1)));
        return [irfftLast(z, fftLengths[k - 1]!)];
      }
    }
  },
});
