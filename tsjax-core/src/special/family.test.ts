import { expect, test } from "vitest";
import { type Array, grad, jit, np, special, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { SPECIAL as R } from "../../test/refs/laxlib/special.js";

const arr = (v: readonly number[]) => np.array([...v]);
const list = (v: readonly number[]) => [...v];
/** Elementwise gradient of a scalar function of each argument (vmap of grad, as the JAX script). */
function egrad(f: (...a: Array[]) => Array, argnum: number, ...xs: Array[]): Array {
  return vmap(grad((...a: Array[]) => f(...a), { argnums: argnum }))(...xs) as Array;
}

describeDevices("special: gamma family, zeta, entropy, Bessel against JAX 0.10.2", (device) => {
  // Ratios of lgamma-based exponentials: JAX's own lgamma is off by a few 1e-7 absolute.
  const tol = { rtol: device === "webgpu" ? 6e-5 : 2e-5, atol: 2e-6 };

  test("unary: gamma, gammasgn, loggamma, factorial, i0, i1, entr", async () => {
    const x = arr(R.x);
    const fns: Record<keyof typeof R.unary, (x: Array) => Array> = {
      gamma: special.gamma, gammasgn: special.gammasgn, loggamma: special.loggamma, factorial: special.factorial,
      i0: special.i0, i1: special.i1, entr: special.entr,
    };
    for (const [name, f] of Object.entries(fns)) await expectClose(f(x), list(R.unary[name as keyof typeof R.unary]), tol);
    for (const name of ["gamma", "i0", "i1"] as const) await expectClose(egrad(fns[name], 0, x), list(R.unaryGrad[name]), { ...tol, rtol: tol.rtol * 3 });
    await expectClose(egrad(special.entr, 0, arr(R.pos)), list(R.entrGrad), tol);
  });

  test("multigammaln, bernoulli, besselJn", async () => {
    await expectClose(special.multigammaln(np.array([1.5, 2.5, 4, 10]), 3), list(R.multigammaln3), tol);
    await expectClose(special.multigammaln(np.array([0.5, 2.5, 4, 10]), 1), list(R.multigammaln1), tol);
    await expectClose(special.bernoulli(12), list(R.bernoulli), { rtol: 1e-6 });
    const jn = special.besselJn(arr(R.jz), { v: 3 });
    expect(jn.shape).toEqual([4, 5]);
    await expectClose(jn.reshape(-1), list(R.besselJn3), { rtol: 1e-4, atol: 1e-6 });
  });

  test("binary: beta, poch, comb and their gradients", async () => {
    const [a, b] = [arr(R.a), arr(R.b)];
    await expectClose(special.beta(a, b), list(R.beta), tol);
    await expectClose(special.poch(a, b), list(R.poch), tol);
    for (const i of [0, 1]) {
      await expectClose(egrad(special.beta, i, a, b), list(R.betaGrad[i]!), { ...tol, rtol: tol.rtol * 3 });
      await expectClose(egrad(special.poch, i, np.abs(a), b), list(R.pochGrad[i]!), { ...tol, rtol: tol.rtol * 3 });
    }
    const [n, k] = [arr(R.combN), arr(R.combK)];
    await expectClose(special.comb(n, k), list(R.comb), tol);
    await expectClose(special.comb(n, k, { repetition: true }), list(R.combRep), tol);
  });

  test("zeta and polygamma with an integer-array order", async () => {
    await expectClose(special.zeta(arr(R.zx), arr(R.zq)), list(R.zeta), { rtol: 2e-6, atol: 0 });
    const gx = arr(R.zx.slice(0, 6));
    const gq = arr(R.zq.slice(0, 6));
    for (const i of [0, 1]) await expectClose(egrad(special.zeta, i, gx, gq), list(R.zetaGrad[i]!), { rtol: 2e-5, atol: 1e-6 });
    const n = np.array([...R.pn], { dtype: "int32" });
    await expectClose(special.polygamma(n, arr(R.px)), list(R.polygammaArr), { rtol: 2e-5, atol: 1e-6 });
    const pg = vmap(grad((x: Array, nn: Array) => special.polygamma(nn, x)))(arr(R.px.slice(0, 6)), np.array(R.pn.slice(0, 6), { dtype: "int32" }));
    await expectClose(pg as Array, list(R.polygammaArrGrad), { rtol: 5e-5, atol: 1e-5 });
  });

  test("relEntr, klDiv, boxcox, boxcox1p", async () => {
    const [p, q] = [arr(R.p), arr(R.q)];
    await expectClose(special.relEntr(p, q), list(R.relEntr), tol);
    await expectClose(special.klDiv(p, q), list(R.klDiv), tol);
    const [gp, gq] = [arr(R.gp), arr(R.gq)];
    for (const i of [0, 1]) {
      await expectClose(egrad(special.relEntr, i, gp, gq), list(R.relEntrGrad[i]!), tol);
      await expectClose(egrad(special.klDiv, i, gp, gq), list(R.klDivGrad[i]!), tol);
    }
    const [bx, bl] = [arr(R.bx), arr(R.bl)];
    await expectClose(special.boxcox(bx, bl), list(R.boxcox), tol);
    await expectClose(special.boxcox1p(bx, bl), list(R.boxcox1p), tol);
    await expectClose(egrad(special.boxcox, 0, bx, bl), list(R.boxcoxGrad), tol);
  });

  test("jit equals eager", async () => {
    const x = arr(R.x);
    await expectClose(jit((v: Array) => special.gamma(v).add(special.i1(v)))(x), globalThis.Array.from(await special.gamma(x).add(special.i1(x)).data()), { rtol: 1e-6 });
    await expectClose(jit(special.zeta)(arr(R.zx), arr(R.zq)), list(R.zeta), { rtol: 2e-6 });
  });

  test("argument errors name the call", () => {
    expect(() => special.zeta(2)).toThrow(/special\.zeta: .*pass q/);
    expect(() => special.comb(3, 1, { bogus: 1 } as never)).toThrow(/special\.comb.*bogus/);
    expect(() => special.multigammaln(2, 0)).toThrow(/multigammaln: d must be a positive integer/);
    expect(() => special.polygamma(np.array([1.5]), 1)).toThrow(/polygamma: n must have an integer dtype/);
    expect(() => special.besselJn(1, { v: 60 })).toThrow(/besselJn: v \(60\) must be at most nIter \(50\)/);
    expect(() => special.factorial(3, true)).toThrow(/exact=true/);
  });
});

test("special re-exports nn's softmax, logSoftmax and logsumexp, as jax.scipy.special", async () => {
  const { nn } = await import("../index.js");
  expect(special.softmax).toBe(nn.softmax);
  expect(special.logSoftmax).toBe(nn.logSoftmax);
  expect(special.logsumexp).toBe(nn.logsumexp);
});
