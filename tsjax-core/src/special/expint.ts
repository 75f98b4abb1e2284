/**
 * Exponential integrals as `jax.scipy.special` computes them (Cephes): `expi` by rational
 * approximations on [0, 2], (2, 4], ..., (32, 64] and beyond; `expn` by its power series (x <= 1),
 * its continued fraction (x > 1) or its large-n expansion; `exp1 = expn(1, x)`. Derivatives as
 * JAX's: `expi' = e^x / x`, `d/dx expn(n, x) = -expn(n - 1, x)`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { lgammaF32Jvp as lgamma } from "./gamma.js";
import { elementwiseWhile, floatCall, guard, polyval } from "./util.js";

const EULER = 0.5772156649015329;
const MACHEP = 1.1920929e-7;

/** Rational approximations of expi on x's ranges (Cephes' ei.c), highest coefficient first. */
const EI: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [-5.350447357812542947283e0, 2.185049168816613393830e2, -4.176572384826693777058e3, 5.541176756393557601232e4, -3.313381331178144034309e5, 1.592627163384945414220e6],
    [1.0, -5.250547959112862969197e1, 1.259616186786790571525e3, -1.756549581973534652631e4, 1.493062117002725991967e5, -7.294949239640527645655e5, 1.592627163384945429726e6],
  ],
  [
    [1.981808503259689673238e-2, -1.271645625984917501326e0, -2.088160335681228318920e0, 2.755544509187936721172e0, -4.409507048701600257171e-1, 4.665623805935891391017e-2, -1.545042679673485262580e-3, 7.059980605299617478514e-5],
    [1.0, 1.476498670914921440652e0, 5.629177174822436244827e-1, 1.699017897879307263248e-1, 2.291647179034212017463e-2, 4.450150439728752875043e-3, 1.727439612206521482874e-4, 3.953167195549672482304e-5],
  ],
  [
    [-1.373215375871208729803e0, -7.084559133740838761406e-1, 1.580806855547941010501e0, -2.601500427425622944234e-1, 2.994674694113713763365e-2, -1.038086040188744005513e-3, 4.371064420753005429514e-5, 2.141783679522602903795e-6],
    [1.0, 8.585231423622028380768e-1, 4.483285822873995129957e-1, 7.687932158124475434091e-2, 2.449868241021887685904e-2, 8.832165941927796567926e-4, 4.590952299511353531215e-4, -4.729848351866523044863e-6, 2.665195537390710170105e-6],
  ],
  [
    [-2.106934601691916512584e0, 1.732733869664688041885e0, -2.423619178935841904839e-1, 2.322724180937565842585e-2, 2.372880440493179832059e-4, -8.343219561192552752335e-5, 1.363408795605250394881e-5, -3.655412321999253963714e-7, 1.464941733975961318456e-8, 6.176407863710360207074e-10],
    [1.0, -2.298062239901678075778e-1, 1.105077041474037862347e-1, -1.566542966630792353556e-2, 2.761106850817352773874e-3, -2.089148012284048449115e-4, 1.708528938807675304186e-5, -4.459311796356686423199e-7, 1.394634930353847498145e-8, 6.150865933977338354138e-10],
  ],
  [
    [-2.458119367674020323359e-1, -1.483382253322077687183e-1, 7.248291795735551591813e-2, -1.348315687380940523823e-2, 1.342775069788636972294e-3, -7.942465637159712264564e-5, 2.644179518984235952241e-6, -4.239473659313765177195e-8],
    [1.0, -1.044225908443871106315e-1, -2.676453128101402655055e-1, 9.695000254621984627876e-2, -1.601745692712991078208e-2, 1.496414899205908021882e-3, -8.462452563778485013756e-5, 2.728938403476726394024e-6, -4.239462431819542051337e-8],
  ],
  [
    [1.212561118105456670844e-1, -5.823133179043894485122e-1, 2.348887314557016779211e-1, -3.040034318113248237280e-2, 1.510082146865190661777e-3, -2.523137095499571377122e-5],
    [1.0, -1.002252150365854016662e0, 2.928709694872224144953e-1, -3.337004338674007801307e-2, 1.560544881127388842819e-3, -2.523137093603234562648e-5],
  ],
  [
    [-7.657847078286127362028e-1, 6.886192415566705051750e-1, -2.132598113545206124553e-1, 3.346107552384193813594e-2, -3.076541477344756050249e-3, 1.747119316454907477380e-4, -6.103711682274170530369e-6, 1.218032765428652199087e-7, -1.086076102793290233007e-9],
    [1.0, -1.888802868662308731041e0, 1.066691687211408896850e0, -2.751915982306380647738e-1, 3.930852688233823569726e-2, -3.414684558602365085394e-3, 1.866844370703555398195e-4, -6.345146083130515357861e-6, 1.239754287483206878024e-7, -1.086076102793126632978e-9],
  ],
];

