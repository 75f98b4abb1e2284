/**
 * Training: the masked next-character loss, a jitted step that donates the parameters and the
 * optimizer state, and the validation loss in nats per character.
 */
import { type Array as JArray, jit, np, random, valueAndGrad } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { type GradientTransformation, adamw, applyUpdates, chain, clipByGlobalNorm, softmaxCrossEntropyWithIntegerLabels, warmupCosineDecaySchedule } from "tsjax-optim";
import { type TransformerConfig, makeModel } from "./model.js";

/** Encoded names on the device. */
export interface DeviceNames {
  /** `[count, length]` int32. */
  inputs: JArray;
  targets: JArray;
  /** `[count, length]` float32: 1 where a target counts, 0 on padding. */
  weights: JArray;
  count: number;
}

/** Hyperparameters of the run. */
export interface TrainingConfig extends TransformerConfig {
  steps: number;
  batchSize: number;
  peakLearningRate: number;
  warmupSteps: number;
  weightDecay: number;
}

/** Mean cross-entropy over the positions that count (nats per character). */
function maskedLoss(logits: JArray, targets: JArray, weights: JArray): JArray {
  return softmaxCrossEntropyWithIntegerLabels(logits, targets).mul(weights).sum().div(weights.sum());
}

/** Clipping, then AdamW on a warmup-cosine schedule. */
export function makeOptimizer(config: TrainingConfig): GradientTransformation {
  const schedule = warmupCosineDecaySchedule({
    initValue: 0, peakValue: config.peakLearningRate, warmupSteps: config.warmupSteps, decaySteps: config.steps, endValue: config.peakLearningRate / 100,
  });
  return chain(clipByGlobalNorm(1), adamw(schedule, { weightDecay: config.weightDecay }));
}

/**
 * The jitted training step: gathers a batch of names on the device, runs the transformer with
 * dropout, and applies the optimizer; parameters and optimizer state are donated.
 *
 * @example
 * [params, optState, loss] = step(params, optState, data.inputs, data.targets, data.weights, indices, key);
 */
export function makeTrainStep(config: TrainingConfig, optimizer: GradientTransformation) {
  const model = makeModel(config);
  const loss = (params: Params, key: JArray, inputs: JArray, targets: JArray, weights: JArray) => maskedLoss(model.apply(params, key, inputs, true), targets, weights);
  const lossAndGradient = valueAndGrad(loss);
  return jit(
    (params: Params, optState: unknown, inputs: JArray, targets: JArray, weights: JArray, batch: JArray, key: JArray) => {
      const [value, gradients] = lossAndGradient(params, key, np.take(inputs, batch, 0), np.take(targets, batch, 0), np.take(weights, batch, 0));
      const [updates, newOptState] = optimizer.update(gradients, optState, params);
      return [applyUpdates(params, updates) as Params, newOptState, value] as const;
    },
    { donate: [0, 1] },
  );
}

/**
 * The loss in nats per character over a whole set (every name's end counts as a character),
 * in batches (summed losses and counts, then divided).
 *
 * @example
 * const nats = await validationLoss(config, params, validation, 512);
 */
export async function validationLoss(config: TransformerConfig, params: Params, data: DeviceNames, batchSize: number): Promise<number> {
  const model = makeModel(config);
  const batchSums = jit((p: Params, inputs: JArray, targets: JArray, weights: JArray) => [
    softmaxCrossEntropyWithIntegerLabels(model.apply(p, null, inputs, false), targets).mul(weights).sum(),
    weights.sum(),
  ] as const);
  let total = 0;
  let count = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const s = np.s(start, Math.min(start + batchSize, data.count));
    const [l, n] = batchSums(params, data.inputs.get(s), data.targets.get(s), data.weights.get(s));
    total += (await l.item()) as number;
    count += (await n.item()) as number;
  }
  return total / count;
}

/** Random batches of row indices, one row of `[steps, batchSize]` per step (reshuffled each epoch). */
export function batchSchedule(key: JArray, count: number, steps: number, batchSize: number): JArray {
  const perEpoch = Math.floor(count / batchSize);
  const epochs = Math.ceil(steps / perEpoch);
  const keys = random.split(key, epochs);
  const rows = globalThis.Array.from({ length: epochs }, (_, e) => random.permutation(keys.get(e), count).get(np.s(0, perEpoch * batchSize)).reshape(perEpoch, batchSize));
  return np.concatenate(rows).get(np.s(0, steps));
}
