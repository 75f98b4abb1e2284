/**
 * Host-side (float64) reference distributions and statistics for the random tests.
 *
 * @internal Test support only; not exported from the package.
 */
import { beforeAll, describe } from "vitest";
import { defaultDevice } from "../index.js";

/**
 * A suite that runs on the CPU only (statistical tests with large samples; a separate test
 * checks that WebGPU produces the same samples).
 */
export function describeCpu(name: string, fn: () => void): void {
  describe(`${name} [cpu]`, () => {
    beforeAll(() => {
      defaultDevice("cpu");
    });
    fn();
  });
}

/** Mean of a list. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Unbiased sample variance. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return s / (xs.length - 1);
}

/** Kolmogorov–Smirnov distance between the sample and a continuous CDF. */
export function ksDistance(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  });
  return d;
}

/** The KS distance a sample of size n exceeds with probability about 1e-3 (1.95 / sqrt n). */
export function ksBound(n: number): number {
  return 1.95 / Math.sqrt(n);
}

/** Pearson's chi-square statistic of counts against expected probabilities. */
export function chiSquare(counts: readonly number[], probs: readonly number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((acc, c, i) => acc + (c - n * probs[i]!) ** 2 / (n * probs[i]!), 0);
}

/** A generous upper bound for a chi-square statistic with `df` degrees of freedom (mean + 6 sd). */
export function chiSquareBound(df: number): number {
  return df + 6 * Math.sqrt(2 * df);
}

/** Counts of the integer values 0..k-1. */
export function counts(xs: ArrayLike<number>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < xs.length; i++) c[xs[i]!]! += 1;
  return c;
}

/** erf in float64: its Taylor series for small |x|, the continued fraction of erfc beyond. */
function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= (-ax * ax) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc by Lentz's continued fraction.
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    c = ax + an / c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  return Math.sign(x) * (1 - erfc);
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf64(x / Math.SQRT2));
}

/** log Gamma(x) for x > 0 in float64 (Lanczos, g = 7, n = 9). */
export function lgamma64(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma64(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularized lower incomplete gamma P(a, x) in float64. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    for (let n = 1; n < 10000; n++) {
      del *= x / (a + n);
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lgamma64(a));
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lgamma64(a)) * h;
}

/** Regularized incomplete beta I_x(a, b) in float64 (continued fraction). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma64(a + b) - lgamma64(a) - lgamma64(b) + a * Math.log(x) + b * Math.log1p(-x));
  const cf = (aa: number, bb: number, xx: number) => {
    let c = 1;
    let d = 1 - ((aa + bb) * xx) / (aa + 1);
    if (Math.abs(d) < 1e-300) d = 1e-300;
    d = 1 / d;
    let h = d;
    for (let m = 1; m < 10000; m++) {
      const m2 = 2 * m;
      let an = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2));
      d = 1 + an * d;
      c = 1 + an / c;
      d = 1 / d;
      h *= d * c;
      an = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1));
      d = 1 + an * d;
      c = 1 + an / c;
      d = 1 / d;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (front * cf(a, b, x)) / a : 1 - (front * cf(b, a, 1 - x)) / b;
}

/** d x / d a of Gamma(a, 1) samples by implicit differentiation, in float64: -(dP/da) / (dP/dx). */
export function gammaSampleGrad64(a: number, x: number): number {
  const h = 1e-5 * Math.max(1, a);
  const dPda = (gammaP(a + h, x) - gammaP(a - h, x)) / (2 * h);
  const dPdx = Math.exp((a - 1) * Math.log(x) - x - lgamma64(a));
  return -dPda / dPdx;
}
