/** Unknown option keys are errors that name the function and list its options. */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import * as O from "./index.js";

const bad = { bogus: 1 } as never;
const x = np.ones([2, 3]);

const CASES: [string, () => unknown][] = [
  ["adam", () => O.adam(0.1, bad)], ["adamw", () => O.adamw(0.1, bad)], ["nadam", () => O.nadam(0.1, bad)], ["sgd", () => O.sgd(0.1, bad)],
  ["amsgrad", () => O.amsgrad(0.1, bad)], ["adabelief", () => O.adabelief(0.1, bad)], ["adadelta", () => O.adadelta(null, bad)], ["rmsprop", () => O.rmsprop(0.1, bad)],
  ["lamb", () => O.lamb(0.1, bad)], ["lars", () => O.lars(0.1, bad)], ["lion", () => O.lion(0.1, bad)], ["adafactor", () => O.adafactor(null, bad)],
  ["novograd", () => O.novograd(0.1, bad)], ["noisySgd", () => O.noisySgd(0.1, bad)], ["signum", () => O.signum(0.1, bad)], ["rprop", () => O.rprop(0.1, bad)],
  ["adan", () => O.adan(0.1, bad)], ["optimisticAdamV2", () => O.optimisticAdamV2(0.1, bad)], ["polyakSgd", () => O.polyakSgd(bad)], ["lbfgs", () => O.lbfgs(null, bad)],
  ["scaleByAdam", () => O.scaleByAdam(bad)], ["scaleByLion", () => O.scaleByLion(bad)], ["trace", () => O.trace(0.9, bad)], ["ema", () => O.ema(0.9, bad)],
  ["adaptiveGradClip", () => O.adaptiveGradClip(0.1, bad)], ["scaleByZoomLinesearch", () => O.scaleByZoomLinesearch(10, bad)],
  ["scaleByBacktrackingLinesearch", () => O.scaleByBacktrackingLinesearch(10, bad)], ["MultiSteps", () => O.multiSteps(O.sgd(0.1), 2, bad)],
  ["lookahead", () => O.lookahead(O.sgd(0.1), 2, 0.5, bad)], ["masked", () => O.masked(O.sgd(0.1), true, bad)], ["injectHyperparams", () => O.injectHyperparams(O.adam, bad)],
  ["adam", () => O.injectHyperparams(O.adam)(0.1, bad)],
  ["polynomialSchedule", () => O.polynomialSchedule({ initValue: 1, endValue: 0, power: 1, transitionSteps: 10, ...(bad as object) })],
  ["cosineDecaySchedule", () => O.cosineDecaySchedule({ initValue: 1, decaySteps: 10, ...(bad as object) })],
  ["softmaxCrossEntropy", () => O.softmaxCrossEntropy(x, x, bad)], ["cosineSimilarity", () => O.cosineSimilarity(x, x, bad)],
  ["klDivergence", () => O.klDivergence(x, x, bad)], ["smoothLabels", () => O.smoothLabels(x, 0.1, bad)], ["huberLoss", () => O.huberLoss(x, x, bad)],
  ["diceLoss", () => O.diceLoss(x, x, bad)], ["treeNorm", () => O.treeNorm(x, { ord: 3 })],
];

describe("unknown options are errors", () => {
  for (const [op, f] of CASES) {
    it(op, () => expect(f).toThrow(op === "treeNorm" ? /treeNorm: ord must be/ : new RegExp(`${op}: unknown option "bogus"; the options are`)));
  }
  it("trace needs its decay (no default, as optax)", () => {
    expect(() => O.trace(undefined as never)).toThrow(/trace: decay is required/);
  });
});
