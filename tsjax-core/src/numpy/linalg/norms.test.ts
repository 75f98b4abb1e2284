import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np, vmap } from "../../index.js";
import type { NormOrd } from "./norms.js";
import { REFS } from "./refs/compositions.js";
import { refArray } from "./refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const N = REFS.norms!;
const C = REFS.cond!;
const R = REFS.rank!;

const ordOf = (v: unknown): NormOrd => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : (v as NormOrd));

describeDevices("np.linalg norms, cond, matrixRank", (device) => {
  test("vector norms (every order, keepdims) match JAX", async () => {
    for (const [name, c] of Object.entries(N).filter(([k]) => k.startsWith("vec_"))) {
      const x = refArray(c, "x");
      const ord = ordOf(c.ord);
      await expectRef(np.linalg.vectorNorm(x, { ord, axis: -1 }), c, "out", { rtol: 1e-5 });
      await expectRef(np.linalg.norm(x, ord, { axis: 1, keepdims: true }), c, "keep", { rtol: 1e-5 });
      void name;
    }
  });

  test("matrix norms (every order, axis order, keepdims) and their gradients match JAX", async () => {
    const mats = Object.entries(N).filter(([k]) => k.startsWith("mat_"));
    for (const [name, c] of device === "cpu" ? mats : mats.filter(([k]) => !/nuc|_2|_-2/.test(k))) {
      const x = refArray(c, "x");
      const ord = ordOf(c.ord);
      await expectRef(np.linalg.norm(x, { ord, axis: [1, 2] }), c, "out", { rtol: 1e-5 });
      await expectRef(np.linalg.norm(x, { ord, axis: [2, 0] }), c, "swapped", { rtol: 1e-5 });
      await expectRef(np.linalg.norm(x, { ord, axis: [2, 1], keepdims: true }), c, "keep", { rtol: 1e-5 });
      await expectRef(grad((y: Array) => np.linalg.norm(y, { ord, axis: [1, 2] }).sum())(x), c, "grad", { rtol: 1e-3, atol: 1e-5 });
      void name;
    }
    const d = N.default_all!;
    const x = refArray(d, "x");
    await expectRef(np.linalg.norm(x), d, "out");
    await expectRef(np.linalg.matrixNorm(x), d, "matrix");
    if (device === "cpu") await expectRef(np.linalg.matrixNorm(x, { ord: "nuc" }), d, "matrix_nuc");
    await expectRef(np.linalg.vectorNorm(x), d, "vector_all");
  });

  test("cond (p = none, -2, 1, inf, fro; singular gives Infinity) and its gradient", async () => {
    for (const name of device === "cpu" ? ["well", "hilbert4", "tall"] : ["well"]) {
      const c = C[name]!;
      const a = refArray(c, "a");
      const tol = name === "hilbert4" ? { rtol: 2e-2 } : { rtol: 1e-4 };
      await expectRef(np.linalg.cond(a), c, "none", tol);
      await expectRef(np.linalg.cond(a, -2), c, "m2", tol);
      for (const p of [1, Infinity, "fro"] as const) {
        if (`p_${p === Infinity ? "inf" : p}` in c) await expectRef(np.linalg.cond(a, p), c, `p_${p === Infinity ? "inf" : p}`, tol);
      }
      if (name !== "hilbert4") await expectRef(grad((x: Array) => np.linalg.cond(x))(a), c, "grad", { rtol: 1e-3, atol: 1e-4 });
    }
    const s = C.singular!;
    expect(await np.linalg.cond(refArray(s, "a"), 1).item()).toBe(Infinity);
  });

  test("matrixRank matches JAX (full, deficient, batched, rtol, vectors)", async () => {
    for (const name of ["full", "deficient", "batched", "vector"]) {
      await expectRef(np.linalg.matrixRank(refArray(R[name]!, "a")), R[name]!, "out", { rtol: 0, atol: 0 });
    }
    const h = R.rtol!;
    await expectRef(np.linalg.matrixRank(refArray(h, "a"), { rtol: 1e-4 }), h, "out", { rtol: 0, atol: 0 });
    await expectRef(np.linalg.matrixRank(refArray(h, "a")), h, "default", { rtol: 0, atol: 0 });
  });

  test("checkGrads of the Frobenius and nuclear norms; vmap and jit", async () => {
    const x = refArray(N.mat_fro!, "x").get(0);
    await checkGrads((y: Array) => np.linalg.norm(y), [x], { order: 2 });
    await checkGrads((y: Array) => np.linalg.norm(y, "nuc"), [x], { order: 1 });
    const xs = refArray(N.mat_fro!, "x");
    await expectSame(vmap((y: Array) => np.linalg.norm(y, 2))(xs), np.linalg.norm(xs, { ord: 2, axis: [1, 2] }), { rtol: 1e-5 });
    await expectSame(jit((y: Array) => np.linalg.norm(y, 1))(x), np.linalg.norm(x, 1));
  });
});

test("np.linalg norms: bad orders and axes are errors", () => {
  expect(() => np.linalg.norm(np.ones([2, 2]), "bogus" as never)).toThrow(/invalid order "bogus" for a matrix norm; accepted: "fro", "nuc"/);
  expect(() => np.linalg.vectorNorm(np.ones([2]), { ord: "fro" })).toThrow(/invalid order "fro" for a vector norm/);
  expect(() => np.linalg.norm(np.ones([2, 2, 2]), 2)).toThrow(/give one axis \(a vector norm\) or two \(a matrix norm\)/);
  expect(() => np.linalg.matrixRank(np.eye(2), { rtol: 0.1, tol: 0.1 })).toThrow(/only one of rtol and tol/);
});
