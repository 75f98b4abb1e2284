import { describe, expect, it } from "vitest";
import { type Array, evalShape, nn, np, random } from "tsjax-core";
import { transform, transformWithState } from "../transform/transform.js";
import { nextRngKey } from "../base/params.js";
import { MLP } from "./mlp.js";
import { ResNet, ResNet18 } from "./resnet.js";
import { close, rand, v } from "../testing/helpers.js";

describe("MLP", () => {
  it("Linear layers with the activation between them (not after the last), by hand", () => {
    const f = transform((x: Array) => new MLP([3, 2], { activation: np.tanh }).call(x));
    const x = rand([2, 4], 1);
    const p = f.init(random.key(0), x);
    expect(Object.keys(p)).toEqual(["mlp/~/linear_0", "mlp/~/linear_1"]);
    const l0 = p["mlp/~/linear_0"]!;
    const l1 = p["mlp/~/linear_1"]!;
    const want = np.tanh(x.matmul(l0.w!).add(l0.b!)).matmul(l1.w!).add(l1.b!);
    close(f.apply(p, null, x), v(want), { atol: 1e-6 });
    const g = transform((xx: Array) => new MLP([3, 2], { activateFinal: true }).call(xx));
    close(g.apply(p, null, x), v(nn.relu(nn.relu(x.matmul(l0.w!).add(l0.b!)).matmul(l1.w!).add(l1.b!))), { atol: 1e-6 });
  });

  it("dropout needs a key; reverse mirrors the sizes", () => {
    const f = transform((x: Array) => {
      const mlp = new MLP([8, 3]);
      const y = mlp.call(x, { dropoutRate: 0.5, rng: nextRngKey() });
      const back = mlp.reverse();
      return [y.shape, back.call(y).shape, back.name];
    });
    expect(f.apply(f.init(random.key(0), np.ones([2, 5])), random.key(1), np.ones([2, 5]))).toEqual([[2, 3], [2, 5], "mlp_reversed"]);
    expect(() => transform(() => new MLP([2]).call(np.ones([1, 2]), { dropoutRate: 0.1 })).init(0)).toThrow(/dropout needs a key/);
    expect(() => transform(() => new MLP([2], { withBias: false, bInit: np.zeros as never })).init(0)).toThrow(/bInit must not be set/);
  });
});

describe("ResNet", () => {
  /** Parameter shapes without computing anything. */
  const shapesOf = (f: { init: (...a: any[]) => unknown }, ...args: unknown[]) =>
    evalShape((k: Array, x: Array) => f.init(k, x, ...args.slice(1)), random.key(0), args[0] as Array) as [Record<string, Record<string, { shape: number[] }>>, unknown];

  it("ResNet18: haiku's module names and 11,181,642 parameters with 10 classes", () => {
    const f = transformWithState((x: Array) => new ResNet18(10).call(x, true));
    const [params] = shapesOf(f, np.ones([1, 32, 32, 3]));
    const names = Object.keys(params);
    expect(names).toContain("res_net18/~/initial_conv");
    expect(names).toContain("res_net18/~/initial_batchnorm");
    expect(names).toContain("res_net18/~/block_group_0/~/block_0/~/conv_0");
    expect(names).toContain("res_net18/~/block_group_1/~/block_0/~/shortcut_conv");
    expect(names).toContain("res_net18/~/logits");
    expect(names).not.toContain("res_net18/~/block_group_0/~/block_0/~/shortcut_conv");
    expect(params["res_net18/~/initial_conv"]!.w!.shape).toEqual([7, 7, 3, 64]);
    expect(params["res_net18/~/block_group_3/~/block_1/~/conv_1"]!.w!.shape).toEqual([3, 3, 512, 512]);
    const count = Object.values(params).flatMap((b) => Object.values(b)).reduce((n, a) => n + a.shape.reduce((x, y) => x * y, 1), 0);
    // torchvision's resnet18 (1000 classes) has 11,689,512 parameters; 990 fewer classes drop 990 * 513.
    expect(count).toBe(11_689_512 - 990 * 513);
  });

  it("a small ResNet runs; bottleneck blocks and v2 name their layers as haiku", () => {
    const small = (v2: boolean) =>
      transformWithState((x: Array, training: boolean) =>
        new ResNet([1, 1, 1, 1], 3, { bottleneck: true, channelsPerGroup: [8, 8, 16, 16], resnetV2: v2, initialConvConfig: { outputChannels: 4 } }).call(x, training),
      );
    const x = rand([2, 16, 16, 3], 2);
    for (const v2 of [false, true]) {
      const f = small(v2);
      const [params, state] = f.init(random.key(0), x, true);
      const names = Object.keys(params);
      expect(names).toContain("res_net/~/block_group_0/~/block_0/~/batchnorm_2");
      expect(names.includes("res_net/~/final_batchnorm")).toBe(v2);
      expect(names.includes("res_net/~/initial_batchnorm")).toBe(!v2);
      const [logits] = f.apply(params, state, null, x, false);
      expect(logits.shape).toEqual([2, 3]);
      // the logits layer starts at zero weights
      close(logits, [0, 0, 0, 0, 0, 0]);
    }
  });
});
