/**
 * Training and evaluation: the loss, a jitted optimizer step that donates the parameters, the
 * BatchNorm state and the optimizer state (so device memory stays flat), a jitted batched
 * evaluation, and the epoch loop.
 */
import { type Array as JArray, jit, np, random, valueAndGrad } from "tsjax-core";
import { assertMaxTraces } from "tsjax-check";
import type { Params, State } from "tsjax-nn";
import {
  adamw, applyUpdates, chain, clipByGlobalNorm, type GradientTransformation, softmaxCrossEntropyWithIntegerLabels,
  warmupCosineDecaySchedule,
} from "tsjax-optim";
import { randomTranslate } from "@tsjax-examples/common/augment";
import { type EpochLoop, type EpochSummary as CommonEpochSummary, type EpochsResult, runEpochs } from "@tsjax-examples/common/epochs";
import type { DeviceDataset } from "@tsjax-examples/common/mnist";
import { type CnnConfig, makeModel, weightDecayMask } from "./model.js";

/** Hyperparameters of a training run. */
export interface TrainingConfig extends CnnConfig {
  epochs: number;
  batchSize: number;
  peakLearningRate: number;
  finalLearningRate: number;
  warmupSteps: number;
  weightDecay: number;
  maxGradientNorm: number;
  /** Training images are translated by up to this many pixels (0: no augmentation). */
  maxShift: number;
  evalBatchSize: number;
}

/** Global-norm clipping, then AdamW on a warmup-cosine schedule, weight decay on weights only. */
function makeOptimizer(config: TrainingConfig, totalSteps: number): GradientTransformation {
  const schedule = warmupCosineDecaySchedule({
    initValue: 0, peakValue: config.peakLearningRate, warmupSteps: config.warmupSteps, decaySteps: totalSteps, endValue: config.finalLearningRate,
  });
  return chain(clipByGlobalNorm(config.maxGradientNorm), adamw(schedule, { weightDecay: config.weightDecay, mask: weightDecayMask }));
}

/** `(params, state, optState, images, labels, batchIndices, stepKey) → [params, state, optState, loss]`. */
type TrainStep = (
  params: Params, state: State, optState: unknown, images: JArray, labels: JArray, batchIndices: JArray, stepKey: JArray,
) => [Params, State, unknown, JArray];

/**
 * The jitted training step: gathers the batch on the device, shifts the images randomly, runs
 * the network in training mode (batch statistics, dropout), takes the gradient of the mean
 * cross-entropy and applies the optimizer. Parameters, BatchNorm state and optimizer state
 * (arguments 0-2) are donated. `assertMaxTraces(…, 1)` fails the run if the step is ever
 * traced a second time (a retrace would recompile it).
 *
 * @example
 * [params, state, optState, loss] = trainStep(params, state, optState, images, labels, indices, key);
 */
function makeTrainStep(config: TrainingConfig, optimizer: GradientTransformation) {
  const model = makeModel(config);
  const loss = (params: Params, state: State, key: JArray, images: JArray, labels: JArray) => {
    const [logits, newState] = model.apply(params, state, key, images, true);
    return [softmaxCrossEntropyWithIntegerLabels(logits, labels).mean(), newState] as const;
  };
  const lossAndGradient = valueAndGrad(loss, { hasAux: true });
  const step: TrainStep = function trainStep(params, state, optState, images, labels, batchIndices, stepKey) {
    const keys = random.split(stepKey);
    const batchImages = randomTranslate(keys.get(0), np.take(images, batchIndices, 0), config.maxShift);
    const batchLabels = np.take(labels, batchIndices, 0);
    const [[value, newState], gradients] = lossAndGradient(params, state, keys.get(1), batchImages, batchLabels);
    const [updates, newOptState] = optimizer.update(gradients, optState, params);
    return [applyUpdates(params, updates) as Params, newState, newOptState, value];
  };
  return jit(assertMaxTraces(step, 1), { donate: [0, 1, 2] });
}

/** Loss and accuracy of a model on a dataset. */
interface Evaluation {
  loss: number;
  accuracy: number;
}

/** A jitted evaluation of one batch: summed loss and number of correct predictions. */
function makeEvalBatch(config: CnnConfig) {
  const model = makeModel(config);
  return jit((params: Params, state: State, images: JArray, labels: JArray) => {
    const [logits] = model.apply(params, state, null, images, false);
    return [softmaxCrossEntropyWithIntegerLabels(logits, labels).sum(), np.argmax(logits, -1).eq(labels).astype("int32").sum()] as const;
  });
}

/**
 * Mean loss and accuracy over `data` with BatchNorm's moving averages (inference mode), in
 * batches of `batchSize`. All batches are queued before any result is read.
 *
 * @example
 * const { accuracy } = await evaluate(evalBatch, params, state, test, 500);
 */
async function evaluate(
  evalBatch: ReturnType<typeof makeEvalBatch>, params: Params, state: State, data: DeviceDataset, batchSize: number,
): Promise<Evaluation> {
  const totals: (readonly [JArray, JArray])[] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    const images = data.images.get(np.s(start, end));
    const labels = data.labels.get(np.s(start, end));
    totals.push(evalBatch(params, state, images, labels));
    images.dispose();
    labels.dispose();
  }
  let lossSum = 0;
  let correct = 0;
  for (const [l, c] of totals) {
    lossSum += (await l.item()) as number;
    correct += (await c.item()) as number;
    l.dispose();
    c.dispose();
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count };
}

/** What the training loop reports after each epoch. */
export type EpochSummary = CommonEpochSummary<Evaluation>;

/** Callbacks of the training loop, for progress display. */
export type TrainingObserver = Pick<EpochLoop<Evaluation>, "onSteps" | "onEpoch">;

/** The outcome of `train`: the trained parameters and state, and the epoch loop's record. */
export interface TrainingResult extends EpochsResult<Evaluation> {
  params: Params;
  state: State;
  /** Traces of the step (1: compiled once). */
  traceCount: number;
}

/**
 * Trains `params`/`state` (donated) for `config.epochs` epochs over `train`, evaluating on
 * `test` after each epoch. Shuffles, shifts and dropout masks come from keys derived from `key`.
 *
 * @example
 * const result = await train(params, state, trainSet, testSet, config, random.key(1));
 */
export async function train(
  initialParams: Params, initialState: State, trainSet: DeviceDataset, testSet: DeviceDataset, config: TrainingConfig, key: JArray,
  observer: TrainingObserver = {},
): Promise<TrainingResult> {
  const stepsPerEpoch = Math.floor(trainSet.count / config.batchSize);
  const optimizer = makeOptimizer(config, stepsPerEpoch * config.epochs);
  const trainStep = makeTrainStep(config, optimizer);
  const evalBatch = makeEvalBatch(config);
  let params = initialParams;
  let state = initialState;
  let optState = optimizer.init(params);
  const result = await runEpochs<Evaluation>({
    epochs: config.epochs,
    count: trainSet.count,
    batchSize: config.batchSize,
    key,
    step: (batchIndices, stepKey) => {
      let loss: JArray;
      // The old ones were donated: their buffers now hold the new ones.
      [params, state, optState, loss] = trainStep(params, state, optState, trainSet.images, trainSet.labels, batchIndices, stepKey);
      return loss;
    },
    evaluate: () => evaluate(evalBatch, params, state, testSet, config.evalBatchSize),
    ...observer,
  });
  return { params, state, traceCount: trainStep.traceCount, ...result };
}
