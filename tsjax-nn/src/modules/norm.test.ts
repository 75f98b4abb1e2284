import { describe, expect, it } from "vitest";
import { type Array, np, random, tree } from "tsjax-core";
import { transform, transformWithState } from "../transform/transform.js";
import { InstanceNorm, LayerNorm } from "./layer-norm.js";
import { RMSNorm } from "./rms-norm.js";
import { GroupNorm } from "./group-norm.js";
import { BatchNorm } from "./batch-norm.js";
import { ExponentialMovingAverage } from "./moving-averages.js";
import { close, f32, rand, shapesOf, v } from "../testing/helpers.js";

/** Normalizes groups of `x` (given as lists of flat indices) with (v - mean) / sqrt(var + eps). */
function normGroups(x: number[], groups: number[][], eps: number, rms = false): number[] {
  const out = [...x];
  for (const g of groups) {
    const vals = g.map((i) => x[i]!);
    const mean = rms ? 0 : vals.reduce((a, b) => a + b, 0) / vals.length;
    const msq = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length;
    g.forEach((i) => (out[i] = (x[i]! - mean) / Math.sqrt(msq + eps)));
  }
  return out;
}

/** Flat indices of a row-major shape grouped by the coordinates on `keep` axes. */
function groupBy(shape: number[], keep: (idx: number[]) => string): number[][] {
  const map = new Map<string, number[]>();
  const n = shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) {
    let r = i;
    const idx = shape.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d]!;
      r = Math.floor(r / shape[d]!);
    }
    const k = keep(idx);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(i);
  }
  return [...map.values()];
}

describe("LayerNorm", () => {
  const x = rand([2, 3, 4], 1);
  it("normalizes over the last axis, then scale and offset per feature", () => {
    const f = transform((xx: Array) => new LayerNorm(-1, true, true).call(xx));
    const scale = f32([1, 2, 0.5, -1]);
    const offset = f32([0, 1, 2, 3]);
    const base = normGroups(v(x), groupBy([2, 3, 4], (i) => `${i[0]},${i[1]}`), 1e-5);
    close(f.apply({ layer_norm: { scale, offset } }, null, x), base.map((b, i) => b * v(scale)[i % 4]! + v(offset)[i % 4]!));
    expect(shapesOf(f.init(null, x))).toEqual({ layer_norm: { scale: "4", offset: "4" } });
  });

  it("over several axes, fast variance, no params, call-time scale", () => {
    const base = normGroups(v(x), groupBy([2, 3, 4], (i) => `${i[0]}`), 1e-3);
    const f = transform((xx: Array) => new LayerNorm("1:", false, false, { eps: 1e-3, useFastVariance: true }).call(xx));
    close(f.apply({}, null, x), base, { atol: 1e-5 });
    const g = transform((xx: Array) => new LayerNorm([1, 2], false, false, { eps: 1e-3 }).call(xx, { scale: np.full([4], 2) }));
    close(g.apply({}, null, x), base.map((b) => 2 * b), { atol: 1e-5 });
    expect(() => transform(() => new LayerNorm(-1, true, true).call(x, { scale: np.ones([4]) })).init(null)).toThrow(/cannot pass scale/);
  });

  it("paramAxis picks the parameter shape", () => {
    const f = transform((xx: Array) => new LayerNorm(-1, true, false, { paramAxis: 1 }).call(xx));
    expect(shapesOf(f.init(null, x))).toEqual({ layer_norm: { scale: "1x3x1" } });
  });

  it("InstanceNorm: each example's channels over the spatial axes", () => {
    const xi = rand([2, 3, 3, 2], 2);
    const f = transform((xx: Array) => new InstanceNorm(true, true).call(xx));
    expect(shapesOf(f.init(null, xi))).toEqual({ instance_norm: { scale: "2", offset: "2" } });
    const base = normGroups(v(xi), groupBy([2, 3, 3, 2], (i) => `${i[0]},${i[3]}`), 1e-5);
    close(f.apply({ instance_norm: { scale: np.ones([2]), offset: np.zeros([2]) } }, null, xi), base, { atol: 1e-5 });
  });
});

