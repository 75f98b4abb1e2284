import { expect, test } from "vitest";
import { np, special } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

const inf = Infinity;
const LOG_SQRT_2PI = 0.9189385332046728;

describeDevices("special: known values, tails and special values", (device) => {
  const r = device === "webgpu" ? 1e-6 : 4e-7;

  test("erf, erfc, erfcx", async () => {
    await expectClose(special.erf(np.array([0, 0.5, 1, 3, -0.5, inf, -inf, NaN, 1e-30])), [0, 0.5204998778130465, 0.8427007929497149, 0.9999779095030014, -0.5204998778130465, 1, -1, NaN, 1.1283791670955126e-30], { rtol: r, atol: 0 });
    await expectClose(special.erfc(np.array([0, 2, 9, 10.5, -inf, inf, NaN, -3])), [1, 0.004677734981047266, 4.137031746513810e-37, 0, 2, 0, NaN, 1.9999779095030015], { rtol: 4 * r, atol: 0 });
    await expectClose(special.erfcx(np.array([0, 1, 100, 1e10, inf, -10, -inf])), [1, 0.42758357615580705, 0.005641613782989433, 5.641895835477563e-11, 0, inf, inf], { rtol: r, atol: 0 });
  });

  test("ndtr, logNdtr (lower tail: -x^2/2 - log(-x) - log sqrt(2 pi)), ndtri, erfinv", async () => {
    await expectClose(special.ndtr(np.array([0, 1.96, -5, -12, inf, -inf, NaN])), [0.5, 0.9750021048517795, 2.866515718791939e-7, 1.776482112077679e-33, 1, 0, NaN], { rtol: 4 * r, atol: 0 });
    for (const x of [-20, -100, -1e4, -1e8]) {
      const asym = -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI - 1 / (x * x) + 2.5 / x ** 4;
      await expectClose(special.logNdtr(x), asym, { rtol: r, atol: 0 });
    }
    await expectClose(special.logNdtr(np.array([0, 5, inf, -inf, NaN])), [-Math.LN2, -2.866516129637636e-7, 0, -inf, NaN], { rtol: r, atol: 0 });
    await expectClose(special.ndtri(np.array([0.5, 0.975, 1e-10, 0, 1, -0.1, 1.1, NaN])), [0, 1.959963984540054, -6.361340902404056, -inf, inf, NaN, NaN, NaN], { rtol: r, atol: 0 });
    await expectClose(special.erfinv(np.array([0, 0.5, -0.999, 1, -1, 1.5, NaN])), [0, 0.4769362762044699, -2.326756326796155, inf, -inf, NaN, NaN], { rtol: r, atol: 0 });
    // ndtri inverts ndtr, erfinv inverts erf
    const p = np.array([1e-30, 1e-5, 0.3, 0.9]);
    await expectClose(special.ndtr(special.ndtri(p)), [1e-30, 1e-5, 0.3, 0.9], { rtol: 20 * r });
  });

  test("lgamma / gammaln, digamma, polygamma: values, poles and infinities", async () => {
    await expectClose(special.lgamma(np.array([0.5, 1, 2, 3, 10, -0.5, 1e-30, 1e30])), [0.5723649429247001, 0, 0, Math.LN2, 12.801827480081469, 1.2655121234846454, 69.07755278982137, 6.807755278982137e31], { rtol: r, atol: 1e-7 });
    await expectClose(special.gammaln(np.array([0, -1, -2, inf, -inf, NaN])), [inf, inf, inf, inf, -inf, NaN]);
    await expectClose(special.digamma(np.array([1, 0.5, 2, 100, 1.4616321449683623])), [-0.5772156649015329, -1.9635100260214235, 0.42278433509846713, 4.600161852738087, 0], { rtol: r, atol: 1e-7 });
    await expectClose(special.digamma(np.array([0, -0, -1, -2, -inf, inf, NaN])), [-inf, inf, NaN, NaN, NaN, inf, NaN]);
    await expectClose(special.polygamma(1, np.array([1, 0.5])), [Math.PI ** 2 / 6, Math.PI ** 2 / 2], { rtol: r });
    await expectClose(special.polygamma(2, 1), -2.4041138063191885, { rtol: 2 * r });
    expect(() => special.polygamma(-1, 1)).toThrow(/non-negative JS integer/);
  });

  test("betaln, gammainc / gammaincc, betainc: closed forms and edges", async () => {
    await expectClose(special.betaln(np.array([1, 2, 1e6, 0.5]), np.array([1, 3, 1, 0.5])), [0, Math.log(1 / 12), -Math.log(1e6), Math.log(Math.PI)], { rtol: r, atol: 1e-7 });
    const xs = [0.1, 0.5, 1, 3, 10, 30];
    await expectClose(special.gammainc(1, np.array(xs)), xs.map((x) => -Math.expm1(-x)), { rtol: 2 * r });
    await expectClose(special.gammaincc(1, np.array(xs)), xs.map((x) => Math.exp(-x)), { rtol: 4 * r });
    await expectClose(special.gammaincc(1, 50), 1.9287498479639178e-22, { rtol: 4 * r });
    // a = 1/2: P = erf(sqrt x)
    await expectClose(special.gammainc(0.5, np.array([0.25, 4])), [0.5204998778130465, 0.9953222650189527], { rtol: 4 * r });
    // scipy's special values: P(0, x) = 1, P(a, 0) = 0, P(a, inf) = 1, NaN for negative arguments
    await expectClose(special.gammainc(np.array([0, 2, 2, -1, 2, 0, NaN]), np.array([1, 0, inf, 1, -1, 0, 1])), [1, 0, 1, NaN, NaN, NaN, NaN]);
    await expectClose(special.gammaincc(np.array([0, 2, 2]), np.array([1, 0, inf])), [0, 1, 0]);
    for (const a of [0.5, 2, 7.5]) {
      await expectClose(special.betainc(a, 1, np.array([0.01, 0.3, 0.9])), [0.01, 0.3, 0.9].map((x) => x ** a), { rtol: 4 * r });
      await expectClose(special.betainc(1, a, np.array([0.01, 0.3, 0.9])), [0.01, 0.3, 0.9].map((x) => 1 - (1 - x) ** a), { rtol: 4 * r });
    }
    await expectClose(special.betainc(np.array([1, 2, 0.5, 30, 3000]), np.array([1, 3, 0.5, 30, 3000]), np.array([0.3, 0.5, 0.5, 0.5, 0.5])), [0.3, 0.6875, 0.5, 0.5, 0.5], { rtol: 4 * r });
    // edges: x = 0 / 1, a = 0, b = 0, invalid arguments
    await expectClose(special.betainc(np.array([2, 2, 0, 2, -1, 2, 2, 0]), np.array([3, 3, 2, 0, 1, 3, 3, 0]), np.array([0, 1, 0.5, 0.5, 0.5, -0.1, 1.5, 0.5])), [0, 1, 1, 0, NaN, NaN, NaN, NaN]);
  });

  test("xlogy, xlog1py, logit, expit, i0e, i1e", async () => {
    await expectClose(special.xlogy(np.array([0, 0, 2, 3, 1]), np.array([0, NaN, Math.E, 1, 0])), [0, 0, 2, 0, -inf], { rtol: r });
    await expectClose(special.xlog1py(np.array([0, 2, 1, 1]), np.array([-1, Math.E - 1, 1e-10, -1])), [0, 2, 1e-10, -inf], { rtol: r });
    await expectClose(special.logit(np.array([0.5, 0.75, 1e-10, 0, 1, -0.5, 1.5, 0.5 + 2 ** -24])), [0, Math.log(3), -23.025850929840457, -inf, inf, NaN, NaN, 2.384185791015625e-7], { rtol: r });
    await expectClose(special.expit(np.array([0, 2, -100, inf, -inf])), [0.5, 0.8807970779778823, 3.720075976020836e-44, 1, 0], { rtol: r });
    await expectClose(special.logit(special.expit(np.array([-8, -1, 0.25, 3]))), [-8, -1, 0.25, 3], { rtol: 40 * r });
    await expectClose(special.i0e(np.array([0, 1, -1, 100, 1e30, inf, NaN])), [1, 0.46575960759364043, 0.46575960759364043, 0.03994437929909668, 3.989422804014327e-16, 0, NaN], { rtol: r });
    await expectClose(special.i1e(np.array([0, 1, -100, 1e-20, inf, -inf, NaN])), [0, 0.2079104153497085, -0.03974415302513025, 5e-21, 0, -0, NaN], { rtol: r });
    // small-x series: i1e(x) = x/2 - x^2/2 + 5 x^3/16 - ...
    await expectClose(special.i1e(1e-3), 1e-3 / 2 - 1e-6 / 2 + (5 * 1e-9) / 16, { rtol: r });
  });

  test("integer and float16 inputs", async () => {
    const y = special.lgamma(np.array([1, 2, 5], { dtype: "int32" }));
    expect(y.dtype).toBe("float32");
    await expectClose(y, [0, 0, Math.log(24)], { rtol: r, atol: 1e-7 });
  });
});
