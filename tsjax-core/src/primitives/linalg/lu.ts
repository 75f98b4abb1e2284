/**
 * `lu`: LU decomposition with partial pivoting, `P A = L U`, as `jax.lax.linalg.lu`. Outputs:
 * `lu` (L below the diagonal, its unit diagonal implicit, U on and above it), `pivots` (int32
 * `[..., min(m, n)]`: row `i` was swapped with row `pivots[i]`) and `permutation` (int32
 * `[..., m]`: `A[permutation] = L U`).
 *
 * Expansion: JAX's unblocked algorithm (LAPACK's getf2), one column per step of a scan: the
 * largest magnitude at or below the diagonal is the pivot (the first one on ties, as LAPACK),
 * its row is swapped in, the column below the diagonal is divided by the pivot (unless it is
 * zero) and the trailing block takes the rank-1 update.
 */
import type { Array } from "../../array/array.js";
import { type Primitive, aval } from "../../core/primitive.js";
import { bind, bind1 } from "../../core/trace.js";
import { scan } from "../../lax/control-flow.js";
import { moveAxis } from "../../core/batching.js";
import { argmax } from "../reduce.js";
import { sort } from "../sort.js";
import { pad as padP } from "../structural.js";
import * as O from "../ops.js";
import { range } from "../../util.js";
import { defineExpanded } from "./expanded.js";
import { abs, batchShape, checkMatrix, colsAt, constant, entryAt, eye, flattenBatch, matmul, positions, rowsAt, tril, triu, writeAt } from "./matrix.js";
import { triangularSolve } from "./triangular-solve.js";

/** `s [B]` broadcast along the trailing axes of `shape` (`[B, ...]`). */
function perBatch(s: Array, shape: readonly number[]): Array {
  return O.broadcastDims(s, shape, [0]);
}

/** `x [B, m]` with entries `i` (scalar) and `j [B]` swapped. */
function swapEntries(x: Array, i: Array, j: Array): Array {
  const [B, m] = x.shape as [number, number];
  const pos = positions(x, [B, m], 1);
  const atI = O.eq(pos, O.broadcastDims(i, [B, m], []));
  const atJ = O.eq(pos, perBatch(j, [B, m]));
  const xi = O.sumAxes(O.select(atI, x, constant(x, 0)), [1]);
  const xj = O.sumAxes(O.select(atJ, x, constant(x, 0)), [1]);
  return O.select(atI, perBatch(xj, [B, m]), O.select(atJ, perBatch(xi, [B, m]), x));
}

function luSteps(a: Array): [Array, Array, Array] {
  const [B, m, n] = a.shape as [number, number, number];
  const k = Math.min(m, n);
  const rows = positions(a, [B, m, 1], 1);
  const rowsN = positions(a, [B, m, n], 1);
  const colsN = positions(a, [B, m, n], 2);
  const ki = positions(a, [B, k], 1);
  const init = [O.full({ shape: [B, k], dtype: "int32", weakType: false, device: a.device }, 0), positions(a, [B, m], 1), a] as const;
  const [[pivots, perm, lu]] = scan(
    ([piv, perm, x]: readonly [Array, Array, Array], j: Array) => {
      const jm = O.broadcastDims(j, [B, m, 1], []);
      const col = colsAt(x, j); // [B, m, 1]
      const mag = O.select(O.ge(rows, jm), abs(col), constant(col, -Infinity));
      const p = bind1(argmax, [O.reshapeTo(mag, [B, m])], { axis: 1 }); // [B]
      const nextPiv = O.select(O.eq(ki, O.broadcastDims(j, [B, k], [])), perBatch(p, [B, k]), piv);
      // swap rows j and p
      const rowJ = rowsAt(x, j); // [B, 1, n]
      const atP = O.eq(rows, perBatch(p, [B, m, 1]));
      const rowP = O.sumAxes(O.select(O.broadcastTo(atP, [B, m, n]), x, constant(x, 0)), [1]); // [B, n]
      const swapped = O.select(
        O.broadcastTo(O.eq(rows, jm), [B, m, n]),
        O.broadcastDims(rowP, [B, m, n], [0, 2]),
        O.select(O.broadcastTo(atP, [B, m, n]), O.broadcastTo(rowJ, [B, m, n]), x),
      );
      const nextPerm = swapEntries(perm, j, p);
      // scale the column below the pivot, then the rank-1 update of the trailing block
      const pivot = perBatch(O.reshapeTo(entryAt(swapped, j, j), [B]), [B, m, 1]);
      const c = colsAt(swapped, j);
      const scale = O.and(O.gt(rows, jm), O.ne(pivot, constant(pivot, 0)));
      const scaled = O.select(scale, O.div(c, pivot), c);
      const y = writeAt(swapped, scaled, 0, j);
      const outer = O.mul(O.broadcastTo(scaled, [B, m, n]), O.broadcastTo(rowsAt(y, j), [B, m, n]));
      const jn = O.broadcastDims(j, [B, m, n], []);
      const trailing = O.and(O.gt(rowsN, jn), O.gt(colsN, jn));
      return [[nextPiv, nextPerm, O.sub(y, O.select(trailing, outer, constant(outer, 0)))] as const, null] as const;
    },
    init,
    positions(a, [k], 0),
  );
  return [lu, pivots, perm];
}

