/**
 * Spence's function (the real dilogarithm), as `jax.scipy.special.spence` (Cephes' rational
 * approximation on [0.5, 1.5] with the reflection and inversion formulas; NaN for x < 0).
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { floatCall, guard, polyval } from "./util.js";

const A = [
  4.65128586073990045278e-5, 7.31589045238094711071e-3, 1.3384763957830901865e-1, 8.79691311754530315341e-1, 2.7114985119655346992e0,
  4.25697156008121755724e0, 3.29771340985225106936e0, 1.00000000000000000126e0,
];
const B = [
  6.90990488912553276999e-4, 2.54043763932544379113e-2, 2.82974860602568089943e-1, 1.41172597751831069617e0, 3.63800533345137075418e0,
  5.0327888014331699039e0, 3.54771340985225096217e0, 9.9999999999999999874e-1,
];

function spenceF32(x0: Array): Array {
  const ok = x0.gt(0).and(x0.ne(1));
  const xs = guard(ok, x0, 0.75);
  const big = xs.gt(2);
  const x = np.where(big, np.reciprocal(xs), xs);
  const gt15 = x.gt(1.5);
  const lt05 = x.lt(0.5);
  const w = np.where(gt15, np.reciprocal(x).sub(1), np.where(lt05, x.neg(), x.sub(1)));
  let y = w.neg().mul(polyval(A, w)).div(polyval(B, w));
  const logx = np.log(x);
  y = np.where(lt05, np.subtract(Math.PI ** 2 / 6, logx.mul(np.log(np.subtract(1, x)))).sub(y), y);
  y = np.where(big.or(gt15), logx.square().mul(-0.5).sub(y), y);
  const special = np.where(x0.lt(0), NaN, np.where(x0.eq(1), 0, np.where(x0.eq(0), Math.PI ** 2 / 6, NaN)));
  return np.where(ok, y, np.where(np.isnan(x0), NaN, special));
}

/**
 * Spence's function `integral_1^x log(t) / (1 - t) dt` for x >= 0 (`jax.scipy.special.spence`;
 * NaN for x < 0, as JAX). Differentiable (through the approximation, as JAX).
 *
 * @example
 * special.spence(np.array([0, 0.5, 1, 3])); // [1.644934, 0.5822405, 0, -1.4367464]
 */
export function spence(x: ArrayLike): Array {
  return floatCall("spence", [x], spenceF32);
}
