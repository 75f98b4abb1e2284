import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np, scipy, vmap } from "../index.js";
import { REFS } from "../numpy/linalg/refs/expm.js";
import { refArray } from "../numpy/linalg/refs/types.js";
import { describeDevices } from "../../test/helpers.js";
import { expectRef, expectSame } from "../../test/linalg-helpers.js";

const E = REFS.expm!;

describeDevices("scipy.linalg.expm", (device) => {
  test("values and gradients match JAX (Padé 3, 5, 7; scaling; batched)", async () => {
    for (const name of device === "cpu" ? ["small", "mid", "order7", "scaled", "batched", "nilpotent"] : ["mid", "scaled"]) {
      const c = E[name]!;
      const a = refArray(c, "a");
      await expectRef(scipy.linalg.expm(a), c, "out", { rtol: 2e-5, atol: 1e-5 });
      const w = refArray(c, "w");
      await expectRef(grad((x: Array) => scipy.linalg.expm(x).mul(w).sum())(a), c, "grad", { rtol: 1e-3, atol: 1e-4 });
    }
  });

  test("upperTriangular; too many squarings gives NaN", async () => {
    await expectRef(scipy.linalg.expm(refArray(E.upper!, "a"), { upperTriangular: true }), E.upper!, "out", { rtol: 2e-5, atol: 1e-5 });
    const nan = await scipy.linalg.expm(refArray(E.too_big!, "a"), { maxSquarings: 4 }).toArray();
    expect((nan as number[][]).flat().every(Number.isNaN)).toBe(true);
  });

  test("checkGrads, vmap and jit", async () => {
    const a = refArray(E.mid!, "a");
    await checkGrads((x: Array) => scipy.linalg.expm(x), [a], { order: 1 });
    const as = np.stack([a, a.mul(3)]);
    await expectSame(vmap((x: Array) => scipy.linalg.expm(x))(as), scipy.linalg.expm(as), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => scipy.linalg.expm(x))(a), scipy.linalg.expm(a), { rtol: 1e-5, atol: 1e-6 });
  });
});
