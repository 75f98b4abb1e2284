/**
 * The KL registry: closed forms against numerical integration / exact sums (scipy, float64;
 * scripts/refs/dist/kl.py) and against Monte-Carlo estimates `mean(log p(x) - log q(x))`,
 * lookup along prototype chains, user rules, and the errors for missing rules and mismatched
 * event shapes.
 */
import { describe, expect, it } from "vitest";
import { type Array, np, random } from "tsjax-core";
import { KL } from "./testdata/kl.js";
import { close, f32, meanAndSe, v } from "./test-utils.js";
import { klDivergence, registerKL } from "./kl.js";
import { mcEstimateKl } from "./monte-carlo.js";
import { Distribution } from "./distributions/distribution.js";
import { Bernoulli } from "./distributions/bernoulli.js";
import { Beta } from "./distributions/beta.js";
import { Categorical } from "./distributions/categorical.js";
import { Deterministic } from "./distributions/deterministic.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Gamma } from "./distributions/gamma.js";
import { Gumbel } from "./distributions/gumbel.js";
import { Independent } from "./distributions/independent.js";
import { Laplace } from "./distributions/laplace.js";
import { LogStddevNormal } from "./distributions/log-stddev-normal.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { Normal } from "./distributions/normal.js";
import { OneHotCategorical } from "./distributions/one-hot-categorical.js";
import { Transformed } from "./distributions/transformed.js";
import { Uniform } from "./distributions/uniform.js";
import { VonMises } from "./distributions/von-mises.js";
import { ScalarAffine } from "./bijectors/scalar-affine.js";
import { Tanh } from "./bijectors/tanh.js";

type Pair = readonly [readonly number[], readonly number[]];
const two = <D>(ctor: (a: Array, b: Array) => D, [a, b]: Pair) => ctor(f32(a), f32(b));

/**
 * Monte-Carlo KL per batch element: the mean and standard error of log p(x) - log q(x). Draws
 * that float32 rounds onto the boundary of the support (Beta(0.5, 0.5) gives exact 0s and 1s)
 * have infinite log-densities; they are dropped, and must be under 1%.
 */
function mcKl(p: Distribution, q: Distribution, n: number, seed = 0, skip: readonly boolean[] = []): [number[], number[]] {
  const x = p.sample({ seed: random.key(seed), sampleShape: n });
  const diff = p.logProb(x).sub(q.logProb(x));
  const b = diff.size / n;
  const rows = v(diff.reshape([n, b]).T);
  const out: [number[], number[]] = [[], []];
  for (let j = 0; j < b; j++) {
    const row = rows.slice(j * n, (j + 1) * n).filter(Number.isFinite);
    if (!skip[j]) expect(row.length).toBeGreaterThan(0.99 * n);
    const [m, se] = meanAndSe(row);
    out[0].push(m);
    out[1].push(se);
  }
  return out;
}

/** The closed form equals the reference and lies within 5 standard errors of a Monte-Carlo estimate. */
function check(p: Distribution, q: Distribution, ref: readonly number[], opts: { rtol?: number; n?: number; mc?: boolean } = {}): void {
  const kl = klDivergence(p, q);
  close(kl, ref as number[], { atol: 1e-5, rtol: opts.rtol ?? 2e-5 });
  close(p.klDivergence(q), v(kl));
  if (opts.mc === false) return;
  const [m, se] = mcKl(p, q, opts.n ?? 4000, 0, ref.map((r) => !Number.isFinite(r)));
  ref.forEach((r, i) => {
    if (!Number.isFinite(r)) return;
    expect(Math.abs(m[i]! - r), `Monte-Carlo KL ${m[i]} ± ${se[i]} vs ${r}`).toBeLessThan(5 * se[i]! + 1e-4);
  });
}

