/**
 * Multivariate normals against scipy (scripts/refs/dist/mvn.py): log-densities (including an
 * ill-conditioned covariance), entropies, covariances, batches, and the KL between every pair
 * of parameterizations (scripts/refs/dist/kl.py).
 */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { MVN as R } from "../testdata/mvn.js";
import { KL } from "../testdata/kl.js";
import { close, f32, meanAndSe, v } from "../test-utils.js";
import { klDivergence } from "../kl.js";
import { MultivariateNormalDiag } from "./mvn-diag.js";
import { MultivariateNormalFullCovariance } from "./mvn-full-covariance.js";
import { MultivariateNormalTri } from "./mvn-tri.js";
import { MultivariateNormalDiagPlusLowRank } from "./mvn-diag-plus-low-rank.js";
import type { MultivariateNormalFromBijector } from "./mvn-from-bijector.js";

describe("multivariate normals against scipy", () => {
  it("MultivariateNormalDiag: a batch of two; log-density, CDF, log-CDF, entropy", () => {
    const r = R.diag;
    const d = new MultivariateNormalDiag({ loc: f32(r.loc), scaleDiag: f32(r.scaleDiag) });
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([2]);
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[]);
    close(d.cdf(f32(r.x)), r.cdf as unknown as number[]);
    close(d.logCdf(f32(r.x)), r.logCdf as unknown as number[]);
    close(d.entropy(), r.entropy as unknown as number[]);
    close(d.covariance(), [1, 0, 0, 0.25, 4, 0, 0, 9]);
    close(new MultivariateNormalDiag({ scaleDiag: f32([1, 2]) }).mean(), [0, 0]);
  });

  it("MultivariateNormalTri (lower and upper): log-density, entropy, covariance, variance", () => {
    const r = R.tri;
    const d = new MultivariateNormalTri({ loc: f32(r.loc), scaleTri: f32(r.scaleTri) });
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(d.entropy(), [r.entropy], { rtol: 1e-5 });
    close(d.covariance(), r.covariance.flat(), { rtol: 1e-5 });
    close(d.variance(), r.variance as unknown as number[], { rtol: 1e-5 });
    const u = new MultivariateNormalTri({ loc: f32(r.loc), scaleTri: f32(R.triUpper.scaleTri), isLower: false });
    close(u.logProb(f32(r.x)), R.triUpper.logProb as unknown as number[], { rtol: 1e-5 });
    close(u.covariance(), R.triUpper.covariance.flat(), { rtol: 1e-5 });
    // entries outside the triangle are ignored
    const noisy = new MultivariateNormalTri({ loc: f32(r.loc), scaleTri: f32(r.scaleTri).add(np.triu(np.ones([3, 3]), 1).mul(7)) });
    close(noisy.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
  });

  it("MultivariateNormalFullCovariance (through its Cholesky factor)", () => {
    const r = R.full;
    const d = new MultivariateNormalFullCovariance({ loc: f32(r.loc), covarianceMatrix: f32(r.cov) });
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(d.entropy(), [r.entropy], { rtol: 1e-5 });
    close(d.covariance(), r.cov.flat());
  });

  it("MultivariateNormalDiagPlusLowRank: log-density and covariance; a diagonal scale without U", () => {
    const r = R.lowRank;
    const d = new MultivariateNormalDiagPlusLowRank({ loc: f32(r.loc), scaleDiag: f32(r.diag), scaleUMatrix: f32(r.u), scaleVMatrix: f32(r.v) });
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(d.covariance(), r.covariance.flat(), { rtol: 1e-5, atol: 1e-6 });
    const diagOnly = new MultivariateNormalDiagPlusLowRank({ loc: f32(r.loc), scaleDiag: f32(r.diag) });
    close(diagOnly.logProb(f32(r.x)), v(new MultivariateNormalDiag({ loc: f32(r.loc), scaleDiag: f32(r.diag) }).logProb(f32(r.x))));
  });

  it("an ill-conditioned covariance (condition number 1e4): log-densities by triangular solves", () => {
    const r = R.illConditioned;
    expect(r.cond).toBeGreaterThan(5e3);
    const d = new MultivariateNormalFullCovariance({ covarianceMatrix: f32(r.cov) });
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-4, atol: 1e-4 });
  });

  it("batches broadcast between loc and scale; indexing keeps the event axes", () => {
    const tri = np.stack([f32(R.tri.scaleTri), np.eye(3)]);
    const d = new MultivariateNormalTri({ loc: f32([[1, -1, 0.5]]), scaleTri: tri });
    expect(d.batchShape).toEqual([2]);
    const first = d.get(0);
    expect(first.batchShape).toEqual([]);
    close(first.logProb(f32(R.tri.x)), R.tri.logProb as unknown as number[], { rtol: 1e-5 });
    expect(d.get("...", 1).eventShape).toEqual([3]);
  });
});

describe("KL between multivariate normals (every pair of scales)", () => {
  const r = KL.mvn;
  const diag1 = () => new MultivariateNormalDiag({ loc: f32(r.mu1), scaleDiag: f32(r.sd1) });
  const diag2 = () => new MultivariateNormalDiag({ loc: f32(r.mu2), scaleDiag: f32(r.sd2) });
  const tri1 = () => new MultivariateNormalTri({ loc: f32(r.mu1), scaleTri: f32(r.tri1) });
  const tri2 = () => new MultivariateNormalTri({ loc: f32(r.mu2), scaleTri: f32(r.tri2) });
  const full2 = () => new MultivariateNormalFullCovariance({ loc: f32(r.mu2), covarianceMatrix: f32(r.cov2) });
  const pairs: [string, () => MultivariateNormalFromBijector, () => MultivariateNormalFromBijector, number][] = [
    ["diag / diag", diag1, diag2, r.diagDiag],
    ["tri / tri", tri1, tri2, r.triTri],
    ["diag / tri", diag1, tri2, r.diagTri],
    ["tri / full covariance", tri1, full2, r.triFull],
    ["low rank / diag", () => new MultivariateNormalDiagPlusLowRank({ loc: f32(r.mu1), scaleDiag: f32(r.sd1), scaleUMatrix: f32(r.u1) }), diag2, r.lowRankDiag],
    ["diag / low rank (Woodbury solves)", diag1, () => new MultivariateNormalDiagPlusLowRank({ loc: f32(r.mu2), scaleDiag: f32(r.sd2), scaleUMatrix: f32(r.u2) }), r.diagLowRank],
  ];
  for (const [name, p, q, want] of pairs) {
    it(name, () => {
      const [dp, dq] = [p(), q()];
      close(klDivergence(dp, dq), [want], { rtol: 1e-4 });
      // and a Monte-Carlo estimate within 5 standard errors
      const n = 8000;
      const [x, logP] = dp.sampleAndLogProb({ seed: 2, sampleShape: n });
      const [m, se] = meanAndSe(v(logP.sub(dq.logProb(x))));
      expect(Math.abs(m - want), `Monte-Carlo KL ${m} ± ${se} vs ${want}`).toBeLessThan(5 * se);
    });
  }
});
