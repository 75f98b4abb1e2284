/**
 * Bernoulli, Categorical and its policy subclasses, Deterministic, CategoricalUniform,
 * Quantized, Clipped and the mixtures against exact sums and scipy (scripts/refs/dist/discrete.py).
 */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { DISCRETE as R } from "../testdata/discrete.js";
import { close, f32, v } from "../test-utils.js";
import { Bernoulli } from "./bernoulli.js";
import { Categorical } from "./categorical.js";
import { CategoricalUniform } from "./categorical-uniform.js";
import { Clipped, ClippedLogistic, ClippedNormal } from "./clipped.js";
import { Deterministic } from "./deterministic.js";
import { EpsilonGreedy, Greedy } from "./greedy.js";
import { Laplace } from "./laplace.js";
import { MixtureOfTwo } from "./mixture-of-two.js";
import { MixtureSameFamily } from "./mixture-same-family.js";
import { Normal } from "./normal.js";
import { OneHotCategorical } from "./one-hot-categorical.js";
import { Quantized } from "./quantized.js";
import { Softmax } from "./softmax.js";

const col = (m: readonly (readonly number[])[], j: number) => m.map((r) => r[j]!);

describe("Bernoulli", () => {
  it("from logits of +-100: finite, accurate log-probabilities, entropy and moments", () => {
    const r = R.bernoulli;
    const d = new Bernoulli({ logits: f32(r.logits) });
    close(d.logProb(np.ones([5])), r.logProb1 as unknown as number[], { rtol: 1e-5, atol: 1e-30 });
    close(d.logProb(np.zeros([5])), r.logProb0 as unknown as number[], { rtol: 1e-5, atol: 1e-30 });
    close(d.entropy(), r.entropy as unknown as number[], { rtol: 1e-4, atol: 1e-30 });
    close(d.mean(), r.mean as unknown as number[]);
    close(d.variance(), r.variance as unknown as number[], { atol: 1e-30 });
    close(d.mode(), [0, 0, 0, 1, 1]);
    expect(d.mode().dtype).toBe("int32");
  });

  it("from probs, including 0 and 1 (0 log 0 = 0); boolean and integer values", () => {
    const d = new Bernoulli({ probs: f32([0, 0.25, 1]) });
    close(d.logProb(f32([0, 1, 1])), [0, Math.log(0.25), 0]);
    close(d.logProb(np.array([true, false, false])), [-Infinity, Math.log(0.75), -Infinity]);
    close(d.prob(f32([0, 1, 1])), [1, 0.25, 1]);
    close(d.entropy(), [0, -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 0]);
    close(d.cdf(f32([-1, 0, 1])), [0, 0.75, 1]);
    close(d.logits, [-Infinity, Math.log(1 / 3), Infinity]);
    expect(new Bernoulli({ probs: 0.5, dtype: "bool" }).sample({ seed: 0, sampleShape: 2 }).dtype).toBe("bool");
  });
});

describe("Categorical and its subclasses", () => {
  it("Categorical with a -Infinity logit: log-probabilities, -Infinity outside the support, entropy, CDF, mode", () => {
    const r = R.categorical;
    const d = new Categorical({ logits: f32(r.logits) });
    expect(d.batchShape).toEqual([2]);
    expect(d.numCategories).toBe(4);
    for (let k = 0; k < 4; k++) close(d.logProb(k), col(r.logProbs, k), { rtol: 1e-5 });
    close(d.logProb(f32([-1, 4])), [-Infinity, -Infinity]);
    close(d.prob(2), [0, 0.25]);
    close(d.entropy(), r.entropy as unknown as number[], { rtol: 1e-5 });
    for (let k = 0; k < 3; k++) close(d.cdf(k), col(r.cdf, k), { rtol: 1e-5 });
    close(d.cdf(f32([-1, 3])), [0, 1]);
    close(d.mode(), [3, 0]);
    close(d.probs, r.probs.flat(), { rtol: 1e-5 });
  });

  it("the same distribution from probs", () => {
    const r = R.categorical;
    const d = new Categorical({ probs: f32(r.probs) });
    close(d.logProb(1), col(r.logProbs, 1), { rtol: 1e-5 });
    close(d.entropy(), r.entropy as unknown as number[], { rtol: 1e-5 });
  });

  it("OneHotCategorical: one-hot events", () => {
    const r = R.categorical;
    const d = new OneHotCategorical({ logits: f32(r.logits) });
    expect(d.eventShape).toEqual([4]);
    close(d.logProb(f32([[0, 1, 0, 0], [0, 0, 0, 1]])), [r.logProbs[0]![1]!, r.logProbs[1]![3]!], { rtol: 1e-5 });
    close(d.mode(), [0, 0, 0, 1, 1, 0, 0, 0]);
    close(d.entropy(), r.entropy as unknown as number[], { rtol: 1e-5 });
    const s = d.sample({ seed: 1, sampleShape: 10 });
    close(s.sum(-1), 1);
    close(s.get(":", 0, 2), 0); // the class with a -Infinity logit is never drawn
  });

  it("Softmax, Greedy (ties share), EpsilonGreedy", () => {
    const t = new Softmax(f32([1, 2, 3]), { temperature: 0.5 });
    const e = [2, 4, 6].map(Math.exp);
    close(t.probs, e.map((x) => x / (e[0]! + e[1]! + e[2]!)), { rtol: 1e-5 });
    close(new Greedy(f32([1, 3, 3])).probs, [0, 0.5, 0.5]);
    close(new EpsilonGreedy(f32([1, 3, 2]), 0.3).probs, [0.1, 0.8, 0.1], { rtol: 1e-5 });
    close(new Greedy(f32([[1, 3, 3], [5, 0, 0]])).mode(), [1, 0]);
  });
});

