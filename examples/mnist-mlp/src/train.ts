/**
 * Training and evaluation: the loss, a jitted optimizer step that donates the parameters and the
 * optimizer state (so device memory stays flat), a jitted batched evaluation, and the epoch loop.
 */
import { type Array as JArray, jit, memoryStats, np, random, scope, valueAndGrad } from "tsjax-core";
import {
  adamw, applyUpdates, chain, clipByGlobalNorm, type GradientTransformation, softmaxCrossEntropyWithIntegerLabels,
  warmupCosineDecaySchedule,
} from "tsjax-optim";
import { randomTranslate } from "@tsjax-examples/common/augment";
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
export function meanCrossEntropy(params: MlpParams, images: JArray, labels: JArray, dropout?: Dropout): JArray {
  return softmaxCrossEntropyWithIntegerLabels(mlpForward(params, images, dropout).logits, labels).mean();
}

/**
 * The optimizer of the run: global-norm clipping, then AdamW on a warmup-cosine schedule, with
 * weight decay masked off the biases.
 */
export function makeOptimizer(config: TrainingConfig, totalSteps: number): GradientTransformation {
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
export type TrainStep = (
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
export function makeTrainStep(optimizer: GradientTransformation, { dropoutRate, maxShift }: { dropoutRate: number; maxShift: number }) {
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
export interface Evaluation {
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
export async function evaluate(params: MlpParams, data: DeviceDataset, batchSize: number): Promise<Evaluation> {
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
export interface EpochSummary {
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  trainLoss: number;
  test: Evaluation;
  /** Training examples per second during the epoch (evaluation excluded). */
  examplesPerSecond: number;
  seconds: number;
}

/** Callbacks of the training loop, for progress display. */
export interface TrainingObserver {
  /**
   * After the losses of some steps have been read back. `step` counts from 1 over the whole
   * run; `examplesPerSecond` is this epoch's rate so far. The loop awaits the result.
   */
  onSteps?(progress: { epoch: number; step: number; latestLoss: number; examplesPerSecond: number }): void | Promise<void>;
  /** After each epoch's evaluation. */
  onEpoch?(summary: EpochSummary): void;
}

/** The outcome of `trainMlp`. */
export interface TrainingResult {
  params: MlpParams;
  history: EpochSummary[];
  /** Training loss of every step. */
  stepLosses: number[];
  stepsPerEpoch: number;
  /**
   * Live device bytes before the first step: data and parameters. (The optimizer state starts
   * as zeros that take no buffer; the first step materializes it.)
   */
  liveBytesAtStart: number;
  /** Live device bytes after each epoch: the same every epoch when nothing leaks. */
  liveBytesAfterEpoch: number[];
}

/** Row `i` of `table`. */
function rowOf(table: JArray, i: number): JArray {
  return table.get(i);
}

/**
 * Losses are read back in groups of this many steps, one group behind the steps being queued,
 * so the device always has queued work while the host waits for a read.
 */
const LOSS_READBACK_GROUP = 8;

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
  // All keys up front, one row per epoch or step, so that live device memory is exactly the same
  // after every epoch (`random.foldIn(key, step)` would put each new step number in core's
  // small cache of device constants).
  const [shuffleKeys, stepKeys] = scope(() => {
    const [shuffleKey, stepKey] = [random.foldIn(key, 0), random.foldIn(key, 1)];
    return [random.split(shuffleKey, config.epochs), random.split(stepKey, stepsPerEpoch * config.epochs)];
  });
  const liveBytesAtStart = memoryStats().liveBytes;
  const history: EpochSummary[] = [];
  const stepLosses: number[] = [];
  const liveBytesAfterEpoch: number[] = [];

  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const epochStart = performance.now();
    // This epoch's batches: a random permutation of the training set; row i is batch i.
    const order = scope(() =>
      random.permutation(rowOf(shuffleKeys, epoch - 1), train.count)
        .get(np.s(0, stepsPerEpoch * config.batchSize))
        .reshape(stepsPerEpoch, config.batchSize),
    );
    const pendingLosses: JArray[] = [];
    const readLosses = async (count: number) => {
      for (const loss of pendingLosses.splice(0, count)) {
        stepLosses.push((await loss.item()) as number);
        loss.dispose();
      }
      const stepsDone = stepLosses.length - (epoch - 1) * stepsPerEpoch;
      const seconds = (performance.now() - epochStart) / 1000;
      await observer.onSteps?.({
        epoch, step: stepLosses.length, latestLoss: stepLosses.at(-1)!, examplesPerSecond: (stepsDone * config.batchSize) / seconds,
      });
    };
    for (let step = 0; step < stepsPerEpoch; step++) {
      const batchIndices = rowOf(order, step);
      const stepKey = rowOf(stepKeys, (epoch - 1) * stepsPerEpoch + step);
      const [newParams, newOptState, loss] = trainStep(params, optState, train.images, train.labels, batchIndices, stepKey);
      batchIndices.dispose();
      stepKey.dispose();
      params = newParams; // the old params and state were donated: their buffers now hold these
      optState = newOptState;
      pendingLosses.push(loss);
      if (pendingLosses.length === 2 * LOSS_READBACK_GROUP) await readLosses(LOSS_READBACK_GROUP);
    }
    await readLosses(pendingLosses.length);
    order.dispose();
    const trainSeconds = (performance.now() - epochStart) / 1000;
    const epochLosses = stepLosses.slice(-stepsPerEpoch);
    const summary: EpochSummary = {
      epoch,
      trainLoss: epochLosses.reduce((a, b) => a + b, 0) / stepsPerEpoch,
      test: await evaluate(params, test, config.evalBatchSize),
      examplesPerSecond: (stepsPerEpoch * config.batchSize) / trainSeconds,
      seconds: trainSeconds,
    };
    liveBytesAfterEpoch.push(memoryStats().liveBytes);
    history.push(summary);
    observer.onEpoch?.(summary);
  }
  shuffleKeys.dispose();
  stepKeys.dispose();
  return { params, history, stepLosses, stepsPerEpoch, liveBytesAtStart, liveBytesAfterEpoch };
}
