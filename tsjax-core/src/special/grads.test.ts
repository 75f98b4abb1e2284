import { describe, expect, test } from "vitest";
import { type Array, checkGrads, defaultDevice, grad, jit, jvp, np, special } from "../index.js";
import { expectClose } from "../../test/helpers.js";

/** checkGrads options for float32 finite differences. */
const FD = { order: 2, eps: 1e-3, rtol: 2e-2, atol: 2e-2 };

const UNARY: [string, (x: Array) => Array, number[]][] = [
  ["erf", special.erf, [-2.5, -0.7, 0.1, 0.45, 1.3, 3]],
  ["erfc", special.erfc, [-2, -0.3, 0.2, 0.9, 2.5, 4]],
  ["erfcx", special.erfcx, [-1.5, -0.2, 0.3, 1, 3, 12]],
  ["ndtr", special.ndtr, [-6, -1.2, -0.3, 0.5, 2]],
  ["logNdtr", special.logNdtr, [-30, -4, -0.8, 0.2, 1.5, 4]],
  ["ndtri", special.ndtri, [0.03, 0.2, 0.5, 0.7, 0.96]],
  ["erfinv", special.erfinv, [-0.9, -0.3, 0.1, 0.6, 0.95]],
  ["lgamma", special.lgamma, [0.3, 1, 1.7, 4.5, 9, 40, -0.4, -2.6]],
  ["digamma", special.digamma, [0.4, 1.2, 2.5, 7, 30, -0.6, -3.3]],
  ["polygamma(1)", (x) => special.polygamma(1, x), [0.5, 1.5, 4, 12, -1.5]],
  ["i0e", special.i0e, [-12, -3, -0.5, 0.4, 2, 7.5, 9, 40]],
  ["i1e", special.i1e, [-12, -3, -0.5, 0, 0.4, 2, 7.5, 9, 40]],
  ["logit", special.logit, [0.05, 0.3, 0.5, 0.8, 0.97]],
  ["expit", special.expit, [-5, -1, 0, 0.5, 3]],
];

describe("special: derivatives (cpu)", () => {
  defaultDevice("cpu");

  for (const [name, f, xs] of UNARY) {
    test(`${name}: checkGrads to order 2`, async () => {
      await checkGrads(f, [np.array(xs)], FD);
    });
  }

  test("binary functions: checkGrads to order 2", async () => {
    await checkGrads(special.xlogy, [np.array([0.5, 2, -1, 3]), np.array([0.3, 1.5, 2, 7])], FD);
    await checkGrads(special.xlog1py, [np.array([0.5, 2, -1, 3]), np.array([-0.3, 0.5, 2, 7])], FD);
    await checkGrads(special.betaln, [np.array([0.5, 2, 7, 30, 1.5]), np.array([1.5, 3, 9, 2, 80])], FD);
    await checkGrads(special.gammainc, [np.array([0.5, 2, 7, 30, 1.5]), np.array([0.7, 1.5, 9, 27, 3])], FD);
    await checkGrads(special.gammaincc, [np.array([0.5, 2, 7, 30, 1.5]), np.array([0.7, 1.5, 9, 27, 3])], FD);
    const a = np.array([0.5, 2, 7, 30, 1.5]);
    const b = np.array([1.5, 3, 9, 40, 0.8]);
    await checkGrads((x: Array) => special.betainc(a, b, x), [np.array([0.3, 0.5, 0.4, 0.45, 0.9])], FD);
  });

  test("closed-form derivatives", async () => {
    const xs = [-1.5, 0, 0.7, 2];
    await expectClose(grad((x: Array) => special.erf(x).sum())(np.array(xs)), xs.map((x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x)), { rtol: 1e-6 });
    await expectClose(grad((x: Array) => special.ndtri(x).sum())(np.array([0.5])), [Math.sqrt(2 * Math.PI)], { rtol: 1e-6 });
    await expectClose(grad((x: Array) => special.lgamma(x).sum())(np.array([1, 0.5])), [-0.5772156649015329, -1.9635100260214235], { rtol: 1e-6 });
    await expectClose(grad((x: Array) => special.i1e(x).sum())(np.array([0])), [0.5]);
    await expectClose(grad((x: Array) => special.i0e(x).sum())(np.array([0])), [0]);
    // dP/dx = x^(a-1) e^-x / Gamma(a); d betainc/dx = the beta density
    await expectClose(grad((x: Array) => special.gammainc(3, x).sum())(np.array([2])), [(2 * 2 * Math.exp(-2)) / 2], { rtol: 1e-6 });
    await expectClose(grad((x: Array) => special.betainc(2, 3, x).sum())(np.array([0.4])), [12 * 0.4 * 0.6 * 0.6], { rtol: 1e-6 });
    await expectClose(grad((x: Array) => special.logit(x).sum())(np.array([0.2])), [1 / 0.16], { rtol: 1e-6 });
  });

  test("gammainc: derivative in a (supported, as JAX's igamma_grad_a) against mpmath", async () => {
    const dA = grad((a: Array) => special.gammainc(a, np.array([1, 45, 0.1])).sum());
    const g = await dA(np.array([2, 50, 0.3])).data();
    const want = [-0.2761960457028348, -0.04554329214012388, -1.1966608251292228];
    want.forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThan(1e-4 * Math.abs(w) + 1e-6));
    const [, t] = jvp((a: Array) => special.gammaincc(a, 1), [np.array(2)], [np.array(1)]);
    await expectClose(t, 0.2761960457028348, { rtol: 1e-4 });
  });

  test("xlogy / xlog1py gradients are finite where x = 0", async () => {
    const dx = grad((x: Array, y: Array) => special.xlogy(x, y).sum(), { argnums: [0, 1] });
    const [gx, gy] = dx(np.array([0, 0, 2]), np.array([3, 0, 4]));
    await expectClose(gx, [Math.log(3), -Infinity, Math.log(4)], { rtol: 1e-6 });
    await expectClose(gy, [0, 0, 0.5], { rtol: 1e-6 });
    const [hx, hy] = grad((x: Array, y: Array) => special.xlog1py(x, y).sum(), { argnums: [0, 1] })(np.array([0, 0]), np.array([-1, 1]));
    await expectClose(hx, [-Infinity, Math.LN2], { rtol: 1e-6 });
    await expectClose(hy, [0, 0], { rtol: 1e-6 });
  });

  test("betainc: derivatives in a and b are not supported (as in JAX); x alone is", async () => {
    expect(() => grad((a: Array) => special.betainc(a, 2, 0.3))(np.array(1.5))).toThrow(/betainc.*not supported/);
    expect(() => grad((b: Array) => special.betainc(2, b, 0.3))(np.array(1.5))).toThrow(/betainc.*not supported/);
    const g = jit((a: Array, x: Array) => grad((t: Array) => special.betainc(a, 3, t.mul(0.2)))(x))(np.array(2), np.array(2));
    await expectClose(g, 0.2 * 12 * 0.4 * 0.6 * 0.6, { rtol: 1e-6 });
  });
});
