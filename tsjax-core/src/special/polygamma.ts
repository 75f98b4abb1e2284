/**
 * `polygamma(n, x)`: a static JS integer `n` uses the series of `digamma.ts`; an array `n`
 * (integer dtype, as JAX requires) uses XLA's formula `(-1)^(n+1) n! zeta(n + 1, x)`.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { isIntDType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import * as np from "../numpy/index.js";
import { polygammaCore } from "./digamma.js";
import { lgammaF32Jvp as lgamma } from "./gamma.js";
import { zetaF32Jvp } from "./zeta.js";
import { floatCall } from "./util.js";
import { customJvp } from "../transforms/custom.js";

/** XLA's polygamma for a float32 order array; its x-derivative is polygamma(n + 1, x), as lax's. */
const polygammaArray = customJvp((nn: Array, a: Array): Array => {
  const n1 = nn.add(1);
  const sign = np.fmod(nn, 2).mul(2).sub(1);
  const out = np.where(nn.eq(0), polygammaCore(0)(a), sign.mul(np.exp(lgamma(n1))).mul(zetaF32Jvp(n1, a)));
  return np.where(nn.ne(np.floor(nn)).or(nn.lt(0)), NaN, out);
});
polygammaArray.defjvp(([nn, a], [, ta]) => [polygammaArray(nn, a), ta.mul(polygammaArray(nn.add(1), a))]);

/**
 * The polygamma function `psi^(n)(x)`, the n-th derivative of digamma, as
 * `jax.scipy.special.polygamma`. `n` is a non-negative JS integer (n = 0 is digamma), or an
 * integer array broadcasting against `x`. For a JS integer: values at the poles (x = 0, -1,
 * -2, ..., -inf) are `(-1)^(n+1) inf`, as scipy, with a relative accuracy of a few float32
 * ulps for x > 0 and moderate n; for an array: XLA's `(-1)^(n+1) n! zeta(n + 1, x)` (NaN for
 * negative n). Differentiable in x (to any order).
 *
 * @example
 * special.polygamma(1, np.array([1, 0.5])); // [1.6449341, 4.9348022]  (pi^2/6, pi^2/2)
 * special.polygamma(np.array([0, 1, 2], { dtype: "int32" }), 1); // [-0.5772157, 1.6449341, -2.4041138]
 */
export function polygamma(n: number | Array, x: ArrayLike): Array {
  if (n instanceof Array) {
    if (!isIntDType(n.dtype)) {
      throw new DTypeError(`special.polygamma: n must have an integer dtype (as JAX requires), got ${n.dtype}.`);
    }
    return floatCall("polygamma", [n, x], (nn, a) => polygammaArray(nn, a));
  }
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`special.polygamma: n must be a non-negative JS integer or an integer array, got ${String(n)}.`);
  }
  return floatCall("polygamma", [x], (a) => polygammaCore(n)(a));
}
