/**
 * Sample means and variances of every distribution that can be sampled, against its closed-form
 * `mean()` and `variance()`, within 5 standard errors (the variance's error estimated from the
 * fourth central moment).
 */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { f32, v } from "./test-utils.js";
import type { Distribution } from "./distributions/distribution.js";
import { Bernoulli } from "./distributions/bernoulli.js";
import { Beta } from "./distributions/beta.js";
import { Categorical } from "./distributions/categorical.js";
import { CategoricalUniform } from "./distributions/categorical-uniform.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Gamma } from "./distributions/gamma.js";
import { Gumbel } from "./distributions/gumbel.js";
import { Independent } from "./distributions/independent.js";
import { Laplace } from "./distributions/laplace.js";
import { Logistic } from "./distributions/logistic.js";
import { MixtureSameFamily } from "./distributions/mixture-same-family.js";
import { MultivariateNormalDiagPlusLowRank } from "./distributions/mvn-diag-plus-low-rank.js";
import { MultivariateNormalFullCovariance } from "./distributions/mvn-full-covariance.js";
import { MultivariateNormalTri } from "./distributions/mvn-tri.js";
import { Normal } from "./distributions/normal.js";
import { OneHotCategorical } from "./distributions/one-hot-categorical.js";
import { Transformed } from "./distributions/transformed.js";
import { Uniform } from "./distributions/uniform.js";
import { VonMises } from "./distributions/von-mises.js";
import { ScalarAffine } from "./bijectors/scalar-affine.js";

const N = 20000;

/** Per-coordinate sample mean and variance with their standard errors. */
function stats(samples: number[], n: number): { mean: number[]; seMean: number[]; variance: number[]; seVar: number[] } {
  const k = samples.length / n;
  const out = { mean: [] as number[], seMean: [] as number[], variance: [] as number[], seVar: [] as number[] };
  for (let j = 0; j < k; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += samples[i * k + j]!;
    m /= n;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const d = samples[i * k + j]! - m;
      m2 += d * d;
      m4 += d ** 4;
    }
    m2 /= n - 1;
    m4 /= n;
    out.mean.push(m);
    out.seMean.push(Math.sqrt(m2 / n));
    out.variance.push(m2);
    out.seVar.push(Math.sqrt(Math.max(m4 - m2 * m2, 0) / n));
  }
  return out;
}

const cases: [string, () => Distribution, { variance?: false }?][] = [
  ["Normal", () => new Normal(f32([0, 3]), f32([1, 0.5]))],
  ["Laplace", () => new Laplace(f32([0, 3]), f32([1, 0.5]))],
  ["Logistic", () => new Logistic(f32([0, 3]), f32([1, 0.5]))],
  ["Gumbel", () => new Gumbel(f32([0, 3]), f32([1, 0.5]))],
  ["Uniform", () => new Uniform(f32([0, -2]), f32([1, 5]))],
  ["Beta", () => new Beta(f32([2, 0.5]), f32([5, 0.5]))],
  ["Gamma", () => new Gamma(f32([0.5, 4]), f32([1, 2]))],
  ["Dirichlet", () => new Dirichlet(f32([1, 2, 0.5]))],
  ["Bernoulli", () => new Bernoulli({ logits: f32([-1, 2]) })],
  ["OneHotCategorical", () => new OneHotCategorical({ probs: f32([0.2, 0.5, 0.3]) })],
  ["CategoricalUniform", () => new CategoricalUniform({ low: -1, high: 2, logits: f32([0, 1, -1]) })],
  ["MixtureSameFamily", () => new MixtureSameFamily(new Categorical({ probs: f32([0.3, 0.7]) }), new Normal(f32([-2, 2]), f32([0.5, 1])))],
  ["Independent(Normal)", () => new Independent(new Normal(f32([1, -1]), f32([2, 0.5])))],
  ["Transformed(Normal, ScalarAffine) (mean only)", () => new Transformed(new Normal(1, 2), new ScalarAffine(3, { scale: -0.5 })), { variance: false }],
  ["MultivariateNormalTri", () => new MultivariateNormalTri({ loc: f32([1, -1]), scaleTri: f32([[1, 0], [0.5, 2]]) })],
  ["MultivariateNormalFullCovariance", () => new MultivariateNormalFullCovariance({ loc: f32([1, -1]), covarianceMatrix: f32([[2, 0.5], [0.5, 1]]) })],
  ["MultivariateNormalDiagPlusLowRank", () => new MultivariateNormalDiagPlusLowRank({ scaleDiag: f32([1, 2]), scaleUMatrix: f32([[0.5], [-1]]) })],
];

describe("sample moments within sampling error", () => {
  for (const [name, make, opts] of cases) {
    it(name, () => {
      const d = make();
      const s = stats(v(d.sample({ seed: 5, sampleShape: N })), N);
      const mean = v(d.mean());
      const variance = opts?.variance === false ? [] : v(d.variance());
      mean.forEach((m, j) => expect(Math.abs(s.mean[j]! - m), `mean ${j}: ${s.mean[j]} vs ${m}`).toBeLessThan(5 * s.seMean[j]! + 1e-6));
      variance.forEach((w, j) => expect(Math.abs(s.variance[j]! - w), `variance ${j}: ${s.variance[j]} vs ${w}`).toBeLessThan(5 * s.seVar[j]! + 1e-6));
    });
  }

  it("VonMises: the circular mean and circular variance of samples", () => {
    const d = new VonMises(f32([0.5, -2.5]), f32([2, 0.3]));
    const s = d.sample({ seed: 4, sampleShape: N });
    const c = v(np.cos(s).mean(0));
    const sn = v(np.sin(s).mean(0));
    const r = c.map((x, j) => Math.hypot(x, sn[j]!));
    const meanAngle = c.map((x, j) => Math.atan2(sn[j]!, x));
    // the mean resultant length R = 1 - circular variance has standard error about sqrt((1 - R^2) / (2N))
    v(d.variance()).forEach((cv, j) => expect(Math.abs(1 - r[j]! - cv)).toBeLessThan(5 * Math.sqrt((1 - r[j]! ** 2) / (2 * N))));
    v(d.mean()).forEach((m, j) => expect(Math.abs(meanAngle[j]! - m)).toBeLessThan(5 * Math.sqrt(1 / (N * r[j]! ** 2))));
    expect(v(s).every((t) => t >= -Math.PI && t < Math.PI)).toBe(true);
  });

  it("the covariance of MVN samples matches covariance()", () => {
    const d = new MultivariateNormalTri({ loc: f32([1, -1]), scaleTri: f32([[1, 0], [0.5, 2]]) });
    const x = d.sample({ seed: 9, sampleShape: N });
    const c = x.sub(x.mean(0));
    const emp = v(np.matmul(c.T, c).div(N - 1));
    v(d.covariance()).forEach((w, i) => expect(Math.abs(emp[i]! - w)).toBeLessThan(0.08 * Math.max(1, Math.abs(w))));
  });
});
