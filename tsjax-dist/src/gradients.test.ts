/**
 * Gradients: reparameterized samples (fixed key) and log-densities against finite differences
 * (`checkGrads`); for samplers with implicit reparameterization gradients (Gamma, Beta,
 * Dirichlet, VonMises), the gradient of `mean(samples)` against the gradient of the closed-form
 * mean, within sampling error, and Gamma's pathwise derivative against `-dCDF/da / density`.
 */
import { describe, expect, it } from "vitest";
import { type Array, checkGrads, grad, np, random, special } from "tsjax-core";
import { close, f32, meanAndSe, v } from "./test-utils.js";
import { Beta } from "./distributions/beta.js";
import { CategoricalUniform } from "./distributions/categorical-uniform.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Gamma } from "./distributions/gamma.js";
import { Gumbel } from "./distributions/gumbel.js";
import { Laplace } from "./distributions/laplace.js";
import { LogStddevNormal } from "./distributions/log-stddev-normal.js";
import { Logistic } from "./distributions/logistic.js";
import { MixtureSameFamily } from "./distributions/mixture-same-family.js";
import { Categorical } from "./distributions/categorical.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { MultivariateNormalDiagPlusLowRank } from "./distributions/mvn-diag-plus-low-rank.js";
import { MultivariateNormalFullCovariance } from "./distributions/mvn-full-covariance.js";
import { MultivariateNormalTri } from "./distributions/mvn-tri.js";
import { Normal } from "./distributions/normal.js";
import { Transformed } from "./distributions/transformed.js";
import { Uniform } from "./distributions/uniform.js";
import { VonMises } from "./distributions/von-mises.js";
import { Tanh } from "./bijectors/tanh.js";
import { OneHotCategorical } from "./distributions/one-hot-categorical.js";
import { straightThroughWrapper } from "./distributions/straight-through.js";

const key = random.key(11);
const draw = (d: { sample: (o: { seed: Array; sampleShape: number }) => Array }) => d.sample({ seed: key, sampleShape: 3 });

describe("reparameterized samples against finite differences", () => {
  const a = f32([0.3, -0.5]);
  const b = f32([1.2, 0.7]);
  const cases: [string, (p: Array, q: Array) => Array][] = [
    ["Normal", (p, q) => draw(new Normal(p, q))],
    ["LogStddevNormal (soft-thresholded scale)", (p, q) => draw(new LogStddevNormal(p, q, { maxScale: 2 }))],
    ["Laplace", (p, q) => draw(new Laplace(p, q))],
    ["Logistic", (p, q) => draw(new Logistic(p, q))],
    ["Gumbel", (p, q) => draw(new Gumbel(p, q))],
    ["Uniform", (p, q) => draw(new Uniform(p, p.add(q)))],
    ["Transformed(Normal, Tanh), sampleAndLogProb", (p, q) => {
      const [s, lp] = new Transformed(new Normal(p, q), new Tanh()).sampleAndLogProb({ seed: key, sampleShape: 3 });
      return s.add(lp.mul(0.1));
    }],
    ["MultivariateNormalDiag", (p, q) => draw(new MultivariateNormalDiag({ loc: p, scaleDiag: q }))],
    ["MultivariateNormalTri", (p, q) => draw(new MultivariateNormalTri({ loc: p, scaleTri: f32([[1, 0], [0.5, 2]]).mul(q.expandDims(-1)) }))],
    ["MultivariateNormalFullCovariance (through the Cholesky factor)", (p, q) => {
      const l = np.tril(f32([[1, 0], [0.3, 0.8]]).add(q.expandDims(0)));
      return draw(new MultivariateNormalFullCovariance({ loc: p, covarianceMatrix: np.matmul(l, l.T) }));
    }],
    ["MultivariateNormalDiagPlusLowRank", (p, q) => draw(new MultivariateNormalDiagPlusLowRank({ loc: p, scaleDiag: q, scaleUMatrix: p.expandDims(-1).mul(0.5) }))],
    ["CategoricalUniform (inverse CDF, in low/high and logits)", (p, q) => draw(new CategoricalUniform({ low: p.get(0), high: q.get(0).add(1), logits: f32([0.2, -0.1, 0.4]).mul(q.get(1)) }))],
  ];
  for (const [name, f] of cases) {
    it(name, async () => {
      await checkGrads(f, [a, b], { atol: 2e-2, rtol: 2e-2 });
    });
  }
});

