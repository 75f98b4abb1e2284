import { describe, expect, it } from "vitest";
import { type Array, type DType, np, random } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { getParameter } from "../base/params.js";
import type { Initializer } from "../base/initializer.js";
import { Constant, ones, zeros } from "./constant.js";
import { RandomNormal, RandomUniform, TruncatedNormal } from "./random.js";
import {
  UniformScaling, VarianceScaling, computeFans, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform,
} from "./variance-scaling.js";
import { Identity, Orthogonal } from "./orthogonal.js";
import { Linear } from "../modules/linear.js";
import { Conv2D } from "../modules/conv.js";
import refs from "../testing/refs.json";
import { close, v } from "../testing/helpers.js";

/** Draws a parameter of `shape` with `init` inside a transform (key `seed`). */
function draw(init: Initializer, shape: number[], seed = 0, dtype: DType = "float32"): Array {
  return transform(() => getParameter("w", shape, dtype, init)).init(seed)["~"]!.w!;
}

function stats(x: Array): { mean: number; std: number; min: number; max: number } {
  const d = v(x);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: d.reduce((a, b) => Math.min(a, b)), max: d.reduce((a, b) => Math.max(a, b)) };
}

const N = 512 * 256; // samples: the mean's standard error is std / 362

describe("values (haiku's key sequence and defaults)", () => {
  it("Linear's default init is TruncatedNormal(1/sqrt(fan_in)) from the first key", () => {
    const params = transform((x: Array) => {
      const h = new Linear(3).call(x);
      return new Linear(2).call(h);
    }).init(random.key(0), np.ones([2, 5]));
    close(params.linear!.w!, refs.linear_w_key0_in5_out3, { atol: 2e-6 });
    close(params.linear_1!.w!, refs.linear_1_w_key0_in3_out2, { atol: 2e-6 });
    expect(v(params.linear!.b!)).toEqual([0, 0, 0]);
  });

  it("Conv2D's default init is TruncatedNormal(1/sqrt(kh*kw*in))", () => {
    const params = transform((x: Array) => new Conv2D(4, 3).call(x)).init(random.key(3), np.ones([1, 5, 5, 2]));
    close(params.conv2_d!.w!, refs.conv2d_w_key3, { atol: 2e-6 });
  });

  it("Orthogonal matches JAX's QR with the sign fix", () => {
    close(draw(new Orthogonal(), [4, 6], 5), refs.orthogonal_key5_4x6, { atol: 2e-5 });
  });
});

