/**
 * A whole PPO iteration (rollout, GAE, minibatch epochs, optimizer) under `jit` equals the same
 * iteration run eagerly, op by op, for a few iterations; the jitted one is traced once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { type Array as JArray, memoryStats, random, tree } from "tsjax-core";
import { clearTraceCounter } from "tsjax-check";
import { type PpoConfig, type TrainState, makePpo } from "./ppo.js";

const values = (x: JArray) => Array.from(x.dataSync() as ArrayLike<number>);

const TINY: PpoConfig = {
  numEnvs: 4, numSteps: 16, epochs: 2, numMinibatches: 2, iterations: 3,
  gamma: 0.99, lambda: 0.95, clipEps: 0.2, vfCoef: 0.5, entCoef: 0.01, learningRate: 3e-3, anneal: true, maxGradNorm: 0.5,
};

/** Leaves of a tree as number lists, with their paths. */
function leafValues(t: unknown): [string, number[]][] {
  const [leaves] = tree.flattenWithPath(t);
  return leaves.map(([path, leaf]) => [tree.keystr(path), values(leaf as JArray)]);
}

describe("PPO iteration", () => {
  beforeEach(() => clearTraceCounter());

  it("under jit (state donated) equals the eager iteration for 3 iterations, traced once", () => {
    const ppo = makePpo(TINY);
    let eager: TrainState = ppo.initState(random.key(11));
    let jitted: TrainState = ppo.initState(random.key(11));
    let episodes = 0;
    for (let i = 0; i < TINY.iterations; i++) {
      const [e, em] = ppo.iteration(eager);
      const old = jitted;
      const [j, jm] = ppo.trainIteration(jitted);
      expect(() => values(old.obs)).toThrow(/donat|dispos|deleted/i); // the old state was donated
      [eager, jitted] = [e, j];
      episodes += values(jm.episodes)[0]!;
      const want = leafValues([e, em]);
      const got = leafValues([j, jm]);
      expect(got.map(([p]) => p)).toEqual(want.map(([p]) => p));
      got.forEach(([path, g], k) => {
        const w = want[k]![1];
        g.forEach((x, n) => {
          if (Math.abs(x - w[n]!) > 2e-4 * (1 + Math.abs(w[n]!))) expect.fail(`iteration ${i}, ${path}[${n}]: jit ${x}, eager ${w[n]}`);
        });
      });
    }
    expect(episodes).toBeGreaterThan(0); // the rollouts saw episodes end (and auto-reset)
    expect(ppo.trainIteration.traceCount).toBe(1);
  });

  it("keeps device memory flat over iterations", async () => {
    const ppo = makePpo(TINY);
    let state = ppo.initState(random.key(2));
    const live: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, metrics] = ppo.trainIteration(state);
      state = next;
      await metrics.loss.data();
      tree.leaves(metrics).forEach((m) => (m as JArray).dispose());
      live.push(memoryStats().liveBytes);
    }
    expect(live[3]).toBe(live[1]);
  });

  it("rejects minibatch counts that do not divide the batch", () => {
    expect(() => makePpo({ ...TINY, numMinibatches: 3 })).toThrow(/numMinibatches \(3\) must divide numEnvs \* numSteps \(4 \* 16 = 64\)/);
  });
});
