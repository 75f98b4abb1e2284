/** The first three updates of each optimizer against optax's formulas, computed by hand in float64. */
import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { type GradientTransformation, applyUpdates } from "../base.js";
import { close, f32, v } from "../../test/helpers.js";
import { adabelief, adadelta, adafactor, adagrad, novograd, rmsprop, sm3, yogi } from "./adaptive.js";
import { fromage, lamb, lars, lion, noisySgd, polyakSgd, rprop, signSgd } from "./sign-and-trust.js";

const G = [[0.5, -1.0, 2.0], [-0.3, 0.2, 1.5], [1.0, 1.0, -2.0]];
const P0 = [1.0, -2.0, 0.5];
const norm = (x: number[]) => Math.sqrt(x.reduce((a, y) => a + y * y, 0));

/** Runs three steps; returns the updates. `value` is passed as the loss for polyak. */
function run3(opt: GradientTransformation): number[][] {
  let p = f32(P0);
  let s = opt.init(p);
  return G.map((g) => {
    const [u, n] = opt.update(f32(g), s, p, { value: np.array(2.0) });
    s = n;
    p = applyUpdates(p, u);
    return v(u);
  });
}

/** Simulates an elementwise optimizer: `step(g, i, t, p)` returns the update of element i. */
function byHand(step: (g: number[], t: number, p: number[]) => number[]): number[][] {
  const p = [...P0];
  return G.map((g, k) => {
    const u = step(g, k + 1, p);
    u.forEach((x, i) => (p[i] = p[i]! + x));
    return u;
  });
}

const check = (got: number[][], want: number[][], rtol = 1e-5) => got.forEach((u, k) => close(u, want[k]!, { rtol, atol: 1e-6 }));

