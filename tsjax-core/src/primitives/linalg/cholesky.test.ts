import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, makeJaxpr, np, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/cholesky.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const C = REFS.cholesky!;

describeDevices("linalg cholesky", (device) => {
  // WebGPU (a software driver in CI) compiles each new shape slowly: a representative subset.
  const cases = device === "cpu" ? ["small", "batched", "hilbert5", "n32", "not_pd", "asymmetric", "one"] : ["small", "batched", "not_pd"];

  test("values match JAX (np.linalg.cholesky, lower and upper)", async () => {
    for (const name of cases) {
      const c = C[name]!;
      const a = refArray(c, "a");
      // Hilbert(5) has condition number 5e5: float32 factors agree to about that times eps
      const tol = name === "hilbert5" ? { rtol: 2e-3, atol: 2e-3 } : { rtol: 1e-4, atol: 2e-5 };
      await expectRef(np.linalg.cholesky(a), c, "out", tol);
      await expectRef(np.linalg.cholesky(a, { upper: true }), c, "upper", tol);
    }
  });

  test("a matrix that is not positive definite gives NaNs in the lower triangle", async () => {
    const l = np.linalg.cholesky(np.array([[1, 2], [2, 1]]));
    expect(await l.toArray()).toEqual([[NaN, 0], [NaN, NaN]]);
  });

  test("symmetrizeInput false reads the lower triangle only", async () => {
    const c = C.lower_only!;
    await expectRef(lax.linalg.cholesky(refArray(c, "a"), { symmetrizeInput: false }), c, "out");
  });

  test("gradients match JAX's", async () => {
    for (const name of cases.filter((n) => n !== "not_pd")) {
      const c = C[name]!;
      const w = refArray(c, "w");
      const g = grad((a: Array) => np.linalg.cholesky(a).mul(w).sum())(refArray(c, "a"));
      const tol = name === "hilbert5" ? { rtol: 5e-2, atol: 5e-1 } : name === "n32" ? { rtol: 1e-3, atol: 1e-4 } : { rtol: 1e-4, atol: 1e-4 };
      await expectRef(g, c, "grad", tol);
    }
  });

  test("checkGrads: first and second order, forward and reverse", async () => {
    const a = refArray(C.small!, "a");
    await checkGrads((x: Array) => np.linalg.cholesky(x), [a], { order: 2, atol: 2e-2, rtol: 2e-2 });
  });

  test("vmap matches a loop; jit matches eager", async () => {
    const a = refArray(C.batched!, "a").reshape([6, 4, 4]);
    const batched = vmap((x: Array) => lax.linalg.cholesky(x))(a);
    const loop = np.stack([0, 1, 2, 3, 4, 5].map((i) => lax.linalg.cholesky(a.get(i))));
    await expectSame(batched, loop);
    await expectSame(jit((x: Array) => np.linalg.cholesky(x))(a), np.linalg.cholesky(a));
    // vmap of grad and grad under jit
    const w = refArray(C.small!, "w");
    const g = (x: Array) => grad((y: Array) => np.linalg.cholesky(y).mul(w).sum())(x);
    const a3 = refArray(C.small!, "a");
    await expectSame(jit(g)(a3), g(a3), { rtol: 1e-5, atol: 1e-5 });
    await expectSame(vmap(g)(np.stack([a3, a3.mul(2)])), np.stack([g(a3), g(a3.mul(2))]), { rtol: 1e-5, atol: 1e-5 });
  });

  test("jaxpr shows one cholesky primitive (after JAX's symmetrization)", () => {
    const text = makeJaxpr((x: Array) => lax.linalg.cholesky(x))(np.eye(3)).toString();
    expect(text).toMatch(/= cholesky /);
    expect(text).not.toMatch(/scan/);
  });
});

test("linalg cholesky: errors name the op, the shape and the fix", () => {
  expect(() => np.linalg.cholesky(np.ones([2, 3]))).toThrow(/np\.linalg\.cholesky: needs square matrices \[\.\.\., n, n\], got shape \[2,3\]/);
  expect(() => np.linalg.cholesky(np.ones([3]))).toThrow(/needs a matrix/);
  expect(() => lax.linalg.cholesky(np.ones([2, 2], { dtype: "int32" }))).toThrow(/float32.*astype/);
  expect(() => np.linalg.cholesky(np.eye(2), { lower: true } as never)).toThrow(/unknown option "lower". Accepted options: upper, symmetrizeInput/);
});

test("linalg cholesky: a 64x64 factorization is fast and accurate", async () => {
  const n = 64;
  const r = np.array(globalThis.Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.3))).reshape([n, n]);
  const a = np.matmul(r, r.T).add(np.eye(n).mul(n));
  const l = np.linalg.cholesky(a);
  const err = await np.abs(np.matmul(l, l.T).sub(a)).max().item();
  expect(err).toBeLessThan(1e-4 * n);
});
