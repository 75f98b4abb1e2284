/**
 * `tridiagonal_solve`: solves `A X = B` for tridiagonal `A` given by its diagonals
 * (`dl[i] = A[i, i-1]`, `d[i] = A[i, i]`, `du[i] = A[i, i+1]`; `dl[0]` and `du[m-1]` unused),
 * as `jax.lax.linalg.tridiagonal_solve`.
 *
 * Expansion: the Thomas algorithm (JAX's portable implementation: elimination without
 * pivoting, so `A` should be diagonally dominant or otherwise safe without pivoting; JAX on CPU
 * calls LAPACK's gtsv, which pivots): a forward scan then a backward scan. Linear in `B`: the
 * transpose solves with the transposed diagonals.
 */
import type { Array } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape } from "../../shape.js";
import { type Primitive, UndefinedPrimal, aval } from "../../core/primitive.js";
import { bind1 } from "../../core/trace.js";
import { scan } from "../../lax/control-flow.js";
import { batchSize, moveBatchAxis } from "../../core/batching.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { checkMatrix, constant } from "./matrix.js";

function thomas(dl: Array, d: Array, du: Array, b: Array): Array {
  const [B, m] = d.shape as [number, number];
  const n = b.shape[2]!;
  const steps = (x: Array) => O.transposeTo(x, [1, 0, ...(x.ndim === 3 ? [2] : [])]); // step axis first
  const perRow = (v: Array) => O.broadcastDims(v, [B, n], [0]);
  const [, [cps, dps]] = scan(
    ([cp, dp]: readonly [Array, Array], [l, c, u, r]: readonly [Array, Array, Array, Array]) => {
      const denom = O.sub(c, O.mul(l, cp));
      const cpNext = O.div(u, denom);
      const dpNext = O.div(O.sub(r, O.mul(perRow(l), dp)), perRow(denom));
      return [[cpNext, dpNext] as const, [cpNext, dpNext] as const] as const;
    },
    [constant(d, 0, [B]), constant(b, 0, [B, n])] as const,
    [steps(dl), steps(d), steps(du), steps(b)] as const,
  );
  const [, xs] = scan(
    (next: Array, [cp, dp]: readonly [Array, Array]) => {
      const x = O.sub(dp, O.mul(perRow(cp), next));
      return [x, x] as const;
    },
    constant(b, 0, [B, n]),
    [cps, dps] as const,
    { reverse: true },
  );
  return O.transposeTo(xs, [1, 0, 2]);
}

export const tridiagonalSolve: Primitive<Record<string, never>> = defineExpanded<Record<string, never>>({
  name: "tridiagonal_solve",
  abstractEval([dl, d, du, b]) {
    const op = "lax.linalg.tridiagonalSolve";
    checkMatrix(op, b!);
    const same = [dl!, du!].every((x) => fmtShape(x.shape) === fmtShape(d!.shape) && x.dtype === d!.dtype);
    if (!same || fmtShape(d!.shape) !== fmtShape(b!.shape.slice(0, -1)) || d!.dtype !== b!.dtype) {
      throw new ShapeError(
        `${op}: dl ${fmtShape(dl!.shape)}, d ${fmtShape(d!.shape)}, du ${fmtShape(du!.shape)} must share one shape [..., m] and dtype, and b ${fmtShape(b!.shape)} must be [..., m, n].`,
      );
    }
    return [aval(b!.shape, b!.dtype)];
  },
  expand([dl, d, du, b]) {
    if (b!.size === 0) return [b!];
    const m = d!.shape[d!.ndim - 1]!;
    const flat = (x: Array, tail: number[]) => O.reshapeTo(x, [x.size / tail.reduce((p, q) => p * q, 1), ...tail]);
    const n = b!.shape[b!.ndim - 1]!;
    const x = thomas(flat(dl!, [m]), flat(d!, [m]), flat(du!, [m]), flat(b!, [m, n]));
    return [O.reshapeTo(x, b!.shape)];
  },
  jvp([dl, d, du, b], [tdl, td, tdu, tb]) {
    const solve = (rhs: Array) => bind1(tridiagonalSolve, [dl!, d!, du!, rhs], {});
    const x = solve(b!);
    let rhs: Array | null = tb;
    if (tdl || td || tdu) {
      const z = (t: Array | null, like: Array) => t ?? constant(like, 0);
      const prod = tridiagonalProduct(z(tdl, dl!), z(td, d!), z(tdu, du!), x);
      rhs = rhs ? O.sub(rhs, prod) : O.neg(prod);
    }
    return [[x], [rhs ? solve(rhs) : null]];
  },
  transpose([ct], [dl, d, du, b]) {
    if ([dl, d, du].some((x) => x instanceof UndefinedPrimal) || !(b instanceof UndefinedPrimal)) {
      throw new Error("internal: tridiagonal_solve is linear in b only");
    }
    if (!ct) return [null, null, null, null];
    const [l, u] = [dl as Array, du as Array];
    const last = l.ndim - 1;
    const m = l.shape[last]!;
    const zero = constant(l, 0, [...l.shape.slice(0, -1), 1]);
    const dlT = O.concat([zero, O.sliceAxis(u, last, 0, m - 1)], last);
    const duT = O.concat([O.sliceAxis(l, last, 1, m), zero], last);
    return [null, null, null, bind1(tridiagonalSolve, [dlT, d as Array, duT, ct], {})];
  },
  batch(args, dims) {
    const B = batchSize(args, dims);
    return [[bind1(tridiagonalSolve, args.map((x, i) => moveBatchAxis(x, dims[i]!, 0, B)), {})], [0]];
  },
});

/** `A x` for tridiagonal `A` given by its diagonals (`x [..., m, n]`). */
function tridiagonalProduct(dl: Array, d: Array, du: Array, x: Array): Array {
  const r = x.ndim;
  const m = x.shape[r - 2]!;
  const col = (v: Array) => O.broadcastTo(O.reshapeTo(v, [...v.shape, 1]), x.shape);
  let y = O.mul(col(d), x);
  if (m > 1) {
    const zeroRow = constant(x, 0, [...x.shape.slice(0, -2), 1, x.shape[r - 1]!]);
    const below = O.concat([zeroRow, O.sliceAxis(x, r - 2, 0, m - 1)], r - 2); // x[i-1]
    const above = O.concat([O.sliceAxis(x, r - 2, 1, m), zeroRow], r - 2); // x[i+1]
    y = O.add(y, O.add(O.mul(col(dl), below), O.mul(col(du), above)));
  }
  return y;
}