describe("first three updates equal optax's formulas", () => {
  it("adagrad", () => {
    let sos = [0.1, 0.1, 0.1];
    check(run3(adagrad(0.5)), byHand((g) => { sos = sos.map((s, i) => s + g[i]! ** 2); return g.map((x, i) => (-0.5 * x) / Math.sqrt(sos[i]! + 1e-7)); }));
  });
  it("rmsprop (eps inside the sqrt), centered, momentum after the learning rate", () => {
    let nu = [0, 0, 0];
    check(run3(rmsprop(0.1)), byHand((g) => { nu = nu.map((n, i) => 0.1 * g[i]! ** 2 + 0.9 * n); return g.map((x, i) => (-0.1 * x) / Math.sqrt(nu[i]! + 1e-8)); }));
    let mu = [0, 0, 0]; nu = [0, 0, 0];
    let tr = [0, 0, 0];
    check(run3(rmsprop(0.1, { centered: true, momentum: 0.5 })), byHand((g) => {
      mu = mu.map((m, i) => 0.1 * g[i]! + 0.9 * m);
      nu = nu.map((n, i) => 0.1 * g[i]! ** 2 + 0.9 * n);
      const u = g.map((x, i) => (-0.1 * x) / Math.sqrt(nu[i]! - mu[i]! ** 2 + 1e-8));
      tr = tr.map((t, i) => u[i]! + 0.5 * t);
      return tr;
    }), 1e-4);
  });
  it("adabelief (eps and epsRoot)", () => {
    let mu = [0, 0, 0], nu = [0, 0, 0];
    const [b1, b2, eps] = [0.9, 0.999, 1e-16];
    check(run3(adabelief(0.1)), byHand((g, t) => {
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      const err = g.map((x, i) => x - mu[i]!); // optax: the prediction error uses the updated mu
      nu = nu.map((n, i) => (1 - b2) * err[i]! ** 2 + b2 * n + eps);
      return mu.map((m, i) => (-0.1 * (m / (1 - b1 ** t))) / (Math.sqrt(nu[i]! / (1 - b2 ** t)) + eps));
    }), 1e-4);
  });
  it("yogi (additive second moment, initial accumulator 1e-6)", () => {
    let mu = [1e-6, 1e-6, 1e-6], nu = [1e-6, 1e-6, 1e-6];
    const [b1, b2, eps] = [0.9, 0.999, 1e-3];
    check(run3(yogi(0.1)), byHand((g, t) => {
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      nu = nu.map((n, i) => n - (1 - b2) * Math.sign(n - g[i]! ** 2) * g[i]! ** 2);
      return mu.map((m, i) => (-0.1 * (m / (1 - b1 ** t))) / (Math.sqrt(nu[i]! / (1 - b2 ** t)) + eps));
    }));
  });
  it("adadelta", () => {
    let eg = [0, 0, 0], ex = [0, 0, 0];
    check(run3(adadelta(1.0)), byHand((g) => {
      eg = eg.map((e, i) => 0.1 * g[i]! ** 2 + 0.9 * e);
      const d = g.map((x, i) => (Math.sqrt(ex[i]! + 1e-6) / Math.sqrt(eg[i]! + 1e-6)) * x);
      ex = ex.map((e, i) => 0.1 * d[i]! ** 2 + 0.9 * e);
      return d.map((x) => -x);
    }), 1e-4);
  });
  it("lion (sign of the interpolation, weight decay 1e-3 by default)", () => {
    let mu = [0, 0, 0];
    check(run3(lion(0.1)), byHand((g, _t, p) => {
      const u = g.map((x, i) => -0.1 * (Math.sign(0.1 * x + 0.9 * mu[i]!) + 1e-3 * p[i]!));
      mu = mu.map((m, i) => 0.01 * g[i]! + 0.99 * m);
      return u;
    }));
  });
  it("signSgd and rprop", () => {
    check(run3(signSgd(0.1)), byHand((g) => g.map((x) => -0.1 * Math.sign(x))));
    let step = [0.1, 0.1, 0.1], prev = [0, 0, 0];
    // optax 0.2.8: the update of a step is the one computed at the previous step (0 at the first).
    check(run3(rprop(0.1)), byHand((g) => {
      const s = g.map((x, i) => x * prev[i]!);
      step = step.map((st, i) => (s[i]! === 0 ? st : Math.min(Math.max(st * (s[i]! > 0 ? 1.2 : 0.5), 1e-6), 50)));
      const out = prev.map((x, i) => (s[i]! < 0 ? 0 : -x));
      prev = g.map((x, i) => (s[i]! < 0 ? 0 : step[i]! * Math.sign(x)));
      return out;
    }));
  });
  it("lamb (trust ratio ||p|| / ||adam + wd p||) and lars", () => {
    let mu = [0, 0, 0], nu = [0, 0, 0];
    check(run3(lamb(0.1, { weightDecay: 0.01 })), byHand((g, t, p) => {
      mu = mu.map((m, i) => 0.1 * g[i]! + 0.9 * m);
      nu = nu.map((n, i) => 0.001 * g[i]! ** 2 + 0.999 * n);
      const a = mu.map((m, i) => (m / (1 - 0.9 ** t)) / (Math.sqrt(nu[i]! / (1 - 0.999 ** t)) + 1e-6) + 0.01 * p[i]!);
      const r = norm(p) / norm(a);
      return a.map((x) => -0.1 * r * x);
    }), 1e-4);
    let tr = [0, 0, 0];
    check(run3(lars(0.5, { weightDecay: 0.1, trustCoefficient: 0.01 })), byHand((g, _t, p) => {
      const a = g.map((x, i) => x + 0.1 * p[i]!);
      const r = (0.01 * norm(p)) / norm(a);
      tr = tr.map((x, i) => -0.5 * r * a[i]! + 0.9 * x);
      return tr;
    }), 1e-4);
  });
  it("fromage", () => {
    const lr = 0.1, mult = 1 / Math.sqrt(1 + lr * lr);
    check(run3(fromage(lr)), byHand((g, _t, p) => g.map((x, i) => -lr * mult * x * (norm(p) / norm(g)) + (mult - 1) * p[i]!)), 1e-4);
  });
  it("polyakSgd: min((f - fMin) / ||g||^2, max) * g", () => {
    check(run3(polyakSgd({ maxLearningRate: 0.5 })), byHand((g) => { const s = Math.min(2 / norm(g) ** 2, 0.5); return g.map((x) => -s * x); }));
  });
  it("novograd (layer-wise second moment, initialized at the first step)", () => {
    let mu = [0, 0, 0], nu = 0;
    check(run3(novograd(0.1, { weightDecay: 0.01 })), byHand((g, t, p) => {
      const sq = norm(g) ** 2;
      nu = t === 1 ? sq : 0.75 * sq + 0.25 * nu;
      const add = g.map((x, i) => x / (Math.sqrt(nu) + 1e-6) + 0.01 * p[i]!);
      mu = t === 1 ? add : mu.map((m, i) => 0.9 * m + add[i]!);
      return mu.map((m) => -0.1 * m);
    }), 1e-4);
  });
  it("sm3 on a vector (b2 = 1: accumulate g^2)", () => {
    let acc = [0, 0, 0], nu = [0, 0, 0];
    check(run3(sm3(0.1)), byHand((g) => {
      acc = acc.map((a, i) => g[i]! ** 2 + a);
      const up = g.map((x, i) => x / Math.sqrt(acc[i]! + 1e-8));
      nu = nu.map((n, i) => 0.1 * up[i]! + 0.9 * n);
      return nu.map((n) => -0.1 * n);
    }), 1e-4);
  });
  it("adafactor on a vector (unfactored, clipped by block RMS, scaled by param RMS)", () => {
    let vv = [0, 0, 0];
    check(run3(adafactor(0.1)), byHand((g, t, p) => {
      const decay = 1 - t ** -0.8;
      vv = vv.map((x, i) => decay * x + (1 - decay) * (g[i]! ** 2 + 1e-30));
      let u = g.map((x, i) => x / Math.sqrt(vv[i]!));
      const rms = Math.sqrt(u.reduce((a, x) => a + x * x, 0) / 3);
      u = u.map((x) => x / Math.max(1, rms));
      const prms = Math.max(Math.sqrt(p.reduce((a, x) => a + x * x, 0) / 3), 1e-3);
      return u.map((x) => -0.1 * x * prms);
    }), 1e-4);
  });
  it("adafactor factors a large matrix (state O(n + m))", () => {
    const opt = adafactor(0.1, { minDimSizeToFactor: 2 });
    const p = np.ones([3, 4]);
    const s = opt.init(p);
    expect(s[0].vRow.shape).toEqual([3]);
    expect(s[0].vCol.shape).toEqual([4]);
    const [u] = opt.update(np.ones([3, 4]), s, p);
    close(u, new globalThis.Array(12).fill(-0.1), { rtol: 1e-4 });
  });
  it("noisySgd is deterministic given the seed, and noisy", () => {
    const a = run3(noisySgd(0.1, { eta: 0.01, seed: 1 }));
    const b = run3(noisySgd(0.1, { eta: 0.01, seed: 1 }));
    check(a, b);
    expect(a[0]!.some((x, i) => Math.abs(x + 0.1 * G[0]![i]!) > 1e-6)).toBe(true);
  });
});
