/**
 * The actor-critic, written with tsjax-nn modules (haiku style): two separate MLPs of two
 * 64-unit tanh layers, one giving the logits of the policy (a tsjax-dist `Categorical`), the
 * other the state value. Orthogonal initialization as in PureJaxRL and CleanRL: gain sqrt(2)
 * for the hidden layers, 0.01 for the logits, 1 for the value; zero biases.
 */
import { type Array as JArray, np } from "tsjax-core";
import { Categorical } from "tsjax-dist";
import { Linear, type Params, initializers, transform } from "tsjax-nn";
import { NUM_ACTIONS } from "./cartpole.js";

/** Width of the hidden layers. */
const HIDDEN = 64;

function dense(size: number, gain: number, name: string): Linear {
  return new Linear(size, { wInit: new initializers.Orthogonal(gain), bInit: initializers.zeros, name });
}

function tower(obs: JArray, outputSize: number, outputGain: number, prefix: string): JArray {
  let h = np.tanh(dense(HIDDEN, Math.SQRT2, `${prefix}_0`).call(obs));
  h = np.tanh(dense(HIDDEN, Math.SQRT2, `${prefix}_1`).call(h));
  return dense(outputSize, outputGain, `${prefix}_out`).call(h);
}

/**
 * The network on observations `[..., 4]`: `[logits [..., 2], value [...]]`.
 *
 * @example
 * const [logits, value] = actorCritic.apply(params, null, obs);
 * const policy = new Categorical({ logits });
 */
export const actorCritic = transform((obs: JArray): [JArray, JArray] => {
  const logits = tower(obs, NUM_ACTIONS, 0.01, "actor");
  const value = tower(obs, 1, 1, "critic");
  return [logits, value.reshape(value.shape.slice(0, -1))];
});

/**
 * The policy and the value of observations `[..., 4]`.
 *
 * @example
 * const [policy, value] = policyAndValue(params, obs);
 * const action = policy.sample({ seed: key });
 */
export function policyAndValue(params: Params, obs: JArray): [Categorical, JArray] {
  const [logits, value] = actorCritic.apply(params, null, obs);
  return [new Categorical({ logits }), value];
}
