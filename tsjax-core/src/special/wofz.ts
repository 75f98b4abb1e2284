/**
 * The Faddeeva function `w(z) = exp(-z^2) erfc(-iz)`, as `jax.scipy.special.wofz`: Weideman's
 * rational approximation (32 terms) in the upper half plane and the reflection
 * `w(-z) = 2 exp(-z^2) - w(z)` below it; the derivative `w'(z) = -2 z w(z) + 2i/sqrt(pi)`.
 */
import type { Array, ArrayLike } from "../array/array.js";
import * as np from "../numpy/index.js";
import { asArray, convert } from "../numpy/convert.js";
import { complex, imag, real } from "../lax/complex.js";
import { customJvp } from "../transforms/custom.js";

const L = 4.756828460010884;
// Coefficients in decreasing degree (JAX's _WOFZ_C, for polyval).
const C = [
  -1.3034426067909105e-12, 3.741183837373847e-12, 8.030427700497756e-12, -2.154359355749088e-11, -5.544244996323793e-11, 1.165824698850374e-10,
  4.1537441121999766e-10, -5.231020211492061e-10, -3.2080151339721323e-9, 8.124886421653591e-10, 2.3797556530014025e-8, 2.2930438438915445e-8,
  -1.4813078929137642e-7, -4.1840763750512053e-7, 4.2558331397138446e-7, 4.401531731283225e-6, 6.821031944357515e-6, -2.1409619201999998e-5,
  -0.0001307544925457942, -0.00024532980270038237, 0.00039259136070109705, 0.004519541105349309, 0.0190061557848455, 0.05730440352983728,
  0.14060716226893755, 0.2954445107150874, 0.5460139720639338, 0.9019254893648001, 1.345544169234545, 1.8256696296324815, 2.2635372999002676,
  2.5722534081245696,
];
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);

function upper(z: Array): Array {
  const iz = complex(np.negative(imag(z)), real(z));
  const denom = np.subtract(L, iz);
  const Z = np.divide(np.add(L, iz), denom);
  let p = np.multiply(Z, C[0]!);
  for (let i = 1; i < C.length - 1; i++) p = np.multiply(np.add(p, C[i]!), Z);
  p = np.add(p, C[C.length - 1]!);
  return np.add(np.divide(np.multiply(p, 2), np.multiply(denom, denom)), np.divide(ONE_OVER_SQRT_PI, denom));
}

const wofzCore = customJvp((z: Array): Array => {
  const up = np.greaterEqual(imag(z), 0);
  const w = upper(np.where(up, z, np.negative(z)));
  const reflected = np.subtract(np.multiply(np.exp(np.negative(np.multiply(z, z))), 2), w);
  return np.where(up, w, reflected);
});
wofzCore.defjvp(([z], [t]) => {
  const w = wofzCore(z);
  const d = np.add(np.negative(np.multiply(np.multiply(z, 2), w)), complex(np.zerosLike(real(z)), np.fullLike(real(z), 2 * ONE_OVER_SQRT_PI)));
  return [w, np.multiply(t, d)];
});

/**
 * The Faddeeva function `w(z) = exp(-z^2) erfc(-iz)` (`jax.scipy.special.wofz`; complex64
 * result; real inputs become complex).
 *
 * @example
 * special.wofz(np.array([{ re: 1, im: 1 }])); // [{ re: 0.3047442, im: 0.2082189 }]
 */
export function wofz(z: ArrayLike): Array {
  const x = asArray("special.wofz", z);
  return wofzCore(x.dtype === "complex64" ? x : convert(x, "complex64"));
}
