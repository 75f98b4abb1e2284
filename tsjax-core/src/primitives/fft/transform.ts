/**
 * The FFT algorithms, on real and imaginary parts (float32 arrays), along the last axis:
 *
 * - Lengths whose prime factors are all at most 64: a vectorized mixed-radix Cooley–Tukey
 *   (decimation in time, Stockham order). The data is viewed as `[..., N, L]`: `N` outputs of
 *   transforms of the `L` interleaved subsequences computed so far (`N = 1, L = n` at the
 *   start). A radix-`r` stage twiddles the `r` column blocks and combines them with an
 *   `r`-point DFT into `[..., rN, L/r]`; after the last stage `L = 1`. Radix 2, 3, 4 and 5 are
 *   written out (a few fused elementwise kernels under `jit`); larger prime radices contract
 *   with their `r`-point DFT matrix (`dot_general`).
 * - Other lengths: Bluestein's algorithm, a convolution with a chirp computed by the above
 *   at a power-of-two length `>= 2n - 1`.
 *
 * The inverse transform is `conj(fft(conj(x)))` (unnormalized here; callers scale). Twiddles
 * and chirps are computed on the device from exact integer exponents (`twiddle.ts`).
 */
import type { Array } from "../../array/array.js";
import { dotGeneral } from "../dot.js";
import { rev, slice as sliceP } from "../structural.js";
import * as O from "../ops.js";
import { type Pair, cadd, cconj, cmul } from "../../complex/math.js";
import { range } from "../../util.js";
import { mulmod, unitRoot } from "./twiddle.js";

/** Prime factors of the radix stages at most this large; lengths with larger ones use Bluestein. */
const MAX_RADIX = 64;
/** Bluestein's algorithm needs `2n <= 2^23` (exact chirp exponents). */
export const MAX_FFT_LENGTH = 1 << 22;

/** The prime factors of `n`, ascending. */
function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; p * p <= n; p++) while (n % p === 0) (out.push(p), (n /= p));
  if (n > 1) out.push(n);
  return out;
}

/** The radices of the stages for length `n` (pairs of 2s as 4s), or undefined if a prime factor is too large. */
function radicesFor(n: number): number[] | undefined {
  const f = primeFactors(n);
  if (f.some((p) => p > MAX_RADIX)) return undefined;
  const twos = f.filter((p) => p === 2).length;
  return [...range(twos >> 1).map(() => 4), ...(twos & 1 ? [2] : []), ...f.filter((p) => p !== 2)];
}

const parts = (x: Pair, fn: (a: Array) => Array): Pair => [fn(x[0]), fn(x[1])];

/** `c · z` for a constant `c = (cr, ci)` (exact for the 0, ±1 entries of small DFTs). */
function scaleBy(z: Pair, cr: number, ci: number): Pair | undefined {
  const term = (a: Array, k: number): Array | undefined => (k === 0 ? undefined : k === 1 ? a : k === -1 ? O.neg(a) : O.mul(a, O.full(a, k)));
  const plus = (a: Array | undefined, b: Array | undefined) => (a && b ? O.add(a, b) : (a ?? b));
  const re = plus(term(z[0], cr), term(z[1], -ci));
  const im = plus(term(z[1], cr), term(z[0], ci));
  if (!re && !im) return undefined;
  return [re ?? O.zerosLike(z[0]), im ?? O.zerosLike(z[0])];
}

/** `exp(-2πi k / r)` in float64, with exact 0 and ±1 where the angle is a multiple of π/2. */
function rootOfUnity(k: number, r: number): [number, number] {
  if ((4 * k) % r === 0) {
    const q = ((4 * k) / r) % 4;
    return [[1, 0], [0, -1], [-1, 0], [0, 1]][q] as [number, number];
  }
  const t = (-2 * Math.PI * k) / r;
  return [Math.cos(t), Math.sin(t)];
}

