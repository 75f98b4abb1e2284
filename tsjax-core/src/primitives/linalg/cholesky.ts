/**
 * `cholesky`: the lower Cholesky factor `L` (`A = L Lᵀ`) of symmetric positive-definite
 * matrices, reading only their lower triangle, as `jax.lax.linalg.cholesky`. A matrix that
 * is not positive definite (a pivot <= 0 or NaN) gives NaNs in the lower triangle (zeros above),
 * as JAX on CPU.
 *
 * Expansion: the left-looking column algorithm, one column per step of a scan:
 * `v = A[:, j] - L Lᵀ[:, j]`, `L[j:, j] = v[j:] / sqrt(v[j])` (L's columns from j on are still
 * zero, so the product only sees the finished ones).
 */
import type { Array } from "../../array/array.js";
import { type Primitive, aval } from "../../core/primitive.js";
import { bind1 } from "../../core/trace.js";
import { dotGeneral } from "../dot.js";
import { scan } from "../../lax/control-flow.js";
import { moveAxis } from "../../core/batching.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { checkMatrix, colsAt, constant, eye, flattenBatch, matmul, positions, rowsAt, tril, writeAt } from "./matrix.js";
import { triangularSolve } from "./triangular-solve.js";

function choleskyColumns(a: Array): Array {
  const [B, n] = a.shape as [number, number, number];
  const rows = positions(a, [B, n, 1], 1);
  const [[l, ok]] = scan(
    ([l, ok]: readonly [Array, Array], j: Array) => {
      const lj = rowsAt(l, j); // [B, 1, n]: row j of L (its columns < j)
      const prod = bind1(dotGeneral, [l, lj], { contracting: [[2], [2]], batch: [[0], [0]] }); // [B, n, 1]
      const v = O.sub(colsAt(a, j), prod);
      const dj = O.reshapeTo(rowsAt(v, j), [B]); // v[j]
      const col = O.div(v, O.broadcastDims(O.sqrt(dj), [B, n, 1], [0]));
      const below = O.ge(rows, O.broadcastDims(j, rows.shape, []));
      const next = writeAt(l, O.select(below, col, constant(col, 0)), 0, j);
      return [[next, O.and(ok, O.gt(dj, constant(dj, 0)))] as const, null] as const;
    },
    [constant(a, 0), O.full({ shape: [B], dtype: "bool", weakType: false, device: a.device }, true)] as const,
    positions(a, [n], 0),
  );
  return O.select(O.broadcastDims(ok, l.shape, [0]), l, tril(constant(l, NaN)));
}

export const cholesky: Primitive<Record<string, never>> = defineExpanded<Record<string, never>>({
  name: "cholesky",
  abstractEval([x]) {
    checkMatrix("lax.linalg.cholesky", x!, true);
    return [aval(x!.shape, x!.dtype)];
  },
  expand([x]) {
    if (x!.size === 0) return [x!];
    return [O.reshapeTo(choleskyColumns(flattenBatch(x!)), x!.shape)];
  },
  jvp([x], [t]) {
    // Forward-mode rule of https://arxiv.org/pdf/1602.07527.pdf, as JAX:
    // L' = L phi(L⁻¹ A' L⁻ᵀ), phi taking the lower triangle with a halved diagonal.
    const l = bind1(cholesky, [x!], {});
    const base = { conjugateA: false, unitDiagonal: false, lower: true };
    const tmp = bind1(triangularSolve, [l, t!], { ...base, leftSide: false, transposeA: true });
    const inner = bind1(triangularSolve, [l, tmp], { ...base, leftSide: true, transposeA: false });
    const n = x!.shape[x!.ndim - 1]!;
    const halfDiag = O.broadcastTo(O.add(constant(x!, 1, [n, n]), eye(x!, n)), x!.shape);
    return [[l], [matmul(l, O.div(tril(inner), halfDiag))]];
  },
  batch([x], [d]) {
    return [[bind1(cholesky, [moveAxis(x!, d!, 0)], {})], [0]];
  },
});
