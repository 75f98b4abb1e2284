import { expect, test } from "vitest";
import { type Array, checkGrads, jit, np, scipy, vmap } from "../index.js";
import { REFS } from "../numpy/linalg/refs/cholesky.js";
import { refArray } from "../numpy/linalg/refs/types.js";
import { describeDevices } from "../../test/helpers.js";
import { expectRef, expectSame } from "../../test/linalg-helpers.js";

const S = REFS.scipy!;
const sl = scipy.linalg;

describeDevices("scipy.linalg Cholesky and triangular solves", () => {
  test("cholesky, choFactor and choSolve (upper and lower) match JAX", async () => {
    for (const lower of [false, true]) {
      const c = S[`cho_lower${Number(lower)}`]!;
      const a = refArray(c, "a");
      await expectRef(sl.cholesky(a, { lower }), c, "chol");
      const cf = sl.choFactor(a, { lower });
      expect(cf[1]).toBe(lower);
      await expectRef(cf[0], c, "factor");
      await expectRef(sl.choSolve(cf, refArray(c, "b")), c, "solve");
    }
  });

  test("solveTriangular: trans 0/1/2, lower and upper, a vector right-hand side", async () => {
    for (const trans of [0, 1, 2] as const) {
      for (const lower of [false, true]) {
        const c = S[`st_trans${trans}_lower${Number(lower)}`]!;
        await expectRef(sl.solveTriangular(refArray(c, "a"), refArray(c, "b"), { trans, lower }), c, "out");
      }
    }
    const c = S.st_trans1_lower0!;
    await expectSame(sl.solveTriangular(refArray(c, "a"), refArray(c, "b"), { trans: "T" }), sl.solveTriangular(refArray(c, "a"), refArray(c, "b"), { trans: 1 }));
  });

  test("solveTriangular broadcasts a matrix over a batch of right-hand sides", async () => {
    const c = S.st_broadcast!;
    await expectRef(sl.solveTriangular(refArray(c, "a"), refArray(c, "b"), { lower: true, unitDiagonal: true }), c, "out");
  });

  test("choSolve is differentiable in the factor and the right-hand side; vmap and jit", async () => {
    const c = S.cho_lower1!;
    const a = refArray(c, "a");
    const b = refArray(c, "b");
    const solve = (x: Array, y: Array) => sl.choSolve(sl.choFactor(x, { lower: true }), y);
    await checkGrads(solve, [a, b], { order: 1 });
    await expectSame(jit(solve)(a, b), solve(a, b), { rtol: 1e-5, atol: 1e-5 });
    const bs = np.stack([b, b.mul(2)]);
    await expectSame(vmap(solve, { inAxes: [null, 0] })(a, bs), np.stack([solve(a, b), solve(a, b.mul(2))]), { rtol: 1e-5, atol: 1e-5 });
  });
});

test("scipy.linalg: bad trans and unknown options are errors", () => {
  expect(() => sl.solveTriangular(np.eye(2), np.ones([2]), { trans: 3 as never })).toThrow(/invalid trans 3; use 0 \("N"\), 1 \("T"\) or 2 \("C"\)/);
  expect(() => sl.solveTriangular(np.eye(2), np.ones([3]))).toThrow(/b \[3\] does not fit a \[2,2\]/);
  expect(() => sl.cholesky(np.eye(2), { upper: true } as never)).toThrow(/unknown option "upper". Accepted options: lower, overwriteA, checkFinite/);
});

test("scipy.linalg.blockDiag: blocks of matrices, rows and scalars, as JAX", async () => {
  // jax.scipy.linalg.block_diag(jnp.eye(2), [[5.]], [1., 2, 3], 7.)
  const want = [[1, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0], [0, 0, 5, 0, 0, 0, 0], [0, 0, 0, 1, 2, 3, 0], [0, 0, 0, 0, 0, 0, 7]];
  expect(await sl.blockDiag(np.eye(2), np.array([[5]]), np.array([1, 2, 3]), 7).toArray()).toEqual(want);
  expect(sl.blockDiag().shape).toEqual([1, 0]);
  expect(() => sl.blockDiag(np.ones([1, 1, 1]))).toThrow(/at most 2 axes/);
});
