/**
 * `np.linalg` determinants: det and slogdet, with JAX's derivative rules. `det` of 2x2 and 3x3
 * matrices is the closed form; larger ones use LU, and their derivative is the cofactor solve
 * (finite for matrices of rank n - 1). `slogdet`'s derivative is `trace(a⁻¹ ȧ)`, with a zero
 * derivative for the sign.
 */
import type { Array, ArrayLike } from "../../array/array.js";
import { customJvp } from "../../transforms/custom.js";
import * as lax from "../../lax/linalg.js";
import { bind1 } from "../../core/trace.js";
import { cumprod } from "../../primitives/reduce.js";
import { binaryPrims, unaryPrims } from "../../primitives/elementwise.js";
import { abs, batchShape, cast, constant, diagonal, entry, positions, sumLast, trace } from "../../primitives/linalg/matrix.js";
import * as O from "../../primitives/ops.js";
import { floatOperand, requireMatrix } from "./args.js";
import { luSolveCore } from "./lu-solve.js";
import { type SlogdetResult, named } from "./named.js";

const isZero = (x: Array) => O.eq(x, constant(x, 0));
const countLast = (mask: Array) => sumLast(cast(mask, "int32"));
const isOdd = (n: Array) => O.ne(bind1(binaryPrims.rem, [n, O.full(n, 2)], {}), O.full(n, 0));

/** `(-1)^parity` where parity is the number of row swaps in `pivots` (as a float of `like`). */
function pivotSign(pivots: Array, like: Array): Array {
  const k = pivots.shape[pivots.ndim - 1]!;
  const iota = O.broadcastTo(positions(pivots, [k], 0), pivots.shape);
  const parity = countLast(O.ne(pivots, iota));
  return O.select(isOdd(parity), constant(like, -1, parity.shape), constant(like, 1, parity.shape));
}

function slogdetLuValue(a: Array): [Array, Array] {
  const [lu, pivots] = lax.lu(a);
  const diag = diagonal(lu);
  const zero = O.gt(countLast(isZero(diag)), O.full(countLast(isZero(diag)), 0));
  const negatives = countLast(O.lt(diag, constant(diag, 0)));
  const sign0 = pivotSign(pivots, a);
  const sign = O.mul(sign0, O.select(isOdd(negatives), constant(sign0, -1), constant(sign0, 1)));
  const logdet = sumLast(bind1(unaryPrims.log, [abs(diag)], {}));
  return [O.select(zero, constant(sign, 0), sign), O.select(zero, constant(logdet, -Infinity), logdet)];
}

/**
 * The `slogdet` derivative: `d log|det a| = trace(a⁻¹ ȧ)` (by the factors' triangular solves,
 * which are linear in `ȧ` and transpose), the sign's is zero.
 */
const slogdetLu = customJvp((a: Array): [Array, Array] => slogdetLuValue(a));
slogdetLu.defjvp(([a], [t]) => {
  const [sign, logdet] = slogdetLuValue(a);
  const [lu, , perm] = lax.lu(a);
  return [[sign, logdet], [constant(sign, 0), trace(luSolveCore(lu, perm, t))]];
});

/** det of 1x1 and 2x2 matrices in closed form (`[...batch]`). */
function smallDet(a: Array): Array {
  const n = a.shape[a.ndim - 1]!;
  if (n === 1) return entry(a, 0, 0);
  return O.sub(O.mul(entry(a, 0, 0), entry(a, 1, 1)), O.mul(entry(a, 0, 1), entry(a, 1, 0)));
}

function slogdetSmallValue(a: Array): [Array, Array] {
  const d = smallDet(a);
  return [bind1(unaryPrims.sign, [d], {}), bind1(unaryPrims.log, [abs(d)], {})];
}

const slogdetSmall = customJvp((a: Array): [Array, Array] => slogdetSmallValue(a));
slogdetSmall.defjvp(([a], [g]) => {
  const [sign, logdet] = slogdetSmallValue(a);
  const n = a.shape[a.ndim - 1]!;
  const dot =
    n === 1
      ? O.div(entry(g, 0, 0), entry(a, 0, 0))
      : O.div(
          O.add(O.sub(O.sub(O.mul(entry(g, 0, 0), entry(a, 1, 1)), O.mul(entry(g, 0, 1), entry(a, 1, 0))), O.mul(entry(g, 1, 0), entry(a, 0, 1))), O.mul(entry(g, 1, 1), entry(a, 0, 0))),
          smallDet(a),
        );
  return [[sign, logdet], [constant(sign, 0), dot]];
});

/** Options of `np.linalg.slogdet`. */
export interface SlogdetOptions {
  /** "lu" (the default; the only method here: JAX's "qr" is not offered). */
  method?: "lu";
}

/**
 * Sign and natural log of the absolute determinant, as `jnp.linalg.slogdet`:
 * `[sign, logabsdet]` (also `.sign`, `.logabsdet`), each `[...batch]`. A singular matrix gives
 * sign 0 and logabsdet -Infinity.
 *
 * @example
 * const [sign, logdet] = np.linalg.slogdet(np.array([[1, 2], [3, 4]])); // -1, log(2)
 */
