import { describe, expect, it } from "vitest";
import { type Array, jit, np } from "tsjax-core";
import { applyUpdates, chain } from "../base.js";
import { adam } from "../optimizers/adam.js";
import { sgd } from "../optimizers/sgd.js";
import { scale } from "../transforms/scale.js";
import { linearSchedule } from "../schedules/basic.js";
import { close, f32, signature, v } from "../../test/helpers.js";
import { masked } from "./masked.js";
import { freeze, partition } from "./partition.js";
import { injectHyperparams } from "./inject-hyperparams.js";
import { applyEvery, multiSteps } from "./accumulate.js";
import { applyIfFinite, conditionallyMask, conditionallyTransform } from "./conditional.js";
import { lookahead, lookaheadParams } from "./lookahead.js";

const G = [[0.5, -1], [2, 0.25], [-1, 1], [0.1, 0.3], [1, -2], [0.7, 0.7]];
const params0 = () => f32([1, 2]);

describe("injectHyperparams", () => {
  it("equals the wrapped optimizer", () => {
    const a = adam(0.1, { b1: 0.8 });
    const b = injectHyperparams(adam)(0.1, { b1: 0.8 });
    let sa = a.init(params0()), sb = b.init(params0());
    for (const g of G.slice(0, 3)) {
      const [ua, na] = a.update(f32(g), sa);
      const [ub, nb] = b.update(f32(g), sb);
      close(ub, v(ua));
      [sa, sb] = [na, nb];
    }
    close(sb.hyperparams.b1!, [0.8]);
  });
  it("evaluates schedules at the count, like the plain optimizer", () => {
    const s = linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 4 });
    const a = sgd(s), b = injectHyperparams(sgd)(s);
    let sa = a.init(params0()), sb = b.init(params0());
    for (const g of G.slice(0, 3)) {
      const [ua, na] = a.update(f32(g), sa);
      const [ub, nb] = b.update(f32(g), sb);
      close(ub, v(ua));
      [sa, sb] = [na, nb];
    }
  });
  it("a new learning rate in the state takes effect without retracing", () => {
    const opt = injectHyperparams(sgd)(0.1);
    const step = jit((g: Array, s: unknown) => opt.update(g, s as never));
    let state = opt.init(params0());
    const [u1, s1] = step(f32([1, 1]), state);
    close(u1, [-0.1, -0.1]);
    state = { ...s1, hyperparams: { ...s1.hyperparams, learningRate: np.array(0.5) } };
    const [u2] = step(f32([1, 1]), state);
    close(u2, [-0.5, -0.5]);
    expect(step.traceCount).toBe(1);
  });
});

describe("multiSteps and applyEvery", () => {
  it("multiSteps(opt, 3) equals opt on the averaged gradient, zeros in between", () => {
    const inner = adam(0.1);
    const ms = multiSteps(adam(0.1), 3);
    let s = ms.init(params0());
    let si = inner.init(params0());
    const sig = signature(s);
    G.forEach((g, i) => {
      const [u, n] = ms.update(f32(g), s);
      s = n;
      expect(signature(s)).toBe(sig);
      if (i % 3 === 2) {
        const mean = [0, 1].map((j) => (G[i - 2]![j]! + G[i - 1]![j]! + G[i]![j]!) / 3);
        const [ui, ni] = inner.update(f32(mean), si);
        si = ni;
        close(u, v(ui), { rtol: 1e-5 });
        expect(v(ms.hasUpdated(s))[0]).toBe(1);
      } else close(u, [0, 0]);
    });
    expect(() => multiSteps(adam(0.1), 0)).toThrow(/MultiSteps: everyKSchedule must be a positive integer/);
    expect(() => multiSteps(adam(0.1), 2, { everyK: 3 } as never)).toThrow(/MultiSteps: unknown option "everyK"/);
  });
  it("applyEvery(2) sums two steps", () => {
    const t = applyEvery(2);
    let s = t.init(params0());
    const outs = G.slice(0, 4).map((g) => { const [u, n] = t.update(f32(g), s); s = n; return v(u); });
    close(outs[0]!, [0, 0]);
    close(outs[1]!, [2.5, -0.75]);
    close(outs[2]!, [0, 0]);
    close(outs[3]!, [-0.9, 1.3]);
  });
});