/** expi for x >= 0 (JAX's `_expi_pos`: x = 0 and x > 64 use the last range's formula). */
function expiPos(x: Array): Array {
  const [a0, b0] = EI[0]!;
  const small = x.mul(polyval(a0, x).div(polyval(b0, x))).add(EULER).add(np.log(x));
  let out: Array | undefined;
  for (let i = EI.length - 1; i >= 1; i--) {
    const [a, b] = EI[i]!;
    const w = np.reciprocal(x);
    const f = w.mul(polyval(a, w).div(polyval(b, w))).add(1);
    const v = np.exp(x).mul(w).mul(f);
    const lo = 2 ** i;
    out = out === undefined ? v : np.where(x.gt(lo).and(x.le(2 * lo)), v, out);
  }
  return np.where(x.gt(0).and(x.le(2)), small, out!);
}

/** E_n(x) for x <= 1 by the power series (Cephes expn.c), per element. */
function expnSeries(x: Array, n: Array): Array {
  const one = np.onesLike(x);
  const [, psiSum] = elementwiseWhile(
    (i: Array) => i.lt(n),
    (i: Array, s: Array) => [i.add(1), s.add(np.reciprocal(i))],
    [one, np.zerosLike(x)],
  );
  const psi = psiSum.sub(EULER).sub(np.log(x));
  const n1 = np.where(n.eq(1), 2, n);
  const z = x.neg();
  type S6 = [Array, Array, Array, Array, Array, Array];
  const init: S6 = [x, np.zerosLike(x), one, one.sub(n), np.where(n.eq(1), 0, np.reciprocal(one.sub(n1))), np.fullLike(x, Infinity)];
  const [, , , , ans] = elementwiseWhile(
    (xx: Array, _xk: Array, _yk: Array, _pk: Array, _ans: Array, t: Array) => xx.gt(0).and(t.gt(MACHEP)),
    (xx: Array, xk: Array, yk: Array, pk: Array, a: Array) => {
      const xk1 = xk.add(1);
      const yk1 = yk.mul(z.div(xk1));
      const pk1 = pk.add(1);
      const a1 = a.add(np.where(pk1.ne(0), yk1.div(guard(pk1.ne(0), pk1, 1)), 0));
      const t1 = np.where(a1.ne(0), np.abs(yk1.div(guard(a1.ne(0), a1, 1))), 1);
      return [xx, xk1, yk1, pk1, a1, t1] as S6;
    },
    init,
  );
  return np.power(z, n.sub(1)).mul(psi).div(np.exp(lgamma(n))).sub(ans);
}

/** E_n(x) for x > 1 by the continued fraction (Cephes expn.c), per element. */
function expnCf(x: Array, n: Array): Array {
  const BIG = 1.44115188075855872e17;
  const one = np.onesLike(x);
  type S8 = [Array, Array, Array, Array, Array, Array, Array, Array];
  const init: S8 = [one, one, x, one, x.add(n), np.reciprocal(x.add(n)), np.fullLike(x, Infinity), np.zerosLike(x)];
  const out = elementwiseWhile(
    (..._s: Array[]) => x.gt(0).and(_s[6]!.gt(MACHEP)),
    (k: Array, pkm2: Array, qkm2: Array, pkm1: Array, qkm1: Array, ans: Array, _t: Array, r: Array) => {
      const k1 = k.add(1);
      const odd = np.fmod(k1, 2).eq(1);
      const yk = np.where(odd, 1, x);
      const xk = np.where(odd, n.add(k1.sub(1).div(2)), k1.div(2));
      const pk = pkm1.mul(yk).add(pkm2.mul(xk));
      const qk = qkm1.mul(yk).add(qkm2.mul(xk));
      const nz = qk.ne(0);
      const r1 = np.where(nz, pk.div(guard(nz, qk, 1)), r);
      const t1 = np.where(nz, np.abs(ans.sub(r1).div(r1)), 1);
      const ans1 = np.where(nz, r1, ans);
      const big = np.abs(pk).gt(BIG);
      const sc = (v: Array) => np.where(big, v.div(BIG), v);
      return [k1, sc(pkm1), sc(qkm1), sc(pk), sc(qk), ans1, t1, r1] as S8;
    },
    init,
  );
  return out[5]!.mul(np.exp(x.neg()));
}

