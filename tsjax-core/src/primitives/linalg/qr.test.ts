import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, np, scipy, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/qr.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const Q = REFS.qr!;
const S = REFS.scipy!;

describeDevices("linalg qr", (device) => {
  const cases = device === "cpu" ? ["square", "tall", "wide", "batched", "zero_column", "hilbert5", "n40"] : ["tall", "wide", "zero_column"];

  test("Q and R (full and reduced) match JAX, signs included", async () => {
    for (const name of cases) {
      const c = Q[name]!;
      const a = refArray(c, "a");
      const tol = name === "n40" ? { rtol: 1e-3, atol: 1e-4 } : { rtol: 1e-4, atol: 2e-5 };
      for (const full of [true, false]) {
        const tag = full ? "full" : "reduced";
        const [q, r] = lax.linalg.qr(a, { fullMatrices: full });
        // a zero column leaves Q's last columns to rounding (any orthonormal completion)
        if (name !== "zero_column" || !full) await expectRef(q, c, `q_${tag}`, tol);
        await expectRef(r, c, `r_${tag}`, tol);
      }
    }
  });

  test("gradients match JAX's (reduced: square, tall, wide; full: square, tall, wide)", async () => {
    for (const name of device === "cpu" ? ["square", "tall", "wide", "batched"] : ["tall"]) {
      const c = Q[name]!;
      for (const full of [true, false]) {
        const tag = full ? "full" : "reduced";
        if (!(`grad_${tag}` in c)) continue;
        const wq = refArray(c, `wq_${tag}`);
        const wr = refArray(c, `wr_${tag}`);
        const g = grad((x: Array) => {
          const [q, r] = lax.linalg.qr(x, { fullMatrices: full });
          return q.mul(wq).sum().add(r.mul(wr).sum());
        })(refArray(c, "a"));
        await expectRef(g, c, `grad_${tag}`, { rtol: 1e-3, atol: 1e-4 });
      }
    }
  });

  test("checkGrads (second order) on tall and wide matrices", async () => {
    for (const name of ["tall", "wide"]) {
      await checkGrads((x: Array) => np.linalg.qr(x), [refArray(Q[name]!, "a")], { order: 2, atol: 2e-2, rtol: 2e-2 });
    }
    await checkGrads((x: Array) => lax.linalg.qr(x, { fullMatrices: true }), [refArray(Q.tall!, "a")], { order: 1, atol: 2e-2, rtol: 2e-2 });
  });

  test("np.linalg.qr and scipy.linalg.qr modes match JAX; vmap and jit", async () => {
    const m = S.modes!;
    const a = refArray(m, "a");
    const [q, r] = scipy.linalg.qr(a) as [Array, Array];
    await expectRef(q, m, "q");
    await expectRef(r, m, "r");
    const [qe, re] = scipy.linalg.qr(a, { mode: "economic" }) as [Array, Array];
    await expectRef(qe, m, "qe");
    await expectRef(re, m, "re");
    await expectRef(scipy.linalg.qr(a, { mode: "r" })[0], m, "rr");
    const n = S.np_complete!;
    const res = np.linalg.qr(a, "complete");
    await expectRef(res.Q, n, "q");
    await expectRef(res[1], n, "r");
    await expectRef(np.linalg.qr(a, "r"), n, "r_only");
    const as = np.stack([a, a.mul(-2)]);
    const [qv] = vmap((x: Array) => np.linalg.qr(x))(as);
    await expectSame(qv, np.stack([np.linalg.qr(a)[0], np.linalg.qr(a.mul(-2))[0]]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => np.linalg.qr(x)[1])(a), np.linalg.qr(a)[1]);
  });
});

test("linalg qr: unsupported options are errors", () => {
  expect(() => lax.linalg.qr(np.eye(2), { pivoting: true })).toThrow(/pivoting=true \(column-pivoted QR\) is not supported/);
  expect(() => np.linalg.qr(np.eye(2), "raw" as never)).toThrow(/unsupported mode "raw"/);
  expect(() => scipy.linalg.qr(np.eye(2), { mode: "reduced" as never })).toThrow(/unsupported mode "reduced"; accepted: "full", "economic", "r"/);
});
