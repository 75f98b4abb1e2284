/**
 * Training and evaluation: the loss, a jitted optimizer step that donates the parameters and the
 * optimizer state (so device memory stays flat), a jitted batched evaluation, and the epoch loop.
 */
import { type Array as JArray, jit, np, random, valueAndGrad } from "tsjax-core";
import {
  adamw, applyUpdates, chain, clipByGlobalNorm, type GradientTransformation, softmaxCrossEntropyWithIntegerLabels,
  warmupCosineDecaySchedule,
} from "tsjax-optim";
import { randomTranslate } from "@tsjax-examples/common/augment";
import { type EpochLoop, type EpochSummary as CommonEpochSummary, type EpochsResult, runEpochs } from "@tsjax-examples/common/epochs";
import type { DeviceDataset } from "@tsjax-examples/common/mnist";
import { type Dropout, type MlpParams, mlpForward, weightDecayMask } from "./model.js";

/** Hyperparameters of a training run. */
export interface TrainingConfig {
  /** Passes over the training set. */
  epochs: number;
  /** Examples per optimizer step. */
  batchSize: number;
  /** Learning rate at the end of the warmup, decayed by a cosine to `finalLearningRate`. */
  peakLearningRate: number;
  /** Learning rate at the last step. */
  finalLearningRate: number;
  /** Linear warmup from 0, in optimizer steps. */
  warmupSteps: number;
  /** Decoupled (AdamW) weight decay, applied to the weight matrices only. */
  weightDecay: number;
  /** Gradients are rescaled so that their global L2 norm is at most this. */
  maxGradientNorm: number;
  /** Dropout rate on the hidden activations during training. */
  dropoutRate: number;
  /** Training images are translated by up to this many pixels (0: no augmentation). */
  maxShift: number;
  /** Examples per batch of the jitted evaluation. */
  evalBatchSize: number;
}

/**
 * The mean softmax cross-entropy of the MLP's logits against integer labels.
 *
 * @example
 * const loss = meanCrossEntropy(params, images, labels); // scalar
 * meanCrossEntropy(params, images, labels, { rate: 0.2, key: stepKey }); // with dropout
 */
function meanCrossEntropy(params: MlpParams, images: JArray, labels: JArray, dropout?: Dropout): JArray {
  return softmaxCrossEntropyWithIntegerLabels(mlpForward(params, images, dropout).logits, labels).mean();
}

/**
 * The optimizer of the run: global-norm clipping, then AdamW on a warmup-cosine schedule, with
 * weight decay masked off the biases.
 */
function makeOptimizer(config: TrainingConfig, totalSteps: number): GradientTransformation {
  const schedule = warmupCosineDecaySchedule({
    initValue: 0,
    peakValue: config.peakLearningRate,
    warmupSteps: config.warmupSteps,
    decaySteps: totalSteps,
    endValue: config.finalLearningRate,
  });
  return chain(
    clipByGlobalNorm(config.maxGradientNorm),
    adamw(schedule, { b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: config.weightDecay, mask: weightDecayMask }),
  );
}

/**
 * The optimizer step: `(params, optState, images, labels, batchIndices, stepKey) →
 * [params, optState, loss]`.
 */
type TrainStep = (
  params: MlpParams, optState: unknown, images: JArray, labels: JArray, batchIndices: JArray, stepKey: JArray,
) => [MlpParams, unknown, JArray];

/**
 * A jitted training step. It gathers the batch `batchIndices` from the training set that lives
 * on the device, translates the images randomly, computes the loss (with dropout) and its
 * gradient, and applies the optimizer. Arguments 0 and 1 (parameters and optimizer state) are
 * donated: their buffers are reused for the outputs, so the old values must not be used after
 * the call, and device memory does not grow from step to step.
 *
 * @example
 * [params, optState, loss] = trainStep(params, optState, train.images, train.labels, indices, key);
 */
function makeTrainStep(optimizer: GradientTransformation, { dropoutRate, maxShift }: { dropoutRate: number; maxShift: number }) {
  const lossAndGradient = valueAndGrad(meanCrossEntropy);
  const step: TrainStep = (params, optState, images, labels, batchIndices, stepKey) => {
    const stepKeys = random.split(stepKey);
    const [augmentKey, dropoutKey] = [stepKeys.get(0), stepKeys.get(1)];
    const batchImages = randomTranslate(augmentKey, np.take(images, batchIndices, 0), maxShift);
    const batchLabels = np.take(labels, batchIndices, 0);
    const [loss, gradients] = lossAndGradient(params, batchImages, batchLabels, { rate: dropoutRate, key: dropoutKey });
    const [updates, newOptState] = optimizer.update(gradients, optState, params);
    return [applyUpdates(params, updates) as MlpParams, newOptState, loss];
  };
  return jit(step, { donate: [0, 1] });
}