describe("RMSNorm", () => {
  it("x * scale / sqrt(mean(x^2) + eps), no centering", () => {
    const x = rand([3, 5], 3);
    const scale = rand([5], 4);
    const f = transform((xx: Array) => new RMSNorm(-1).call(xx));
    const base = normGroups(v(x), groupBy([3, 5], (i) => `${i[0]}`), 1e-5, true);
    close(f.apply({ rms_norm: { scale } }, null, x), base.map((b, i) => b * v(scale)[i % 5]!), { atol: 1e-5 });
    expect(transform((xx: Array) => new RMSNorm(-1, { createScale: false }).call(xx)).init(null, x)).toEqual({});
  });
});

describe("GroupNorm", () => {
  it("normalizes each group of channels over the spatial axes (NHWC and NCHW)", () => {
    const x = rand([2, 3, 2, 6], 5);
    const f = transform((xx: Array) => new GroupNorm(3).call(xx));
    expect(shapesOf(f.init(null, x))).toEqual({ group_norm: { scale: "6", offset: "6" } });
    const scale = rand([6], 6);
    const offset = rand([6], 7);
    const base = normGroups(v(x), groupBy([2, 3, 2, 6], (i) => `${i[0]},${Math.floor(i[3]! / 2)}`), 1e-5);
    const want = base.map((b, i) => b * v(scale)[i % 6]! + v(offset)[i % 6]!);
    close(f.apply({ group_norm: { scale, offset } }, null, x), want, { atol: 1e-5 });
    const g = transform((xx: Array) => new GroupNorm(3, { dataFormat: "NCHW" }).call(xx));
    const xc = np.transpose(x, [0, 3, 1, 2]);
    expect(shapesOf(g.init(null, xc))).toEqual({ group_norm: { scale: "6x1x1", offset: "6x1x1" } });
    const out = g.apply({ group_norm: { scale: scale.reshape(6, 1, 1), offset: offset.reshape(6, 1, 1) } }, null, xc);
    close(np.transpose(out, [0, 2, 3, 1]), want, { atol: 1e-5 });
    expect(() => transform(() => new GroupNorm(4).call(x)).init(null)).toThrow(/channels 6 must be divisible by groups 4/);
  });
});

