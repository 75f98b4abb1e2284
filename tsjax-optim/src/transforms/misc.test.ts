import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { addNoise, centralize, keepParamsNonnegative, zeroNans } from "./misc.js";
import { ema, trace } from "./trace.js";
import { addDecayedWeights } from "./weight-decay.js";
import { scaleByTrustRatio } from "./scale.js";
import { close, f32, v } from "../../test/helpers.js";

describe("building blocks", () => {
  it("centralize subtracts the mean over all but the first axis", () => {
    close(centralize().update(f32([[1, 3], [2, 6]]), {})[0], [-1, 1, -2, 2]);
    close(centralize().update(f32([1, 3]), {})[0], [1, 3]);
  });
  it("zeroNans", () => {
    const t = zeroNans();
    const [u, s] = t.update({ a: f32([NaN, 1]), b: f32([2]) }, t.init({ a: f32([0, 0]), b: f32([0]) }));
    close(u.a, [0, 1]);
    expect(v(s.foundNan.a)).toEqual([1]);
    expect(v(s.foundNan.b)).toEqual([0]);
  });
  it("keepParamsNonnegative", () => {
    close(keepParamsNonnegative().update(f32([-3, 1]), {}, f32([1, 1]))[0], [-1, 1]);
  });
  it("ema (debiased) and trace", () => {
    const e = ema(0.5);
    let s = e.init(f32([0]));
    let [u, n] = e.update(f32([2]), s); s = n;
    close(u, [2]); // (0.5 * 2) / (1 - 0.5)
    [u] = e.update(f32([4]), s);
    close(u, [(0.5 * 4 + 0.25 * 2) / 0.75]);
    const t = trace(0.5);
    const [tu] = t.update(f32([1]), t.init(f32([0])));
    close(tu, [1]);
  });
  it("addDecayedWeights needs params; trust ratio is 1 at zero norms", () => {
    expect(() => addDecayedWeights(0.1).update(f32([1]), {})).toThrow(/addDecayedWeights: this transformation needs params/);
    close(addDecayedWeights(0.1).update(f32([1]), {}, f32([10]))[0], [2]);
    close(scaleByTrustRatio().update(f32([3, 4]), {}, f32([0, 0]))[0], [3, 4]);
    close(scaleByTrustRatio().update(f32([3, 4]), {}, f32([0, 10]))[0], [6, 8]);
  });
  it("addNoise: variance eta / t^gamma", () => {
    const t = addNoise(1, 0, 0);
    const [u] = t.update(np.zeros([20000]), t.init(np.zeros([20000])));
    const x = v(u);
    const varr = x.reduce((a, y) => a + y * y, 0) / x.length;
    expect(Math.abs(varr - 1)).toBeLessThan(0.05);
  });
});
