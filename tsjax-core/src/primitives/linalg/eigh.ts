/**
 * `eigh`: eigenvalues and eigenvectors of symmetric matrices, as `jax.lax.linalg.eigh_p`:
 * outputs `v [..., n, n]` (eigenvectors in the columns) and `w [..., n]` (ascending when
 * `sortEigenvalues`). Only the triangle named by `lower` is read.
 *
 * Expansion: the cyclic two-sided Jacobi method with round-robin ordering (`jacobi.ts`):
 * every round rotates n/2 disjoint pairs of rows and columns at once, each rotation zeroing
 * its off-diagonal entry; sweeps continue until no entry is large relative to its diagonal
 * pair (Jacobi's eigenvalues are accurate to float32 relative to the matrix norm, often
 * better). An odd n gets a zero row and column that no rotation touches.
 */
import type { Array } from "../../array/array.js";
import { type Primitive, aval } from "../../core/primitive.js";
import { bind } from "../../core/trace.js";
import { moveAxis } from "../../core/batching.js";
import { sort } from "../sort.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { nextRound, rotateHalves, rotation, sweeps } from "./jacobi.js";
import { batchShape, checkMatrix, constant, diagonal, eye, flattenBatch, mT, matmul, or, positions, symmetrize, tril, triu } from "./matrix.js";

export interface EighParams {
  lower: boolean;
  sortEigenvalues: boolean;
}

/** Sweeps before giving up (Jacobi converges quadratically: float32 needs far fewer). */
const MAX_SWEEPS = 30;

/** Pads `x [B, n, n]` with zero rows and columns to `N`. */
function padSquare(x: Array, N: number): Array {
  const n = x.shape[1]!;
  if (N === n) return x;
  const z = (shape: number[]) => constant(x, 0, shape);
  const B = x.shape[0]!;
  return O.concat([O.concat([x, z([B, n, N - n])], 2), z([B, N - n, N])], 1);
}

/** Eigen-decomposition of symmetric `a [B, n, n]`: `[v, w]`, unsorted. */
function jacobiEigh(a: Array): [Array, Array] {
  const [B, n] = a.shape as [number, number, number];
  const N = n + (n % 2);
  const h = N / 2;
  const rows = positions(a, [B, N, N], 1);
  const cols = positions(a, [B, N, N], 2);
  const hh = O.full(rows, h);
  const pairMask = or(O.eq(cols, O.add(rows, hh)), O.eq(rows, O.add(cols, hh)));
  const round = ([x, v]: Array[]): [Array[], Array] => {
    const d = diagonal(x!);
    const upperRight = diagonal(O.sliceAxis(O.sliceAxis(x!, 1, 0, h), 2, h, N));
    const { c, s, active } = rotation(O.sliceAxis(d, 1, 0, h), O.sliceAxis(d, 1, h, N), upperRight);
    const asRows = (t: Array) => O.reshapeTo(t, [B, h, 1]);
    const asCols = (t: Array) => O.reshapeTo(t, [B, 1, h]);
    const both = rotateHalves(rotateHalves(x!, 1, asRows(c), asRows(s)), 2, asCols(c), asCols(s));
    // the rotated pairs' off-diagonal entries are zero (not rounding noise)
    const act = O.broadcastDims(O.concat([active, active], 1), [B, N, N], [0, 1]);
    const rotated = O.select(O.and(act, pairMask), constant(both, 0), both);
    const vr = rotateHalves(v!, 2, asCols(c), asCols(s));
    return [[nextRound(nextRound(rotated, 1), 2), nextRound(vr, 2)], active];
  };
  const [x, v] = sweeps([padSquare(a, N), eye(a, N, [B])], N, MAX_SWEEPS, round);
  return [O.sliceAxis(O.sliceAxis(v!, 1, 0, n), 2, 0, n), O.sliceAxis(diagonal(x!), 1, 0, n)];
}

export const eigh: Primitive<EighParams> = defineExpanded<EighParams>({
  name: "eigh",
  abstractEval([x]) {
    checkMatrix("lax.linalg.eigh", x!, true);
    const n = x!.shape[x!.shape.length - 1]!;
    return [aval(x!.shape, x!.dtype), aval([...batchShape(x!), n], x!.dtype)];
  },
  expand([x], { lower, sortEigenvalues }) {
    const n = x!.shape[x!.ndim - 1]!;
    const batch = batchShape(x!);
    if (x!.size === 0) return [x!, constant(x!, 0, [...batch, n])];
    // the symmetric matrix of the triangle read
    const sym = lower ? O.add(tril(x!), mT(tril(x!, -1))) : O.add(triu(x!), mT(triu(x!, 1)));
    const flat = flattenBatch(sym);
    let [v, w] = n === 1 ? [constant(flat, 1), O.reshapeTo(flat, [flat.shape[0]!, 1])] : jacobiEigh(flat);
    if (sortEigenvalues) {
      const [sorted, perm] = bind(sort, [w!], { dimension: 1 });
      w = sorted!;
      v = O.takeAlongAxis(v!, O.broadcastDims(perm!, v!.shape, [0, 2]), 2);
    }
    return [O.reshapeTo(v!, x!.shape), O.reshapeTo(w!, [...batch, n])];
  },
  jvp([a], [ta], params) {
    // JAX's rule (nondegenerate perturbation theory): with the eigenvalues distinct,
    // ẇ = diag(vᵀ ȧ v), v̇ = v (F ∘ vᵀ ȧ v), F[i, j] = 1 / (w_j - w_i) off the diagonal.
    const sym = symmetrize(a!);
    const [v, w] = bind(eigh, [sym], params);
    const n = a!.shape[a!.ndim - 1]!;
    const batch = batchShape(a!);
    const I = eye(a!, n, batch);
    const wRow = O.broadcastDims(w!, [...batch, n, n], [...batch.map((_, i) => i), batch.length + 1]);
    const wCol = O.broadcastDims(w!, [...batch, n, n], [...batch.map((_, i) => i), batch.length]);
    const F = O.sub(O.div(constant(I, 1), O.add(I, O.sub(wRow, wCol))), I);
    const vtav = matmul(matmul(mT(v!), ta!), v!);
    return [[v!, w!], [matmul(v!, O.mul(F, vtav)), diagonal(vtav)]];
  },
  batch([x], [d], params) {
    return [bind(eigh, [moveAxis(x!, d!, 0)], params), [0, 0]];
  },
});