describe("Deterministic and CategoricalUniform", () => {
  it("Deterministic: mass at loc within the tolerances", () => {
    const d = new Deterministic(f32([1, 2]), { atol: 0.1 });
    close(d.prob(f32([1.05, 2.5])), [1, 0]);
    close(d.logProb(f32([1, 3])), [0, -Infinity]);
    close(d.cdf(f32([0.5, 2])), [0, 1]);
    close(d.entropy(), [0, 0]);
    close(d.sample({ seed: 0, sampleShape: 2 }), [1, 2, 1, 2]);
    close(new Deterministic(f32([10]), { rtol: 0.1 }).prob(f32([10.9])), [1]);
  });

  it("CategoricalUniform: piecewise-constant density, entropy, moments", () => {
    const r = R.categoricalUniform;
    const d = new CategoricalUniform({ low: -1, high: 2, logits: f32(r.logits) });
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(d.entropy(), [r.entropy], { rtol: 1e-5 });
    close(d.mean(), [r.mean], { rtol: 1e-5 });
    close(d.variance(), [r.variance], { rtol: 1e-5 });
    const s = v(d.sample({ seed: 0, sampleShape: 200 }));
    expect(Math.min(...s)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...s)).toBeLessThanOrEqual(2);
  });
});

describe("wrappers and mixtures", () => {
  it("Quantized: log-probabilities from CDF or survival differences, -Infinity off the integers and outside [low, high]", () => {
    const r = R.quantized;
    const q = new Quantized(new Normal(0.3, 2));
    close(q.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-4 });
    close(q.cdf(f32(r.x)), r.cdf as unknown as number[], { rtol: 1e-5 });
    const b = new Quantized(new Normal(0.3, 2), { low: -2, high: 3 });
    close(b.logProb(f32(r.x)), r.logProbBounded as unknown as number[], { rtol: 1e-4 });
    close(b.cdf(f32(r.x)), r.cdfBounded as unknown as number[], { rtol: 1e-5 });
    close(b.prob(f32(r.x)), (r.logProbBounded as unknown as number[]).map(Math.exp), { rtol: 1e-4 });
  });

  it("Clipped, ClippedNormal, ClippedLogistic: the boundaries carry the tail mass", () => {
    const x = f32(R.clippedNormal.x);
    close(new ClippedNormal(0.5, 1.5, -1, 2).logProb(x), R.clippedNormal.logProb as unknown as number[], { rtol: 1e-5 });
    close(new ClippedLogistic(0.5, 1.5, -1, 2).logProb(x), R.clippedLogistic.logProb as unknown as number[], { rtol: 1e-5 });
    const s = v(new Clipped(new Normal(0, 3), -1, 1).sample({ seed: 0, sampleShape: 100 }));
    expect(s.every((t) => t >= -1 && t <= 1)).toBe(true);
    expect(s.filter((t) => t === 1).length).toBeGreaterThan(10);
  });

  it("MixtureSameFamily: log-density by logsumexp (finite 60 units away), mean and variance", () => {
    const r = R.mixture;
    const gmm = new MixtureSameFamily(new Categorical({ probs: f32(r.w) }), new Normal(f32(r.mu), f32(r.sd)));
    expect(gmm.batchShape).toEqual([2]);
    close(gmm.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(gmm.mean(), r.mean as unknown as number[], { rtol: 1e-5 });
    close(gmm.variance(), r.variance as unknown as number[], { rtol: 1e-5 });
  });

  it("MixtureOfTwo: log-density by logaddexp", () => {
    const r = R.mixtureOfTwo;
    const d = new MixtureOfTwo(0.3, new Normal(0, 1), new Laplace(1, 2));
    close(d.logProb(f32(r.x)), r.logProb as unknown as number[], { rtol: 1e-5 });
    close(d.probB, [0.7]);
  });
});
