/**
 * Inverses of the error function and of the normal CDF: `erfinv`, `ndtri`.
 *
 * Both use `ndtri(p) = (2p - 1) G(w)` with `w = -log(4 p (1 - p))` (the variable of M. Giles'
 * erfinv approximations, in which G is smooth over the whole range), and minimax polynomial
 * fits of G made with mpmath: in `w` for w < 5, and in `sqrt(w)` for 5 <= w < 16 and
 * 16 <= w < 104 (p down to the smallest float32 subnormal). `w` is computed from exact inputs:
 * `q = p - 1/2` near the center (`-log1p(-4 q^2)`), `min(p, 1 - p)` in the tails (for erfinv,
 * `x / 2` and `(1 - |x|) / 2`), so neither function loses accuracy near 0, 1 or +-1.
 * Derivatives (customJvp): `ndtri' = sqrt(2 pi) exp(ndtri^2 / 2)`,
 * `erfinv' = sqrt(pi)/2 exp(erfinv^2)`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { customJvp } from "../transforms/custom.js";
import { expSq } from "./erf.js";
import { SQRT_2PI, SQRT_PI, floatCall, guard, poly } from "./util.js";

/** ndtri(p) / (2p - 1) as a polynomial in w - 2.5 for w = -log(4p(1-p)) < 5 (fit error 2.3e-09). */
const W1 = [2.1233134704147436, 0.34880203980958485, -0.005907650048240646, -0.00177164851099548, 0.0003086982640452397, -7.017188507352744e-06, -4.857276263635704e-06, 6.588673657145772e-07, 2.5508600065560216e-08, -1.2406360869188227e-08, 4.745274173600933e-10];
/** The same for 5 <= w < 16, in (sqrt(w) - 3.118033988749895) / 0.8819660112501051 (fit error 1.3e-09). */
const W2 = [4.17380889782218, 1.2518031041755355, 0.007876508268893412, -0.005246299292270162, 0.0033200203999961264, -0.0019452894000085985, 0.0008598156505081889, -0.0001823717457928864, -6.776075728892605e-05, 5.83162139093929e-05, -1.0611553523942607e-05];
const W2_CENTER = 3.118033988749895;
const W2_HALF = 0.8819660112501051;
/** The same for 16 <= w < 104 (p down to 1e-45), in (sqrt(w) - 7.0990195135927845) / 3.0990195135927845 (fit error 2.8e-09). */
const W3 = [9.855492053441415, 4.419903044805427, -0.006931583141924769, 0.00036226451513843294, 0.0006794333384021467, -0.0006015882475447487, 0.00038673201086814046, -0.0001445547876344211, 3.933474272321824e-05, -7.841959903132079e-05, 4.908409513171286e-05];
const W3_CENTER = 7.0990195135927845;
const W3_HALF = 3.0990195135927845;

/**
 * `ndtri(p) / (2p - 1)` from two exact inputs: `q = p - 1/2` and `tail = min(p, 1 - p)`, via
 * `w = -log(4 p (1 - p))` (computed as `-log1p(-4q^2)` near the center and
 * `-log(4 tail) - log1p(-tail)` in the tails). Inputs must lie in (0, 1).
 */
function quantileRatio(q: Array, tail: Array): Array {
  const center = np.abs(q).lt(0.25);
  const qc = guard(center, q, 0);
  const pt = guard(center.not(), tail, 0.25);
  const w = np.where(center, np.log1p(qc.square().mul(-4)).neg(), np.log(pt.mul(4)).add(np.log1p(pt.neg())).neg());
  const r1 = w.lt(5);
  const r3 = w.ge(16);
  const v1 = poly(guard(r1, w, 2.5).sub(2.5), W1);
  const v2 = poly(np.sqrt(np.where(r1.or(r3), 9, w)).sub(W2_CENTER).div(W2_HALF), W2);
  const v3 = poly(np.sqrt(guard(r3, w, 36)).sub(W3_CENTER).div(W3_HALF), W3);
  return np.where(r1, v1, np.where(r3, v3, v2));
}

function ndtriF32(p: Array): Array {
  const tail = np.minimum(p, np.negative(p).add(1));
  const inner = p.gt(0).and(p.lt(1));
  const q = guard(inner, p, 0.5).sub(0.5);
  const v = q.mul(2).mul(quantileRatio(q, guard(inner, tail, 0.5)));
  const edge = np.where(p.eq(0), -Infinity, np.where(p.eq(1), Infinity, NaN));
  return np.where(inner, v, edge);
}

const ndtriCore = customJvp((p: Array) => ndtriF32(p));
ndtriCore.defjvp(([p], [t]) => {
  const y = ndtriCore(p);
  return [y, t.mul(expSq(np.clip(y, -40, 40), 1, 2)).mul(SQRT_2PI)];
});

function erfinvF32(x: Array): Array {
  const ax = np.abs(x);
  const inner = ax.lt(1);
  const xi = guard(inner, x, 0);
  const v = xi.mul(Math.SQRT1_2).mul(quantileRatio(xi.mul(0.5), np.negative(np.abs(xi)).add(1).mul(0.5)));
  const edge = np.where(x.eq(1), Infinity, np.where(x.eq(-1), -Infinity, NaN));
  return np.where(inner, v, edge);
}

const erfinvCore = customJvp((x: Array) => erfinvF32(x));
erfinvCore.defjvp(([x], [t]) => {
  const y = erfinvCore(x);
  return [y, t.mul(expSq(np.clip(y, -20, 20), 1)).mul(SQRT_PI / 2)];
});

/**
 * The inverse of `erf` on (-1, 1) (`erfinv(+-1) = +-inf`, NaN outside), as
 * `jax.scipy.special.erfinv`. Accurate to a few float32 ulps, including next to +-1.
 *
 * @example
 * special.erfinv(np.array([0, 0.5, -0.999])); // [0, 0.4769363, -2.3267563]
 */
export function erfinv(x: ArrayLike): Array {
  return floatCall("erfinv", [x], (a) => erfinvCore(a));
}

/**
 * The inverse of `ndtr` (the standard normal quantile function), as
 * `jax.scipy.special.ndtri`: `ndtri(0) = -inf`, `ndtri(1) = inf`, NaN outside [0, 1].
 * Accurate in both tails: `ndtri(1e-30) = -11.46403`, `ndtri(1 - 2**-24) = 5.293239`.
 *
 * @example
 * special.ndtri(np.array([0.5, 0.975, 1e-10])); // [0, 1.959964, -6.361341]
 */
export function ndtri(p: ArrayLike): Array {
  return floatCall("ndtri", [p], (a) => ndtriCore(a));
}
