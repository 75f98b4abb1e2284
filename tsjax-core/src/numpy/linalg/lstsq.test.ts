import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np, vmap } from "../../index.js";
import { REFS } from "./refs/compositions.js";
import { refArray } from "./refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const L = REFS.lstsq!;
const P = REFS.pinv!;

describeDevices("np.linalg lstsq and pinv", (device) => {
  test("lstsq: solution, residuals, rank and singular values match JAX", async () => {
    for (const name of device === "cpu" ? ["over", "under", "deficient"] : ["over"]) {
      const c = L[name]!;
      const [x, resid, rank, s] = np.linalg.lstsq(refArray(c, "a"), refArray(c, "b"));
      await expectRef(x, c, "x", { rtol: 1e-4, atol: 1e-5 });
      await expectRef(resid, c, "resid", { rtol: 1e-3, atol: 1e-5 });
      await expectRef(rank, c, "rank", { rtol: 0, atol: 0 });
      expect(rank.dtype).toBe("int32");
      await expectRef(s, c, "s", { rtol: 1e-5, atol: 1e-6 });
      await expectRef(grad((a: Array) => np.linalg.lstsq(a, refArray(c, "b"))[0].sum())(refArray(c, "a")), c, "grad_a", { rtol: 2e-3, atol: 1e-4 });
    }
    const r = L.rcond!;
    const [x, , rank] = np.linalg.lstsq(refArray(r, "a"), refArray(r, "b"), { rcond: 0.5 });
    await expectRef(x, r, "x", { rtol: 1e-4, atol: 1e-5 });
    await expectRef(rank, r, "rank", { rtol: 0, atol: 0 });
  });

  test("pinv and its gradient match JAX (tall, wide, rank-deficient, batched, hermitian)", async () => {
    for (const name of device === "cpu" ? ["tall", "wide", "deficient", "batched"] : ["wide"]) {
      const c = P[name]!;
      const a = refArray(c, "a");
      await expectRef(np.linalg.pinv(a), c, "out", { rtol: 1e-4, atol: 2e-5 });
      const w = refArray(c, "w");
      await expectRef(grad((x: Array) => np.linalg.pinv(x).mul(w).sum())(a), c, "grad", { rtol: 2e-3, atol: 2e-4 });
    }
    await expectRef(np.linalg.pinv(refArray(P.hermitian!, "a"), { hermitian: true }), P.hermitian!, "out", { rtol: 1e-4, atol: 2e-5 });
  });

  test("checkGrads of pinv; vmap and jit", async () => {
    const a = refArray(P.tall!, "a");
    await checkGrads((x: Array) => np.linalg.pinv(x), [a], { order: 1 });
    const as = np.stack([a, a.mul(2)]);
    await expectSame(vmap((x: Array) => np.linalg.pinv(x))(as), np.stack([np.linalg.pinv(a), np.linalg.pinv(a.mul(2))]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => np.linalg.lstsq(x, np.ones([5]))[0])(a), np.linalg.lstsq(a, np.ones([5]))[0], { rtol: 1e-5, atol: 1e-6 });
  });
});

test("np.linalg lstsq: unsupported cases are errors", () => {
  expect(() => np.linalg.lstsq(np.ones([2, 2, 2]), np.ones([2]))).toThrow(/a must be 2-D/);
  expect(() => np.linalg.lstsq(np.ones([3, 2]), np.ones([2]))).toThrow(/same number of rows/);
  expect(() => np.linalg.lstsq(np.ones([3, 2]), np.ones([3]), { numpyResid: true as never })).toThrow(/numpyResid=true is not offered/);
  expect(() => np.linalg.pinv(np.eye(2), { rtol: 0.1, rcond: 0.1 })).toThrow(/only one of rtol and rcond/);
});
