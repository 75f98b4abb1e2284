/**
 * Greedy evaluation: fresh episodes of CartPole-v1 (no automatic reset), each action the
 * policy's most likely one, run in a jitted `lax.whileLoop` until every episode has ended.
 */
import { type Array as JArray, jit, lax, np, random, vmap } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { type CartPoleState, dynamics, isDone, observe, reset } from "./cartpole.js";
import { policyAndValue } from "./network.js";

type Carry = readonly [CartPoleState, JArray, JArray];

function greedyReturns(params: Params, key: JArray, numEpisodes: number): JArray {
  const [, env] = vmap(reset)(random.split(key, numEpisodes));
  const envDynamics = vmap(dynamics);
  const envDone = vmap(isDone);
  const [, , returns] = lax.whileLoop(
    ([, done]: Carry) => np.logicalNot(np.all(done)),
    ([env, done, returns]: Carry): Carry => {
      const [policy] = policyAndValue(params, observe(env));
      const next = envDynamics(env, policy.mode());
      // Each step of an episode that had not ended earns 1 (the last step included); an episode
      // that has ended keeps moving (the loop steps every episode) but earns nothing more.
      return [next, np.logicalOr(done, envDone(next)), returns.add(np.logicalNot(done).astype("float32"))];
    },
    [env, np.zeros([numEpisodes], { dtype: "bool" }), np.zeros([numEpisodes])] as Carry,
  );
  return returns;
}

/** `(params, key) → returns [numEpisodes]`, jitted (the number of episodes is fixed per function). */
const evaluators = new Map<number, (params: Params, key: JArray) => JArray>();

/**
 * The returns of the greedy policy over `numEpisodes` fresh episodes (default 100), drawn from
 * `key`: one jitted `lax.whileLoop` that steps every episode until all have ended (at most 500
 * steps, CartPole-v1's limit).
 *
 * @example
 * const returns = await evaluateGreedy(params, random.key(7));
 * console.log(np.mean(returns).item());
 */
export async function evaluateGreedy(params: Params, key: JArray, numEpisodes = 100): Promise<number[]> {
  let evaluate = evaluators.get(numEpisodes);
  if (!evaluate) {
    evaluate = jit((p: Params, k: JArray) => greedyReturns(p, k, numEpisodes));
    evaluators.set(numEpisodes, evaluate);
  }
  return Array.from((await evaluate(params, key).data()) as Float32Array);
}
