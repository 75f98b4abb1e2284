import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, makeJaxpr, np, scipy, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/eigh_svd.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame, fixColumnSigns, orthoError } from "../../../test/linalg-helpers.js";

const E = REFS.eigh!;
const S = REFS.scipy!;

describeDevices("linalg eigh", (device) => {
  const cases = device === "cpu" ? ["n3", "n5", "batched", "n32", "hilbert6", "degenerate", "n1"] : ["n3", "n5", "n1"];

  test("eigenvalues and (sign-normalized) eigenvectors match JAX", async () => {
    for (const name of cases) {
      const c = E[name]!;
      const a = refArray(c, "a");
      const [w, v] = np.linalg.eigh(a);
      await expectRef(w, c, "w", { rtol: 1e-5, atol: 2e-6 * (name === "n32" ? 10 : 1) });
      expect(await orthoError(v)).toBeLessThan(1e-5);
      if (c.vectors) await expectSame(fixColumnSigns(v), fixColumnSigns(refArray(c, "v")), { rtol: 1e-3, atol: 2e-5 * (name === "n32" ? 10 : 1) });
      // a v = v diag(w)
      const res = await np.abs(np.matmul(a, v).sub(v.mul(np.expandDims(w, -2)))).max().item();
      expect(res).toBeLessThan(1e-5 * (name === "n32" ? 10 : 1));
    }
  });

  test("UPLO 'U' without symmetrization reads the upper triangle", async () => {
    const c = E.upper_only!;
    const [w, v] = np.linalg.eigh(refArray(c, "a"), { UPLO: "U", symmetrizeInput: false });
    await expectRef(w, c, "w", { atol: 2e-6 });
    await expectSame(fixColumnSigns(v), fixColumnSigns(refArray(c, "v")), { rtol: 1e-3, atol: 2e-5 });
  });

  test("gradients (eigenvalues and sign-free eigenvector terms) match JAX's", async () => {
    for (const name of cases.filter((n) => "grad" in E[n]!)) {
      const c = E[name]!;
      const cw = refArray(c, "cw");
      const W = refArray(c, "W");
      const g = grad((x: Array) => {
        const [w, v] = np.linalg.eigh(x);
        return w.mul(cw).sum().add(v.mul(v).mul(W).sum());
      })(refArray(c, "a"));
      await expectRef(g, c, "grad", { rtol: 1e-3, atol: 2e-4 });
    }
  });

  test("checkGrads (eigenvalues to second order), vmap and jit", async () => {
    const a = refArray(E.n5!, "a");
    await checkGrads((x: Array) => np.linalg.eigvalsh(x), [a], { order: 2 });
    await checkGrads((x: Array) => { const v = np.linalg.eigh(x)[1]; return v.mul(v); }, [a], { order: 1 });
    const as = np.stack([a, a.mul(-1)]);
    await expectSame(vmap((x: Array) => np.linalg.eigvalsh(x))(as), np.stack([np.linalg.eigvalsh(a), np.linalg.eigvalsh(a.mul(-1))]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => np.linalg.eigvalsh(x))(a), np.linalg.eigvalsh(a), { rtol: 1e-6, atol: 1e-6 });
  });

  test("lax.linalg.eigh returns [v, w]; subsetByIndex; scipy.linalg.eigh", async () => {
    const c = E.n5!;
    const a = refArray(c, "a");
    const [v, w] = lax.linalg.eigh(a);
    await expectRef(w, c, "w", { atol: 2e-6 });
    expect(v.shape).toEqual([5, 5]);
    const [vs, ws] = lax.linalg.eigh(a, { subsetByIndex: [1, 3] });
    expect(vs.shape).toEqual([5, 2]);
    await expectSame(ws, w.get(np.s(1, 3)));
    const sc = S.eigh!;
    const [sw, sv] = scipy.linalg.eigh(refArray(sc, "a")) as [Array, Array];
    await expectRef(sw, sc, "w", { atol: 2e-6 });
    await expectSame(fixColumnSigns(sv), fixColumnSigns(refArray(sc, "v")), { rtol: 1e-3, atol: 2e-5 });
    await expectRef(scipy.linalg.eigh(refArray(sc, "a"), { eigvalsOnly: true }) as Array, sc, "w_only", { atol: 2e-6 });
  });
});

test("linalg eigh: one primitive in the jaxpr; eig is not available (no general eigensolver)", () => {
  expect(makeJaxpr((x: Array) => lax.linalg.eigh(x)[1])(np.eye(3)).toString()).toMatch(/= eigh\[lower=true sortEigenvalues=true\]/);
  expect(() => np.linalg.eig(np.eye(2))).toThrow(/complex.*np\.linalg\.eigh/);
  expect(() => np.linalg.eigh(np.eye(2), { UPLO: "X" as never })).toThrow(/UPLO must be "L", "U" or null/);
});
