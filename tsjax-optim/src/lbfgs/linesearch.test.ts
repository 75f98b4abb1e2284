import { describe, expect, it } from "vitest";
import { type Array, jit, np, valueAndGrad } from "tsjax-core";
import { close, f32, v } from "../../test/helpers.js";
import { scaleByBacktrackingLinesearch } from "./linesearch.js";

const f = (p: Array) => np.add(np.square(p).sum(), np.multiply(0.5, np.power(p, 4).sum()));

describe("scaleByBacktrackingLinesearch", () => {
  it("takes the first step of eta0, 0.8 eta0, ... with sufficient decrease, starting at min(1.5 * last, 1)", () => {
    const ls = scaleByBacktrackingLinesearch(20);
    const x = f32([1, -2]);
    const [value, g] = valueAndGrad(f)(x) as [Array, Array];
    const d = np.negative(g);
    const [u, s] = ls.update(d, ls.init(x), x, { value, grad: g, valueFn: f });
    // Oracle: the same search in plain JS (float64).
    const fx = (p: number[]) => p.reduce((a, y) => a + y * y + 0.5 * y ** 4, 0);
    const dv = v(d), xv = [1, -2], slope = -dv.reduce((a, y) => a + y * y, 0);
    let eta = Math.min(1.5 * 1, 1);
    while (fx(xv.map((y, i) => y + eta * dv[i]!)) > fx(xv) + 1e-4 * eta * slope) eta *= 0.8;
    close(u, dv.map((y) => eta * y), { rtol: 1e-5 });
    close(s.learningRate, [eta], { rtol: 1e-5 });
  });

  it("works under jit with no retrace, as eagerly", () => {
    const ls = scaleByBacktrackingLinesearch(15, { storeGrad: true });
    const run = (x: Array) => {
      const [value, g] = valueAndGrad(f)(x) as [Array, Array];
      const [u, s] = ls.update(np.negative(g), ls.init(x), x, { value, grad: g, valueFn: f });
      return [u, s.grad] as [Array, Array];
    };
    const step = jit(run);
    const [ue, ge] = run(f32([1, -2]));
    const [uj, gj] = step(f32([1, -2]));
    close(uj, v(ue), { rtol: 1e-5 });
    close(gj, v(ge), { rtol: 1e-5 });
    close(ge, v(valueAndGrad(f)(np.add(f32([1, -2]), ue))[1] as Array), { rtol: 1e-5 }); // the stored gradient is at the accepted point
    step(f32([0.5, 0.5]));
    expect(step.traceCount).toBe(1);
  });
});
