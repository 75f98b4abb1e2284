import { describe, expect, it } from "vitest";
import { jit, np } from "tsjax-core";
import { adaptiveGradClip, clip, clipByBlockRms, clipByGlobalNorm } from "./clipping.js";
import { close, f32 } from "../../test/helpers.js";

describe("clipping", () => {
  it("clipByGlobalNorm rescales to maxNorm only when above it", () => {
    const g = { a: f32([3, 0]), b: f32([4]) }; // norm 5
    const [u] = clipByGlobalNorm(1).update(g, {});
    close(u.a, [0.6, 0]);
    close(u.b, [0.8]);
    const [w] = clipByGlobalNorm(10).update(g, {});
    close(w.a, [3, 0]);
    const jitted = jit((x: typeof g) => clipByGlobalNorm(2.5).update(x, {})[0]);
    close(jitted(g).b, [2]);
    expect(() => clipByGlobalNorm(0)).toThrow(/clipByGlobalNorm: maxNorm must be > 0/);
  });
  it("clip clamps elementwise", () => {
    close(clip(1).update(f32([-3, 0.5, 2]), {})[0], [-1, 0.5, 1]);
  });
  it("clipByBlockRms divides by max(1, rms / threshold) per leaf", () => {
    const [u] = clipByBlockRms(1).update({ a: f32([3, 4]), b: f32([0.5]) }, {});
    const rms = Math.sqrt((9 + 16) / 2);
    close(u.a, [3 / rms, 4 / rms]);
    close(u.b, [0.5]);
  });
  it("adaptiveGradClip clips each unit to clipping * max(|p|, eps)", () => {
    const p = f32([[3, 0], [4, 1]]); // column norms 5, 1
    const g = f32([[1, 2], [0, 0]]); // column norms 1, 2
    const [u] = adaptiveGradClip(0.5).update(g, {}, p);
    // col 0: 1 < 2.5 unchanged; col 1: 2 > 0.5 -> scaled by 0.25
    close(u, [1, 0.5, 0, 0]);
    expect(() => adaptiveGradClip(0.5).update(g, {})).toThrow(/adaptiveGradClip: this transformation needs params/);
    np.zeros([1]);
  });
});
