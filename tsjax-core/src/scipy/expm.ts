/**
 * `scipy.linalg.expm`: the matrix exponential by scaling and squaring with Padé approximants,
 * JAX's float32 algorithm: the order (3, 5 or 7) from the 1-norm, `2^s` scaling with
 * `s = max(0, floor(log2(|A|₁ / 3.9257)))`, a solve for the approximant, then `s` squarings
 * (at most `maxSquarings`; more gives NaN). Batched over leading axes; differentiable.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { scan } from "../lax/control-flow.js";
import { eye } from "../primitives/linalg/matrix.js";
import * as O from "../primitives/ops.js";
import { exp2, floor, log2, maximum, where } from "../numpy/elementwise.js";
import { matmul } from "../numpy/linalg.js";
import { norm } from "../numpy/linalg/norms.js";
import { solve } from "../numpy/linalg/solve.js";
import { floatOperand, requireMatrix } from "../numpy/linalg/args.js";
import { checkOptions } from "../util/options.js";
import { solveTriangular } from "./cholesky.js";

const MAX_NORM = 3.92572478313866;
const CONDS = [0.4258730016922831, 1.880152677804762];
const PADE: Record<3 | 5 | 7, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
};

/** The Padé numerator and denominator parts `[U, V]` of order `m` (`P = U + V`, `Q = V - U`). */
function pade(a: Array, m: 3 | 5 | 7, ident: Array): [Array, Array] {
  const b = PADE[m];
  const a2 = matmul(a, a);
  const powers = [ident, a2];
  for (let k = 4; k < m; k += 2) powers.push(matmul(powers[powers.length - 1]!, a2));
  const odd = powers.map((p, i) => p.mul(b[2 * i + 1]!)).reduce((x, y) => x.add(y));
  const even = powers.map((p, i) => p.mul(b[2 * i]!)).reduce((x, y) => x.add(y));
  return [matmul(a, odd), even];
}

/** Options of `scipy.linalg.expm`. */
export interface ExpmOptions {
  /** Solve with the triangular structure of an upper-triangular `A` (default false). */
  upperTriangular?: boolean;
  /** The most squarings (default 16); matrices needing more give NaN. */
  maxSquarings?: number;
}

/**
 * Matrix exponential of square matrices `[..., n, n]`, as `jax.scipy.linalg.expm`.
 *
 * @example
 * scipy.linalg.expm(np.array([[0, 1], [0, 0]])); // [[1, 1], [0, 1]]
 */
export function expm(A: ArrayLike, opts: ExpmOptions = {}): Array {
  const op = "scipy.linalg.expm";
  checkOptions(op, opts, { accepted: ["upperTriangular", "maxSquarings"] });
  const a = floatOperand(op, A);
  requireMatrix(op, a, true);
  const maxSquarings = opts.maxSquarings ?? 16;
  if (!Number.isInteger(maxSquarings) || maxSquarings < 0) throw new TypeError(`${op}: maxSquarings must be a non-negative integer, got ${maxSquarings}.`);
  const n = a.shape[a.ndim - 1]!;
  const batch = a.shape.slice(0, -2);
  const perMatrix = (v: Array) => O.broadcastDims(v, a.shape, batch.map((_, i) => i));
  const l1 = norm(a, { ord: 1, axis: [-2, -1] });
  const squarings = maximum(0, floor(log2(l1.div(MAX_NORM))));
  const scaled = a.div(perMatrix(exp2(squarings)));
  const ident = O.broadcastTo(eye(a, n), a.shape);
  // the order from the unscaled norm, as JAX: 3 below CONDS[0], 5 below CONDS[1], else 7
  const [u3, v3] = pade(scaled, 3, ident);
  const [u5, v5] = pade(scaled, 5, ident);
  const [u7, v7] = pade(scaled, 7, ident);
  const pick = (x3: Array, x5: Array, x7: Array) => where(perMatrix(l1.lt(CONDS[0]!)), x3, where(perMatrix(l1.lt(CONDS[1]!)), x5, x7));
  const u = pick(u3, u5, u7);
  const v = pick(v3, v5, v7);
  const p = u.add(v);
  const q = v.sub(u);
  let r = opts.upperTriangular ? solveTriangular(q, p) : solve(q, p);
  const steps = O.iotaLike([maxSquarings], 0, a.device);
  [r] = scan((x: Array, i: Array) => [where(perMatrix(O.convert(i, "float32").lt(squarings)), matmul(x, x), x), null] as const, r, steps);
  return where(perMatrix(squarings.gt(maxSquarings)), NaN, r);
}
