import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, np, vjp, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/cholesky.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const T = REFS.triangular!;

type Opts = { leftSide: boolean; lower: boolean; transposeA: boolean; unitDiagonal: boolean };
const optsOf = (c: (typeof T)[string]): Opts => ({
  leftSide: c.leftSide as boolean,
  lower: c.lower as boolean,
  transposeA: c.transposeA as boolean,
  unitDiagonal: c.unitDiagonal as boolean,
});

describeDevices("linalg triangularSolve", (device) => {
  const combos = Object.keys(T).filter((k) => k.startsWith("l"));
  // WebGPU compiles each variant anew (slowly on a software driver): every other one there
  const some = device === "cpu" ? combos : combos.filter((_, i) => i % 3 === 0);

  test("all 16 variants (side, triangle, transpose, unit diagonal) match JAX", async () => {
    for (const name of some) {
      const c = T[name]!;
      await expectRef(lax.linalg.triangularSolve(refArray(c, "a"), refArray(c, "b"), optsOf(c)), c, "out", { rtol: 1e-4, atol: 1e-5 });
    }
  });

  test("gradients in a and b match JAX's", async () => {
    for (const name of some) {
      const c = T[name]!;
      const w = refArray(c, "w");
      const f = (a: Array, b: Array) => lax.linalg.triangularSolve(a, b, optsOf(c)).mul(w).sum();
      const [ga, gb] = grad(f, { argnums: [0, 1] })(refArray(c, "a"), refArray(c, "b"));
      await expectRef(ga, c, "grad_a", { rtol: 1e-4, atol: 1e-5 });
      await expectRef(gb, c, "grad_b", { rtol: 1e-4, atol: 1e-5 });
    }
  });

  test("batched, vector and ill-conditioned systems", async () => {
    for (const name of ["batched", "vector", "ill"]) {
      const c = T[name]!;
      // cond(ill) is about 1e4: float32 solutions keep about 3 digits
      const tol = name === "ill" ? { rtol: 2e-3, atol: 1e-3 } : { rtol: 1e-4, atol: 1e-5 };
      await expectRef(lax.linalg.triangularSolve(refArray(c, "a"), refArray(c, "b"), optsOf(c)), c, "out", tol);
    }
  });

  test("checkGrads (second order) and the transpose in b", async () => {
    const c = T.l1_lo1_t0_u0!;
    const a = refArray(c, "a");
    const b = refArray(c, "b");
    const f = (x: Array, y: Array) => lax.linalg.triangularSolve(x, y, { leftSide: true, lower: true });
    await checkGrads(f, [a, b], { order: 2 });
    // linear in b: the VJP is the solve with the transposed triangle
    const [, back] = vjp((y: Array) => f(a, y), b);
    const ct = np.ones(b.shape);
    const [gb] = back(ct) as [Array];
    await expectSame(gb, lax.linalg.triangularSolve(a, ct, { leftSide: true, lower: true, transposeA: true }), { rtol: 1e-5, atol: 1e-5 });
  });

  test("vmap (batched or shared matrix, both sides) matches a loop; jit matches eager", async () => {
    const c = T.l1_lo1_t0_u0!;
    const a = refArray(c, "a");
    const bs = np.stack([refArray(c, "b"), refArray(c, "b").mul(-2), refArray(c, "b").add(1)]);
    const loop = (f: (a: Array, b: Array) => Array, as: Array[], bl: Array[]) => np.stack(as.map((ai, i) => f(ai, bl[i]!)));
    const list = [0, 1, 2].map((i) => bs.get(i));
    for (const leftSide of [true, false]) {
      const f = (x: Array, y: Array) => lax.linalg.triangularSolve(x, leftSide ? y : y.T, { leftSide, lower: true });
      // shared a: the batch folds into more right-hand sides
      await expectSame(vmap(f, { inAxes: [null, 0] })(a, bs), loop(f, [a, a, a], list), { rtol: 1e-5, atol: 1e-5 });
      // batched a and b, the batch axis elsewhere than 0
      const as = [a, a.mul(2), a.add(np.eye(5))];
      await expectSame(vmap(f, { inAxes: [2, 0] })(np.stack(as, 2), bs), loop(f, as, list), { rtol: 1e-5, atol: 1e-5 });
    }
    const g = (x: Array, y: Array) => lax.linalg.triangularSolve(x, y, { leftSide: true, lower: false, transposeA: true });
    await expectSame(jit(g)(a, bs.get(0)), g(a, bs.get(0)));
  });
});

test("linalg triangularSolve: JAX's defaults are a right-side, upper-triangular solve", async () => {
  const u = np.array([[2, 1], [0, 4]]);
  const x = lax.linalg.triangularSolve(u, np.array([[2, 9]])); // x u = b
  expect(await x.toArray()).toEqual([[1, 2]]);
});

test("linalg triangularSolve: errors", () => {
  expect(() => lax.linalg.triangularSolve(np.eye(3), np.ones([2, 2]), { leftSide: true })).toThrow(
    /triangularSolve: a \[3,3\] and b \[2,2\] do not fit: with leftSide=true, b must be \[\.\.\., 3, n\]/,
  );
  expect(() => lax.linalg.triangularSolve(np.eye(3), np.ones([3, 3]), { left: true } as never)).toThrow(/unknown option "left"/);
});
