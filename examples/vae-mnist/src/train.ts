/**
 * Training and evaluation of the VAE: dynamic binarization, the negative ELBO as the loss, a
 * jitted optimizer step that donates the parameters and the optimizer state, and jitted
 * held-out evaluations.
 */
import { type Array as JArray, jit, np, random, valueAndGrad } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { type GradientTransformation, adam, applyUpdates, cosineDecaySchedule } from "tsjax-optim";
import type { Vae } from "./model.js";

/** Hyperparameters of a training run. */
export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  /** Adam's learning rate at the first step, decayed by a cosine to `finalLearningRate`. */
  learningRate: number;
  finalLearningRate: number;
}

/**
 * Binarizes images with pixel intensities in [0, 1]: each pixel is 1 with probability equal to
 * its intensity (a fresh draw for each key: dynamic binarization).
 *
 * @example
 * const binary = binarize(random.key(0), images); // float32 zeros and ones, same shape
 */
export function binarize(key: JArray, images: JArray): JArray {
  return random.bernoulli(key, images).astype("float32");
}

/**
 * Adam on a cosine decay from `learningRate` to `finalLearningRate` over the whole run.
 *
 * @example
 * const optimizer = makeOptimizer(config, 62 * config.epochs);
 */
export function makeOptimizer(config: TrainingConfig, totalSteps: number): GradientTransformation {
  return adam(cosineDecaySchedule({ initValue: config.learningRate, decaySteps: totalSteps, alpha: config.finalLearningRate / config.learningRate }));
}

/**
 * The mean negative ELBO of binary images `x` (one posterior sample per image): the loss.
 *
 * @example
 * const loss = negativeElbo(vae, params, key, binaryImages); // a scalar, in nats per image
 */
export function negativeElbo(vae: Vae, params: Params, key: JArray, x: JArray): JArray {
  return vae.apply.elbo(params, key, x).elbo.mean().neg();
}

/** `(params, optState, images, batchIndices, stepKey) → [params, optState, loss]`. */
type TrainStep = (params: Params, optState: unknown, images: JArray, batchIndices: JArray, stepKey: JArray) => [Params, unknown, JArray];

/**
 * The jitted training step: gathers the batch from the training images on the device,
 * binarizes it afresh, and takes an optimizer step on the mean negative ELBO. Parameters and
 * optimizer state (arguments 0 and 1) are donated: their buffers hold the new values.
 *
 * @example
 * [params, optState, loss] = trainStep(params, optState, train.images, indices, key);
 */
export function makeTrainStep(vae: Vae, optimizer: GradientTransformation) {
  const lossAndGradient = valueAndGrad((params: Params, key: JArray, x: JArray) => negativeElbo(vae, params, key, x));
  const step: TrainStep = (params, optState, images, batchIndices, stepKey) => {
    const [binarizeKey, elboKey] = random.split(stepKey);
    const x = binarize(binarizeKey!, np.take(images, batchIndices, 0));
    const [loss, gradients] = lossAndGradient(params, elboKey!, x);
    const [updates, newOptState] = optimizer.update(gradients, optState, params);
    return [applyUpdates(params, updates) as Params, newOptState, loss];
  };
  return jit(step, { donate: [0, 1] });
}

/** Held-out figures, in nats per image. */
export interface Evaluation {
  /** Mean negative ELBO. */
  negativeElbo: number;
  /** Mean `log p(x | z)` (one sample) and mean KL, whose difference is the ELBO. */
  logLikelihood: number;
  kl: number;
}

/**
 * A jitted evaluation: the mean ELBO terms of binary images, with one posterior sample per
 * image drawn from `key` (pass the same key every time to compare epochs).
 *
 * @example
 * const evaluate = makeEvaluate(vae);
 * const { negativeElbo } = await evaluate(params, random.key(3), testBinary);
 */
export function makeEvaluate(vae: Vae) {
  const terms = jit((params: Params, key: JArray, x: JArray) => {
    const { logLikelihood, kl, elbo } = vae.apply.elbo(params, key, x);
    return [elbo.mean().neg(), logLikelihood.mean(), kl.mean()] as const;
  });
  return async (params: Params, key: JArray, x: JArray): Promise<Evaluation> => {
    const values = terms(params, key, x);
    const [negativeElbo, logLikelihood, kl] = (await Promise.all(values.map((v) => v.item()))) as number[];
    values.forEach((v) => v.dispose());
    return { negativeElbo: negativeElbo!, logLikelihood: logLikelihood!, kl: kl! };
  };
}

/**
 * The mean importance-weighted lower bound on `log p(x)` over binary images `x`, with `k`
 * posterior samples per image, computed by a jitted function in batches of `batchSize` (the
 * `k` decoder outputs of a batch are held at once). Returns the negated bound: an upper bound
 * on the held-out negative log-likelihood, in nats per image.
 *
 * @example
 * const nll = await importanceWeightedBound(vae, params, random.key(3), testBinary, 16);
 */
export async function importanceWeightedBound(vae: Vae, params: Params, key: JArray, x: JArray, k: number, batchSize = 250): Promise<number> {
  const batchSum = jit((p: Params, batchKey: JArray, batch: JArray) => vae.apply.importanceWeighted(p, batchKey, batch, k).sum().neg());
  const count = x.shape[0]!;
  const keys = random.split(key, Math.ceil(count / batchSize));
  const sums: JArray[] = [];
  for (let start = 0, i = 0; start < count; start += batchSize, i++) {
    const batch = x.get(np.s(start, Math.min(start + batchSize, count)));
    const batchKey = keys.get(i);
    sums.push(batchSum(params, batchKey, batch));
    batch.dispose();
    batchKey.dispose();
  }
  let total = 0;
  for (const s of sums) {
    total += (await s.item()) as number;
    s.dispose();
  }
  keys.dispose();
  return total / count;
}
