/**
 * The PPO loss against the same formula written out in plain JavaScript numbers, on a batch of
 * four transitions chosen so that every branch is taken: ratios above 1 + eps and below 1 - eps
 * with positive and negative advantages, and value changes inside and outside the clip range.
 */
import { describe, expect, it } from "vitest";
import { type Array as JArray, jit, np, random } from "tsjax-core";
import { type Transitions, ppoLoss } from "./loss.js";
import { actorCritic } from "./network.js";

const values = (x: JArray) => Array.from(x.dataSync() as ArrayLike<number>);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const OPTIONS = { clipEps: 0.2, vfCoef: 0.5, entCoef: 0.01 };

describe("ppoLoss", () => {
  const params = actorCritic.init(random.key(0), np.zeros([4]));
  const obs = [[0.1, -0.3, 0.05, 0.2], [-1.5, 0.8, -0.1, 1.7], [2.0, 1.1, 0.15, -1.9], [0.4, -0.6, -0.02, 0.3]];
  const action = [1, 0, 1, 0];
  const [logitsArray, valueArray] = actorCritic.apply(params, null, np.array(obs));
  const logits = [0, 1, 2, 3].map((i) => values(logitsArray.get(i)));
  const value = values(valueArray);
  const logSoftmax = (l: number[]) => l.map((x) => x - Math.log(l.reduce((s, y) => s + Math.exp(y), 0)));
  const logProb = logits.map((l, i) => logSoftmax(l)[action[i]!]!);
  // Old log-probabilities give ratios exp(0.5), exp(-0.4), exp(0.1), exp(-0.05).
  const oldLogProb = logProb.map((lp, i) => lp - [0.5, -0.4, 0.1, -0.05][i]!);
  // Old values 0.5 below, 0.1 above, 0.3 above and equal to the new ones.
  const oldValue = value.map((v, i) => v - [0.5, -0.1, -0.3, 0][i]!);
  const advantage = [1.5, -0.7, -2.0, 0.4];
  const target = [1.0, -0.5, 2.5, 0.2];

  it("equals a hand computation (clipped surrogate, clipped value loss, entropy)", () => {
    const eps = OPTIONS.clipEps;
    const advMean = mean(advantage);
    const advStd = Math.sqrt(mean(advantage.map((a) => (a - advMean) ** 2)));
    let clippedTerms = 0;
    const surrogate = advantage.map((a, i) => {
      const na = (a - advMean) / (advStd + 1e-8);
      const ratio = Math.exp(logProb[i]! - oldLogProb[i]!);
      const clipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps) * na;
      if (clipped < ratio * na) clippedTerms++;
      return Math.min(ratio * na, clipped);
    });
    const actor = -mean(surrogate);
    let clippedValues = 0;
    const valueLoss = 0.5 * mean(value.map((v, i) => {
      const clipped = oldValue[i]! + Math.min(Math.max(v - oldValue[i]!, -eps), eps);
      if ((clipped - target[i]!) ** 2 > (v - target[i]!) ** 2) clippedValues++;
      return Math.max((v - target[i]!) ** 2, (clipped - target[i]!) ** 2);
    }));
    const entropy = mean(logits.map((l) => -logSoftmax(l).reduce((s, lp) => s + Math.exp(lp) * lp, 0)));
    const total = actor + OPTIONS.vfCoef * valueLoss - OPTIONS.entCoef * entropy;

    const batch: Transitions = {
      obs: np.array(obs), action: np.array(action, { dtype: "int32" }), logProb: np.array(oldLogProb), value: np.array(oldValue),
      advantage: np.array(advantage), target: np.array(target),
    };
    for (const f of [ppoLoss, jit(ppoLoss, { staticArgnums: [2] })]) {
      const [loss, parts] = f(params, batch, OPTIONS);
      expect(values(parts.actor)[0]).toBeCloseTo(actor, 5);
      expect(values(parts.value)[0]).toBeCloseTo(valueLoss, 5);
      expect(values(parts.entropy)[0]).toBeCloseTo(entropy, 5);
      expect(values(loss)[0]).toBeCloseTo(total, 5);
    }
    // The batch takes both branches of each min/max.
    expect(clippedTerms).toBeGreaterThan(0);
    expect(clippedTerms).toBeLessThan(4);
    expect(clippedValues).toBeGreaterThan(0);
    expect(clippedValues).toBeLessThan(4);
  });
});
