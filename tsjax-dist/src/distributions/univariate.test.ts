/**
 * Univariate distributions against scipy.stats (float64 references computed at the float32
 * inputs, see scripts/refs/dist/univariate.py): log-density, CDF and survival functions in
 * both tails, entropy and moments.
 */
import { describe, expect, it } from "vitest";
import { type Array, np } from "tsjax-core";
import { UNIVARIATE as R } from "../testdata/univariate.js";
import { close, f32 } from "../test-utils.js";
import type { Distribution } from "./distribution.js";
import { Beta } from "./beta.js";
import { Dirichlet } from "./dirichlet.js";
import { Gamma } from "./gamma.js";
import { Gumbel } from "./gumbel.js";
import { Laplace } from "./laplace.js";
import { LogStddevNormal } from "./log-stddev-normal.js";
import { Logistic } from "./logistic.js";
import { Normal } from "./normal.js";
import { Uniform } from "./uniform.js";
import { VonMises } from "./von-mises.js";

type Ref = Partial<Record<"logProb" | "cdf" | "logCdf" | "survival" | "logSurvival" | "entropy" | "mean" | "variance" | "stddev" | "median" | "mode", readonly number[]>>;

/** Every method the reference has, against it. */
function checkAll(d: Distribution, x: Array, ref: Ref, tol: { atol?: number; rtol?: number } = {}): void {
  const t = { atol: 1e-5, rtol: 1e-5, ...tol };
  const methods: [keyof Ref, () => Array][] = [
    ["logProb", () => d.logProb(x)],
    ["cdf", () => d.cdf(x)],
    ["logCdf", () => d.logCdf(x)],
    ["survival", () => d.survivalFunction(x)],
    ["logSurvival", () => d.logSurvivalFunction(x)],
    ["entropy", () => d.entropy()],
    ["mean", () => d.mean()],
    ["variance", () => d.variance()],
    ["stddev", () => d.stddev()],
    ["median", () => d.median()],
    ["mode", () => d.mode()],
  ];
  for (const [name, f] of methods) {
    const want = ref[name];
    if (want === undefined) continue;
    try {
      close(f(), want as number[], t);
    } catch (e) {
      throw new Error(`${d.name}.${name}: ${(e as Error).message}`);
    }
  }
}

describe("univariate distributions against scipy", () => {
  it("Normal (log CDF accurate at 40 standard deviations)", () => {
    const r = R.normal;
    const d = new Normal(f32(r.loc), f32(r.scale));
    checkAll(d, f32(r.x), r);
    expect(d.batchShape).toEqual([4]);
    expect(d.eventShape).toEqual([]);
    close(new Normal(0, 1).logCdf(-40), [r.logCdf[3]!], { rtol: 1e-6 });
  });

  it("LogStddevNormal (soft-thresholded scale)", () => {
    const r = R.logStddevNormal;
    const d = new LogStddevNormal(r.loc, f32(r.logScale), { maxScale: r.maxScale });
    close(d.logScale, r.thresholdedLogScale as unknown as number[]);
    checkAll(d, f32(r.x), r);
  });

  it("Laplace", () => {
    const r = R.laplace;
    checkAll(new Laplace(f32(r.loc), f32(r.scale)), f32(r.x), r);
  });

  it("Logistic (log CDF far in the left tail)", () => {
    const r = R.logistic;
    checkAll(new Logistic(f32(r.loc), f32(r.scale)), f32(r.x), r);
  });

  it("Gumbel (survival function by expm1 in the right tail)", () => {
    const r = R.gumbel;
    checkAll(new Gumbel(f32(r.loc), f32(r.scale)), f32(r.x), r);
  });

  it("Uniform (outside the support: density 0, CDF 0 or 1)", () => {
    const r = R.uniform;
    const d = new Uniform(f32(r.low), f32(r.high));
    checkAll(d, f32(r.x), r);
    close(d.prob(f32([-1, 0, 3])), [0, 0.25, 0]);
  });

  it("Beta (values at and near 0 and 1)", () => {
    const r = R.beta;
    checkAll(new Beta(f32(r.alpha), f32(r.beta)), f32(r.x), r, { atol: 2e-5, rtol: 2e-5 });
  });

  it("Gamma", () => {
    const r = R.gamma;
    checkAll(new Gamma(f32(r.concentration), f32(r.rate)), f32(r.x), r, { rtol: 2e-5 });
  });

  it("VonMises (density, CDF on [-pi, pi) by series and normal approximation, entropy, circular variance)", () => {
    const r = R.vonMises;
    const d = new VonMises(f32(r.loc), f32(r.concentration));
    checkAll(d, f32(r.x), r, { atol: 2e-5, rtol: 2e-5 });
    close(d.cdf(f32([-4, 4, -4, 4])), [0, 1, 0, 1]);
  });

  it("Dirichlet: log-density near and on the faces of the simplex (0^0 = 1 where alpha_k = 1), entropy, moments, covariance", () => {
    const r = R.dirichlet;
    const d = new Dirichlet(f32(r.concentration));
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 2e-5 });
    close(new Dirichlet(f32(r.nearFace.concentration)).logProb(f32(r.nearFace.x)), [r.nearFace.logProb], { rtol: 2e-5 });
    close(d.entropy(), r.entropy as unknown as number[], { rtol: 2e-5, atol: 2e-5 });
    close(d.mean(), r.mean.flat(), { rtol: 1e-5 });
    close(d.variance(), r.variance.flat(), { rtol: 1e-5 });
    close(d.covariance(), r.covariance.flat(2), { rtol: 1e-5, atol: 1e-7 });
    close(d.mode(), [NaN, NaN, NaN, NaN, NaN, NaN]);
    close(new Dirichlet(f32([2, 3, 5])).mode(), [1 / 7, 2 / 7, 4 / 7], { rtol: 1e-6 });
  });

  it("numbers, nested lists and arrays are accepted and broadcast", () => {
    const d = new Normal([[0], [1]], [1, 2, 3]);
    expect(d.batchShape).toEqual([2, 3]);
    close(d.mean(), [0, 0, 0, 1, 1, 1]);
    close(new Normal(np.array([0, 1]), 2).logProb(0.5), [-1.6433357, -1.6433357]);
  });
});
