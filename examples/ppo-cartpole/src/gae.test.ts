/** GAE against a plain loop over time, on rollouts with episode ends in the middle. */
import { describe, expect, it } from "vitest";
import { type Array as JArray, jit, np } from "tsjax-core";
import { gae } from "./gae.js";

const values = (x: JArray) => Array.from(x.dataSync() as ArrayLike<number>);

/** Deterministic numbers in [0, 1). */
function seeded(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648));
}

/** The advantages of a [T, N] rollout, one environment and one step at a time (Schulman et al.). */
function gaeLoop(r: number[][], v: number[][], d: boolean[][], last: number[], gamma: number, lambda: number): number[][] {
  const T = r.length;
  const N = last.length;
  const adv = r.map((row) => row.map(() => 0));
  for (let n = 0; n < N; n++) {
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const nextValue = t === T - 1 ? last[n]! : v[t + 1]![n]!;
      const live = d[t]![n] ? 0 : 1;
      const delta = r[t]![n]! + gamma * nextValue * live - v[t]![n]!;
      next = delta + gamma * lambda * live * next;
      adv[t]![n] = next;
    }
  }
  return adv;
}

describe("gae", () => {
  const T = 9;
  const N = 3;
  const rand = seeded(3 * T * N + N, 7);
  const grid = <V,>(offset: number, f: (u: number) => V): V[][] => Array.from({ length: T }, (_, t) => Array.from({ length: N }, (_, n) => f(rand[offset + t * N + n]!)));
  const r = grid(0, (u) => (u < 0.5 ? 1 : 2 * u - 1));
  const v = grid(T * N, (u) => 10 * u - 2);
  const d = grid(2 * T * N, (u) => u < 0.2);
  const last = rand.slice(3 * T * N).map((u) => 5 * u);

  for (const [gamma, lambda] of [[0.99, 0.95], [0.9, 1], [0.5, 0]] as const) {
    it(`equals a plain loop (gamma ${gamma}, lambda ${lambda}), eager and under jit`, () => {
      expect(d.flat().filter(Boolean).length).toBeGreaterThan(2); // some episodes end inside the rollout
      const want = gaeLoop(r, v, d, last, gamma, lambda);
      const args = [np.array(r), np.array(v), np.array(d, { dtype: "bool" }), np.array(last)] as const;
      const f = (rr: JArray, vv: JArray, dd: JArray, ll: JArray) => gae(rr, vv, dd, ll, { gamma, lambda });
      for (const [advantages, targets] of [f(...args), jit(f)(...args)]) {
        values(advantages).forEach((a, i) => expect(a).toBeCloseTo(want.flat()[i]!, 4));
        values(targets).forEach((x, i) => expect(x).toBeCloseTo(want.flat()[i]! + v.flat()[i]!, 4));
      }
    });
  }
});