describe("closed-form KL divergences", () => {
  it("Normal / Normal, LogStddevNormal / LogStddevNormal (its own rule), mixed pairs (Normal's rule)", () => {
    const r = KL.normal;
    check(two((a, b) => new Normal(a, b), r.p), two((a, b) => new Normal(a, b), r.q), r.kl);
    const l = KL.logStddevNormal;
    const lp = two((a, b) => new LogStddevNormal(a, b), l.p);
    const lq = two((a, b) => new LogStddevNormal(a, b), l.q);
    check(lp, lq, l.kl);
    close(klDivergence(lp, new Normal(f32(l.q[0]), np.exp(f32(l.q[1])))), l.kl as unknown as number[], { rtol: 2e-5 });
  });

  it("Laplace, Gumbel, Uniform (infinite when the support is not contained)", () => {
    check(two((a, b) => new Laplace(a, b), KL.laplace.p), two((a, b) => new Laplace(a, b), KL.laplace.q), KL.laplace.kl);
    check(two((a, b) => new Gumbel(a, b), KL.gumbel.p), two((a, b) => new Gumbel(a, b), KL.gumbel.q), KL.gumbel.kl, { rtol: 1e-4, n: 20000 });
    check(two((a, b) => new Uniform(a, b), KL.uniform.p), two((a, b) => new Uniform(a, b), KL.uniform.q), KL.uniform.kl);
  });

  it("Beta, Gamma, VonMises", () => {
    check(two((a, b) => new Beta(a, b), KL.beta.p), two((a, b) => new Beta(a, b), KL.beta.q), KL.beta.kl, { rtol: 1e-4 });
    check(two((a, b) => new Gamma(a, b), KL.gamma.p), two((a, b) => new Gamma(a, b), KL.gamma.q), KL.gamma.kl, { rtol: 1e-4 });
    check(two((a, b) => new VonMises(a, b), KL.vonMises.p), two((a, b) => new VonMises(a, b), KL.vonMises.q), KL.vonMises.kl, { rtol: 1e-4 });
  });

  it("Dirichlet / Dirichlet, and Dirichlet with Beta in either order", () => {
    check(new Dirichlet(f32(KL.dirichlet.p)), new Dirichlet(f32(KL.dirichlet.q)), KL.dirichlet.kl, { rtol: 1e-4 });
    const r = KL.dirichletBeta;
    const bp = two((a, b) => new Beta(a, b), r.p);
    const bq = two((a, b) => new Beta(a, b), r.q);
    const dq = new Dirichlet(np.stack([f32(r.q[0]), f32(r.q[1])], -1));
    const dp = new Dirichlet(np.stack([f32(r.p[0]), f32(r.p[1])], -1));
    close(klDivergence(bp, dq), r.kl as unknown as number[], { rtol: 1e-4 });
    close(klDivergence(dp, bq), r.kl as unknown as number[], { rtol: 1e-4 });
  });

  it("Bernoulli from logits of +-100 (no overflow, no NaN)", () => {
    const r = KL.bernoulli;
    check(new Bernoulli({ logits: f32(r.p) }), new Bernoulli({ logits: f32(r.q) }), r.kl, { rtol: 1e-4 });
    const probs = new Bernoulli({ probs: f32([0, 0.5, 1]) });
    close(probs.klDivergence(new Bernoulli({ probs: f32([0.5, 0.5, 0.5]) })), [Math.LN2, 0, Math.LN2]);
  });

  it("Categorical and OneHotCategorical with zero-probability classes (0 log 0 = 0)", () => {
    const r = KL.categorical;
    check(new Categorical({ probs: f32(r.p) }), new Categorical({ probs: f32(r.q) }), r.kl);
    close(new OneHotCategorical({ probs: f32(r.p) }).klDivergence(new OneHotCategorical({ probs: f32(r.q) })), r.kl as unknown as number[]);
    const withInf = new Categorical({ logits: f32([[0, 0, -Infinity]]) });
    close(withInf.klDivergence(new Categorical({ logits: f32([[0, 0, -Infinity]]) })), [0]);
    close(withInf.klDivergence(new Categorical({ probs: f32([[0.25, 0.25, 0.5]]) })), [Math.LN2]);
    close(new Categorical({ probs: f32([0.5, 0.5]) }).klDivergence(new Categorical({ logits: f32([0, -Infinity]) })), [Infinity]);
  });

  it("MultivariateNormalDiag / MultivariateNormalDiag, Independent of Normals (sum of the KLs), Deterministic", () => {
    const r = KL.mvn;
    const p = new MultivariateNormalDiag({ loc: f32(r.mu1), scaleDiag: f32(r.sd1) });
    const q = new MultivariateNormalDiag({ loc: f32(r.mu2), scaleDiag: f32(r.sd2) });
    check(p, q, [r.diagDiag], { rtol: 1e-4 });
    const ip = new Independent(new Normal(f32(r.mu1), f32(r.sd1)), 1);
    const iq = new Independent(new Normal(f32(r.mu2), f32(r.sd2)), 1);
    check(ip, iq, [r.diagDiag], { rtol: 1e-4 });
    close(klDivergence(new Deterministic(f32([1, 2])), new Deterministic(f32([1, 3]))), [0, Infinity]);
  });

  it("Transformed with the same bijector: the base distributions' KL", () => {
    const b = new Tanh();
    const p = new Transformed(new Normal(0, 1), b);
    const q = new Transformed(new Normal(1, 2), b);
    close(klDivergence(p, q), [KL.normal.kl[0]!]);
    const affine = new ScalarAffine(1, { scale: 2 });
    close(new Transformed(new Normal(0, 1), affine).klDivergence(new Transformed(new Normal(1, 2), affine)), [KL.normal.kl[0]!]);
  });
});

