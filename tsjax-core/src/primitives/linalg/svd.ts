/**
 * `svd`: singular value decomposition `A = U diag(s) Vᵀ`, as `jax.lax.linalg.svd_p`: outputs
 * `s [..., k]` (descending, `k = min(m, n)`) and, with `computeUv`, `u [..., m, m or k]` and
 * `vt [..., n or k, n]` (`fullMatrices`).
 *
 * Expansion: one-sided Jacobi (Hestenes) on the columns of A (of Aᵀ when m < n), with the
 * round-robin ordering of `jacobi.ts`: each round rotates n/2 disjoint column pairs to make them
 * orthogonal, accumulating V; sweeps stop when every pair is orthogonal to float32 precision
 * relative to its norms, which gives singular values with small relative errors. The singular
 * values are the column norms; U is the QR (Householder) factor of the normalized columns,
 * which completes it to an orthonormal basis where singular values are zero or U is full.
 */
import type { Array } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { type Primitive, aval } from "../../core/primitive.js";
import { bind } from "../../core/trace.js";
import { moveAxis } from "../../core/batching.js";
import { sort } from "../sort.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { nextRound, rotateHalves, rotation, sweeps } from "./jacobi.js";
import { batchShape, checkMatrix, constant, diagMatrix, diagonal, eye, flattenBatch, mT, matmul } from "./matrix.js";
import { qr } from "./qr.js";

export interface SvdParams {
  fullMatrices: boolean;
  computeUv: boolean;
}

const MAX_SWEEPS = 30;

/** Sum over axis 1 of `x [B, m, c]`: `[B, c]`. */
const colSum = (x: Array) => O.sumAxes(x, [1]);

/** One-sided Jacobi on `a [B, m, n]` (m >= n): columns `A V` (orthogonal) and V (when asked). */
function jacobiColumns(a: Array, withV: boolean): [Array, Array | undefined] {
  const [B, m, n] = a.shape as [number, number, number];
  const N = n + (n % 2);
  const h = N / 2;
  const u0 = N === n ? a : O.concat([a, constant(a, 0, [B, m, N - n])], 2);
  const round = ([u, v]: Array[]): [Array[], Array] => {
    const lo = O.sliceAxis(u!, 2, 0, h);
    const hi = O.sliceAxis(u!, 2, h, N);
    const { c, s, active } = rotation(colSum(O.mul(lo, lo)), colSum(O.mul(hi, hi)), colSum(O.mul(lo, hi)));
    const cc = O.reshapeTo(c, [B, 1, h]);
    const ss = O.reshapeTo(s, [B, 1, h]);
    const next = [nextRound(rotateHalves(u!, 2, cc, ss), 2)];
    if (v) next.push(nextRound(rotateHalves(v, 2, cc, ss), 2));
    return [next, active];
  };
  const [u, v] = sweeps(withV ? [u0, eye(a, N, [B])] : [u0], N, MAX_SWEEPS, round);
  return [O.sliceAxis(u!, 2, 0, n), v && O.sliceAxis(O.sliceAxis(v, 1, 0, n), 2, 0, n)];
}

/** SVD of `a [B, m, n]` with m >= n: `[s, u, vt]` (u full `[B, m, m]`, vt `[B, n, n]`). */
function tallSvd(a: Array, computeUv: boolean): [Array, Array?, Array?] {
  const [B, m, n] = a.shape as [number, number, number];
  const [cols, v] = jacobiColumns(a, computeUv);
  const norms = O.sqrt(colSum(O.mul(cols, cols))); // [B, n]
  const [negSorted, perm] = bind(sort, [O.neg(norms)], { dimension: 1 });
  const s = O.neg(negSorted!);
  if (!computeUv) return [s];
  const byPerm = (x: Array) => O.takeAlongAxis(x, O.broadcastDims(perm!, x.shape, [0, 2]), 2);
  const sortedCols = byPerm(cols);
  const sv = O.broadcastDims(s, [B, m, n], [0, 2]);
  const positive = O.gt(sv, constant(sv, 0));
  const unit = O.select(positive, O.div(sortedCols, O.select(positive, sv, constant(sv, 1))), constant(sv, 0));
  const [q, r] = bind(qr, [unit], { fullMatrices: true });
  const d = diagonal(r!); // [B, n], about ±1 (0 for zero columns)
  const sign = O.select(O.lt(d, constant(d, 0)), constant(d, -1), constant(d, 1));
  const signs = m === n ? sign : O.concat([sign, constant(sign, 1, [B, m - n])], 1);
  const u = O.mul(q!, O.broadcastDims(signs, [B, m, m], [0, 2]));
  return [s, u, mT(byPerm(v!))];
}

function svdShapes(x: { shape: readonly number[] }, p: SvdParams): number[][] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const batch = batchShape(x);
  const s = [...batch, k];
  if (!p.computeUv) return [s];
  return [s, [...batch, m, p.fullMatrices ? m : k], [...batch, p.fullMatrices ? n : k, n]];
}

