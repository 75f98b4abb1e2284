/**
 * The example's PPO hyperparameters: PureJaxRL's coefficients (gamma, lambda, clip, value and
 * entropy weights, gradient norm) with 64 environments, 16 minibatches and a learning rate of
 * 1e-3, chosen with `scripts/refs/ppo/tune.py` (JAX) to solve CartPole-v1 within 500k steps.
 */
import type { PpoConfig } from "./ppo.js";

/** Environment steps of the whole run: CartPole-v1 should be solved within them. */
export const TOTAL_STEPS = 500_000;

/**
 * 64 environments x 128 steps per iteration, 4 epochs of 16 minibatches (of 512 transitions),
 * Adam 1e-3 falling linearly to 0 after clipping gradients to a global norm of 0.5.
 *
 * @example
 * const ppo = makePpo(PPO_CARTPOLE);
 */
export const PPO_CARTPOLE: PpoConfig = {
  numEnvs: 64,
  numSteps: 128,
  epochs: 4,
  numMinibatches: 16,
  iterations: Math.floor(TOTAL_STEPS / (64 * 128)),
  gamma: 0.99,
  lambda: 0.95,
  clipEps: 0.2,
  vfCoef: 0.5,
  entCoef: 0.01,
  learningRate: 1e-3,
  anneal: true,
  maxGradNorm: 0.5,
};
