/**
 * The jitted greedy evaluation against a plain loop: each episode run on its own, one eager step
 * at a time (the same CartPole functions and network, no vmap, no whileLoop, no jit), counting
 * steps until the episode ends.
 */
import { describe, expect, it } from "vitest";
import { type Array as JArray, np, random } from "tsjax-core";
import { dynamics, isDone, observe, reset } from "./cartpole.js";
import { evaluateGreedy } from "./evaluate.js";
import { actorCritic } from "./network.js";

/** One greedy episode from `key`, step by step: its return. */
function episodeReturn(params: ReturnType<typeof actorCritic.init>, key: JArray): number {
  let [, state] = reset(key);
  for (let t = 1; ; t++) {
    const [logits] = actorCritic.apply(params, null, observe(state));
    state = dynamics(state, np.argmax(logits).astype("int32"));
    if (isDone(state).dataSync()[0]) return t;
  }
}

describe("evaluateGreedy", () => {
  it("returns each episode's length, as a plain step-by-step loop counts it", async () => {
    const params = actorCritic.init(random.key(3), np.zeros([4]));
    const key = random.key(9);
    const episodes = 6;
    const got = await evaluateGreedy(params, key, episodes);
    const keys = random.split(key, episodes);
    const want = Array.from({ length: episodes }, (_, i) => episodeReturn(params, keys.get(i)));
    expect(got).toEqual(want);
    // Episodes of different lengths: the loop keeps stepping the ended ones without counting them.
    expect(new Set(want).size).toBeGreaterThan(1);
    expect(Math.max(...want)).toBeLessThanOrEqual(500);
  });
});
