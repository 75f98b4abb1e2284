/**
 * `qr`: QR decomposition `A = Q R` by Householder reflections, as `jax.lax.linalg.qr` (without
 * column pivoting). With `fullMatrices`, `Q [..., m, m]` and `R [..., m, n]`; otherwise
 * `Q [..., m, k]`, `R [..., k, n]` with `k = min(m, n)`.
 *
 * Expansion: LAPACK's geqrf/orgqr conventions, one reflector per step of a scan. Column j's
 * reflector maps `x = R[j:, j]` to `beta e_1` with `beta = -sign(x_0) ||x||` (sign(0) = +1); a
 * column already zero below the diagonal gets no reflection (so `R[j, j]` keeps its sign, as
 * LAPACK's), which fixes the signs of Q's columns and R's rows as JAX's on CPU. Q accumulates
 * the reflectors from the identity.
 */
import type { Array } from "../../array/array.js";
import { type Primitive, aval } from "../../core/primitive.js";
import { bind, bind1 } from "../../core/trace.js";
import { scan } from "../../lax/control-flow.js";
import { moveAxis } from "../../core/batching.js";
import { dotGeneral } from "../dot.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { lu, luSolveCore } from "./lu.js";
import { batchShape, checkMatrix, colsAt, constant, eye, flattenBatch, mT, matmul, positions, rowsAt, tril, triu, writeAt } from "./matrix.js";
import { triangularSolve } from "./triangular-solve.js";

export interface QrParams {
  fullMatrices: boolean;
}

function householder(a: Array): [Array, Array] {
  const [B, m, n] = a.shape as [number, number, number];
  const k = Math.min(m, n);
  const rows = positions(a, [B, m, 1], 1);
  const [[q, r]] = scan(
    ([q, r]: readonly [Array, Array], j: Array) => {
      const jm = O.broadcastDims(j, [B, m, 1], []);
      const x = colsAt(r, j); // [B, m, 1]
      const alpha = rowsAt(x, j); // [B, 1, 1]
      const below = O.select(O.gt(rows, jm), x, constant(x, 0));
      const sigma = O.sumAxes(O.mul(below, below), [1]); // [B, 1]
      const sigma3 = O.reshapeTo(sigma, [B, 1, 1]);
      const norm = O.sqrt(O.add(O.mul(alpha, alpha), sigma3));
      const beta = O.select(O.ge(alpha, constant(alpha, 0)), O.neg(norm), norm);
      const none = O.eq(sigma3, constant(sigma3, 0)); // nothing to reflect: H = I
      const safe = (v: Array) => O.select(none, constant(v, 1), v);
      const tau = O.select(none, constant(beta, 0), O.div(O.sub(beta, alpha), safe(beta)));
      const scale = O.select(none, constant(beta, 0), O.div(constant(beta, 1), safe(O.sub(alpha, beta))));
      const v = O.select(O.eq(rows, jm), constant(x, 1), O.mul(below, O.broadcastTo(scale, [B, m, 1])));
      // R <- H R = R - tau v (vᵀ R);  Q <- Q H = Q - tau (Q v) vᵀ
      const vr = bind1(dotGeneral, [v, r], { contracting: [[1], [1]], batch: [[0], [0]] }); // [B, 1, n]
      let nextR = O.sub(r, O.mul(O.broadcastTo(O.mul(v, O.broadcastTo(tau, [B, m, 1])), [B, m, n]), O.broadcastTo(vr, [B, m, n])));
      // column j is exactly (.., beta, 0, ..) after the reflection (as LAPACK stores it)
      const colJ = O.select(O.eq(rows, jm), O.broadcastTo(O.select(none, alpha, beta), [B, m, 1]), O.select(O.gt(rows, jm), constant(x, 0), x));
      nextR = writeAt(nextR, colJ, 0, j);
      const qv = matmul(q, v); // [B, m, 1]
      const nextQ = O.sub(q, O.mul(O.broadcastTo(O.mul(qv, O.broadcastTo(tau, [B, m, 1])), [B, m, m]), O.broadcastTo(mT(v), [B, m, m])));
      return [[nextQ, nextR] as const, null] as const;
    },
    [eye(a, m, [B]), a] as const,
    positions(a, [k], 0),
  );
  return [q, triu(r)];
}

function qrShapes(x: { shape: readonly number[] }, fullMatrices: boolean): [number[], number[]] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const k = fullMatrices ? m : Math.min(m, n);
  const batch = batchShape(x);
  return [[...batch, m, k], [...batch, k, n]];
}

