import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, lax, np, scipy, vmap } from "../../index.js";
import { REFS } from "../../numpy/linalg/refs/eigh_svd.js";
import { refArray } from "../../numpy/linalg/refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame, fixSvdSigns, orthoError } from "../../../test/linalg-helpers.js";

const V = REFS.svd!;
const S = REFS.scipy!;

describeDevices("linalg svd", (device) => {
  const cases = device === "cpu" ? ["tall", "wide", "square", "batched", "rank_deficient", "hilbert6", "n40x24", "n1x1"] : ["tall", "wide", "n1x1"];

  test("singular values and (sign-normalized) vectors match JAX, thin and full", async () => {
    for (const name of cases) {
      const c = V[name]!;
      const a = refArray(c, "a");
      const big = name === "n40x24" ? 10 : 1;
      await expectRef(np.linalg.svdvals(a), c, "s", { rtol: 1e-5, atol: 2e-6 * big });
      for (const full of [false, true]) {
        const [u, s, vh] = np.linalg.svd(a, { fullMatrices: full });
        await expectRef(s, c, "s", { rtol: 1e-5, atol: 2e-6 * big });
        expect(await orthoError(u)).toBeLessThan(2e-6 * big);
        expect(await orthoError(np.swapaxes(vh, -1, -2))).toBeLessThan(2e-6 * big);
        if (c.vectors) {
          const [ug, vg] = fixSvdSigns(u, vh);
          const [uw, vw] = fixSvdSigns(refArray(c, full ? "uf" : "u"), refArray(c, full ? "vhf" : "vh"));
          await expectSame(ug, uw, { rtol: 1e-3, atol: 2e-5 * big });
          await expectSame(vg, vw, { rtol: 1e-3, atol: 2e-5 * big });
        }
        // a = u diag(s) vh
        const k = s.shape[s.ndim - 1]!;
        const rec = np.matmul(u.get("...", np.s(0, k)).mul(np.expandDims(s, -2)), vh.get("...", np.s(0, k), np.s()));
        expect(await np.abs(rec.sub(a)).max().item()).toBeLessThan(5e-6 * big);
      }
    }
  });

  test("gradients (singular values; sign-free vector terms) match JAX's", async () => {
    for (const name of cases.filter((n) => "grad_s" in V[n]!)) {
      const c = V[name]!;
      const cs = refArray(c, "cs");
      const Wu = refArray(c, "Wu");
      const Wv = refArray(c, "Wv");
      const a = refArray(c, "a");
      await expectRef(grad((x: Array) => np.linalg.svdvals(x).mul(cs).sum())(a), c, "grad_s", { rtol: 1e-3, atol: 1e-4 });
      const g = grad((x: Array) => {
        const [u, s, vh] = np.linalg.svd(x, { fullMatrices: false });
        return s.mul(cs).sum().add(u.mul(u).mul(Wu).sum()).add(vh.mul(vh).mul(Wv).sum());
      })(a);
      await expectRef(g, c, "grad_uv", { rtol: 2e-3, atol: 2e-4 });
    }
  });

  test("checkGrads, vmap and jit", async () => {
    const a = refArray(V.tall!, "a");
    await checkGrads((x: Array) => np.linalg.svdvals(x), [a], { order: 2 });
    await checkGrads((x: Array) => { const [u] = np.linalg.svd(x, { fullMatrices: false }); return u.mul(u); }, [a], { order: 1 });
    const as = np.stack([a, a.mul(2)]);
    await expectSame(vmap((x: Array) => np.linalg.svdvals(x))(as), np.stack([np.linalg.svdvals(a), np.linalg.svdvals(a.mul(2))]), { rtol: 1e-5, atol: 1e-6 });
    await expectSame(jit((x: Array) => np.linalg.svdvals(x))(a), np.linalg.svdvals(a), { rtol: 1e-6, atol: 1e-6 });
  });

  test("lax.linalg.svd, scipy.linalg.svd and hermitian svd match JAX", async () => {
    const c = S.svd!;
    const a = refArray(c, "a");
    const [u, s, vh] = lax.linalg.svd(a);
    await expectRef(s, c, "s", { atol: 2e-6 });
    expect(u.shape).toEqual([4, 4]);
    expect(vh.shape).toEqual([3, 3]);
    await expectRef(scipy.linalg.svd(a, { computeUv: false }) as Array, c, "s_only", { atol: 2e-6 });
    const [su, , svh] = scipy.linalg.svd(a) as [Array, Array, Array];
    const [ug, vg] = fixSvdSigns(su, svh);
    const [uw, vw] = fixSvdSigns(refArray(c, "u"), refArray(c, "vh"));
    await expectSame(ug, uw, { rtol: 1e-3, atol: 2e-5 });
    await expectSame(vg, vw, { rtol: 1e-3, atol: 2e-5 });
    const h = S.svd_hermitian!;
    const res = np.linalg.svd(refArray(h, "a"), { hermitian: true });
    await expectRef(res.S, h, "s", { atol: 2e-6 });
    const [hu, hv] = fixSvdSigns(res.U, res.Vh);
    const [hu0, hv0] = fixSvdSigns(refArray(h, "u"), refArray(h, "vh"));
    await expectSame(hu, hu0, { rtol: 1e-3, atol: 2e-5 });
    await expectSame(hv, hv0, { rtol: 1e-3, atol: 2e-5 });
  });
});

test("linalg svd: full-matrix derivatives of non-square inputs are not implemented (as in JAX)", () => {
  expect(() => grad((x: Array) => np.linalg.svd(x)[0].sum())(np.ones([3, 2]))).toThrow(/fullMatrices: false/);
  expect(() => lax.linalg.svd(np.ones([3, 2]), { subsetByIndex: [0, 1] })).toThrow(/fullMatrices and subsetByIndex cannot both be set/);
});