describe("statistics over large shapes (within sampling error)", () => {
  it.each([
    ["RandomNormal(0.5, 2)", new RandomNormal(0.5, 2), 0.5, 2],
    ["TruncatedNormal(0.5, 2)", new TruncatedNormal(0.5, 2), 0.5 * 0.8796256610342398, 2],
    ["RandomUniform(-1, 3)", new RandomUniform(-1, 3), 4 / Math.sqrt(12), 1],
  ] as const)("%s", (_, init, std, mean) => {
    const s = stats(draw(init, [512, 256]));
    expect(Math.abs(s.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(N));
    expect(Math.abs(s.std / std - 1)).toBeLessThan(0.01);
  });

  it("TruncatedNormal stays within mean ± 2 stddev", () => {
    const s = stats(draw(new TruncatedNormal(0.1, 1), [256, 256]));
    expect(s.min).toBeGreaterThanOrEqual(1 - 0.2);
    expect(s.max).toBeLessThanOrEqual(1 + 0.2);
  });

  it("RandomUniform stays in [minval, maxval)", () => {
    const s = stats(draw(new RandomUniform(2, 3), [100, 100]));
    expect(s.min).toBeGreaterThanOrEqual(2);
    expect(s.max).toBeLessThan(3);
  });

  // std = sqrt(scale / n) for each mode and distribution (uniform: limit sqrt(3 scale / n)).
  const shape = [3, 3, 64, 128]; // fan_in 576, fan_out 1152
  it.each([
    ["fan_in", "truncated_normal", 2, 576], ["fan_out", "normal", 1, 1152], ["fan_avg", "uniform", 3, 864],
    ["fan_in", "uniform", 1, 576], ["fan_avg", "truncated_normal", 0.5, 864], ["fan_out", "truncated_normal", 1, 1152],
  ] as const)("VarianceScaling(%s, %s, scale %d)", (mode, dist, scale, n) => {
    const x = draw(new VarianceScaling(scale, mode, dist), shape);
    const s = stats(x);
    const std = Math.sqrt(scale / n);
    expect(Math.abs(s.mean)).toBeLessThan((5 * std) / Math.sqrt(x.size));
    expect(Math.abs(s.std / std - 1)).toBeLessThan(0.015);
    if (dist === "uniform") expect(s.max).toBeLessThanOrEqual(Math.sqrt(3) * std + 1e-6);
  });

  it.each([
    ["glorotNormal", glorotNormal, 1, "avg"], ["glorotUniform", glorotUniform, 1, "avg"], ["heNormal", heNormal, 2, "in"],
    ["heUniform", heUniform, 2, "in"], ["lecunNormal", lecunNormal, 1, "in"], ["lecunUniform", lecunUniform, 1, "in"],
  ] as const)("%s", (_, make, scale, mode) => {
    const s = stats(draw(make(), [400, 200]));
    const n = mode === "in" ? 400 : 300;
    expect(Math.abs(s.std / Math.sqrt(scale / n) - 1)).toBeLessThan(0.015);
  });

  it("UniformScaling: limit scale * sqrt(3 / inputSize)", () => {
    const s = stats(draw(new UniformScaling(2), [300, 400]));
    expect(Math.abs(s.std / (2 * Math.sqrt(1 / 300)) - 1)).toBeLessThan(0.015);
    expect(s.max).toBeLessThanOrEqual(2 * Math.sqrt(3 / 300));
  });
});

describe("deterministic initializers", () => {
  it("Constant (number and array), zeros, ones", () => {
    expect(v(draw(new Constant(0.25), [2, 2]))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(v(draw(new Constant(np.array([1, 2])), [2, 2]))).toEqual([1, 2, 1, 2]);
    expect(draw(new Constant(3), [2], 0, "int32").dtype).toBe("int32");
    expect(v(draw(zeros, [3]))).toEqual([0, 0, 0]);
    expect(v(draw(ones, [2]))).toEqual([1, 1]);
  });

  it("Identity (with gain, broadcast over leading axes)", () => {
    expect(v(draw(new Identity(2), [2, 3]))).toEqual([2, 0, 0, 0, 2, 0]);
    expect(v(draw(new Identity(), [2, 2, 2]))).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    expect(() => draw(new Identity(), [3])).toThrow(/at least 2 axes/);
  });

  it("Orthogonal gives orthonormal rows or columns, along axis", () => {
    for (const shape of [[6, 4], [4, 6], [5, 5]]) {
      const q = draw(new Orthogonal(3), shape, 1).div(3);
      const tall = shape[0]! >= shape[1]!;
      const gram = tall ? q.T.matmul(q) : q.matmul(q.T);
      close(gram, v(np.eye(Math.min(...shape))), { atol: 1e-5 });
    }
    // axis 0 of [4, 2, 3]: the 4 slices are orthonormal against each other.
    const q = draw(new Orthogonal(1, 0), [4, 2, 3], 2).reshape(4, 6);
    close(q.matmul(q.T), v(np.eye(4)), { atol: 1e-5 });
  });
});

describe("computeFans", () => {
  it("as haiku's _compute_fans", () => {
    expect(computeFans([])).toEqual([1, 1]);
    expect(computeFans([5])).toEqual([5, 5]);
    expect(computeFans([3, 4])).toEqual([3, 4]);
    expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    expect(computeFans([2, 3, 4], [0, 1])).toEqual([6, 4]);
  });

  it("bad VarianceScaling arguments are errors", () => {
    expect(() => new VarianceScaling(-1)).toThrow(/non-negative/);
    expect(() => new VarianceScaling(1, "fan" as never)).toThrow(/mode/);
    expect(() => new VarianceScaling(1, "fan_in", "cauchy" as never)).toThrow(/distribution/);
  });
});
