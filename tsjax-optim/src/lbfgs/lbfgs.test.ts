import { describe, expect, it } from "vitest";
import { type Array, jit, np, valueAndGrad } from "tsjax-core";
import { applyUpdates } from "../base.js";
import { PARABOLA, ROSENBROCK } from "../../test/convergence.js";
import { close, f32, signature } from "../../test/helpers.js";
import { lbfgs } from "./lbfgs.js";
import { scaleByLbfgs } from "./scale-by-lbfgs.js";

function solve(problem: typeof PARABOLA, steps: number) {
  const opt = lbfgs();
  const vg = valueAndGrad(problem.f);
  const step = jit((p: Array, s: unknown) => {
    const [value, g] = vg(p);
    const [u, n] = opt.update(g, s as never, p, { value, grad: g, valueFn: problem.f });
    return [applyUpdates(p, u), n] as const;
  }, { donate: [0, 1] });
  let p = f32(problem.init);
  let s: unknown = opt.init(p);
  const sig = signature(s);
  for (let i = 0; i < steps; i++) [p, s] = step(p, s) as unknown as [Array, unknown];
  expect(step.traceCount).toBe(1);
  expect(signature(s)).toBe(sig);
  return p;
}

describe("lbfgs", () => {
  it("first update is g scaled by min(1, 1 / ||g||) (empty memory, as optax), second uses the secant pair", () => {
    const t = scaleByLbfgs({ memorySize: 3 });
    let s = t.init(f32([0, 0]));
    // f = 0.5 x^T diag(1, 4) x, at x0 = [1, 1] then x1 = [0, -1]: s = [-1, -2], y = [-1, -8]
    const [u1, s1] = t.update(f32([1, 4]), s, f32([1, 1]));
    close(u1, [1 / Math.sqrt(17), 4 / Math.sqrt(17)]);
    s = s1;
    const [u2] = t.update(f32([0, -4]), s, f32([0, -1]));
    // Two-loop with one pair and gamma = s.y / y.y.
    const sv = [-1, -2], yv = [-1, -8], g = [0, -4];
    const sy = 17, yy = 65, rho = 1 / sy;
    const alpha = rho * (sv[0]! * g[0]! + sv[1]! * g[1]!);
    const q = g.map((x, i) => x - alpha * yv[i]!);
    const r0 = q.map((x) => (sy / yy) * x);
    const beta = rho * (yv[0]! * r0[0]! + yv[1]! * r0[1]!);
    close(u2, r0.map((x, i) => x + (alpha - beta) * sv[i]!), { rtol: 1e-5 });
  });
  it("solves the parabola and Rosenbrock, jitted", () => {
    close(solve(PARABOLA, 10), PARABOLA.optimum, { atol: 3e-2, rtol: 0 });
    close(solve(ROSENBROCK, 100), ROSENBROCK.optimum, { atol: 3e-2, rtol: 0 });
  });
  it("needs valueFn for the line search", () => {
    const opt = lbfgs();
    expect(() => opt.update(f32([1]), opt.init(f32([1])), f32([1]))).toThrow(/pass the objective/);
  });
});
