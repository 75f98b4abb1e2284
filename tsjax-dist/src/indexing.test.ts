/** Indexing distributions along their batch axes (`get`), event axes kept whole. */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { close, f32, v } from "./test-utils.js";
import { Bernoulli } from "./distributions/bernoulli.js";
import { Categorical } from "./distributions/categorical.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Independent } from "./distributions/independent.js";
import { MixtureSameFamily } from "./distributions/mixture-same-family.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { MultivariateNormalFullCovariance } from "./distributions/mvn-full-covariance.js";
import { Normal } from "./distributions/normal.js";
import { OneHotCategorical } from "./distributions/one-hot-categorical.js";
import { Quantized } from "./distributions/quantized.js";

describe("indexing along batch axes", () => {
  it("scalar distributions: ints, slices, ellipsis, new axes; parameters broadcast first", () => {
    const d = new Normal(np.arange(6).reshape(2, 3), 2);
    expect(d.get(1).batchShape).toEqual([3]);
    close(d.get(1).mean(), [3, 4, 5]);
    close(d.get("...", 0).mean(), [0, 3]);
    close(d.get(":", "1:").stddev(), [2, 2, 2, 2]);
    expect(d.get(null, 0).batchShape).toEqual([1, 3]);
    expect(() => d.get(0, 0, 0)).toThrow(/Normal.get: the index uses 3 axes but the batch shape \[2, 3\] has 2/);
  });

  it("distributions with event axes: the index never reaches them, even with an ellipsis", () => {
    const c = new Categorical({ logits: f32([[0, 1, 2], [3, 4, 5]]) });
    expect(c.get(1).batchShape).toEqual([]);
    expect(c.get("...", 1).numCategories).toBe(3);
    const oh = new OneHotCategorical({ probs: np.ones([4, 2, 3]) });
    expect(oh.get("...", 0).batchShape).toEqual([4]);
    expect(oh.get("...", 0).eventShape).toEqual([3]);
    const dir = new Dirichlet(np.ones([5, 3]));
    expect(dir.get("1:3").batchShape).toEqual([2]);
    const mvn = new MultivariateNormalDiag({ loc: np.zeros([4, 2]), scaleDiag: np.ones([2]) });
    expect(mvn.get("...", 2).eventShape).toEqual([2]);
    const full = new MultivariateNormalFullCovariance({ loc: np.zeros([3, 2]), covarianceMatrix: np.eye(2) });
    expect(full.get(np.array([0, 2], { dtype: "int32" })).batchShape).toEqual([2]);
    const ind = new Independent(new Normal(np.zeros([4, 3]), 1), 1);
    expect(ind.get("...", 1).batchShape).toEqual([]);
    expect(ind.get("...", 1).eventShape).toEqual([3]);
  });

  it("wrappers and mixtures index their parts", () => {
    const m = new MixtureSameFamily(new Categorical({ logits: np.zeros([4, 2]) }), new Normal(np.arange(8).reshape(4, 2), 1));
    const m1 = m.get("...", 1);
    expect(m1.batchShape).toEqual([]);
    close(m1.mean(), [2.5]);
    const q = new Quantized(new Normal(f32([0, 5]), 1), { low: f32([-1, 3]) });
    close(q.get(1).low!, [3]);
    const b = new Bernoulli({ logits: f32([1, 2, 3]), dtype: "float32" });
    expect(b.get("::2").dtype).toBe("float32");
    close(b.get("::2").logits, [1, 3]);
    expect(v(b.get(-1).logits)).toEqual([3]);
  });
});
