/**
 * Spherical harmonics `Y_n^m(theta, phi)`, as `jax.scipy.special.sph_harm_y`: the normalized
 * associated Legendre functions of cos(theta) by JAX's recurrences (diagonal, first
 * off-diagonal, then the three-term recurrence in the degree), times `exp(i |m| phi)`, with
 * `(-1)^m conj(.)` for negative orders. Degrees and orders are clipped to `nMax` as JAX's gather.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { asArray } from "../numpy/convert.js";
import { complex } from "../lax/complex.js";
import { checkOptions } from "../util/options.js";

/** Options of `sphHarmY`. */
export interface SphHarmYOptions {
  /** Not supported (as in JAX); must be null/undefined. */
  diffN?: number | null;
  /** The largest degree (static); defaults to `max(n)`, which needs readable `n` (CPU, outside `jit`). */
  nMax?: number | null;
}

/** Normalized P_l^m(x) for 0 <= m <= l <= nMax: p[m][l] (entries with l < m are undefined). */
function legendre(nMax: number, x: Array): Array[][] {
  const p: Array[][] = [];
  const s = np.sqrt(np.subtract(1, np.multiply(x, x)));
  let diag = np.fullLike(x, 0.5 / Math.sqrt(Math.PI));
  for (let m = 0; m <= nMax; m++) {
    if (m > 0) diag = np.multiply(np.multiply(diag, -Math.sqrt(1 + 0.5 / m)), s);
    const row: Array[] = [];
    row[m] = diag;
    if (m + 1 <= nMax) row[m + 1] = np.multiply(np.multiply(x, Math.sqrt(2 * m + 3)), diag);
    for (let l = m + 2; l <= nMax; l++) {
      const c0 = l * l;
      const c1 = m * m;
      const d0 = Math.sqrt((4 * c0 - 1) / (c0 - c1));
      const d1 = Math.sqrt(((2 * l + 1) * ((l - 1) * (l - 1) - c1)) / ((2 * l - 3) * (c0 - c1)));
      row[l] = np.subtract(np.multiply(np.multiply(x, row[l - 1]!), d0), np.multiply(row[l - 2]!, d1));
    }
    p.push(row);
  }
  return p;
}

function readMax(op: string, n: Array): number {
  try {
    const v = n.dataSync() as unknown as Iterable<number>;
    return Math.max(0, ...globalThis.Array.from(v, Number));
  } catch {
    throw new TypeError(`${op}: n's values are not readable here (WebGPU or inside jit/vmap); pass { nMax } (the largest degree, a JS number).`);
  }
}

/**
 * Spherical harmonic `Y_n^m(theta, phi)` (`jax.scipy.special.sph_harm_y`; complex64): degree
 * `n`, order `m` (integers), polar angle `theta`, azimuth `phi`; the four broadcast together.
 * `nMax` (static) bounds the degree, as JAX requires under transformations.
 *
 * @example
 * special.sphHarmY(np.array([1], { dtype: "int32" }), np.array([0], { dtype: "int32" }), np.array([0]), np.array([0]), { nMax: 1 }); // [{ re: 0.4886025, im: 0 }]
 */
export function sphHarmY(n: ArrayLike, m: ArrayLike, theta: ArrayLike, phi: ArrayLike, options?: SphHarmYOptions): Array {
  const op = "special.sphHarmY";
  const o = checkOptions(op, options, { accepted: ["diffN", "nMax"], signature: `${op}(n, m, theta, phi, { diffN, nMax })` });
  if (o.diffN !== undefined && o.diffN !== null) throw new TypeError(`${op}: diffN is not supported (as in JAX); leave it out.`);
  const [nb, mb, tb, pb] = np.broadcastArrays(asArray(op, n), asArray(op, m), asArray(op, theta), asArray(op, phi));
  const nMax = o.nMax ?? readMax(op, nb!);
  if (!Number.isInteger(nMax) || nMax < 0) throw new TypeError(`${op}: nMax must be a non-negative integer, got ${nMax}.`);
  const t = np.astype(tb!, "float32");
  const ph = np.astype(pb!, "float32");
  const p = legendre(nMax, np.cos(t));
  const am = np.clip(np.abs(mb!), 0, nMax);
  const nc = np.clip(nb!, 0, nMax);
  let val = np.zerosLike(t);
  for (let mi = 0; mi <= nMax; mi++) {
    for (let li = mi; li <= nMax; li++) val = np.where(np.logicalAnd(np.equal(am, mi), np.equal(nc, li)), p[mi]![li]!, val);
  }
  const angle = np.multiply(np.astype(np.abs(mb!), "float32"), ph);
  const y = complex(np.multiply(val, np.cos(angle)), np.multiply(val, np.sin(angle)));
  const sign = np.where(np.equal(np.remainder(np.abs(mb!), 2), 1), -1, 1);
  return np.where(np.less(mb!, 0), np.multiply(np.conjugate(y), np.astype(sign, "complex64")), y);
}
