/** `checkGrads` (finite differences, forward and reverse) through every module's apply. */
import { describe, it } from "vitest";
import { type Array, checkGrads, np, random } from "tsjax-core";
import { type Params, transform, transformWithState } from "./index.js";
import * as hk from "./index.js";
import { rand } from "./testing/helpers.js";

const cases: [string, (x: Array) => Array, number[]][] = [
  ["Linear", (x) => new hk.Linear(3).call(x), [2, 4]],
  ["Bias", (x) => new hk.Bias().call(x, 2), [2, 3]],
  ["Conv1D stride 2", (x) => new hk.Conv1D(2, 3, { stride: 2 }).call(x), [1, 6, 2]],
  ["Conv2D dilated", (x) => new hk.Conv2D(2, 2, { rate: 2, padding: "VALID" }).call(x), [1, 4, 4, 2]],
  ["Conv2D groups", (x) => new hk.Conv2D(4, 3, { featureGroupCount: 2 }).call(x), [1, 3, 3, 4]],
  ["Conv2DTranspose", (x) => new hk.Conv2DTranspose(2, 3, { stride: 2 }).call(x), [1, 2, 2, 3]],
  ["DepthwiseConv2D", (x) => new hk.DepthwiseConv2D(2, 3).call(x), [1, 3, 3, 2]],
  ["maxPool", (x) => hk.maxPool(x, 2, 2, "VALID"), [1, 4, 4, 2]],
  ["AvgPool SAME", (x) => new hk.AvgPool(3, 2, "SAME").call(x), [1, 5, 5, 1]],
  ["LayerNorm", (x) => new hk.LayerNorm(-1, true, true).call(x), [2, 5]],
  ["RMSNorm", (x) => new hk.RMSNorm(-1).call(x), [2, 5]],
  ["GroupNorm", (x) => new hk.GroupNorm(2).call(x), [2, 2, 2, 4]],
  ["InstanceNorm", (x) => new hk.InstanceNorm(true, true).call(x), [2, 3, 3, 2]],
  ["MultiHeadAttention", (x) => new hk.MultiHeadAttention(2, 2, { wInit: new hk.VarianceScaling(1) }).call(x, x, x), [1, 3, 4]],
  ["MLP", (x) => new hk.MLP([4, 3], { activation: np.tanh }).call(x), [2, 3]],
  ["Embed one-hot", (x) => new hk.Embed({ vocabSize: 4, embedDim: 3, lookupStyle: "ONE_HOT" }).call(np.array([0, 3, 1], { dtype: "int32" })).mul(x), [3, 3]],
  ["Embed index", (x) => new hk.Embed({ vocabSize: 4, embedDim: 3 }).call(np.array([2, 2, 1], { dtype: "int32" })).mul(x), [3, 3]],
  ["LSTM unroll", (x) => { const c = new hk.LSTM(3); return hk.dynamicUnroll(c, x, c.initialState(2))[0]; }, [4, 2, 2]],
  ["GRU", (x) => { const c = new hk.GRU(3); return c.call(x, c.initialState(2))[0]; }, [2, 2]],
  ["VanillaRNN", (x) => { const c = new hk.VanillaRNN(3); return hk.staticUnroll(c, x, c.initialState(1))[0]; }, [3, 1, 2]],
  ["layerStack", (x) => hk.layerStack(3)((h: Array) => np.tanh(new hk.Linear(3).call(h)))(x), [2, 3]],
  ["remat", (x) => hk.remat((h: Array) => np.tanh(new hk.Linear(3).call(h)))(x), [2, 3]],
];

describe("checkGrads through every module (params and inputs)", () => {
  it.each(cases)("%s", async (_, body, shape) => {
    const f = transform(body);
    const x = rand(shape, 1);
    const params = f.init(random.key(0), x);
    await checkGrads((p: Params, xx: Array) => f.apply(p, null, xx), [params, x], { atol: 2e-2, rtol: 2e-2 });
  });

  it("BatchNorm (training)", async () => {
    const f = transformWithState((x: Array) => new hk.BatchNorm(true, true, 0.9).call(x, true));
    const x = rand([4, 3], 2);
    const [params, state] = f.init(null, x);
    await checkGrads((p: Params, xx: Array) => f.apply(p, state, null, xx)[0], [params, x], { atol: 2e-2, rtol: 2e-2 });
  });
});