/**
 * The twiddles `ω_{rN}^{j q} = ω_n^{j q L'}` for rows `q < N`: a strided slice of the table of
 * `ω_n^k` (so every stage reads one table), shaped to multiply `[..., N, L']` blocks.
 */
function twiddleRows(like: Array, table: Pair, j: number, N: number, Lp: number): Pair {
  const stride = j * Lp;
  const pick = (t: Array) => O.bind1(sliceP, [t], { startIndices: [0], limitIndices: [(N - 1) * stride + 1], strides: [stride] });
  return parts(table, (t) => O.broadcastDims(pick(t), like.shape, [like.ndim - 2]));
}

/** One radix-`r` stage: `[..., N, L]` to `[..., rN, L/r]`; `table` holds `ω_n^k` for `k < n`. */
function stage(x: Pair, r: number, table: Pair): Pair {
  const nd = x[0].ndim;
  const N = x[0].shape[nd - 2]!;
  const L = x[0].shape[nd - 1]!;
  const Lp = L / r;
  if (r > 5) return dotStage(x, r);
  const blocks = range(r).map((j) => {
    const b = parts(x, (a) => O.sliceAxis(a, nd - 1, j * Lp, (j + 1) * Lp));
    return j === 0 || N === 1 ? b : cmul(b, twiddleRows(b[0], table, j, N, Lp));
  });
  const outs = range(r).map((s) => {
    let acc: Pair | undefined;
    blocks.forEach((b, j) => {
      const [cr, ci] = rootOfUnity((j * s) % r, r);
      const t = scaleBy(b, cr, ci);
      if (t) acc = acc ? cadd(acc, t) : t;
    });
    return acc!;
  });
  return [O.concat(outs.map((o) => o[0]), nd - 2), O.concat(outs.map((o) => o[1]), nd - 2)];
}

/** A radix-`r` stage as a contraction with the `r`-point DFT matrix (for larger prime radices). */
function dotStage(x: Pair, r: number): Pair {
  const nd = x[0].ndim;
  const lead = x[0].shape.slice(0, nd - 2);
  const N = x[0].shape[nd - 2]!;
  const Lp = x[0].shape[nd - 1]! / r;
  const dev = x[0].device;
  // [..., N, r, L']: block j of the columns is index j of the new axis
  let b = parts(x, (a) => O.reshapeTo(a, [...lead, N, r, Lp]));
  if (N > 1) {
    const q = O.iotaLike([N, r], 0, dev);
    const j = O.iotaLike([N, r], 1, dev);
    const [c, s] = unitRoot(O.mul(q, j), r * N);
    const bc = (a: Array) => O.broadcastDims(a, b[0].shape, [nd - 2, nd - 1]);
    b = cmul(b, [bc(c), bc(s)]);
  }
  const s = O.iotaLike([r, r], 0, dev);
  const j = O.iotaLike([r, r], 1, dev);
  const w = unitRoot(mulmod(s, j, r), r);
  // Y[s, ..., N, L'] = sum_j W[s, j] B[..., N, j, L']
  const params = { contracting: [[1], [nd - 1]] as const, batch: [[], []] as const };
  const dot = (u: Array, v: Array) => O.bind1(dotGeneral, [u, v], params);
  const y: Pair = [O.sub(dot(w[0], b[0]), dot(w[1], b[1])), O.add(dot(w[0], b[1]), dot(w[1], b[0]))];
  // to [..., s, N, L'] and then [..., rN, L']
  const perm = [...range(lead.length).map((i) => i + 1), 0, lead.length + 1, lead.length + 2];
  return parts(y, (a) => O.reshapeTo(O.transposeTo(a, perm), [...lead, r * N, Lp]));
}

/** The forward DFT (unnormalized) along the last axis. */
function forward(x: Pair): Pair {
  const nd = x[0].ndim;
  const n = x[0].shape[nd - 1]!;
  if (n === 1) return x;
  const radices = radicesFor(n);
  if (!radices) return bluestein(x);
  const lead = x[0].shape.slice(0, nd - 1);
  const table = unitRoot(O.iotaLike([n], 0, x[0].device), n);
  let y = parts(x, (a) => O.reshapeTo(a, [...lead, 1, n]));
  for (const r of radices) y = stage(y, r, table);
  return parts(y, (a) => O.reshapeTo(a, [...lead, n]));
}

