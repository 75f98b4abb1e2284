/**
 * The sine and cosine integrals, as `jax.scipy.special.sici` (Cephes' rational approximations:
 * a series form for |x| <= 4, auxiliary functions f, g for 4 < |x| <= 1e9, the leading
 * asymptotic terms beyond); derivatives `sin(x)/x` and `cos(x)/x`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { floatCall2, guard, polyval } from "./util.js";

const SN = [-8.391678279103039e-11, 4.625917144270128e-8, -9.757593038436328e-6, 0.0009769454381704354, -0.04134703162294066, 1.0];
const SD = [2.0326926619595193e-12, 1.279978911799433e-9, 4.418278428012189e-7, 9.964121220438756e-5, 0.01420852393261499, 1.0];
const CN = [2.0252400238910228e-11, -1.3524950491579076e-8, 3.593250514199931e-6, -0.0004740072068734079, 0.028915965260755523, -1.0];
const CD = [4.077460400618806e-12, 3.067809975818878e-9, 1.2321035568588342e-6, 0.00031744202477503275, 0.051002805623644606, 4.0];
const FN4 = [4.236128628922166, 5.4593771716181285, 1.6208328770153833, 0.16700661183132304, 0.006810201324725182, 0.00010893658065032867, 5.489002234213736e-7];
const FD4 = [1, 8.16496634205391, 7.308288225055645, 1.867922579501842, 0.1787920529631499, 0.007017106683227897, 0.00011003435715391573, 5.489002527562557e-7];
const GN4 = [
  0.08710016989731142, 0.6113791099522193, 0.3971802963923375, 0.07485277376284691, 0.005388686814621773, 0.00016199979459893403,
  1.9796387414096365e-6, 7.825790407440903e-9,
];
const GD4 = [1, 1.6440220241335535, 0.666296701268988, 0.09887717612776888, 0.006223963454417684, 0.0001732210814741771, 2.0265918208634397e-6, 7.825792189335346e-9];
const FN8 = [
  0.4558808734704653, 0.7137152741001467, 0.16030015822231947, 0.01160642294081244, 0.00034955644244785906, 4.8621543082645475e-6,
  3.200927900910049e-8, 9.41779576128513e-11, 9.70507110881952e-14,
];
const FD8 = [
  1.0, 0.9174636118736841, 0.17868554533207454, 0.012225359477197129, 0.00035869648188185157, 4.924350643178815e-6, 3.21956939101046e-8,
  9.437205903502767e-11, 9.70507110881952e-14,
];
const GN8 = [
  0.6973599534432762, 0.33041097930563207, 0.03848787676499743, 0.001717182390523479, 3.4894116550227946e-5, 3.471311670841167e-7,
  1.7040445278204452e-9, 3.859459254302766e-12, 3.1404009894636335e-15,
];
const GD8 = [
  1.0, 1.6854889881101165, 0.48785225869530496, 0.04679131942596258, 0.0019028442667439953, 3.684755044425611e-5, 3.5704322344374083e-7,
  1.7269374896631615e-9, 3.878301660239547e-12, 3.1404009894636335e-15,
];
const EULER = 0.5772156649015329;

function siciF32(x: Array): [Array, Array] {
  const ax = np.abs(x);
  const c1 = ax.le(4);
  const c2 = ax.gt(4).and(ax.le(1e9));
  // series, |x| <= 4
  const s = guard(c1.and(ax.ne(0)), ax, 1);
  const t = s.square();
  const siS = np.where(ax.eq(0), 0, s.mul(polyval(SN, t)).div(polyval(SD, t)));
  const ciS = np.where(ax.eq(0), -Infinity, np.log(s).add(EULER).add(t.mul(polyval(CN, t)).div(polyval(CD, t))));
  // auxiliary functions, 4 < |x| <= 1e9
  const a = guard(c2, ax, 5);
  const z = np.reciprocal(a.square());
  const small = a.lt(8);
  const f = np.where(small, polyval(FN4, z).div(a.mul(polyval(FD4, z))), polyval(FN8, z).div(a.mul(polyval(FD8, z))));
  const g = np.where(small, z.mul(polyval(GN4, z)).div(polyval(GD4, z)), z.mul(polyval(GN8, z)).div(polyval(GD8, z)));
  const [sn, cs] = [np.sin(a), np.cos(a)];
  const siA = np.subtract(Math.PI / 2, f.mul(cs)).sub(g.mul(sn));
  const ciA = f.mul(sn).sub(g.mul(cs));
  // beyond 1e9
  const b = guard(c1.or(c2).not().and(np.isfinite(ax)), ax, 2e9);
  const inf = np.isinf(ax);
  const siB = np.where(inf, Math.PI / 2, np.subtract(Math.PI / 2, np.cos(b).div(b)));
  const ciB = np.where(inf, 0, np.sin(b).div(b));
  const si = np.sign(x).mul(np.where(c1, siS, np.where(c2, siA, siB)));
  const ci = np.where(x.eq(-Infinity), NaN, np.where(c1, ciS, np.where(c2, ciA, ciB)));
  return [np.where(np.isnan(x), NaN, si), np.where(np.isnan(x), NaN, ci)];
}

const siciCore = customJvp((x: Array): [Array, Array] => siciF32(x));
siciCore.defjvp(([x], [t]) => {
  const nz = x.ne(0);
  const xs = guard(nz, x, 1);
  const sinc = np.where(nz, np.sin(xs).div(xs), 1);
  return [siciCore(x), [sinc.mul(t), np.cos(x).div(x).mul(t)]];
});

/**
 * The sine and cosine integrals `[Si(x), Ci(x)]` (`jax.scipy.special.sici`): `Si` is odd,
 * `Ci(x) = Ci(|x|)` (as JAX; NaN at -Infinity, -Infinity at 0).
 *
 * @example
 * const [si, ci] = special.sici(np.array([1, 10])); // si [0.94608307, 1.6583476], ci [0.33740392, -0.04545643]
 */
export function sici(x: ArrayLike): [Array, Array] {
  return floatCall2("sici", [x], (a) => siciCore(a));
}