/** Per-batch sums that `evaluate` adds up: loss, correct predictions, inactive units per layer. */
type BatchTotals = [lossSum: JArray, correctCount: JArray, inactiveUnitCounts: JArray[]];

/**
 * Sums over one batch: the cross-entropy, the number of correct predictions, and per hidden
 * layer the number of ReLU outputs that are exactly zero (dead units).
 */
const evalBatch = jit((params: MlpParams, images: JArray, labels: JArray): BatchTotals => {
  const { logits, hiddenActivations } = mlpForward(params, images);
  const lossSum = softmaxCrossEntropyWithIntegerLabels(logits, labels).sum();
  const correctCount = np.argmax(logits, -1).eq(labels).astype("int32").sum();
  const inactiveUnitCounts = hiddenActivations.map((h) => h.eq(0).astype("int32").sum());
  return [lossSum, correctCount, inactiveUnitCounts];
});

/** Loss and accuracy of a model on a dataset. */
interface Evaluation {
  /** Mean cross-entropy. */
  loss: number;
  /** Fraction of examples classified correctly. */
  accuracy: number;
  /** Per hidden layer, the fraction of (example, unit) pairs whose ReLU output is zero. */
  inactiveUnitFraction: number[];
}

/**
 * Mean loss and accuracy over `data`, in batches of `batchSize` run by a jitted function (a
 * shorter last batch compiles once more). All batches are queued before any result is read.
 *
 * @example
 * const { accuracy } = await evaluate(params, test, 500);
 */
async function evaluate(params: MlpParams, data: DeviceDataset, batchSize: number): Promise<Evaluation> {
  const batchTotals: BatchTotals[] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    const images = data.images.get(np.s(start, end));
    const labels = data.labels.get(np.s(start, end));
    batchTotals.push(evalBatch(params, images, labels));
    images.dispose();
    labels.dispose();
  }
  const hiddenWidths = params.slice(0, -1).map((layer) => layer.bias.size);
  let lossSum = 0;
  let correctCount = 0;
  const inactiveUnitCounts = hiddenWidths.map(() => 0);
  for (const [loss, correct, inactive] of batchTotals) {
    lossSum += (await loss.item()) as number;
    correctCount += (await correct.item()) as number;
    for (const [layer, count] of inactive.entries()) inactiveUnitCounts[layer]! += (await count.item()) as number;
    [loss, correct, ...inactive].forEach((x) => x.dispose());
  }
  return {
    loss: lossSum / data.count,
    accuracy: correctCount / data.count,
    inactiveUnitFraction: inactiveUnitCounts.map((count, layer) => count / (data.count * hiddenWidths[layer]!)),
  };
}

/** What the training loop reports after each epoch. */
export type EpochSummary = CommonEpochSummary<Evaluation>;

/** Callbacks of the training loop, for progress display. */
export type TrainingObserver = Pick<EpochLoop<Evaluation>, "onSteps" | "onEpoch">;

/** The outcome of `trainMlp`: the trained parameters and the epoch loop's record. */
export interface TrainingResult extends EpochsResult<Evaluation> {
  params: MlpParams;
}

/**
 * Trains `initialParams` (which are donated: do not use them afterwards) for `config.epochs`
 * epochs over `train`, evaluating on `test` after each epoch. The training set is reshuffled
 * every epoch (the incomplete last batch is dropped); shuffles, shifts and dropout masks are
 * drawn from keys derived from `key`.
 *
 * @example
 * const result = await trainMlp(initMlp(random.key(0), [784, 256, 128, 10]), train, test, config, random.key(1));
 */
export async function trainMlp(
  initialParams: MlpParams,
  train: DeviceDataset,
  test: DeviceDataset,
  config: TrainingConfig,
  key: JArray,
  observer: TrainingObserver = {},
): Promise<TrainingResult> {
  const stepsPerEpoch = Math.floor(train.count / config.batchSize);
  const optimizer = makeOptimizer(config, stepsPerEpoch * config.epochs);
  const trainStep = makeTrainStep(optimizer, config);
  let params = initialParams;
  let optState = optimizer.init(params);
  const result = await runEpochs<Evaluation>({
    epochs: config.epochs,
    count: train.count,
    batchSize: config.batchSize,
    key,
    step: (batchIndices, stepKey) => {
      let loss: JArray;
      // The old params and state were donated: their buffers now hold the new ones.
      [params, optState, loss] = trainStep(params, optState, train.images, train.labels, batchIndices, stepKey);
      return loss;
    },
    evaluate: () => evaluate(params, test, config.evalBatchSize),
    ...observer,
  });
  return { params, ...result };
}
