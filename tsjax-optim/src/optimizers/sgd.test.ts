import { describe, expect, it } from "vitest";
import { sgd } from "./sgd.js";
import { close, f32, v } from "../../test/helpers.js";

const grads = [[0.5, -1.0], [-0.3, 0.2], [1.0, 1.0]];

function run(opt: ReturnType<typeof sgd>): number[][] {
  let s = opt.init(f32([0, 0]));
  return grads.map((g) => {
    const [u, n] = opt.update(f32(g), s);
    s = n;
    return v(u);
  });
}

describe("sgd", () => {
  it("plain: -lr * g", () => run(sgd(0.1)).forEach((u, k) => close(u, grads[k]!.map((g) => -0.1 * g))));
  it("momentum: t = g + m t; u = -lr t", () => {
    let t = [0, 0];
    const want = grads.map((g) => (t = t.map((x, i) => g[i]! + 0.9 * x)).map((x) => -0.1 * x));
    run(sgd(0.1, { momentum: 0.9 })).forEach((u, k) => close(u, want[k]!));
  });
  it("nesterov: u = -lr (g + m t_new)", () => {
    let t = [0, 0];
    const want = grads.map((g) => {
      t = t.map((x, i) => g[i]! + 0.9 * x);
      return t.map((x, i) => -0.1 * (g[i]! + 0.9 * x));
    });
    run(sgd(0.1, { momentum: 0.9, nesterov: true })).forEach((u, k) => close(u, want[k]!));
  });
  it("a schedule learning rate reads the step count", () => {
    const opt = sgd((c) => (typeof c === "number" ? 1 : c.astype("float32").add(1)));
    run(opt).forEach((u, k) => close(u, grads[k]!.map((g) => -(k + 1) * g)));
  });
  it("rejects bad learning rates", () => {
    expect(() => sgd(NaN)).toThrow(/sgd: learningRate is NaN/);
    expect(() => sgd(-0.1)).toThrow(/sgd: learningRate must be >= 0/);
    expect(() => sgd(0.1, { momentum: -1 })).toThrow(/momentum must be >= 0/);
  });
});
