import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, np, vmap } from "../index.js";
import { REFS } from "../numpy/linalg/refs/extras.js";
import { refArray } from "../numpy/linalg/refs/types.js";
import { describeDevices } from "../../test/helpers.js";
import { expectRef, expectSame } from "../../test/linalg-helpers.js";

const X = REFS.extras!;

describeDevices("lax.linalg extras", () => {
  test("tridiagonalSolve and its gradients (all four operands) match JAX", async () => {
    const c = X.tridiagonal!;
    const args = ["dl", "d", "du", "b"].map((k) => refArray(c, k)) as [Array, Array, Array, Array];
    await expectRef(lax.linalg.tridiagonalSolve(...args), c, "out");
    const w = refArray(c, "w");
    const gs = grad((dl: Array, d: Array, du: Array, b: Array) => lax.linalg.tridiagonalSolve(dl, d, du, b).mul(w).sum(), { argnums: [0, 1, 2, 3] })(...args);
    for (const [i, k] of ["g_dl", "g_d", "g_du", "g_b"].entries()) await expectRef(gs[i]!, c, k, { rtol: 1e-4, atol: 1e-5 });
  });

  test("tridiagonalSolve: checkGrads, vmap (shared diagonals) and jit", async () => {
    const c = X.tridiagonal!;
    const [dl, d, du, b] = ["dl", "d", "du", "b"].map((k) => refArray(c, k).get(0)) as [Array, Array, Array, Array];
    await checkGrads((x: Array, y: Array) => lax.linalg.tridiagonalSolve(dl, x, du, y), [d, b], { order: 2 });
    const bs = np.stack([b, b.mul(2)]);
    const f = (y: Array) => lax.linalg.tridiagonalSolve(dl, d, du, y);
    await expectSame(vmap(f)(bs), np.stack([f(b), f(b.mul(2))]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit(f)(b), f(b));
  });

  test("symmetricProduct, choleskyUpdate and householderProduct match JAX", async () => {
    const s = X.symmetric_product!;
    await expectRef(lax.linalg.symmetricProduct(refArray(s, "a"), refArray(s, "c"), { alpha: 2, beta: 0.5 }), s, "out");
    await expectRef(lax.linalg.symmetricProduct(refArray(s, "a"), refArray(s, "c"), { alpha: 2, beta: 0.5, symmetrizeOutput: true }), s, "sym");
    const u = X.cholesky_update!;
    await expectRef(lax.linalg.choleskyUpdate(refArray(u, "r"), refArray(u, "w")), u, "out", { rtol: 1e-4, atol: 1e-5 });
    const h = X.householder!;
    const q = lax.linalg.householderProduct(refArray(h, "a"), refArray(h, "taus"));
    await expectRef(q, h, "out", { rtol: 1e-4, atol: 1e-5 });
    await expectRef(q, h, "q", { rtol: 1e-4, atol: 1e-5 });
  });
});

test("lax.linalg extras: bad shapes and options", () => {
  expect(() => lax.linalg.tridiagonalSolve(np.ones([3]), np.ones([3]), np.ones([2]), np.ones([3, 1]))).toThrow(/must share one shape \[\.\.\., m\]/);
  expect(() => lax.linalg.tridiagonalSolve(np.ones([3]), np.ones([3]), np.ones([3]), np.ones([3, 1]), { perturbSingular: true })).toThrow(/perturbSingular=true is not supported/);
  expect(() => lax.linalg.choleskyUpdate(np.eye(3), np.ones([2]))).toThrow(/w \[2\] float32 must be \[\.\.\., 3\]/);
  expect(() => lax.linalg.householderProduct(np.ones([2, 3]), np.ones([2]))).toThrow(/m >= n/);
});
