/**
 * Distributions and bijectors under `jit` and `vmap` give the eager values; they pass into and
 * out of jitted functions as pytrees (arrays as leaves, configuration static: a new
 * configuration retraces), and `grad` flows to their parameters.
 */
import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, random, tree, vmap } from "tsjax-core";
import { close, f32, v } from "./test-utils.js";
import type { Distribution } from "./distributions/distribution.js";
import { Bernoulli } from "./distributions/bernoulli.js";
import { Beta } from "./distributions/beta.js";
import { Categorical } from "./distributions/categorical.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Gamma } from "./distributions/gamma.js";
import { Independent } from "./distributions/independent.js";
import { Laplace } from "./distributions/laplace.js";
import { MixtureSameFamily } from "./distributions/mixture-same-family.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { MultivariateNormalFullCovariance } from "./distributions/mvn-full-covariance.js";
import { MultivariateNormalTri } from "./distributions/mvn-tri.js";
import { MultivariateNormalDiagPlusLowRank } from "./distributions/mvn-diag-plus-low-rank.js";
import { Normal } from "./distributions/normal.js";
import { Quantized } from "./distributions/quantized.js";
import { Transformed } from "./distributions/transformed.js";
import { VonMises } from "./distributions/von-mises.js";
import { Block } from "./bijectors/block.js";
import { Chain } from "./bijectors/chain.js";
import { RationalQuadraticSpline } from "./bijectors/rational-quadratic-spline.js";
import { ScalarAffine } from "./bijectors/scalar-affine.js";
import { SplitCoupling } from "./bijectors/split-coupling.js";
import { Tanh } from "./bijectors/tanh.js";
import type { Bijector } from "./bijectors/bijector.js";
import { klDivergence } from "./kl.js";

const key = random.key(7);
const tri = f32([[[1, 0], [0.5, 2]], [[0.7, 0], [-0.3, 1.2]]]);

/** Distributions with batch shape [2] whose every leaf has the batch axis, and a value to score. */
const cases: [string, () => Distribution, Array][] = [
  ["Normal", () => new Normal(f32([0, 1]), f32([1, 2])), f32([0.5, -1])],
  ["Laplace", () => new Laplace(f32([0, 1]), f32([1, 2])), f32([0.5, -1])],
  ["Beta", () => new Beta(f32([2, 0.5]), f32([3, 0.7])), f32([0.3, 0.9])],
  ["Gamma", () => new Gamma(f32([2, 0.5]), f32([1, 3])), f32([0.3, 2])],
  ["VonMises", () => new VonMises(f32([0, 1]), f32([2, 0.5])), f32([0.3, -2])],
  ["Dirichlet", () => new Dirichlet(f32([[1, 2, 3], [0.5, 4, 1]])), f32([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]])],
  ["Bernoulli", () => new Bernoulli({ logits: f32([-1, 2]) }), f32([1, 0])],
  ["Categorical", () => new Categorical({ logits: f32([[0, 1, -Infinity], [1, 1, 1]]) }), f32([1, 2])],
  ["MultivariateNormalDiag", () => new MultivariateNormalDiag({ loc: f32([[0, 1], [2, 3]]), scaleDiag: f32([[1, 2], [0.5, 0.5]]) }), f32([[0, 0], [1, 1]])],
  ["MultivariateNormalTri", () => new MultivariateNormalTri({ loc: f32([[0, 1], [2, 3]]), scaleTri: tri }), f32([[0, 0], [1, 1]])],
  ["MultivariateNormalFullCovariance", () => new MultivariateNormalFullCovariance({ loc: f32([[0, 1], [2, 3]]), covarianceMatrix: np.matmul(tri, np.swapaxes(tri, -1, -2)) }), f32([[0, 0], [1, 1]])],
  ["MultivariateNormalDiagPlusLowRank", () => new MultivariateNormalDiagPlusLowRank({ loc: f32([[0, 1], [2, 3]]), scaleDiag: f32([[1, 2], [0.5, 0.5]]), scaleUMatrix: f32([[[0.3], [0.1]], [[-0.2], [0.4]]]) }), f32([[0, 0], [1, 1]])],
  ["Independent(Normal)", () => new Independent(new Normal(f32([[0, 1], [2, 3]]), f32([[1, 2], [3, 4]])), 1), f32([[0, 0], [1, 1]])],
  ["Transformed(Normal, Tanh)", () => new Transformed(new Normal(f32([0, 1]), f32([1, 2])), new Tanh()), f32([0.5, -0.2])],
  ["MixtureSameFamily", () => new MixtureSameFamily(new Categorical({ logits: f32([[0, 1], [1, 0]]) }), new Normal(f32([[-1, 1], [0, 2]]), f32([[1, 1], [0.5, 2]]))), f32([0.5, -1])],
  ["Quantized(Normal)", () => new Quantized(new Normal(f32([0, 1]), f32([1, 2]))), f32([0, 2])],
];

