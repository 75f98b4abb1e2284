import { describe, expect, it } from "vitest";
import { type Array as JArray, jacfwd, np, random, tree } from "tsjax-core";
import { type FlowConfig, fitGaussian, makeFlow } from "./flow.js";
import { makeMoons } from "./moons.js";

const CONFIG: FlowConfig = { layers: 3, hidden: [8], bins: 4, range: 3, shift: [0.5, 0.25], scale: [0.9, 0.5] };
const POINTS = [[0.1, 0.2], [-1.3, 0.9], [2.0, -0.4], [0.5, 0.25], [4.5, 3]]; // the last one outside the splines' range

const values = async (x: JArray) => [...((await x.data()) as Float32Array)];
/** Each `|got - want| <= tol * max(1, |want|)` (float32 values). */
const closeTo = (got: number[], want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]!)));
  }
};
/** log N(x; mu, diag(s^2)) in two dimensions. */
const diagNormal = (x: number[], mu: readonly number[], s: readonly number[]) =>
  x.reduce((acc, xi, i) => acc - 0.5 * ((xi - mu[i]!) / s[i]!) ** 2 - Math.log(s[i]! * Math.sqrt(2 * Math.PI)), 0);

describe("makeFlow", () => {
  const flow = makeFlow(CONFIG);
  const params = flow.init(random.key(0), np.array(POINTS));

  it("starts as the identity couplings: the density of N(shift, diag(scale^2))", async () => {
    closeTo(await values(flow.apply.logProb(params, null, np.array(POINTS))), POINTS.map((p) => diagNormal(p, CONFIG.shift, CONFIG.scale)), 1e-5);
  });

  it("with trained-looking parameters, logProb = log N(0, I)(f^-1(x)) + log|det J(f^-1)(x)|, the Jacobian from jacfwd", async () => {
    // every parameter perturbed, so the splines are far from the identity
    const leaves = tree.leaves(params) as JArray[];
    const keys = random.split(random.key(1), leaves.length);
    const perturbed = tree.unflatten<typeof params>(tree.structure(params), leaves.map((leaf, i) => leaf.add(random.normal(keys.get(i), leaf.shape).mul(0.7))));
    const inverseOne = (x: JArray) => flow.apply.inverse(perturbed, null, x.reshape(1, 2)).reshape(2);
    const logProbs = await values(flow.apply.logProb(perturbed, null, np.array(POINTS)));
    const zs = await values(flow.apply.inverse(perturbed, null, np.array(POINTS)));
    const want: number[] = [];
    for (const [i, point] of POINTS.entries()) {
      const [a, b, c, d] = await values(jacfwd(inverseOne)(np.array(point)) as JArray);
      want.push(diagNormal([zs[2 * i]!, zs[2 * i + 1]!], [0, 0], [1, 1]) + Math.log(Math.abs(a! * d! - b! * c!)));
    }
    closeTo(logProbs, want, 1e-4);
    expect(Math.max(...logProbs.map((l, i) => Math.abs(l - diagNormal(POINTS[i]!, CONFIG.shift, CONFIG.scale))))).toBeGreaterThan(0.1);
  });

  it("samples points whose inverse images are standard normal draws (mean 0, variance 1 within sampling error)", async () => {
    const n = 4000;
    const z = await values(flow.apply.inverse(params, null, flow.apply.sample(params, random.key(2), n)));
    for (const axis of [0, 1]) {
      const column = z.filter((_, i) => i % 2 === axis);
      const mean = column.reduce((a, b) => a + b, 0) / n;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    }
  });
});

describe("fitGaussian", () => {
  it("is the maximum-likelihood Gaussian: the mean and the covariance with divisor n, and its density", async () => {
    const { points } = makeMoons(random.key(3), 50, { noise: 0.1 });
    const p = await values(points);
    const n = 50;
    const mean = [0, 1].map((j) => p.filter((_, i) => i % 2 === j).reduce((a, b) => a + b, 0) / n);
    const cov = [[0, 0], [0, 0]];
    for (let i = 0; i < n; i++) for (const j of [0, 1]) for (const k of [0, 1]) cov[j]![k]! += ((p[2 * i + j]! - mean[j]!) * (p[2 * i + k]! - mean[k]!)) / n;
    const g = fitGaussian(points);
    closeTo(await values(g.mean()), mean, 1e-6);
    closeTo(await values(g.covariance()), cov.flat(), 1e-6);
    // closed-form density of a 2-D Gaussian at two points
    const det = cov[0]![0]! * cov[1]![1]! - cov[0]![1]! * cov[1]![0]!;
    const at = [[0, 0], [1.5, -0.5]];
    const want = at.map(([x, y]) => {
      const [dx, dy] = [x! - mean[0]!, y! - mean[1]!];
      const quad = (cov[1]![1]! * dx * dx - 2 * cov[0]![1]! * dx * dy + cov[0]![0]! * dy * dy) / det;
      return -0.5 * quad - Math.log(2 * Math.PI) - 0.5 * Math.log(det);
    });
    closeTo(await values(g.logProb(np.array(at))), want, 1e-4);
  });
});
