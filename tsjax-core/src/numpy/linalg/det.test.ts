import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np, vmap } from "../../index.js";
import { REFS } from "./refs/lu.js";
import { refArray } from "./refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const D = REFS.det!;

describeDevices("np.linalg det and slogdet", (device) => {
  const cases = device === "cpu" ? ["n1", "n2", "n3", "n5", "batched", "rank_n_minus_1"] : ["n1", "n2", "n5"];

  test("values and gradients match JAX (1x1 to 5x5, batched, rank n-1)", async () => {
    for (const name of cases) {
      const c = D[name]!;
      const a = refArray(c, "a");
      await expectRef(np.linalg.det(a), c, "det", { rtol: 1e-4, atol: 1e-5 });
      const [sign, logdet] = np.linalg.slogdet(a);
      await expectRef(sign, c, "sign");
      const s = np.linalg.slogdet(a);
      expect(s.sign).toBe(s[0]);
      await expectRef(grad((x: Array) => np.linalg.det(x).sum())(a), c, "grad_det", { rtol: 1e-3, atol: 1e-4 });
      if (name !== "rank_n_minus_1") {
        await expectRef(logdet, c, "logabsdet", { rtol: 1e-4, atol: 1e-5 });
        await expectRef(grad((x: Array) => np.linalg.slogdet(x)[1].sum())(a), c, "grad_logdet", { rtol: 1e-3, atol: 1e-4 });
      }
    }
  });

  test("a matrix of rank n-2 has a zero derivative; singular slogdet is (0, -inf)", async () => {
    const c = D.rank_n_minus_2!;
    await expectRef(grad((x: Array) => np.linalg.det(x))(refArray(c, "a")), c, "grad_det", { atol: 1e-5 });
    const s = D.singular_slogdet!;
    const [sign, logdet] = np.linalg.slogdet(refArray(s, "a"));
    expect(await sign.item()).toBe(0);
    expect(await logdet.item()).toBe(-Infinity);
  });

  test("checkGrads, vmap and jit", async () => {
    const a = refArray(D.n5!, "a");
    await checkGrads((x: Array) => np.linalg.det(x), [a], { order: 1 });
    await checkGrads((x: Array) => np.linalg.slogdet(x)[1], [a], { order: 2 });
    await checkGrads((x: Array) => np.linalg.det(x), [refArray(D.n3!, "a")], { order: 2 });
    const as = np.stack([a, a.T.mul(2)]);
    await expectSame(vmap((x: Array) => np.linalg.det(x))(as), np.stack([np.linalg.det(a), np.linalg.det(a.T.mul(2))]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => np.linalg.slogdet(x)[1])(a), np.linalg.slogdet(a)[1]);
  });
});