export function slogdet(a: ArrayLike, opts: SlogdetOptions = {}): SlogdetResult {
  const op = "np.linalg.slogdet";
  if (opts.method !== undefined && opts.method !== "lu") {
    throw new TypeError(`${op}: unknown method ${JSON.stringify(opts.method)}; the supported method is "lu".`);
  }
  for (const k of Object.keys(opts)) if (k !== "method") throw new TypeError(`${op}: unknown option "${k}"; accepted options: method.`);
  const x = floatOperand(op, a);
  requireMatrix(op, x, true);
  const n = x.shape[x.ndim - 1]!;
  const [sign, logdet] = n === 1 || n === 2 ? slogdetSmall(x) : slogdetLu(x);
  return named<SlogdetResult>(["sign", "logabsdet"], [sign, logdet]);
}

/**
 * `det(a)` and `adj(a) b` (= `det(a) a⁻¹ b` when `a` is invertible), from one LU factorization,
 * finite for matrices of rank n - 1 and zero below (JAX's `_cofactor_solve`).
 */
function cofactorSolve(a: Array, b: Array): [Array, Array] {
  const n = a.shape[a.ndim - 1]!;
  if (n === 1) return [entry(a, 0, 0), b];
  const [lu0, pivots, perm] = lax.lu(a);
  const diag = diagonal(lu0);
  const r = a.ndim;
  const partial = O.mul(bind1(cumprod, [diag], { axis: r - 2, reverse: false }), O.broadcastDims(pivotSign(pivots, a), diag.shape, batchShape(a).map((_, i) => i)));
  const det = O.sliceAxis(partial, r - 2, n - 1, n); // [..., 1]
  const detButLast = O.sliceAxis(partial, r - 2, n - 2, n - 1);
  // replace U's last pivot by 1 / (the product of the others): the solve stays finite at rank n - 1
  const last = (axis: number) => O.eq(positions(a, [n, n], axis), O.full(positions(a, [n, n], axis), n - 1));
  const corner = O.and(last(0), last(1));
  const recip = O.broadcastDims(O.div(constant(detButLast, 1), detButLast), a.shape, [...batchShape(a).map((_, i) => i), r - 1]);
  const lu = O.select(O.broadcastTo(corner, a.shape), recip, lu0);
  // matrices of rank below n - 1 give zeros
  const probe = lax.triangularSolve(lu, constant(a, 1, a.shape.slice(0, -1)), { leftSide: true, lower: false });
  const notFinite = countLast(bind1(unaryPrims.not, [bind1(unaryPrims.is_finite, [probe], {})], {}));
  const bad = O.gt(notFinite, O.full(notFinite, 0));
  const badM = O.broadcastDims(bad, a.shape, batchShape(a).map((_, i) => i));
  let x = O.select(badM, constant(b, 0), b);
  x = luSolveRowsThenLower(lu, perm, x);
  const head = O.mul(O.sliceAxis(x, r - 2, 0, n - 1), O.broadcastDims(O.reshapeTo(det, det.shape.slice(0, -1)), [...batchShape(a), n - 1, n], batchShape(a).map((_, i) => i)));
  x = O.concat([head, O.sliceAxis(x, r - 2, n - 1, n)], r - 2);
  x = lax.triangularSolve(lu, x, { leftSide: true, lower: false });
  x = O.select(badM, constant(x, 0), x);
  return [O.reshapeTo(det, det.shape.slice(0, -1)), x];
}

/** `L⁻¹ P b` (the first half of an LU solve). */
function luSolveRowsThenLower(lu: Array, perm: Array, b: Array): Array {
  const r = b.ndim;
  const idx = O.broadcastDims(perm, b.shape, [...batchShape(b).map((_, i) => i), r - 2]);
  return lax.triangularSolve(lu, O.takeAlongAxis(b, idx, r - 2), { leftSide: true, lower: true, unitDiagonal: true });
}

function detLuValue(a: Array): Array {
  const [sign, logdet] = a.shape[a.ndim - 1]! <= 2 ? slogdetSmallValue(a) : slogdetLuValue(a);
  return O.mul(sign, bind1(unaryPrims.exp, [logdet], {}));
}

const detLu = customJvp((a: Array): Array => detLuValue(a));
detLu.defjvp(([a], [g]) => {
  const [y, z] = cofactorSolve(a, g);
  return [y, trace(z)];
});

/** det of 3x3 matrices in closed form. */
function det3(a: Array): Array {
  const e = (i: number, j: number) => entry(a, i, j);
  const t = (p: [number, number][]) => p.map(([i, j]) => e(i, j)).reduce((x, y) => O.mul(x, y));
  const plus = [t([[0, 0], [1, 1], [2, 2]]), t([[0, 1], [1, 2], [2, 0]]), t([[0, 2], [1, 0], [2, 1]])];
  const minus = [t([[0, 2], [1, 1], [2, 0]]), t([[0, 0], [1, 2], [2, 1]]), t([[0, 1], [1, 0], [2, 2]])];
  return [...minus].reduce((acc, m) => O.sub(acc, m), plus.reduce((x, y) => O.add(x, y)));
}

/**
 * Determinants of square matrices `[..., n, n]`, as `jnp.linalg.det` (closed forms for 2x2 and
 * 3x3, LU otherwise). Differentiable, also at singular matrices of rank n - 1.
 *
 * @example
 * np.linalg.det(np.array([[1, 2], [3, 4]])); // -2
 */
export function det(a: ArrayLike): Array {
  const op = "np.linalg.det";
  const x = floatOperand(op, a);
  requireMatrix(op, x, true);
  const n = x.shape[x.ndim - 1]!;
  if (n === 2) return smallDet(x);
  if (n === 3) return det3(x);
  return detLu(x);
}
