import { describe, expect, it } from "vitest";
import { type Array, jit, np, valueAndGrad } from "tsjax-core";
import { applyUpdates } from "../base.js";
import { PARABOLA, ROSENBROCK } from "../optimizers/convergence.js";
import { f32, v as vals } from "../test-utils.js";
import { lbfgs } from "./lbfgs.js";
import { scaleByZoomLinesearch } from "./zoom-linesearch.js";

const C1 = 1e-4, C2 = 0.9;
const num = (a: Array): number => vals(a)[0]!;
const dot = (a: Array, b: Array): number => num(np.vdot(a, b));

/** Checks that the accepted update `u` (= eta * direction) from `x` satisfies the strong Wolfe conditions. */
function expectStrongWolfe(f: (p: Array) => Array, x: Array, u: Array): void {
  const vg = valueAndGrad(f);
  const [f0, g0] = vg(x) as [Array, Array];
  const [f1, g1] = vg(applyUpdates(x, u)) as [Array, Array];
  const slope0 = dot(g0, u), slope1 = dot(g1, u);
  expect(slope0).toBeLessThan(0); // a nonzero descent step was taken
  expect(num(f1)).toBeLessThanOrEqual(num(f0) + C1 * slope0 + 1e-6 * Math.abs(num(f0)));
  expect(Math.abs(slope1)).toBeLessThanOrEqual(C2 * Math.abs(slope0) * (1 + 1e-5) + 1e-6);
}

describe("scaleByZoomLinesearch", () => {
  const cases = [
    ["zoom (step 1 overshoots)", 100, (eta: number) => eta < 1],
    ["expansion (step 1 too short)", 0.01, (eta: number) => eta > 1],
    ["step 1 accepted", 0.5, (eta: number) => Math.abs(eta - 1) < 1e-6],
  ] as const;
  for (const [name, a, etaOk] of cases) {
    it(`accepts a strong Wolfe step on a quadratic: ${name}`, () => {
      const f = (p: Array) => np.multiply(np.array([0.5 * a, a]), np.square(p.sub(np.array([1, -2])))).sum();
      const ls = scaleByZoomLinesearch();
      const x = f32([3, 4]);
      const [value, g] = valueAndGrad(f)(x) as [Array, Array];
      const [u] = ls.update(np.negative(g), ls.init(x), x, { value, grad: g, valueFn: f });
      expectStrongWolfe(f, x, u);
      expect(etaOk(vals(u)[0]! / -vals(g)[0]!)).toBe(true);
    });
  }

  it("works under jit and falls back to the best decreasing step (0 on an ascent direction)", () => {
    const f = (p: Array) => np.square(p).sum();
    const ls = scaleByZoomLinesearch();
    const step = jit((x: Array, d: Array) => ls.update(d, {}, x, { valueFn: f })[0] as Array);
    const x = f32([1, 2]);
    expectStrongWolfe(f, x, step(x, f32([-1, -2])));
    expect(vals(step(x, f32([1, 2])))).toEqual([0, 0]);
    expect(step.traceCount).toBe(1);
  });
});

describe("lbfgs with the zoom line search", () => {
  for (const problem of [PARABOLA, ROSENBROCK]) {
    it(`accepted steps satisfy the strong Wolfe conditions for the first iterations (${problem === PARABOLA ? "quadratic" : "Rosenbrock"})`, () => {
      const opt = lbfgs();
      const vg = valueAndGrad(problem.f);
      let p = f32(problem.init);
      let s = opt.init(p);
      for (let i = 0; i < 5; i++) {
        const [value, g] = vg(p) as [Array, Array];
        if (num(np.abs(g).max()) < 1e-4) break; // converged (the quadratic takes one step)
        const [u, s2] = opt.update(g, s, p, { value, grad: g, valueFn: problem.f });
        expectStrongWolfe(problem.f, p, u as Array);
        p = applyUpdates(p, u as Array);
        s = s2;
      }
    });
  }

  it("reaches the Rosenbrock optimum within 3e-2 in at most 100 jitted steps, with no retrace", () => {
    const opt = lbfgs();
    const vg = valueAndGrad(ROSENBROCK.f);
    const step = jit((p: Array, s: unknown) => {
      const [value, g] = vg(p);
      const [u, n] = opt.update(g, s as never, p, { value, grad: g, valueFn: ROSENBROCK.f });
      return [applyUpdates(p, u), n] as const;
    }, { donate: [0, 1] });
    let p = f32(ROSENBROCK.init);
    let s: unknown = opt.init(p);
    let reached = -1;
    for (let i = 1; i <= 100; i++) {
      [p, s] = step(p, s) as unknown as [Array, unknown];
      const v = vals(p);
      if (Math.abs(v[0]! - 1) <= 3e-2 && Math.abs(v[1]! - 1) <= 3e-2) { reached = i; break; }
    }
    expect(reached).toBeGreaterThan(0);
    expect(step.traceCount).toBe(1);
  });
});
