import { describe, expect, it } from "vitest";
import { checkGrads, nn, np } from "tsjax-core";
import { hingeLoss, sigmoidBinaryCrossEntropy, sigmoidFocalLoss, softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels } from "./classification.js";
import { smoothLabels } from "./divergence.js";
import { close, f32 } from "../../test/helpers.js";

const logits = f32([[1, 2, 3], [0.5, -1, 0]]);
const lse = (r: number[]) => Math.log(r.reduce((a, x) => a + Math.exp(x), 0));

describe("classification losses", () => {
  it("softmaxCrossEntropyWithIntegerLabels: logsumexp - logit[label]", async () => {
    const labels = np.array([2, 0], { dtype: "int32" });
    close(softmaxCrossEntropyWithIntegerLabels(logits, labels), [lse([1, 2, 3]) - 3, lse([0.5, -1, 0]) - 0.5]);
    close(softmaxCrossEntropy(logits, nn.oneHot(labels, 3)), [lse([1, 2, 3]) - 3, lse([0.5, -1, 0]) - 0.5]);
    await checkGrads((x) => softmaxCrossEntropyWithIntegerLabels(x, labels).sum(), [logits]);
    await checkGrads((x, y) => softmaxCrossEntropy(x, y).sum(), [logits, f32([[0.2, 0.3, 0.5], [1, 0, 0]])]);
    expect(() => softmaxCrossEntropyWithIntegerLabels(logits, np.array([1], { dtype: "int32" }))).toThrow(/softmaxCrossEntropyWithIntegerLabels: labels of shape \[1\]/);
    expect(() => softmaxCrossEntropyWithIntegerLabels(logits, f32([1, 0]))).toThrow(/labels must be integers/);
  });
  it("sigmoidBinaryCrossEntropy and focal loss", async () => {
    const x = f32([0, 2, -1]);
    const y = f32([1, 0, 1]);
    const sp = (z: number) => Math.log1p(Math.exp(z));
    close(sigmoidBinaryCrossEntropy(x, y), [Math.LN2, sp(2), sp(1)]);
    const p = [0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))];
    const pt = [p[0]!, 1 - p[1]!, p[2]!];
    const ce = [Math.LN2, sp(2), sp(1)];
    close(sigmoidFocalLoss(x, y), ce.map((c, i) => c * (1 - pt[i]!) ** 2));
    close(sigmoidFocalLoss(x, y, { alpha: 0.25 }), ce.map((c, i) => c * (1 - pt[i]!) ** 2 * (i === 1 ? 0.75 : 0.25)));
    await checkGrads((a) => sigmoidBinaryCrossEntropy(a, y).sum(), [x]);
    await checkGrads((a) => sigmoidFocalLoss(a, y).sum(), [x]);
  });
  it("hinge and label smoothing", async () => {
    close(hingeLoss(f32([0.5, 2, -1]), f32([1, 1, 1])), [0.5, 0, 2]);
    close(smoothLabels(f32([[0, 1, 0, 0]]), 0.2), [0.05, 0.85, 0.05, 0.05]);
    await checkGrads((a) => hingeLoss(a, f32([1, -1])).sum(), [f32([0.3, 0.2])]);
  });
});