/** E_n(x) for n >= 5000 (Cephes' asymptotic expansion). */
function expnLargeN(x: Array, n: Array): Array {
  const xk = x.add(n);
  const yk = np.reciprocal(xk.mul(xk));
  let ans = yk.mul(n).mul(x.mul(x).mul(6).sub(n.mul(8).mul(x)).add(n.mul(n)));
  ans = yk.mul(ans.add(n.mul(n.sub(x.mul(2)))));
  ans = yk.mul(ans.add(n));
  return ans.add(1).mul(np.exp(x.neg())).div(xk);
}

/**
 * JAX's `jnp.piecewise` selection for expn: of the conditions below, the last that holds picks
 * the branch (so x > 1 uses the continued fraction even for n < 0); none picks the series.
 */
function expnF32(n: Array, x: Array): Array {
  const conds = [
    n.lt(0).or(x.lt(0)),
    x.eq(0).and(n.lt(2)),
    x.eq(0).and(n.ge(2)),
    n.eq(0).and(x.ge(0)),
    n.ge(5000),
    x.gt(1),
  ];
  const picks = conds.map((c, i) => conds.slice(i + 1).reduce((acc, later) => acc.and(later.not()), c));
  const series = conds.reduce((acc, c) => acc.and(c.not()), np.onesLike(x).astype("bool"));
  const [, , , , large, cf] = picks as [Array, Array, Array, Array, Array, Array];
  let out = np.where(series, expnSeries(guard(series, x, 0.5), guard(series, n, 1)), NaN);
  out = np.where(picks[1]!, Infinity, out);
  const n1 = np.where(n.eq(1), 2, n);
  out = np.where(picks[2]!, np.reciprocal(guard(picks[2]!, n1, 1)), out);
  out = np.where(picks[3]!, np.exp(x.neg()).div(guard(picks[3]!, x, 1)), out);
  out = np.where(large, expnLargeN(guard(large, x, 0.5), guard(large, n, 5000)), out);
  out = np.where(cf, expnCf(guard(cf, x, 2), guard(cf, n, 1)), out);
  return np.where(np.isnan(x).or(np.isnan(n)), NaN, out);
}

const expnCore = customJvp((n: Array, x: Array) => expnF32(n, x));
expnCore.defjvp(([n, x], [, tx]) => [expnCore(n, x), tx.neg().mul(expnCore(n.sub(1), x))]);

const expiCore = customJvp((x: Array) => {
  const neg = x.lt(0);
  const xn = guard(neg, x, -1);
  return np.where(neg, expnCore(np.onesLike(x), xn.neg()).neg(), expiPos(guard(neg.not(), x, 1)));
});
expiCore.defjvp(([x], [t]) => [expiCore(x), np.exp(x).div(x).mul(t)]);

/**
 * The exponential integral `Ei(x)`, the principal value of the integral of `e^t / t` from
 * -inf to x (`jax.scipy.special.expi`). Derivative `e^x / x`.
 *
 * @example
 * special.expi(np.array([-1, 0.5, 2])); // [-0.21938393, 0.45421934, 4.954234]
 */
export function expi(x: ArrayLike): Array {
  return floatCall("expi", [x], (a) => expiCore(a));
}

/**
 * The generalized exponential integral `E_n(x) = integral_1^inf e^(-x t) / t^n dt`
 * (`jax.scipy.special.expn`): NaN for n < 0 or x < 0, Infinity at x = 0 for n < 2. `n` holds
 * integers (float or integer dtype). Differentiable in x: `-expn(n - 1, x)`.
 *
 * @example
 * special.expn(2, np.array([0.5, 1, 3])); // [0.32664386, 0.14849551, 0.010641925]
 */
export function expn(n: ArrayLike, x: ArrayLike): Array {
  return floatCall("expn", [n, x], (a, b) => expnCore(a, b));
}

/**
 * The exponential integral `E_1(x) = expn(1, x)` (`jax.scipy.special.exp1`; NaN for x < 0).
 *
 * @example
 * special.exp1(np.array([0.5, 1, 3])); // [0.5597736, 0.21938393, 0.013048381]
 */
export function exp1(x: ArrayLike): Array {
  return floatCall("exp1", [x], (a) => expnCore(np.onesLike(a), a));
}
