/**
 * Maximum-likelihood training of the flow: the loss is the mean negative log-density of a
 * batch, minimized by Adam in a jitted step that donates the parameters and optimizer state.
 */
import { type Array as JArray, jit, np, valueAndGrad } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { type GradientTransformation, adam, applyUpdates, cosineDecaySchedule } from "tsjax-optim";
import type { Flow } from "./flow.js";

/** Hyperparameters of a training run. */
export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  /** Adam's learning rate at the first step, decayed by a cosine to `finalLearningRate`. */
  learningRate: number;
  finalLearningRate: number;
}

/**
 * Adam on a cosine decay from `learningRate` to `finalLearningRate` over the whole run.
 *
 * @example
 * const optimizer = makeOptimizer(config, 10 * config.epochs);
 */
export function makeOptimizer(config: TrainingConfig, totalSteps: number): GradientTransformation {
  return adam(cosineDecaySchedule({ initValue: config.learningRate, decaySteps: totalSteps, alpha: config.finalLearningRate / config.learningRate }));
}

/** `(params, optState, points, batchIndices) → [params, optState, loss]`. */
type TrainStep = (params: Params, optState: unknown, points: JArray, batchIndices: JArray) => [Params, unknown, JArray];

/**
 * The jitted training step: gathers the batch from the training points on the device and takes
 * an optimizer step on the mean negative log-likelihood. Arguments 0 and 1 are donated.
 *
 * @example
 * [params, optState, loss] = trainStep(params, optState, train, indices);
 */
export function makeTrainStep(flow: Flow, optimizer: GradientTransformation) {
  const lossAndGradient = valueAndGrad((params: Params, x: JArray) => flow.apply.logProb(params, null, x).mean().neg());
  const step: TrainStep = (params, optState, points, batchIndices) => {
    const [loss, gradients] = lossAndGradient(params, np.take(points, batchIndices, 0));
    const [updates, newOptState] = optimizer.update(gradients, optState, params);
    return [applyUpdates(params, updates) as Params, newOptState, loss];
  };
  return jit(step, { donate: [0, 1] });
}

/**
 * A jitted mean log-likelihood of points `[n, 2]` under the flow, in nats per point.
 *
 * @example
 * const meanLogLikelihood = makeMeanLogLikelihood(flow);
 * await meanLogLikelihood(params, test).item();
 */
export function makeMeanLogLikelihood(flow: Flow) {
  return jit((params: Params, x: JArray) => flow.apply.logProb(params, null, x).mean());
}