describe("the registry", () => {
  it("a rule for a base class serves subclasses; the closest pair wins", () => {
    class MyNormal extends Normal {}
    const p = new MyNormal(0, 1);
    close(klDivergence(p, new Normal(1, 2)), [KL.normal.kl[0]!]);
    registerKL(MyNormal, Normal, () => np.array(123));
    close(klDivergence(p, new Normal(1, 2)), [123]);
    close(klDivergence(new Normal(0, 1), new MyNormal(1, 2)), [KL.normal.kl[0]!]);
  });

  it("a user rule for a new pair; a missing rule is an error naming both classes", () => {
    expect(() => klDivergence(new Laplace(0, 1), new Normal(0, 1))).toThrow(/no KL rule is registered for \(Laplace, Normal\).*registerKL\(Laplace, Normal/);
    registerKL(Laplace, Normal, (p, q) => {
      // the cross entropy of a Laplace under a Normal, minus its entropy
      const m = p.loc.sub(q.loc);
      const e2 = np.square(m).add(np.square(p.scale).mul(2));
      return np.log(q.scale).add(0.5 * Math.log(2 * Math.PI)).add(e2.div(np.square(q.scale).mul(2))).sub(p.entropy());
    });
    const kl = klDivergence(new Laplace(0, 1), new Normal(0, 1));
    const [m, se] = mcKl(new Laplace(0, 1), new Normal(0, 1), 20000, 3);
    expect(Math.abs(m[0]! - v(kl)[0]!)).toBeLessThan(5 * se[0]!);
    // mcEstimateKl: the same estimator (the same draws), batched, within sampling error of the rule
    const lp = new Laplace(f32([0, 1]), 1);
    const est = v(mcEstimateKl(lp, new Normal(0, 1), { seed: 3, numSamples: 20000 }));
    const [mb, seb] = mcKl(lp, new Normal(0, 1), 20000, 3);
    close(est, mb, { rtol: 1e-4, atol: 1e-5 });
    v(klDivergence(lp, new Normal(0, 1))).forEach((c, i) => expect(Math.abs(est[i]! - c)).toBeLessThan(5 * seb[i]!));
  });

  it("mismatched event shapes and category counts are errors naming both distributions", () => {
    const a = new MultivariateNormalDiag({ loc: np.zeros([2]) });
    const b = new MultivariateNormalDiag({ loc: np.zeros([3]) });
    expect(() => a.klDivergence(b)).toThrow(/klDivergence\(MultivariateNormalDiag, MultivariateNormalDiag\): the event shapes differ: \[2\] and \[3\]/);
    expect(() => new Independent(new Normal(np.zeros([2]), 1), 1).klDivergence(new Independent(new Normal(np.zeros([3]), 1), 1))).toThrow(
      /klDivergence\(Independent, Independent\): the event shapes differ: \[2\] and \[3\]/,
    );
    expect(() => new Categorical({ logits: np.zeros([2]) }).klDivergence(new Categorical({ logits: np.zeros([3]) }))).toThrow(
      /numbers of categories differ: 2 and 3/,
    );
    expect(() => new Dirichlet([1, 1]).klDivergence(new Dirichlet([1, 1, 1]))).toThrow(/event sizes differ: 2 and 3 categories/);
    const t1 = new Transformed(new Normal(0, 1), new ScalarAffine(f32(1)));
    expect(() => t1.klDivergence(new Transformed(new Normal(0, 1), new ScalarAffine(f32(1))))).toThrow(
      /bijectors ScalarAffine and ScalarAffine are not known to be the same/,
    );
    // bijectors without parameters are the same whenever their classes and configurations are
    close(new Transformed(new Normal(0, 1), new Tanh()).klDivergence(new Transformed(new Normal(0, 1), new Tanh())), [0]);
  });
});