describe("BatchNorm", () => {
  const x = rand([4, 3, 2], 8).mul(3).add(1);
  const mk = () => transformWithState((xx: Array, training: boolean) => new BatchNorm(true, true, 0.9).call(xx, training));

  it("training: batch statistics over all but the channel axis; params [1, 1, C]", () => {
    const f = mk();
    const [params, state] = f.init(null, x, true);
    expect(shapesOf(params)).toEqual({ batch_norm: { scale: "1x1x2", offset: "1x1x2" } });
    expect(shapesOf(state)).toEqual({
      "batch_norm/~/mean_ema": { counter: "", hidden: "1x1x2", average: "1x1x2" },
      "batch_norm/~/var_ema": { counter: "", hidden: "1x1x2", average: "1x1x2" },
    });
    const scale = f32([[[2, 0.5]]]);
    const offset = f32([[[1, -1]]]);
    const [y] = f.apply({ batch_norm: { scale, offset } }, state, null, x, true);
    const base = normGroups(v(x), groupBy([4, 3, 2], (i) => `${i[2]}`), 1e-5);
    close(y, base.map((b, i) => b * [2, 0.5][i % 2]! + [1, -1][i % 2]!), { atol: 1e-4 });
  });

  it("state follows the EMA formula (zero-debiased), and evaluation uses it", () => {
    const f = mk();
    let [params, state] = f.init(null, x, true);
    const xs = [x, x.mul(2), x.sub(1)];
    let hidden = [0, 0];
    let hiddenVar = [0, 0];
    const decay = 0.9;
    xs.forEach((xb, t) => {
      [, state] = f.apply(params, state, null, xb, true);
      const d = v(xb);
      const mean = [0, 1].map((c) => d.filter((_, i) => i % 2 === c).reduce((a, b) => a + b, 0) / 12);
      const msq = [0, 1].map((c) => d.filter((_, i) => i % 2 === c).reduce((a, b) => a + b * b, 0) / 12);
      const variance = mean.map((m, c) => msq[c]! - m * m);
      hidden = hidden.map((h, c) => h * decay + mean[c]! * (1 - decay));
      hiddenVar = hiddenVar.map((h, c) => h * decay + variance[c]! * (1 - decay));
      const debias = 1 - decay ** (t + 1);
      expect(v(state["batch_norm/~/mean_ema"]!.counter!)).toEqual([t + 1]);
      close(state["batch_norm/~/mean_ema"]!.hidden!, hidden, { atol: 1e-5 });
      close(state["batch_norm/~/mean_ema"]!.average!, hidden.map((h) => h / debias), { atol: 1e-5 });
      close(state["batch_norm/~/var_ema"]!.average!, hiddenVar.map((h) => h / debias), { atol: 1e-4 });
    });
    const mean = v(state["batch_norm/~/mean_ema"]!.average!);
    const variance = v(state["batch_norm/~/var_ema"]!.average!);
    const [y, after] = f.apply(params, state, null, x, false);
    // evaluation does not update the state
    const [before, kept] = [tree.leaves(state) as Array[], tree.leaves(after) as Array[]];
    expect(kept.length).toBe(before.length);
    kept.forEach((leaf, i) => expect(v(leaf)).toEqual(v(before[i]!)));
    close(y, v(x).map((e, i) => (e - mean[i % 2]!) / Math.sqrt(variance[i % 2]! + 1e-5)), { atol: 1e-4 });
  });

  it("init with isTraining false is an error; isTraining must be a boolean", () => {
    expect(() => mk().init(null, x, false)).toThrow(/Run init with isTraining true/);
    expect(() => mk().init(null, x, 1 as never)).toThrow(/isTraining must be a JS boolean/);
  });
});

describe("ExponentialMovingAverage", () => {
  it("warmup: decay 0 while the counter is <= 0", () => {
    const f = transformWithState((val: Array) => new ExponentialMovingAverage(0.5, { zeroDebias: false, warmupLength: 2 }).call(val));
    let [, s] = f.init(null, np.array(0));
    const outs: number[] = [];
    for (const val of [4, 8, 16]) {
      const [avg, next] = f.apply({}, s, null, np.array(val));
      s = next;
      outs.push(v(avg)[0]!);
    }
    // counter -2 -> -1 (decay 0: 4), 0 (decay 0: 8), 1 (decay 0.5: 4 + 8 = 12)
    expect(outs).toEqual([4, 8, 12]);
    expect(() => transformWithState(() => new ExponentialMovingAverage(0.5, { warmupLength: 2 })).init(null)).toThrow(/zeroDebias: false/);
  });

  it("updateStats: false leaves the state unchanged", () => {
    const f = transformWithState((val: Array, update: boolean) => new ExponentialMovingAverage(0.9).call(val, { updateStats: update }));
    const [, s] = f.init(null, np.array(1), true);
    // init returns the state as first created (counter 0, hidden 0), as haiku does.
    expect(v(s["exponential_moving_average"]!.counter!)).toEqual([0]);
    const [avg, s2] = f.apply({}, s, null, np.array(3), false);
    close(avg, [(3 * 0.1) / (1 - 0.9)], { atol: 1e-5 });
    expect(v(s2["exponential_moving_average"]!.counter!)).toEqual([0]);
    const [avg2, s3] = f.apply({}, s, null, np.array(3), true);
    close(avg2, [3], { atol: 1e-5 });
    expect(v(s3["exponential_moving_average"]!.counter!)).toEqual([1]);
  });
});
