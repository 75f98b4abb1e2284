/**
 * Gamma-function relatives, written as `jax.scipy.special` writes them: `gamma` and `beta` as
 * signs times exponentials of `lgamma`/`betaln`, `gammasgn`, `loggamma` (real), `factorial`,
 * `comb`, `poch` (with JAX's derivative rules) and `multigammaln`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { bitcastConvertType } from "../lax/lax.js";
import { lgammaF32Jvp as lgamma } from "./gamma.js";
import { polygammaCore } from "./digamma.js";
import { betalnF32 } from "./beta.js";
import { floatCall, guard } from "./util.js";
import { checkOptions } from "../util/options.js";

/** The sign of Gamma(x) on float32 arrays: NaN at the poles and NaN, -1 on odd negative intervals and at -0. */
function gammasgnF32(x: Array): Array {
  const fl = np.floor(x);
  const neg = x.lt(0);
  const nanCase = neg.and(x.eq(fl)).or(np.isnan(x));
  const minus = neg.and(np.fmod(fl, 2).ne(0)).or(x.eq(0).and(bitcastConvertType(x, "int32").lt(0)));
  return np.where(nanCase, NaN, np.where(minus, -1, 1));
}

/** Gamma(x) on float32 arrays: `gammasgn(x) * exp(lgamma(x))` (JAX's formula). */
export function gammaF32(x: Array): Array {
  return gammasgnF32(x).mul(np.exp(lgamma(x)));
}

/**
 * The sign of the gamma function (`jax.scipy.special.gammasgn`): 1 or -1, NaN at the poles
 * (0 gives 1, -0 gives -1, as scipy).
 *
 * @example
 * special.gammasgn(np.array([0.5, -0.5, -1.5])); // [1, -1, 1]
 */
export function gammasgn(x: ArrayLike): Array {
  return floatCall("gammasgn", [x], gammasgnF32);
}

/**
 * The gamma function (`jax.scipy.special.gamma`: `gammasgn(x) * exp(gammaln(x))`, so its
 * relative accuracy is that of `exp` of lgamma's absolute error; overflows to Infinity above
 * about 35.04). Derivative: `gamma(x) * digamma(x)`.
 *
 * @example
 * special.gamma(np.array([0.5, 5, -1.5])); // [1.7724539, 24, 2.3632717]
 */
export function gamma(x: ArrayLike): Array {
  return floatCall("gamma", [x], gammaF32);
}

/**
 * The real log-gamma function (`jax.scipy.special.loggamma` for real inputs): `gammaln(x)` for
 * `x > 0`, NaN elsewhere (complex inputs are not supported here).
 *
 * @example
 * special.loggamma(np.array([3, -0.5])); // [0.6931472, NaN]
 */
export function loggamma(x: ArrayLike): Array {
  return floatCall("loggamma", [x], (a) => np.where(a.gt(0), lgamma(guard(a.gt(0), a, 1)), NaN));
}

/**
 * Factorial `n! = Gamma(n + 1)` for real `n` (`jax.scipy.special.factorial`; 0 for n < 0).
 * Only `exact: false` exists, as in JAX.
 *
 * @example
 * special.factorial(np.array([0, 4, 5.5, -1])); // [1, 24, 287.88528, 0]
 */
export function factorial(n: ArrayLike, exact = false): Array {
  if (exact) throw new TypeError("special.factorial: exact=true is not implemented (as in JAX); use exact=false.");
  return floatCall("factorial", [n], (a) => np.where(a.lt(0), 0, np.exp(lgamma(a.add(1)))));
}

/** Options of `comb`. */
export interface CombOptions {
  /** Combinations with repetition, `comb(N + k - 1, k)` (default false). */
  repetition?: boolean;
}

/**
 * Binomial coefficients `N choose k` for real arguments (`jax.scipy.special.comb`:
 * `exp(gammaln(N+1) - gammaln(k+1) - gammaln(N-k+1))`; 0 outside `0 <= k <= N`).
 *
 * @example
 * special.comb(10, np.array([0, 3, 11])); // [1, 120, 0]
 * special.comb(4, 2, { repetition: true }); // 10
 */
export function comb(N: ArrayLike, k: ArrayLike, options?: CombOptions): Array {
  const op = "special.comb";
  const opts = checkOptions(op, options, { accepted: ["repetition"], signature: `${op}(N, k, { repetition })` });
  return floatCall("comb", [N, k], (n, kk) => (opts.repetition ? np.where(kk.eq(0).and(n.ge(0)), 1, combF32(n.add(kk).sub(1), kk)) : combF32(n, kk)));
}

function combF32(n: Array, k: Array): Array {
  const cond = k.le(n).and(n.ge(0)).and(k.ge(0));
  const sn = np.where(cond, n, 0);
  const sk = np.where(cond, k, 0);
  return np.where(cond, np.exp(lgamma(sn.add(1)).sub(lgamma(sk.add(1))).sub(lgamma(sn.add(1).sub(sk)))), 0);
}

/**
 * The beta function `B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b)` (`jax.scipy.special.beta`:
 * signs times `exp(betaln(a, b))`).
 *
 * @example
 * special.beta(2, 3); // 0.083333336
 */
export function beta(a: ArrayLike, b: ArrayLike): Array {
  return floatCall("beta", [a, b], (x, y) => gammasgnF32(x).mul(gammasgnF32(y)).mul(gammasgnF32(x.add(y))).mul(np.exp(betalnF32(x, y))));
}

const digamma = (x: Array) => polygammaCore(0)(x);

const pochCore = customJvp((z: Array, m: Array) => np.where(m.eq(0), 1, gammaF32(z.add(m)).div(gammaF32(z))));
pochCore.defjvp(([z, m], [tz, tm]) => {
  const p = pochCore(z, m);
  const dz = digamma(z.add(m)).sub(digamma(z)).mul(p);
  const dm = digamma(z.add(m)).mul(p);
  return [p, tz.mul(dz).add(tm.mul(dm))];
});

/**
 * The Pochhammer symbol (rising factorial) `(z)_m = Gamma(z + m) / Gamma(z)`
 * (`jax.scipy.special.poch`; 1 at m = 0), with JAX's derivatives in z and m.
 *
 * @example
 * special.poch(3, 2); // 12
 */
export function poch(z: ArrayLike, m: ArrayLike): Array {
  return floatCall("poch", [z, m], (a, b) => pochCore(a, b));
}

/**
 * The log of the multivariate gamma function of dimension `d` (`jax.scipy.special.multigammaln`):
 * `d (d - 1) / 4 log(pi) + sum_{j<d} gammaln(a - j / 2)`.
 *
 * @example
 * special.multigammaln(np.array([2.5, 4]), 3);
 */
export function multigammaln(a: ArrayLike, d: number): Array {
  if (!Number.isInteger(d) || d < 1) throw new TypeError(`special.multigammaln: d must be a positive integer, got ${String(d)}.`);
  return floatCall("multigammaln", [a], (x) => {
    const constant = Math.fround(Math.fround(Math.fround(0.25 * d) * (d - 1)) * Math.fround(Math.log(Math.PI)));
    let res = np.zerosLike(x);
    for (let j = 0; j < d; j++) res = res.add(lgamma(x.sub(j / 2)));
    return res.add(constant);
  });
}
