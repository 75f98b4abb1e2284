import { describe, expect, it } from "vitest";
import { camelToSnake, nameAndNumber } from "./names.js";

describe("camelToSnake", () => {
  // The default names haiku gives its modules (as in its integration checkpoints).
  it.each([
    ["Linear", "linear"], ["MLP", "mlp"], ["Conv2D", "conv2_d"], ["Conv2DTranspose", "conv2_d_transpose"], ["ConvND", "conv_nd"],
    ["DepthwiseConv2D", "depthwise_conv2_d"], ["BatchNorm", "batch_norm"], ["LayerNorm", "layer_norm"], ["RMSNorm", "rms_norm"],
    ["GroupNorm", "group_norm"], ["MultiHeadAttention", "multi_head_attention"], ["VanillaRNN", "vanilla_rnn"], ["LSTM", "lstm"],
    ["GRU", "gru"], ["DeepRNN", "deep_rnn"], ["ResNet18", "res_net18"], ["ExponentialMovingAverage", "exponential_moving_average"],
  ])("%s -> %s", (cls, name) => expect(camelToSnake(cls)).toBe(name));
});

describe("nameAndNumber", () => {
  it("splits a trailing number", () => {
    expect(nameAndNumber("linear_2")).toEqual(["linear", 2]);
    expect(nameAndNumber("linear_0")).toEqual(["linear", 0]);
    expect(nameAndNumber("linear")).toEqual(["linear", null]);
    expect(nameAndNumber("linear_02")).toEqual(["linear_02", null]);
    expect(nameAndNumber("mlp/~/linear_10")).toEqual(["mlp/~/linear", 10]);
  });
});
