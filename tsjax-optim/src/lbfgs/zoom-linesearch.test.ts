import { describe, expect, it } from "vitest";
import { type Array, jit, np, valueAndGrad } from "tsjax-core";
import { applyUpdates } from "../base.js";
import { PARABOLA, ROSENBROCK } from "../../test/convergence.js";
import { close, f32, v as vals } from "../../test/helpers.js";
import { lbfgs } from "./lbfgs.js";
import { scaleByZoomLinesearch } from "./zoom-linesearch.js";

const C1 = 1e-4, C2 = 0.9;
const num = (a: Array): number => vals(a)[0]!;
const dot = (a: Array, b: Array): number => num(np.vdot(a, b));

/**
 * Checks that the accepted update `u` (= eta * direction) from `x` passes optax's acceptance
 * test: the curvature condition `|f'(eta)| <= c2 |f'(0)|` and sufficient decrease, either
 * Armijo's `f(eta) <= f(0) + c1 f'(0)` or the approximate (Hager-Zhang) form
 * `f'(eta) <= (2 c1 - 1) f'(0)` with `f(eta) <= f(0) + 1e-6 |f(0)|`.
 */
function expectStrongWolfe(f: (p: Array) => Array, x: Array, u: Array): void {
  const vg = valueAndGrad(f);
  const [f0, g0] = vg(x) as [Array, Array];
  const [f1, g1] = vg(applyUpdates(x, u)) as [Array, Array];
  const slope0 = dot(g0, u), slope1 = dot(g1, u);
  expect(slope0).toBeLessThan(0); // a nonzero descent step was taken
  const v0 = num(f0), v1 = num(f1), tol = 1e-6 * Math.abs(v0);
  const armijo = v1 <= v0 + C1 * slope0 + tol;
  const approx = slope1 <= (2 * C1 - 1) * slope0 + 1e-6 && v1 <= v0 + 1e-6 * Math.abs(v0) + tol;
  expect(armijo || approx).toBe(true);
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
      const ls = scaleByZoomLinesearch(15);
      const x = f32([3, 4]);
      const [value, g] = valueAndGrad(f)(x) as [Array, Array];
      const [u, s] = ls.update(np.negative(g), ls.init(x), x, { value, grad: g, valueFn: f });
      expectStrongWolfe(f, x, u);
      expect(etaOk(vals(u)[0]! / -vals(g)[0]!)).toBe(true);
      expect(vals(s.learningRate)[0]).toBeCloseTo(vals(u)[0]! / -vals(g)[0]!, 5);
    });
  }

  it("works under jit with no retrace, as eagerly", () => {
    const f = (p: Array) => np.add(np.square(p).sum(), np.power(p, 4).sum());
    const ls = scaleByZoomLinesearch(15);
    const x = f32([1, 2]);
    const run = (xx: Array, d: Array) => {
      const [value, g] = valueAndGrad(f)(xx) as [Array, Array];
      return ls.update(d, ls.init(xx), xx, { value, grad: g, valueFn: f })[0] as Array;
    };
    const step = jit(run);
    const eager = run(x, f32([-1, -2]));
    expectStrongWolfe(f, x, eager);
    close(step(x, f32([-1, -2])), vals(eager), { rtol: 1e-5 });
    step(f32([0.5, 1]), f32([-1, -1]));
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
