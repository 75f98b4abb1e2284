/**
 * `triangular_solve`: solves `op(A) X = B` (`leftSide`) or `X op(A) = B` for triangular `A`
 * (`op` transposes when `transposeA`), as `jax.lax.linalg.triangular_solve`. Only the triangle
 * named by `lower` is read; `unitDiagonal` takes the diagonal as ones without reading it.
 *
 * Expansion: a right-side solve is the left-side solve of the transposed system, and a
 * left-side solve is substitution, one row of X per step of a scan (forward for an effectively
 * lower triangular `op(A)`, backward for an upper one), reading row i of `op(A)` with a
 * dynamic slice. Linear in `B`: the transpose is the solve with `op(A)` transposed.
 */
import type { Array } from "../../array/array.js";
import { ShapeError } from "../../errors.js";
import { fmtShape } from "../../shape.js";
import { type Primitive, UndefinedPrimal, aval } from "../../core/primitive.js";
import { bind1 } from "../../core/trace.js";
import { scan } from "../../lax/control-flow.js";
import { moveAxis, moveBatchAxis, batchSize } from "../../core/batching.js";
import * as O from "../ops.js";
import { defineExpanded } from "./expanded.js";
import { batchShape, checkMatrix, colsAt, constant, entryAt, flattenBatch, mT, matmul, positions, rowsAt, tril, triu, writeAt } from "./matrix.js";

export interface TriangularSolveParams {
  leftSide: boolean;
  lower: boolean;
  transposeA: boolean;
  conjugateA: boolean;
  unitDiagonal: boolean;
}

/** `s` (a scalar) broadcast to `shape`. */
function bcast(s: Array, shape: readonly number[]): Array {
  return O.broadcastDims(s, shape, []);
}

/** Solves `op(a) X = b` for `a [B, m, m]`, `b [B, m, n]` by substitution. */
function solveLeft(a: Array, b: Array, lower: boolean, transposeA: boolean, unitDiagonal: boolean): Array {
  const [B, m] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const effLower = lower !== transposeA;
  const cols = positions(a, [B, 1, m], 2);
  const [x] = scan(
    (x: Array, i: Array) => {
      // row i of op(a), without the (unread) other triangle and the diagonal
      const row = transposeA ? O.reshapeTo(colsAt(a, i), [B, 1, m]) : rowsAt(a, i);
      const keep = (effLower ? O.lt : O.gt)(cols, bcast(i, cols.shape));
      const r = O.select(keep, row, constant(row, 0));
      const num = O.sub(rowsAt(b, i), matmul(r, x));
      const xi = unitDiagonal ? num : O.div(num, O.broadcastDims(O.reshapeTo(entryAt(a, i, i), [B]), [B, 1, n], [0]));
      return [writeAt(x, xi, i, 0), null] as const;
    },
    constant(b, 0),
    positions(a, [m], 0),
    { reverse: !effLower },
  );
  return x;
}

export const triangularSolve: Primitive<TriangularSolveParams> = defineExpanded<TriangularSolveParams>({
  name: "triangular_solve",
  abstractEval([a, b], { leftSide }) {
    const op = "lax.linalg.triangularSolve";
    checkMatrix(op, a!, true);
    checkMatrix(op, b!);
    const m = a!.shape[a!.shape.length - 1]!;
    const k = b!.shape[b!.shape.length - (leftSide ? 2 : 1)]!;
    const sameBatch = fmtShape(batchShape(a!)) === fmtShape(batchShape(b!));
    if (k !== m || !sameBatch) {
      throw new ShapeError(
        `${op}: a ${fmtShape(a!.shape)} and b ${fmtShape(b!.shape)} do not fit: with leftSide=${leftSide}, b must be ` +
          `[..., ${leftSide ? `${m}, n` : `n, ${m}`}] with a's batch axes ${fmtShape(batchShape(a!))}.`,
      );
    }
    return [aval(b!.shape, b!.dtype)];
  },
  expand([a, b], p) {
    if (a!.size === 0 || b!.size === 0) return [constant(b!, 0)];
    const fa = flattenBatch(a!);
    let fb = flattenBatch(b!);
    let transposeA = p.transposeA;
    // X op(A) = B  <=>  op(A)^T X^T = B^T
    if (!p.leftSide) {
      fb = mT(fb);
      transposeA = !transposeA;
    }
    let x = solveLeft(fa, fb, p.lower, transposeA, p.unitDiagonal);
    if (!p.leftSide) x = mT(x);
    return [O.reshapeTo(x, b!.shape)];
  },
  jvp([a, b], [ta, tb], p) {
    const x = bind1(triangularSolve, [a!, b!], p);
    const solve = (rhs: Array) => bind1(triangularSolve, [a!, rhs], p);
    let t: Array | null = tb ? solve(tb) : null;
    if (ta) {
      const k = p.unitDiagonal ? 1 : 0;
      let g = O.neg(p.lower ? tril(ta, -k) : triu(ta, k));
      if (p.transposeA) g = mT(g);
      const [m, n] = x.shape.slice(-2) as [number, number];
      // the cheaper order of the two products (as JAX)
      const ua = p.leftSide
        ? m > n ? solve(matmul(g, x)) : matmul(solve(g), x)
        : m < n ? solve(matmul(x, g)) : matmul(x, solve(g));
      t = t ? O.add(t, ua) : ua;
    }
    return [[x], [t]];
  },
  transpose([ct], [a, b], p) {
    if (a instanceof UndefinedPrimal || !(b instanceof UndefinedPrimal)) {
      throw new Error("internal: triangular_solve is linear in b only");
    }
    return [null, ct ? bind1(triangularSolve, [a!, ct], { ...p, transposeA: !p.transposeA }) : null];
  },
  batch([a, b], [da, db], p) {
    if (da === null) {
      // One matrix for every batch element: the batch becomes more right-hand sides.
      const r = b!.ndim;
      const y = moveAxis(b!, db!, p.leftSide ? r - 1 : r - 2);
      const out = foldedSolve(a!, y, p);
      return [[out], [p.leftSide ? r - 1 : r - 2]];
    }
    const B = batchSize([a!, b!], [da, db]);
    return [[bind1(triangularSolve, [moveBatchAxis(a!, da, 0, B), moveBatchAxis(b!, db, 0, B)], p)], [0]];
  },
});

/**
 * Solves with an unbatched `a` for a `y` whose batch axis sits beside the right-hand-side axis
 * (last for a left-side solve, second to last otherwise): that axis merges into it.
 */
function foldedSolve(a: Array, y: Array, p: TriangularSolveParams): Array {
  const s = y.shape;
  const r = s.length;
  const lead = s.slice(0, r - 3);
  const merged = p.leftSide ? [...lead, s[r - 3]!, s[r - 2]! * s[r - 1]!] : [...lead, s[r - 3]! * s[r - 2]!, s[r - 1]!];
  const out = bind1(triangularSolve, [a, O.reshapeTo(y, merged)], p);
  return O.reshapeTo(out, s);
}