/** Bluestein's algorithm: the DFT of length `n` as a convolution of power-of-two length. */
function bluestein(x: Pair): Pair {
  const nd = x[0].ndim;
  const n = x[0].shape[nd - 1]!;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const dev = x[0].device;
  // chirp w_j = exp(-iπ j²/n) = exp(-2πi (j² mod 2n) / 2n)
  const jj = O.iotaLike([n], 0, dev);
  const w = unitRoot(mulmod(jj, jj, 2 * n), 2 * n);
  const bc = (a: Array) => O.broadcastDims(a, x[0].shape, [nd - 1]);
  const a = cmul(x, [bc(w[0]), bc(w[1])]);
  // b_j = conj(w_j) at positions j and m - j, zeros between
  const b = parts(cconj(w), (v) => O.concat([padLast(v, m - n + 1), O.bind1(rev, [O.sliceAxis(v, 0, 1, n)], { dimensions: [0] })], 0));
  const fa = forward(parts(a, (v) => padLast(v, m)));
  const fb = forward(b);
  const conv = fftLast(cmul(fa, parts(fb, (v) => O.broadcastDims(v, fa[0].shape, [nd - 1]))), true);
  const head = parts(conv, (v) => O.scale(O.sliceAxis(v, nd - 1, 0, n), 1 / m));
  return cmul(head, [bc(w[0]), bc(w[1])]);
}

/** `v` padded with zeros to length `len` along its last axis. */
function padLast(v: Array, len: number): Array {
  const n = v.shape[v.ndim - 1]!;
  if (n === len) return v;
  const zeros = O.full({ shape: [...v.shape.slice(0, -1), len - n], dtype: v.dtype, weakType: false, device: v.device }, 0);
  return O.concat([v, zeros], v.ndim - 1);
}

/** The DFT along the last axis (`inverse`: the unnormalized inverse, `sum_k X_k e^{+2πi jk/n}`). */
export function fftLast(x: Pair, inverse: boolean): Pair {
  return inverse ? cconj(forward(cconj(x))) : forward(x);
}

/** Applies `fn` (a transform along the last axis) along `axis`. */
export function alongAxis(x: Pair, axis: number, fn: (x: Pair) => Pair): Pair {
  const nd = x[0].ndim;
  if (axis === nd - 1) return fn(x);
  const perm = range(nd);
  perm[axis] = nd - 1;
  perm[nd - 1] = axis;
  const y = fn(parts(x, (a) => O.transposeTo(a, perm)));
  return parts(y, (a) => O.transposeTo(a, perm));
}

/** The real-input FFT along the last axis: the first `n/2 + 1` outputs. */
export function rfftLast(x: Array): Pair {
  const n = x.shape[x.ndim - 1]!;
  const y = forward([x, O.zerosLike(x)]);
  return parts(y, (a) => O.sliceAxis(a, x.ndim - 1, 0, Math.floor(n / 2) + 1));
}

/**
 * The inverse of `rfftLast` for output length `n` (normalized by `1/n`): the spectrum is
 * completed by Hermitian symmetry; imaginary parts of the DC (and Nyquist) terms are ignored.
 */
export function irfftLast(x: Pair, n: number): Array {
  const nd = x[0].ndim;
  const m = Math.floor(n / 2) + 1;
  const mirror = parts(cconj(x), (a) => O.bind1(rev, [O.sliceAxis(a, nd - 1, 1, n - m + 1)], { dimensions: [nd - 1] }));
  const full: Pair = [O.concat([x[0], mirror[0]], nd - 1), O.concat([x[1], mirror[1]], nd - 1)];
  return O.scale(fftLast(full, true)[0], 1 / n);
}