/** The values a test compares: log-probabilities and samples. */
const summarize = (d: Distribution, x: Array, k: Array): Array[] => [d.logProb(x), d.sample({ seed: k, sampleShape: 3 })];

describe("under jit and vmap, as eager", () => {
  for (const [name, make, x] of cases) {
    it(name, () => {
      const d = make();
      const eager = summarize(d, x, key);
      const f = jit((dd: Distribution, xx: Array, kk: Array) => summarize(dd, xx, kk));
      f(d, x, key).forEach((o, i) => close(o, v(eager[i]!), { atol: 1e-5, rtol: 1e-5 }));
      // returned from a jitted function: the same distribution
      const made = jit(() => make())();
      expect(made.constructor).toBe(d.constructor);
      expect(made.batchShape).toEqual(d.batchShape);
      close(made.logProb(x), v(eager[0]!), { atol: 1e-5, rtol: 1e-5 });
      // vmap over the batch axis of the distribution and the value: per-element log-probabilities
      const lp = vmap((dd: Distribution, xx: Array) => dd.logProb(xx))(d, x);
      close(lp, v(eager[0]!), { atol: 1e-5, rtol: 1e-5 });
      // vmap returning distributions
      const out = vmap((dd: Distribution) => dd)(d);
      expect(out.batchShape).toEqual(d.batchShape);
    });
  }

  it("KL divergences and entropies under jit equal eager", () => {
    const p = new MultivariateNormalTri({ loc: f32([[0, 1], [2, 3]]), scaleTri: tri });
    const q = new MultivariateNormalDiag({ loc: f32([[1, 1], [0, 0]]), scaleDiag: f32([[1, 2], [3, 4]]) });
    const kl = jit((a: Distribution, b: Distribution) => [klDivergence(a, b), a.entropy()])(p, q);
    close(kl[0]!, v(klDivergence(p, q)), { rtol: 1e-5 });
    close(kl[1]!, v(p.entropy()), { rtol: 1e-5 });
  });
});

describe("pytrees", () => {
  it("parameters are leaves (named by field), configuration is static and retraces", () => {
    const [pairs] = tree.flattenWithPath(new Normal(f32([0, 1]), 2));
    expect(pairs.length).toBe(2);
    const f = jit((d: Bernoulli) => d.sample({ seed: key, sampleShape: 2 }));
    expect(f(new Bernoulli({ logits: f32([0, 1]) })).dtype).toBe("int32");
    expect(f(new Bernoulli({ logits: f32([0, 1]), dtype: "float32" })).dtype).toBe("float32");
    expect(f.traceCount).toBe(2);
    f(new Bernoulli({ logits: f32([5, -1]) }));
    expect(f.traceCount).toBe(2);
    const g = jit((d: Independent) => d.logProb(np.zeros([2, 2])));
    expect(g(new Independent(new Normal(np.zeros([2, 2]), 1), 1)).shape).toEqual([2]);
    expect(g(new Independent(new Normal(np.zeros([2, 2]), 1), 2)).shape).toEqual([]);
  });

  it("bijectors through jit, including couplings whose conditioner is a function (static, by identity)", () => {
    const cond = (x1: Array) => np.broadcastTo(x1.expandDims(-1), [...x1.shape, 10]).mul(0.5);
    const flow = new Chain([
      new SplitCoupling({ splitIndex: 1, eventNdims: 1, conditioner: cond, bijector: (p: Array) => new RationalQuadraticSpline(p, { rangeMin: -3, rangeMax: 3 }) }),
      new Block(new ScalarAffine(f32([0.5, -0.5]), { scale: f32([2, 1]) }), 1),
    ]);
    const x = f32([[0.3, -1], [1, 2]]);
    const f = jit((b: Bijector, xx: Array) => b.forwardAndLogDet(xx));
    const [y, ld] = f(flow, x);
    const [ye, lde] = flow.forwardAndLogDet(x);
    close(y, v(ye), { atol: 1e-5 });
    close(ld, v(lde), { atol: 1e-5 });
  });

  it("grad flows to the parameters of distributions passed as arguments", () => {
    const d = new Normal(f32([0, 1]), f32([1, 2]));
    const x = f32([0.5, -1]);
    const g = grad((dd: Normal) => dd.logProb(x).sum())(d);
    expect(g).toBeInstanceOf(Normal);
    // d/dloc = (x - loc) / scale^2, d/dscale = ((x - loc)^2 - scale^2) / scale^3
    close(g.loc, [0.5, -0.5]);
    close(g.scale, [-0.75, 0]);
  });
});
