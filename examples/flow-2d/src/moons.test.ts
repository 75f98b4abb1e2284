import { describe, expect, it } from "vitest";
import { np, random } from "tsjax-core";
import { makeMoons, moonPositions } from "./moons.js";

// scikit-learn's make_moons without shuffle and noise, from scripts/refs/examples/moons.py.
const SKLEARN = {
  7: {
    x: [1.0, 6.123233995736766e-17, -1.0, 0.0, 0.4999999999999999, 1.4999999999999998, 2.0],
    y: [0.0, 1.0, 1.2246467991473532e-16, 0.5, -0.3660254037844386, -0.3660254037844387, 0.4999999999999999],
    labels: [0, 0, 0, 1, 1, 1, 1],
  },
  10: {
    x: [1.0, 0.7071067811865476, 6.123233995736766e-17, -0.7071067811865475, -1.0, 0.0, 0.2928932188134524, 0.9999999999999999, 1.7071067811865475, 2.0],
    y: [0.0, 0.7071067811865475, 1.0, 0.7071067811865476, 1.2246467991473532e-16, 0.5, -0.20710678118654746, -0.5, -0.20710678118654757, 0.4999999999999999],
    labels: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
  },
};

const closeTo = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol);
};

describe("moonPositions", () => {
  it.each([7, 10] as const)("places %i points where scikit-learn's make_moons does (before shuffle and noise)", (n) => {
    const { x, y, labels } = moonPositions(n);
    closeTo(x, SKLEARN[n].x, 1e-15);
    closeTo(y, SKLEARN[n].y, 1e-15);
    expect([...labels]).toEqual(SKLEARN[n].labels);
  });

  it("rejects fewer than two points", () => {
    expect(() => moonPositions(1)).toThrow(/makeMoons: the number of points must be an integer of at least 2, got 1/);
  });
});

describe("makeMoons", () => {
  it("shuffles with the first half of the key and adds noise * random.normal(second half): a plain-loop oracle", async () => {
    const key = random.key(42);
    const n = 9;
    const { points, labels } = makeMoons(key, n, { noise: 0.05 });
    const [shuffleKey, noiseKey] = random.split(key);
    const order = (await random.permutation(shuffleKey!, n).data()) as Int32Array;
    const noise = (await random.normal(noiseKey!, [n, 2]).data()) as Float32Array;
    const { x, y, labels: unshuffled } = moonPositions(n);
    const want: number[] = [];
    for (let i = 0; i < n; i++) want.push(Math.fround(x[order[i]!]!) + 0.05 * noise[2 * i]!, Math.fround(y[order[i]!]!) + 0.05 * noise[2 * i + 1]!);
    closeTo((await points.data()) as Float32Array, want, 1e-6);
    expect(points.shape).toEqual([n, 2]);
    expect([...((await labels.data()) as Int32Array)]).toEqual([...order].map((j) => unshuffled[j]!));
  });

  it("without shuffle and noise gives the positions in order", async () => {
    const { points, labels } = makeMoons(random.key(0), 7, { shuffle: false });
    closeTo((await points.data()) as Float32Array, SKLEARN[7].x.flatMap((xi, i) => [xi, SKLEARN[7].y[i]!]), 1e-7);
    expect([...((await labels.data()) as Int32Array)]).toEqual(SKLEARN[7].labels);
  });

  it("noise 0.05 spreads the points around the half circles by about 0.05", async () => {
    // distance to the nearest moon's circle: |r - 1| for the circle the point was drawn from
    const { points, labels } = makeMoons(random.key(1), 4000, { noise: 0.05 });
    const p = (await points.data()) as Float32Array;
    const l = (await labels.data()) as Int32Array;
    let sumSq = 0;
    for (let i = 0; i < l.length; i++) {
      const [cx, cy] = l[i] === 0 ? [0, 0] : [1, 0.5];
      sumSq += (Math.hypot(p[2 * i]! - cx, p[2 * i + 1]! - cy) - 1) ** 2;
    }
    // the radial part of 2-D isotropic noise has variance noise^2 (to first order in noise)
    expect(Math.sqrt(sumSq / l.length)).toBeGreaterThan(0.047);
    expect(Math.sqrt(sumSq / l.length)).toBeLessThan(0.053);
    await expect(np.abs(points).max().item()).resolves.toBeLessThan(2.5);
  });

  it("names unknown options and bad noise", () => {
    expect(() => makeMoons(random.key(0), 10, { nois: 0.1 } as never)).toThrow(/makeMoons: unknown option "nois"; the options are noise and shuffle/);
    expect(() => makeMoons(random.key(0), 10, { noise: -1 })).toThrow(/makeMoons: noise must be a non-negative standard deviation, got -1/);
  });
});
