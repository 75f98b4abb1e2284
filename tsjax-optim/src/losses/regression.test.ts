import { describe, expect, it } from "vitest";
import { checkGrads } from "tsjax-core";
import { cosineDistance, cosineSimilarity, huberLoss, l2Loss, logCosh, squaredError } from "./regression.js";
import { klDivergence, klDivergenceWithLogTargets } from "./divergence.js";
import { close, f32 } from "../../test/helpers.js";

describe("regression and divergence losses", () => {
  it("squaredError, l2Loss, huber, logCosh: known values and gradients", async () => {
    const p = f32([1, -2, 0.5]), t = f32([0, 0, 0]);
    close(squaredError(p, t), [1, 4, 0.25]);
    close(l2Loss(p), [0.5, 2, 0.125]);
    close(huberLoss(f32([0.5, 3, -2]), null, { delta: 1 }), [0.125, 2.5, 1.5]);
    close(logCosh(f32([0, 1, -20])), [0, Math.log(Math.cosh(1)), 20 - Math.LN2], { rtol: 1e-5, atol: 1e-5 });
    expect(() => squaredError(p, f32([1]))).toThrow(/squaredError: predictions of shape \[3\] and targets of shape \[1\]/);
    await checkGrads((a) => huberLoss(a, t).sum(), [f32([0.3, 3, -2])]);
    await checkGrads((a) => logCosh(a, t).sum(), [p]);
    await checkGrads((a) => l2Loss(a, t).sum(), [p]);
  });
  it("KL divergences (0 log 0 = 0) and cosine similarity", async () => {
    const logP = f32([[Math.log(0.5), Math.log(0.25), Math.log(0.25)]]);
    const t = f32([[0, 0.5, 0.5]]);
    close(klDivergence(logP, t), [0.5 * Math.log(0.5 / 0.25) * 2]);
    close(klDivergenceWithLogTargets(logP, f32([[Math.log(0.5), Math.log(0.25), Math.log(0.25)]])), [0], { atol: 1e-6 });
    await checkGrads((a) => klDivergence(a, t).sum(), [logP]);
    close(cosineSimilarity(f32([[1, 0], [3, 4]]), f32([[1, 1], [3, 4]])), [Math.SQRT1_2, 1]);
    close(cosineDistance(f32([[1, 0]]), f32([[0, 1]])), [1]);
    await checkGrads((a) => cosineSimilarity(a, f32([[1, 2]])).sum(), [f32([[0.5, -1]])]);
  });
});
