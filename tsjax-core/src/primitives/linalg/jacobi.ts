/**
 * Parallel (round-robin) Jacobi rotations, shared by `eigh` (two-sided, on a symmetric matrix)
 * and `svd` (one-sided, on the columns of a matrix).
 *
 * The N indices (N even) sit in two rows of N/2: position i pairs with position N/2 + i, and
 * all N/2 pairs rotate at once. Between rounds the positions move as in a round-robin
 * tournament (the first stays, the others turn by one), a fixed permutation written with
 * static slices, so after N - 1 rounds (a sweep) every pair has met once and the order is back
 * to the start. Sweeps repeat until no pair needs a rotation (each pair is already orthogonal
 * to float32 precision, relative to its norms), or `maxSweeps`.
 */
import type { Array } from "../../array/array.js";
import { whileLoop, scan } from "../../lax/control-flow.js";
import { binaryPrims, unaryPrims } from "../elementwise.js";
import { bind1 } from "../../core/trace.js";
import * as O from "../ops.js";
import { reduceMax } from "../reduce.js";
import { constant } from "./matrix.js";

/** float32 machine epsilon: pairs closer to orthogonal than this (relatively) are not rotated. */
const EPS = 2 ** -23;

/** The round-robin move of positions along `axis` (N = x.shape[axis], even). */
export function nextRound(x: Array, axis: number): Array {
  const n = x.shape[axis]!;
  const h = n / 2;
  if (n <= 2) return x;
  const s = (a: number, b: number) => O.sliceAxis(x, axis, a, b);
  return O.concat([s(0, 1), s(h, h + 1), s(1, h - 1), s(h + 1, n), s(h - 1, h)].filter((p) => p.shape[axis]! > 0), axis);
}

/**
 * The rotation `[[c, s], [-s, c]]` that diagonalizes each symmetric 2x2 `[[app, apq], [apq, aqq]]`
 * (Golub and Van Loan's sym.schur2), and whether it rotates at all: pairs with
 * `|apq| <= EPS sqrt|app| sqrt|aqq|` (or NaN) keep `c = 1, s = 0`.
 */
export function rotation(app: Array, aqq: Array, apq: Array): { c: Array; s: Array; active: Array } {
  const abs = (x: Array) => bind1(unaryPrims.abs, [x], {});
  const bound = O.mul(O.mul(O.sqrt(abs(app)), O.sqrt(abs(aqq))), constant(app, EPS));
  const active = O.gt(abs(apq), bound);
  const safeApq = O.select(active, apq, constant(apq, 1));
  const theta = O.div(O.sub(aqq, app), O.mul(safeApq, constant(apq, 2)));
  const signTheta = O.select(O.ge(theta, constant(theta, 0)), constant(theta, 1), constant(theta, -1));
  // |theta| + sqrt(theta² + 1) without overflow: theta² overflows first, giving t = 0
  const t0 = O.div(signTheta, O.add(abs(theta), O.sqrt(O.add(O.mul(theta, theta), constant(theta, 1)))));
  const t = O.select(active, t0, constant(t0, 0));
  const c = bind1(unaryPrims.rsqrt, [O.add(O.mul(t, t), constant(t, 1))], {});
  return { c, s: O.mul(t, c), active };
}

/**
 * Rotates the pairs of slices `(i, N/2 + i)` of `x` along `axis`: `(c x_p - s x_q, s x_p + c x_q)`,
 * with `c`, `s` already shaped to broadcast against one half.
 */
export function rotateHalves(x: Array, axis: number, c: Array, s: Array): Array {
  const n = x.shape[axis]!;
  const lo = O.sliceAxis(x, axis, 0, n / 2);
  const hi = O.sliceAxis(x, axis, n / 2, n);
  const cb = O.broadcastTo(c, lo.shape);
  const sb = O.broadcastTo(s, lo.shape);
  return O.concat([O.sub(O.mul(cb, lo), O.mul(sb, hi)), O.add(O.mul(sb, lo), O.mul(cb, hi))], axis);
}

/** True where any element of `mask` is (a 0-d bool). */
function anyOf(mask: Array): Array {
  const n = bind1(reduceMax, [O.convert(mask, "int32")], { axes: mask.shape.map((_, i) => i) });
  return O.gt(n, O.full(n, 0));
}

/**
 * Runs sweeps of `n - 1` rounds on `state` until a sweep rotates nothing (in any batch element)
 * or after `maxSweeps`. `round` maps the state to the next one and a bool array (true where a
 * pair rotated).
 */
export function sweeps(state: Array[], n: number, maxSweeps: number, round: (s: Array[]) => [Array[], Array]): Array[] {
  const dev = state[0]!.device;
  const int = (v: number) => O.scalar(v, "int32", dev);
  const [, , ...out] = whileLoop(
    ([k, more]: Array[]) => O.and(more!, O.lt(k!, int(maxSweeps))),
    ([k, , ...s]: Array[]) => {
      const [[rotated, ...next]] = scan(
        ([any, ...cur]: Array[], _x: null) => {
          const [nextState, active] = round(cur);
          return [[bind1(binaryPrims.or, [any!, anyOf(active)], {}), ...nextState], null];
        },
        [O.scalar(false, "bool", dev), ...s],
        null,
        { length: Math.max(n - 1, 1) },
      );
      return [O.add(k!, int(1)), rotated!, ...next];
    },
    [int(0), O.scalar(true, "bool", dev), ...state],
  );
  return out;
}