export const lu: Primitive<Record<string, never>> = defineExpanded<Record<string, never>>({
  name: "lu",
  abstractEval([x]) {
    checkMatrix("lax.linalg.lu", x!);
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const batch = batchShape(x!);
    return [aval(x!.shape, x!.dtype), aval([...batch, Math.min(m, n)], "int32"), aval([...batch, m], "int32")];
  },
  expand([x]) {
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const batch = batchShape(x!);
    const k = Math.min(m, n);
    if (x!.size === 0) {
      const zeros = O.full({ shape: [...batch, k], dtype: "int32", weakType: false, device: x!.device }, 0);
      return [x!, zeros, positions(x!, [...batch, m], batch.length)];
    }
    const [l, piv, perm] = luSteps(flattenBatch(x!));
    return [O.reshapeTo(l, x!.shape), O.reshapeTo(piv, [...batch, k]), O.reshapeTo(perm, [...batch, m])];
  },
  jvp([a], [ta]) {
    const [lu_, pivots, perm] = bind(lu, [a!], {});
    return [[lu_!, pivots!, perm!], [luTangent(lu_!, ta!, perm!), null, null]];
  },
  batch([x], [d]) {
    return [bind(lu, [moveAxis(x!, d!, 0)], {}), [0, 0, 0]];
  },
});

/** `x` padded with zeros to `rows` x `cols` (at the bottom and the right). */
function padTo(x: Array, rows: number, cols: number): Array {
  const r = x.ndim;
  const [m, n] = x.shape.slice(-2) as [number, number];
  if (m === rows && n === cols) return x;
  return bind1(padP, [x, O.scalar(0, x.dtype, x.device)], {
    config: x.shape.map((_, i) => (i === r - 2 ? [0, rows - m, 0] : i === r - 1 ? [0, cols - n, 0] : [0, 0, 0]) as [number, number, number]),
  });
}

/**
 * The tangent of the packed factors (De Hoog, Anderssen and Lukas; JAX's rule):
 * `L⁻¹ Ȧ U⁻¹ = X`, `L̇ = L tril(X, -1)`, `U̇ = triu(X) U`.
 */
function luTangent(lu_: Array, ta: Array, perm: Array): Array {
  const [m, n] = lu_.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const r = lu_.ndim;
  const batch = batchShape(lu_);
  const l = O.add(padTo(tril(O.sliceAxis(lu_, r - 1, 0, k), -1), m, m), eye(lu_, m, batch));
  // U, with ones on the diagonal beyond its k rows (so the right solve is defined)
  const tail = O.convert(O.ge(positions(lu_, [n, n], 0), O.full(positions(lu_, [n, n], 0), k)), lu_.dtype);
  const u = O.add(padTo(triu(O.sliceAxis(lu_, r - 2, 0, k)), n, n), O.mul(eye(lu_, n, batch), O.broadcastTo(tail, [...batch, n, n])));
  const pa = permuteRows(ta, perm);
  const base = { conjugateA: false, transposeA: false };
  const la = bind1(triangularSolve, [l, pa], { ...base, leftSide: true, lower: true, unitDiagonal: true });
  const lau = bind1(triangularSolve, [u, la], { ...base, leftSide: false, lower: false, unitDiagonal: false });
  return O.add(matmul(l, tril(lau, -1)), matmul(triu(lau), u));
}

/** A left-side triangular solve. */
function tri(a: Array, b: Array, p: { lower: boolean; transposeA?: boolean; unitDiagonal?: boolean }): Array {
  return bind1(triangularSolve, [a, b], { leftSide: true, conjugateA: false, transposeA: p.transposeA ?? false, unitDiagonal: p.unitDiagonal ?? false, lower: p.lower });
}

/** Rows of `b [..., m, k]` in the order `perm [..., m]`. */
function permuteRows(b: Array, perm: Array): Array {
  const r = b.ndim;
  const idx = O.broadcastDims(perm, b.shape, [...range(r - 2), r - 2]);
  return O.takeAlongAxis(b, idx, r - 2);
}

/**
 * Solves `a x = b` (`trans` 0) or `aᵀ x = b` (1 or 2) from `lax.linalg.lu(a)`'s packed factors and
 * permutation, for `b [..., m, k]` with the factors' batch axes (JAX's `lu_solve`).
 */
export function luSolveCore(lu: Array, perm: Array, b: Array, trans: 0 | 1 | 2 = 0): Array {
  if (trans === 0) {
    const pb = permuteRows(b, perm);
    const y = tri(lu, pb, { lower: true, unitDiagonal: true });
    return tri(lu, y, { lower: false });
  }
  const y = tri(lu, b, { lower: false, transposeA: true });
  const z = tri(lu, y, { lower: true, unitDiagonal: true, transposeA: true });
  const [, inverse] = bind(sort, [perm], { dimension: perm.ndim - 1 }); // argsort of a permutation: its inverse
  return permuteRows(z, inverse!);
}