describe("masks and partitions apply to exactly the labelled leaves", () => {
  const p = { enc: { w: f32([1, 2]), b: f32([3]) }, head: f32([4]) };
  const g = { enc: { w: f32([1, 1]), b: f32([1]) }, head: f32([1]) };
  it("masked (full and prefix masks, functions)", () => {
    const m = masked(scale(-2), { enc: true, head: false });
    const [u] = m.update(g, m.init(p), p);
    close(u.enc.w, [-2, -2]); close(u.enc.b, [-2]); close(u.head, [1]);
    const f = masked(scale(-2), (t: typeof p) => ({ enc: { w: true, b: false }, head: t.head.ndim === 1 }));
    const [u2] = f.update(g, f.init(p), p);
    close(u2.enc.w, [-2, -2]); close(u2.enc.b, [1]); close(u2.head, [-2]);
  });
  it("masked keeps inner state only for masked leaves", () => {
    const m = masked(adam(0.1), { enc: { w: true, b: false }, head: false });
    const s = m.init(p);
    expect(s.innerState[0].mu.enc.b).toBe(null);
    expect(s.innerState[0].mu.enc.w.shape).toEqual([2]);
    const [u] = m.update(g, s, p);
    close(u.enc.b, [1]);
    close(u.enc.w, [-0.1, -0.1], { rtol: 1e-4 });
  });
  it("a mask whose structure does not match names the op and the path", () => {
    expect(() => masked(scale(2), { enc: { w: true }, head: false }).init(p)).toThrow(/masked: the mask does not match the params at \.enc.*missing in the mask: b/);
    expect(() => masked(scale(2), { enc: true, head: [true] }).init(p)).toThrow(/masked: the mask does not match the params at \.head/);
    expect(() => masked(scale(2), { enc: true, head: 1 }).init(p)).toThrow(/mask leaves must be booleans/);
  });
  it("partition / freeze", () => {
    const opt = partition({ a: scale(-1), b: scale(10) }, { enc: { w: "a", b: "b" }, head: "a" });
    const [u] = opt.update(g, opt.init(p), p);
    close(u.enc.w, [-1, -1]); close(u.enc.b, [10]); close(u.head, [-1]);
    expect(() => partition({ a: scale(1) }, { enc: "a", head: "zzz" }).init(p)).toThrow(/partition: no transformation for the label\(s\) "zzz"/);
    expect(() => partition({ a: scale(1) }, { enc: "a" }).init(p)).toThrow(/partition: the mask does not match the params at \(root\)/);
    const fr = chain(freeze({ enc: true, head: false }), sgd(1));
    const [uf] = fr.update(g, fr.init(p), p);
    close(uf.enc.w, [0, 0]); close(uf.head, [-1]);
  });
});

describe("conditional wrappers and lookahead", () => {
  it("applyIfFinite skips a NaN update and keeps the inner state", () => {
    const opt = applyIfFinite(sgd(1, { momentum: 0.5 }), 2);
    let s = opt.init(params0());
    let [u, n] = opt.update(f32([1, 1]), s); s = n;
    close(u, [-1, -1]);
    [u, n] = opt.update(f32([NaN, 1]), s); s = n;
    close(u, [0, 0]);
    expect(v(s.totalNotfinite)).toEqual([1]);
    [u, n] = opt.update(f32([1, 1]), s);
    close(u, [-1.5, -1.5]);
  });
  it("conditionallyMask / conditionallyTransform", () => {
    const cm = conditionallyMask(sgd(1), (step) => step.ge(1));
    let s = cm.init(params0());
    let [u, n] = cm.update(f32([1, 2]), s); s = n;
    close(u, [0, 0]);
    [u] = cm.update(f32([1, 2]), s);
    close(u, [-1, -2]);
    const ct = conditionallyTransform(scale(10), (step) => step.lt(1));
    const [u2] = ct.update(f32([1, 2]), ct.init(params0()));
    close(u2, [10, 20]);
  });
  it("lookahead syncs the slow weights every syncPeriod steps", () => {
    const opt = lookahead(sgd(1), 2, 0.5);
    let params = lookaheadParams(f32([0]));
    let s = opt.init(params);
    const g = f32([-1]); // the gradient of params.fast
    let [u, n] = opt.update(g, s, params); s = n; params = applyUpdates(params, u);
    close(params.fast, [1]); close(params.slow, [0]);
    [u, n] = opt.update(g, s, params); s = n; params = applyUpdates(params, u);
    // fast would be 2; slow moves half way: 1; fast resets to slow.
    close(params.slow, [1]); close(params.fast, [1]);
  });
});