/** `eye(r, c)` broadcast to `shape`. */
function eyeLike(like: Array, shape: readonly number[]): Array {
  const [r, c] = shape.slice(-2) as [number, number];
  return O.broadcastTo(O.convert(O.eq(O.iotaLike([r, c], 0, like.device), O.iotaLike([r, c], 1, like.device)), like.dtype), shape);
}

export const svd: Primitive<SvdParams> = defineExpanded<SvdParams>({
  name: "svd",
  abstractEval([x], p) {
    checkMatrix("lax.linalg.svd", x!);
    return svdShapes(x!, p).map((s) => aval(s, x!.dtype));
  },
  expand([x], p) {
    const shapes = svdShapes(x!, p);
    const [m, n] = x!.shape.slice(-2) as [number, number];
    if (x!.size === 0) return [constant(x!, 0, shapes[0]!), ...shapes.slice(1).map((s) => eyeLike(x!, s))];
    const flat = flattenBatch(x!);
    const wide = m < n;
    const [s, u, vt] = tallSvd(wide ? mT(flat) : flat, p.computeUv);
    if (!p.computeUv) return [O.reshapeTo(s, shapes[0]!)];
    // Aᵀ = U' S V'ᵀ  =>  A = V' S U'ᵀ
    let uu = wide ? mT(vt!) : u!;
    let vv = wide ? mT(u!) : vt!;
    const k = Math.min(m, n);
    if (!p.fullMatrices) {
      uu = O.sliceAxis(uu, 2, 0, k);
      vv = O.sliceAxis(vv, 1, 0, k);
    }
    return [O.reshapeTo(s, shapes[0]!), O.reshapeTo(uu, shapes[1]!), O.reshapeTo(vv, shapes[2]!)];
  },
  jvp([a], [da], p) {
    const [m, n] = a!.shape.slice(-2) as [number, number];
    if (p.computeUv && p.fullMatrices && m !== n) {
      throw new ShapeError(
        "lax.linalg.svd: the derivative of full_matrices=True U and Vh of a non-square matrix is not implemented (as in JAX); use fullMatrices: false.",
      );
    }
    const [s, u, vt] = bind(svd, [a!], { fullMatrices: false, computeUv: true });
    const [ds, du, dvt] = svdTangents(a!, da!, s!, u!, vt!);
    return p.computeUv ? [[s!, u!, vt!], [ds, du, dvt]] : [[s!], [ds]];
  },
  batch([x], [d], p) {
    const outs = bind(svd, [moveAxis(x!, d!, 0)], p);
    return [outs, outs.map(() => 0)];
  },
});

/** JAX's `_svd_jvp_rule` (thin factors). */
function svdTangents(a: Array, da: Array, s: Array, u: Array, vt: Array): [Array, Array, Array] {
  const [m, n] = a.shape.slice(-2) as [number, number];
  const batch = batchShape(a);
  const k = s.shape[s.ndim - 1]!;
  const ut = mT(u);
  const v = mT(vt);
  const sRow = O.broadcastDims(s, [...batch, k, k], [...batch.map((_, i) => i), batch.length + 1]); // s_j
  const sCol = mT(sRow); // s_i
  const dS = matmul(matmul(ut, da), v);
  const ds = diagonal(dS);
  const I = eye(a, k, batch);
  const diffs = O.mul(O.add(sRow, sCol), O.sub(sRow, sCol));
  const F = O.sub(O.div(constant(I, 1), O.add(diffs, I)), I);
  const dSS = O.mul(sRow, dS);
  const SdS = O.mul(sCol, dS);
  const sZero = O.convert(O.eq(s, constant(s, 0)), s.dtype);
  const sInv = O.sub(O.div(constant(s, 1), O.add(s, sZero)), sZero);
  const dUdVdiag = O.mul(O.mul(O.sub(dS, mT(dS)), diagMatrix(sInv)), constant(dS, 0.5));
  let du = matmul(u, O.add(O.mul(F, O.add(dSS, mT(dSS))), dUdVdiag));
  let dv = matmul(v, O.mul(F, O.add(SdS, mT(SdS))));
  const sDim = O.broadcastDims(s, [...batch, 1, k], [...batch.map((_, i) => i), batch.length + 1]);
  if (m > n) {
    const dAV = matmul(da, v);
    du = O.add(du, O.div(O.sub(dAV, matmul(u, matmul(ut, dAV))), O.broadcastTo(sDim, dAV.shape)));
  }
  if (n > m) {
    const dAHU = matmul(mT(da), u);
    dv = O.add(dv, O.div(O.sub(dAHU, matmul(v, matmul(vt, dAHU))), O.broadcastTo(sDim, dAHU.shape)));
  }
  return [ds, du, mT(dv)];
}
