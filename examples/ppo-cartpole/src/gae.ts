/** Generalized advantage estimation (Schulman et al. 2016), as one reverse `lax.scan` over time. */
import { type Array as JArray, lax } from "tsjax-core";

/** Discount and GAE lambda. */
export interface GaeOptions {
  gamma: number;
  lambda: number;
}

/**
 * Advantages and value targets of a rollout. `rewards`, `values` and `dones` are `[T, ...]`
 * (time first); `dones[t]` says that the step at `t` ended its episode, so nothing after it is
 * bootstrapped; `lastValue` is the value of the observation after the last step. With
 * `delta_t = r_t + gamma (1 - d_t) V_{t+1} - V_t`, the advantage is
 * `A_t = delta_t + gamma lambda (1 - d_t) A_{t+1}` and the target `A_t + V_t`.
 *
 * @example
 * const [advantages, targets] = gae(rewards, values, dones, lastValue, { gamma: 0.99, lambda: 0.95 });
 */
export function gae(rewards: JArray, values: JArray, dones: JArray, lastValue: JArray, { gamma, lambda }: GaeOptions): [JArray, JArray] {
  const notDone = dones.astype("float32").mul(-1).add(1);
  const [, advantages] = lax.scan(
    ([nextAdvantage, nextValue]: readonly [JArray, JArray], [reward, value, live]: readonly [JArray, JArray, JArray]) => {
      const delta = reward.add(nextValue.mul(live).mul(gamma)).sub(value);
      const advantage = delta.add(nextAdvantage.mul(live).mul(gamma * lambda));
      return [[advantage, value] as const, advantage] as const;
    },
    [lastValue.mul(0), lastValue] as const,
    [rewards, values, notDone] as const,
    { reverse: true },
  );
  return [advantages, advantages.add(values)];
}