export const qr: Primitive<QrParams> = defineExpanded<QrParams>({
  name: "qr",
  abstractEval([x], { fullMatrices }) {
    checkMatrix("lax.linalg.qr", x!);
    const [qs, rs] = qrShapes(x!, fullMatrices);
    return [aval(qs, x!.dtype), aval(rs, x!.dtype)];
  },
  expand([x], { fullMatrices }) {
    const [qs, rs] = qrShapes(x!, fullMatrices);
    const m = x!.shape[x!.ndim - 2]!;
    if (x!.size === 0) return [O.broadcastTo(eyeRect(x!, m, qs[qs.length - 1]!), qs), constant(x!, 0, rs)];
    const [q, r] = householder(flattenBatch(x!));
    const k = qs[qs.length - 1]!;
    return [O.reshapeTo(O.sliceAxis(q, 2, 0, k), qs), O.reshapeTo(O.sliceAxis(r, 1, 0, k), rs)];
  },
  jvp([x], [dx], params) {
    const [q, r] = bind(qr, [x!], params);
    const [dq, dr] = qrTangents(x!, dx!, q!, r!, params.fullMatrices);
    return [[q!, r!], [dq, dr]];
  },
  batch([x], [d], params) {
    return [bind(qr, [moveAxis(x!, d!, 0)], params), [0, 0]];
  },
});

/** `eye(m, k)`. */
function eyeRect(like: Array, m: number, k: number): Array {
  return O.convert(O.eq(positions(like, [m, k], 0), positions(like, [m, k], 1)), like.dtype);
}

/** JVP of a thin QR (`m >= n`), JAX's `_thin_qr_jvp` (j-towns.github.io/papers/qr-derivative.pdf). */
function thinQrJvp(q: Array, r: Array, dx: Array): [Array, Array] {
  const dxRinv = bind1(triangularSolve, [r, dx], { leftSide: false, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  const qtDxRinv = matmul(mT(q), dxRinv);
  const low = tril(qtDxRinv, -1);
  const dOmega = O.sub(low, mT(low)); // skew-symmetric
  const dq = O.add(matmul(q, O.sub(dOmega, qtDxRinv)), dxRinv);
  const dr = matmul(O.sub(qtDxRinv, dOmega), r);
  return [dq, dr];
}

/** JAX's `qr_jvp_rule`: wide matrices, thin and full factors. */
function qrTangents(x: Array, dx: Array, q: Array, r: Array, full: boolean): [Array, Array] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const c = x.ndim - 1;
  if (m < n) {
    // X = [X1 X2], R = [R1 R2]: X1 = Q R1 is square; R2 = Qᵀ X2.
    const [dq, dr1] = thinQrJvp(q, O.sliceAxis(r, c, 0, m), O.sliceAxis(dx, c, 0, m));
    const dr2 = O.add(matmul(mT(dq), O.sliceAxis(x, c, m, n)), matmul(mT(q), O.sliceAxis(dx, c, m, n)));
    return [dq, O.concat([dr1, dr2], c)];
  }
  const qmn = full ? O.sliceAxis(q, c, 0, n) : q;
  const rnn = full ? O.sliceAxis(r, c - 1, 0, n) : r;
  const [dqmn, drnn] = thinQrJvp(qmn, rnn, dx);
  if (!full || m === n) return [dqmn, drnn];
  // full factors of a tall matrix (arXiv:2409.13374, eqs. 32-33)
  const qnn = O.sliceAxis(qmn, c - 1, 0, n);
  const qpn = O.sliceAxis(qmn, c - 1, n, m);
  const qmp = O.sliceAxis(q, c, n, m);
  const dqnn = O.sliceAxis(dqmn, c - 1, 0, n);
  const dqpn = O.sliceAxis(dqmn, c - 1, n, m);
  const [f, , perm] = bind(lu, [O.sub(qnn, eye(x, n, batchShape(x)))], {});
  const zpnT = luSolveCore(f!, perm!, mT(qpn), 1); // (Q_nn - I)ᵀ Z_pnᵀ = Q_pnᵀ
  const zpn = mT(zpnT);
  const dqmp = O.sub(matmul(dqmn, zpnT), matmul(O.add(qmn, matmul(qmp, zpn)), mT(O.sub(dqpn, matmul(zpn, dqnn)))));
  const dr = O.concat([drnn, constant(drnn, 0, [...batchShape(x), m - n, n])], c - 1);
  return [O.concat([dqmn, dqmp], c), dr];
}
