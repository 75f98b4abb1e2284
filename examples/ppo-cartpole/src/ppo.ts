/**
 * PPO on vmapped CartPole environments, with a whole training iteration as one pure function:
 * a rollout of `numSteps` steps of `numEnvs` environments (`lax.scan` over time, `vmap` over
 * environments), GAE, then `epochs` passes of `numMinibatches` minibatch updates (`lax.scan`
 * over epochs and over minibatches), `chain(clipByGlobalNorm, adam)` on a linear schedule.
 * `makePpo(config).trainIteration` is that function under `jit`, with the train state donated.
 */
import { type Array as JArray, jit, lax, np, random, tree, valueAndGrad, vmap } from "tsjax-core";
import { assertMaxTraces } from "tsjax-check";
import type { Params } from "tsjax-nn";
import { type GradientTransformation, type OptState, adam, applyUpdates, chain, clipByGlobalNorm, linearSchedule } from "tsjax-optim";
import { type CartPoleState, OBS_SIZE, reset, step } from "./cartpole.js";
import { type GaeOptions, gae } from "./gae.js";
import { type LossParts, type PpoLossOptions, type Transitions, ppoLoss } from "./loss.js";
import { actorCritic, policyAndValue } from "./network.js";

/** Hyperparameters of a PPO run. */
export interface PpoConfig extends GaeOptions, PpoLossOptions {
  /** Environments stepped in parallel. */
  numEnvs: number;
  /** Steps of each environment per iteration. */
  numSteps: number;
  /** Passes over each rollout. */
  epochs: number;
  /** Minibatches per pass (they must divide numEnvs * numSteps). */
  numMinibatches: number;
  /** Initial learning rate of Adam; it falls linearly to 0 over `iterations` when `anneal`. */
  learningRate: number;
  anneal: boolean;
  /** Training iterations (sets the length of the learning-rate schedule). */
  iterations: number;
  /** Gradients are clipped to this global norm. */
  maxGradNorm: number;
}

/** Everything a training iteration reads and replaces. */
export interface TrainState {
  params: Params;
  optState: OptState;
  /** The environments' states (each field `[numEnvs]`) and current observations `[numEnvs, 4]`. */
  env: CartPoleState;
  obs: JArray;
  /** Return so far of each environment's current episode. */
  episodeReturn: JArray;
  key: JArray;
}

/** What one iteration reports (scalars). */
export interface IterationMetrics extends LossParts {
  /** Sum of the returns of the episodes that ended during the rollout, and their number. */
  returnSum: JArray;
  episodes: JArray;
  loss: JArray;
}

/** One rollout step's record, stacked over time by the scan: `[numSteps, numEnvs, ...]`. */
interface Step {
  obs: JArray;
  action: JArray;
  logProb: JArray;
  value: JArray;
  reward: JArray;
  done: JArray;
  /** The episode's return where the step ended it, else 0. */
  finishedReturn: JArray;
}

/**
 * Gradient clipping then Adam (eps 1e-5), on a linear learning-rate schedule when annealing.
 *
 * @example
 * const optimizer = makeOptimizer(PPO_CARTPOLE);
 * const optState = optimizer.init(params);
 */
export function makeOptimizer(config: PpoConfig): GradientTransformation {
  const updates = config.iterations * config.epochs * config.numMinibatches;
  const lr = config.anneal ? linearSchedule({ initValue: config.learningRate, endValue: 0, transitionSteps: updates }) : config.learningRate;
  return chain(clipByGlobalNorm(config.maxGradNorm), adam(lr, { eps: 1e-5 }));
}

/** Checks the sizes a config implies. */
function checkConfig(c: PpoConfig): void {
  const batch = c.numEnvs * c.numSteps;
  if (batch % c.numMinibatches !== 0) {
    throw new RangeError(`PPO: numMinibatches (${c.numMinibatches}) must divide numEnvs * numSteps (${c.numEnvs} * ${c.numSteps} = ${batch}).`);
  }
}

/**
 * The pieces of a PPO run for `config`: the optimizer, `initState(key)`, the pure
 * `iteration(state) → [state, metrics]`, and `trainIteration`, that function under `jit` with the
 * state donated and wrapped in `assertMaxTraces(…, 1)` (a second trace would fail the run).
 *
 * @example
 * const ppo = makePpo(config);
 * let state = ppo.initState(random.key(0));
 * let metrics;
 * [state, metrics] = ppo.trainIteration(state);
 */
