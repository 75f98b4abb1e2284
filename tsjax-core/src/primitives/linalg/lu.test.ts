import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, makeJaxpr, np, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/lu.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const L = REFS.lu!;

describeDevices("linalg lu", (device) => {
  const cases = device === "cpu" ? ["square", "wide", "tall", "batched", "zero_column"] : ["square", "tall", "zero_column"];

  test("packed factors, pivots and permutation match JAX (square, wide, tall, batched, a zero column)", async () => {
    for (const name of cases) {
      const c = L[name]!;
      const [lu, pivots, perm] = lax.linalg.lu(refArray(c, "a"));
      await expectRef(lu, c, "lu", { rtol: 1e-4, atol: 1e-5 });
      await expectRef(pivots, c, "pivots", { rtol: 0, atol: 0 });
      await expectRef(perm, c, "perm", { rtol: 0, atol: 0 });
      expect(pivots.dtype).toBe("int32");
    }
  });

  test("gradients of the packed factors match JAX's", async () => {
    for (const name of cases) {
      const c = L[name]!;
      const w = refArray(c, "w");
      const g = grad((a: Array) => lax.linalg.lu(a)[0].mul(w).sum())(refArray(c, "a"));
      await expectRef(g, c, "grad", { rtol: 1e-3, atol: 1e-4, anyNonFinite: true });
    }
  });

  test("luPivotsToPermutation matches JAX (batched, longer permutation)", async () => {
    const c = L.pivots_to_perm!;
    await expectRef(lax.linalg.luPivotsToPermutation(refArray(c, "pivots", "int32"), 5), c, "perm", { rtol: 0, atol: 0 });
  });

  test("checkGrads, vmap and jit", async () => {
    const a = refArray(L.square!, "a");
    await checkGrads((x: Array) => lax.linalg.lu(x)[0], [a], { order: 2, atol: 2e-2, rtol: 2e-2 });
    const as = np.stack([a, a.T, a.mul(3)]);
    const f = (x: Array) => lax.linalg.lu(x);
    const [lv, pv, qv] = vmap(f)(as);
    const loop = [0, 1, 2].map((i) => f(as.get(i)));
    await expectSame(lv, np.stack(loop.map((r) => r[0])));
    await expectSame(pv, np.stack(loop.map((r) => r[1])));
    await expectSame(qv, np.stack(loop.map((r) => r[2])));
    const [lj] = jit(f)(a);
    await expectSame(lj, f(a)[0]);
  });
});

test("linalg lu: one primitive in the jaxpr; bad input", () => {
  expect(makeJaxpr((x: Array) => lax.linalg.lu(x)[0])(np.eye(3)).toString()).toMatch(/= lu a/);
  expect(() => lax.linalg.lu(np.ones([3]))).toThrow(/lax\.linalg\.lu: needs a matrix/);
  expect(() => lax.linalg.luPivotsToPermutation(np.array([0, 1], { dtype: "int32" }), 1)).toThrow(/permutationSize 1 must be an integer >= the number of pivots \(2\)/);
});
