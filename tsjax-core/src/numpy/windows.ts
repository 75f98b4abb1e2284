/**
 * Window functions (float32, length `M`): bartlett, blackman, hamming, hanning and kaiser, as
 * numpy and JAX. `M` is static, so the values are computed on the host.
 */
import type { Array } from "../array/array.js";
import { array } from "./creation.js";
import { range } from "../util.js";

function windowOf(op: string, M: number, f: (n: number, m: number) => number): Array {
  if (!Number.isInteger(M)) throw new TypeError(`${op}: M must be an integer, got ${M}.`);
  if (M < 1) return array([], { dtype: "float32" });
  if (M === 1) return array([1], { dtype: "float32" });
  return array(range(M).map((n) => f(n, M)), { dtype: "float32" });
}

/**
 * The Bartlett (triangular) window. @example np.bartlett(5) // [0, 0.5, 1, 0.5, 0]
 */
export function bartlett(M: number): Array {
  return windowOf("np.bartlett", M, (n, m) => 1 - Math.abs((2 * n - (m - 1)) / (m - 1)));
}

/**
 * The Blackman window. @example np.blackman(3) // [-1.4e-17, 1, -1.4e-17]
 */
export function blackman(M: number): Array {
  return windowOf("np.blackman", M, (n, m) => 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / (m - 1)) + 0.08 * Math.cos((4 * Math.PI * n) / (m - 1)));
}

/**
 * The Hamming window. @example np.hamming(3) // [0.08, 1, 0.08]
 */
export function hamming(M: number): Array {
  return windowOf("np.hamming", M, (n, m) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (m - 1)));
}

/**
 * The Hann window. @example np.hanning(3) // [0, 1, 0]
 */
export function hanning(M: number): Array {
  return windowOf("np.hanning", M, (n, m) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (m - 1)));
}

/** The modified Bessel function I0 (power series; converges for every real x). */
function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * The Kaiser window with shape `beta`. @example np.kaiser(3, 5) // [0.0367, 1, 0.0367]
 */
export function kaiser(M: number, beta: number): Array {
  if (typeof beta !== "number") throw new TypeError(`np.kaiser: beta must be a number, got ${typeof beta}.`);
  const denom = besselI0(beta);
  return windowOf("np.kaiser", M, (n, m) => {
    const alpha = (m - 1) / 2;
    const r = (n - alpha) / alpha;
    return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denom;
  });
}
