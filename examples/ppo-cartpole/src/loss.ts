/**
 * The PPO objective (Schulman et al. 2017) as PureJaxRL and CleanRL write it: the clipped
 * surrogate on normalized advantages, a clipped value loss, and an entropy bonus.
 */
import { type Array as JArray, np } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { policyAndValue } from "./network.js";

/** Coefficients of the PPO loss. */
export interface PpoLossOptions {
  /** The ratio (and the value's change) is clipped to 1 ± clipEps. */
  clipEps: number;
  /** Weight of the value loss. */
  vfCoef: number;
  /** Weight of the entropy bonus. */
  entCoef: number;
}

/** A (mini)batch of transitions: observations `[B, 4]` and per-transition values `[B]`. */
export interface Transitions {
  obs: JArray;
  action: JArray;
  /** Log-probability of the action under the policy that collected it. */
  logProb: JArray;
  /** Value estimate when the transition was collected. */
  value: JArray;
  advantage: JArray;
  /** Value target (advantage + value). */
  target: JArray;
}

/** The three terms of the loss (before weighting). */
export interface LossParts {
  actor: JArray;
  value: JArray;
  entropy: JArray;
}

/**
 * `[total, parts]` with `total = actor + vfCoef value - entCoef entropy`, where
 * `actor = -mean(min(ratio A, clip(ratio, 1 ± eps) A))` on advantages normalized over the batch,
 * `value = 0.5 mean(max((V - target)^2, (V_old + clip(V - V_old, ±eps) - target)^2))`, and
 * `entropy` is the mean entropy of the policy.
 *
 * @example
 * const [loss, parts] = ppoLoss(params, minibatch, { clipEps: 0.2, vfCoef: 0.5, entCoef: 0.01 });
 */
export function ppoLoss(params: Params, batch: Transitions, { clipEps, vfCoef, entCoef }: PpoLossOptions): [JArray, LossParts] {
  const [policy, value] = policyAndValue(params, batch.obs);
  const logProb = policy.logProb(batch.action);

  const valueClipped = batch.value.add(np.clip(value.sub(batch.value), -clipEps, clipEps));
  const valueLoss = np.maximum(value.sub(batch.target).square(), valueClipped.sub(batch.target).square()).mean().mul(0.5);

  const ratio = np.exp(logProb.sub(batch.logProb));
  const advantage = batch.advantage.sub(batch.advantage.mean()).div(np.std(batch.advantage).add(1e-8));
  const surrogate = np.minimum(ratio.mul(advantage), np.clip(ratio, 1 - clipEps, 1 + clipEps).mul(advantage));
  const actorLoss = surrogate.mean().neg();

  const entropy = policy.entropy().mean();
  const total = actorLoss.add(valueLoss.mul(vfCoef)).sub(entropy.mul(entCoef));
  return [total, { actor: actorLoss, value: valueLoss, entropy }];
}