describe("log-densities against finite differences", () => {
  it("Normal, Beta, Gamma, Dirichlet, VonMises, MVN (tri), mixtures", async () => {
    const x = f32([0.3, 0.6]);
    await checkGrads((l: Array, s: Array) => new Normal(l, s).logProb(x), [f32([0, 1]), f32([1, 2])]);
    await checkGrads((a: Array, b: Array) => new Beta(a, b).logProb(x), [f32([2, 0.5]), f32([3, 1.5])]);
    await checkGrads((a: Array, b: Array) => new Gamma(a, b).logProb(x), [f32([2, 0.5]), f32([3, 1.5])]);
    await checkGrads((c: Array) => new Dirichlet(c).logProb(f32([0.2, 0.3, 0.5])), [f32([1.5, 2, 0.7])]);
    await checkGrads((l: Array, c: Array) => new VonMises(l, c).logProb(x), [f32([0.1, -1]), f32([2, 0.5])]);
    await checkGrads((l: Array, t: Array) => new MultivariateNormalTri({ loc: l, scaleTri: t }).logProb(x), [f32([0, 1]), f32([[1, 0], [0.5, 2]])]);
    await checkGrads(
      (w: Array, m: Array) => new MixtureSameFamily(new Categorical({ logits: w }), new Normal(m, 1)).logProb(x.get(0)),
      [f32([0.2, -0.3]), f32([-1, 1])],
    );
  });

  it("VonMises CDF: derivative in the value is the density, derivative in the concentration by the series", async () => {
    const d = new VonMises(0, 2);
    const g = grad((t: Array) => d.cdf(t).sum())(f32([0.3, -1, 2]));
    close(g, v(d.prob(f32([0.3, -1, 2]))), { rtol: 1e-4 });
    await checkGrads((c: Array) => new VonMises(0, c).cdf(f32([0.3, -1])), [f32([1.5, 12])], { atol: 1e-2, rtol: 2e-2 });
  });
});

/** `d/dp mean(samples(p))` over `n` draws, against `d/dp closedFormMean(p)`, within 5 standard errors. */
function checkMeanGradient(sampleSum: (p: Array, seed: number) => Array, p: Array, closedForm: (p: Array) => Array, n: number): void {
  const perDraw: number[][] = [];
  for (let s = 0; s < n; s++) perDraw.push(v(grad((q: Array) => sampleSum(q, s))(p)));
  const want = v(grad((q: Array) => closedForm(q).sum())(p));
  want.forEach((w, j) => {
    const [m, se] = meanAndSe(perDraw.map((g) => g[j]!));
    expect(Math.abs(m - w), `component ${j}: ${m} ± ${se} vs ${w}`).toBeLessThan(5 * se + 1e-3);
  });
}

describe("straight-through samples", () => {
  it("keep the sampled values and carry the gradient of the probabilities", () => {
    const StraightThroughOneHot = straightThroughWrapper(OneHotCategorical);
    expect(StraightThroughOneHot.name).toBe("StraightThroughOneHotCategorical");
    const logits = f32([[0.2, -1, 0.5], [1, 0, 0]]);
    const s = new StraightThroughOneHot({ logits }).sample({ seed: key, sampleShape: 4 });
    close(s, v(new OneHotCategorical({ logits }).sample({ seed: key, sampleShape: 4 })), { atol: 1e-6 });
    const w = f32([1, 2, 3]);
    const g = grad((l: Array) => new StraightThroughOneHot({ logits: l }).sample({ seed: key, sampleShape: 4 }).mul(w).sum())(logits);
    const want = grad((l: Array) => new OneHotCategorical({ logits: l }).probs.mul(w).sum().mul(4))(logits);
    close(g, v(want), { rtol: 1e-5, atol: 1e-6 });
  });
});

describe("implicit reparameterization gradients", () => {
  it("Gamma: the pathwise derivative is -dCDF/da / density at the sample", () => {
    const a = f32([0.7, 2.5, 6]);
    const x = new Gamma(a, 1).sample({ seed: key });
    const g = grad((q: Array) => new Gamma(q, 1).sample({ seed: key }).sum())(a);
    const h = 1e-2;
    const dcdf = special.gammainc(a.add(h), x).sub(special.gammainc(a.sub(h), x)).div(2 * h);
    const dens = np.exp(new Gamma(a, 1).logProb(x));
    close(g, v(dcdf.neg().div(dens)), { rtol: 2e-2, atol: 1e-3 });
  });

  it("the gradient of the sample mean matches the gradient of the mean (Gamma, Beta, Dirichlet, VonMises)", () => {
    const draws = 24;
    const ss = (seed: number) => ({ seed: random.key(seed), sampleShape: 32 });
    checkMeanGradient((p, s) => new Gamma(p, 2).sample(ss(s)).mean(0).sum(), f32([0.8, 3]), (p) => p.div(2), draws);
    checkMeanGradient((p, s) => new Beta(p, 2).sample(ss(s)).mean(0).sum(), f32([0.6, 3]), (p) => p.div(p.add(2)), draws);
    checkMeanGradient((p, s) => new Dirichlet(p).sample(ss(s)).mean(0).get(0), f32([0.9, 2, 3]), (p) => p.get(0).div(p.sum()), draws);
    // E[cos(X - loc)] = I1(k) / I0(k)
    checkMeanGradient(
      (p, s) => np.cos(new VonMises(0, p).sample(ss(s))).mean(0).sum(),
      f32([0.5, 4]),
      (p) => special.i1e(p).div(special.i0e(p)),
      draws,
    );
  });
});