export function makePpo(config: PpoConfig) {
  checkConfig(config);
  const optimizer = makeOptimizer(config);
  const { numEnvs, numSteps, epochs, numMinibatches } = config;
  const batchSize = numEnvs * numSteps;
  const envStep = vmap(step);
  const lossAndGrad = valueAndGrad((p: Params, b: Transitions) => ppoLoss(p, b, config), { hasAux: true });

  function initState(key: JArray): TrainState {
    const [initKey, envKey, runKey] = [0, 1, 2].map((i) => random.foldIn(key, i)) as [JArray, JArray, JArray];
    const params = actorCritic.init(initKey, np.zeros([OBS_SIZE]));
    const [obs, env] = vmap(reset)(random.split(envKey, numEnvs));
    return { params, optState: optimizer.init(params), env, obs, episodeReturn: np.zeros([numEnvs]), key: runKey };
  }

  /** `numSteps` steps of every environment under the current policy. */
  function rollout(params: Params, env: CartPoleState, obs: JArray, episodeReturn: JArray, key: JArray) {
    type Carry = readonly [CartPoleState, JArray, JArray, JArray];
    const body = ([env, obs, ret, key]: Carry, _: null): readonly [Carry, Step] => {
      const keys = random.split(key, 3);
      const [policy, value] = policyAndValue(params, obs);
      const action = policy.sample({ seed: keys.get(1) });
      const [nextObs, nextEnv, reward, done] = envStep(env, action, random.split(keys.get(2), numEnvs));
      const total = ret.add(reward);
      const record: Step = { obs, action, logProb: policy.logProb(action), value, reward, done, finishedReturn: np.where(done, total, 0) };
      return [[nextEnv, nextObs, np.where(done, 0, total), keys.get(0)], record];
    };
    return lax.scan(body, [env, obs, episodeReturn, key] as Carry, null, { length: numSteps });
  }

  /** One minibatch update of the parameters and optimizer state. */
  function update([params, optState]: readonly [Params, OptState], batch: Transitions) {
    const [[loss, parts], grads] = lossAndGrad(params, batch);
    const [updates, nextOptState] = optimizer.update(grads, optState, params);
    return [[applyUpdates(params, updates) as Params, nextOptState] as const, { loss, ...parts }] as const;
  }

  /** One pass over `batch` in shuffled minibatches. */
  function epoch(batch: Transitions, carry: readonly [Params, OptState], key: JArray) {
    const order = random.permutation(key, batchSize);
    const minibatches = tree.map((x: JArray) => np.take(x, order, 0).reshape(numMinibatches, batchSize / numMinibatches, ...x.shape.slice(1)), batch);
    return lax.scan(update, carry, minibatches);
  }

  function iteration(state: TrainState): [TrainState, IterationMetrics] {
    const [rolloutKey, updateKey, nextKey] = [0, 1, 2].map((i) => random.foldIn(state.key, i)) as [JArray, JArray, JArray];
    const [[env, obs, episodeReturn], traj] = rollout(state.params, state.env, state.obs, state.episodeReturn, rolloutKey);
    const [, lastValue] = policyAndValue(state.params, obs);
    const [advantage, target] = gae(traj.reward, traj.value, traj.done, lastValue, config);
    const flat = (x: JArray) => x.reshape(batchSize, ...x.shape.slice(2));
    const batch: Transitions = {
      obs: flat(traj.obs), action: flat(traj.action), logProb: flat(traj.logProb), value: flat(traj.value), advantage: flat(advantage), target: flat(target),
    };
    const [[params, optState], losses] = lax.scan(
      (carry: readonly [Params, OptState], key: JArray) => epoch(batch, carry, key),
      [state.params, state.optState] as const,
      random.split(updateKey, epochs),
    );
    const mean = (x: JArray) => x.mean();
    const metrics: IterationMetrics = {
      returnSum: traj.finishedReturn.sum(),
      episodes: traj.done.astype("int32").sum(),
      loss: mean(losses.loss), actor: mean(losses.actor), value: mean(losses.value), entropy: mean(losses.entropy),
    };
    return [{ params, optState, env, obs, episodeReturn, key: nextKey }, metrics];
  }

  const trainIteration = jit(assertMaxTraces(iteration, 1), { donate: [0] });
  return { config, optimizer, initState, iteration, trainIteration };
}
