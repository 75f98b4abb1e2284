/**
 * Samples equal the values distrax draws from jax.random for the same key (JAX 0.10.2 values
 * from scripts/refs/dist/samples.py), and `sampleAndLogProb` agrees with `sample` + `logProb`.
 */
import { describe, expect, it } from "vitest";
import { np, random } from "tsjax-core";
import { SAMPLES as S } from "../testdata/samples.js";
import { close, f32, v } from "../test-utils.js";
import type { Distribution } from "./distribution.js";
import { Bernoulli } from "./bernoulli.js";
import { Beta } from "./beta.js";
import { Categorical } from "./categorical.js";
import { CategoricalUniform } from "./categorical-uniform.js";
import { Clipped } from "./clipped.js";
import { Dirichlet } from "./dirichlet.js";
import { Gamma } from "./gamma.js";
import { Gumbel } from "./gumbel.js";
import { Laplace } from "./laplace.js";
import { Logistic } from "./logistic.js";
import { MixtureOfTwo } from "./mixture-of-two.js";
import { MixtureSameFamily } from "./mixture-same-family.js";
import { MultivariateNormalDiag } from "./mvn-diag.js";
import { Normal } from "./normal.js";
import { OneHotCategorical } from "./one-hot-categorical.js";
import { Quantized } from "./quantized.js";
import { Transformed } from "./transformed.js";
import { Uniform } from "./uniform.js";
import { VonMises } from "./von-mises.js";
import { Tanh } from "../bijectors/tanh.js";

const key = random.key(42);
const flat = (x: unknown): number[] => (globalThis.Array.isArray(x) ? x.flatMap(flat) : [x as number]);

const cases: [string, () => Distribution, number, keyof typeof S, number?][] = [
  ["Normal", () => new Normal(f32([0, 1.5]), f32([1, 0.5])), 3, "normal"],
  ["Laplace", () => new Laplace(f32([0, 1.5]), f32([1, 0.5])), 3, "laplace"],
  ["Logistic", () => new Logistic(f32([0, 1.5]), f32([1, 0.5])), 3, "logistic"],
  ["Gumbel", () => new Gumbel(f32([0, 1.5]), f32([1, 0.5])), 3, "gumbel"],
  ["Uniform", () => new Uniform(f32([0, -1]), f32([1, 3])), 3, "uniform"],
  ["Gamma", () => new Gamma(f32([0.5, 3]), f32([1, 2])), 3, "gamma", 1e-4],
  ["Beta", () => new Beta(f32([2, 0.5]), f32([5, 0.5])), 3, "beta", 1e-4],
  ["Dirichlet", () => new Dirichlet(f32([[1, 2, 3], [0.5, 0.5, 0.5]])), 3, "dirichlet", 1e-4],
  ["Bernoulli", () => new Bernoulli({ probs: f32([0.1, 0.5, 0.9]) }), 3, "bernoulli"],
  ["Categorical (a -Infinity logit)", () => new Categorical({ logits: f32([[0, 1, -Infinity], [2, 0, -1]]) }), 3, "categorical"],
  ["OneHotCategorical", () => new OneHotCategorical({ logits: f32([[0, 1, -Infinity], [2, 0, -1]]) }), 3, "oneHotCategorical"],
  ["MultivariateNormalDiag", () => new MultivariateNormalDiag({ loc: f32([[1, -1, 0]]), scaleDiag: f32([[0.5, 2, 1]]) }), 3, "mvnDiag"],
  ["MixtureSameFamily", () => new MixtureSameFamily(new Categorical({ logits: f32([0, 1]) }), new Normal(f32([-2, 2]), f32([0.5, 1]))), 5, "mixtureSameFamily"],
  ["MixtureOfTwo", () => new MixtureOfTwo(0.3, new Normal(0, 1), new Laplace(5, 1)), 5, "mixtureOfTwo"],
  ["Transformed(Normal, Tanh)", () => new Transformed(new Normal(0, 1), new Tanh()), 5, "tanhNormal"],
  ["Quantized", () => new Quantized(new Normal(0, 3), { low: -2, high: 2 }), 5, "quantized"],
  ["Clipped", () => new Clipped(new Normal(0, 1), -0.5, 0.5), 5, "clipped"],
  ["CategoricalUniform", () => new CategoricalUniform({ low: 0, high: 1, logits: f32([0, 1]) }), 5, "categoricalUniform"],
  ["VonMises (rejection sampling)", () => new VonMises(f32([0.5, 3]), f32([2, 0.01])), 3, "vonMises", 1e-4],
];

describe("samples are distrax's draws for the same key", () => {
  for (const [name, make, n, ref, tol] of cases) {
    it(name, () => {
      const d = make();
      const s = d.sample({ seed: key, sampleShape: [n] });
      expect(s.shape).toEqual([n, ...d.batchShape, ...d.eventShape]);
      expect(s.dtype).toBe(d.dtype);
      close(s, flat(S[ref]), { atol: tol ?? 1e-5, rtol: tol ?? 1e-5 });
      // sampleAndLogProb draws the same values; its log-probabilities equal logProb's
      const [s2, lp] = d.sampleAndLogProb({ seed: key, sampleShape: [n] });
      close(s2, v(s));
      close(lp, v(d.logProb(s)), { atol: 1e-4, rtol: 1e-4 });
    });
  }

  it("an integer seed is random.key(seed); sampleShape may be a number or a list", () => {
    const d = new Normal(0, 1);
    close(d.sample({ seed: 42, sampleShape: 3 }), v(random.normal(key, [3])));
    expect(d.sample({ seed: 0 }).shape).toEqual([]);
    expect(d.sample({ seed: 0, sampleShape: [2, 3] }).shape).toEqual([2, 3]);
    expect(new Normal(np.zeros([4]), 1).sample({ seed: 0, sampleShape: [2, 3] }).shape).toEqual([2, 3, 4]);
  });
});
