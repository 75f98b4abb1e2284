/**
 * adadelta and signSgd do not reach the Rosenbrock optimum in the step budget of the
 * convergence table (their formulas stall in the curved valley: a float64 run of optax's
 * adadelta from (0, 0) ends near (0.01, 0.14) after 10,000 steps). Instead of converging, they
 * must follow a float64 reference of optax's formulas step by step on the same problem.
 */
import { describe, expect, it } from "vitest";
import { type Array, jit, np, valueAndGrad } from "tsjax-core";
import { adadelta, exponentialDecay, signSgd, applyUpdates, type GradientTransformation } from "../index.js";
import { ROSENBROCK } from "../../test/convergence.js";

const rosenGrad = (x: number, y: number): [number, number] => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

function run(opt: GradientTransformation, steps: number): [number, number][] {
  const vg = valueAndGrad(ROSENBROCK.f);
  const step = jit((p: Array, s: unknown) => {
    const [, g] = vg(p);
    const [u, next] = opt.update(g, s, p);
    return [applyUpdates(p, u), next];
  });
  let p = np.array(ROSENBROCK.init, { dtype: "float32" });
  let s: unknown = opt.init(p);
  const path: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    [p, s] = step(p, s) as [Array, unknown];
    const [x, y] = p.dataSync() as Float32Array;
    path.push([x!, y!]);
  }
  return path;
}

function expectFollows(got: [number, number][], want: [number, number][], tol: number): void {
  got.forEach(([x, y], i) => {
    expect(Math.abs(x - want[i]![0]), `x at step ${i + 1}`).toBeLessThan(tol);
    expect(Math.abs(y - want[i]![1]), `y at step ${i + 1}`).toBeLessThan(tol);
  });
}

describe("optimizers that stall on Rosenbrock follow optax's formulas there", () => {
  it("adadelta(5.0): eG, eX accumulators and sqrt(eX + eps) / sqrt(eG + eps) * g", () => {
    const [lr, rho, eps] = [5.0, 0.9, 1e-6];
    let [x, y] = [0, 0];
    const eg = [0, 0];
    const ex = [0, 0];
    const want: [number, number][] = [];
    for (let i = 0; i < 200; i++) {
      const g = rosenGrad(x, y);
      const u = [0, 0];
      for (let k = 0; k < 2; k++) {
        eg[k] = rho * eg[k]! + (1 - rho) * g[k]! ** 2;
        u[k] = (Math.sqrt(ex[k]! + eps) / Math.sqrt(eg[k]! + eps)) * g[k]!;
        ex[k] = rho * ex[k]! + (1 - rho) * u[k]! ** 2;
      }
      x -= lr * u[0]!;
      y -= lr * u[1]!;
      want.push([x, y]);
    }
    expectFollows(run(adadelta(5.0), 200), want, 1e-4);
  });

  it("signSgd with an exponentially decaying learning rate: -lr(count) * sign(g)", () => {
    let [x, y] = [0, 0];
    const want: [number, number][] = [];
    for (let t = 0; t < 100; t++) {
      const lr = 0.1 * 0.5 ** (t / 300);
      const [gx, gy] = rosenGrad(x, y);
      x -= lr * Math.sign(gx);
      y -= lr * Math.sign(gy);
      want.push([x, y]);
    }
    expectFollows(run(signSgd(exponentialDecay({ initValue: 0.1, transitionSteps: 300, decayRate: 0.5 })), 100), want, 1e-4);
  });
});
