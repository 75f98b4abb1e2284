/**
 * Trains a variational autoencoder on dynamically binarized MNIST digits: a tsjax-nn MLP
 * encoder producing a tsjax-dist `MultivariateNormalDiag` posterior, a Bernoulli-logits
 * decoder, the ELBO from `sampleAndLogProb` and `klDivergence`, Adam from tsjax-optim in a
 * jitted step that donates its state. Prints the held-out negative ELBO after every epoch and
 * writes `out/reconstructions.png` and `out/samples.png`. `TSJAX_DEVICE=cpu|webgpu` chooses
 * the device.
 */
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { type Array as JArray, np, random, scope } from "tsjax-core";
import { parameterCount } from "@tsjax-examples/common/params";
import { chooseDevice, cpuTimeLine } from "@tsjax-examples/common/device";
import { runEpochs } from "@tsjax-examples/common/epochs";
import { IMAGE_PIXELS, loadMnistSplit, toDevice } from "@tsjax-examples/common/mnist";
import { imageGrid, writePng } from "@tsjax-examples/common/png";
import { isInteractiveTerminal, TrainingProgress } from "@tsjax-examples/common/progress";
import { type VaeConfig, makeVae } from "./model.js";
import { type Evaluation, type TrainingConfig, binarize, importanceWeightedBound, makeEvaluate, makeOptimizer, makeTrainStep } from "./train.js";

/** The same split as examples/mnist-mlp. */
const SPLIT = { trainSize: 8000, testSize: 2000, seed: 0 };
const MODEL: VaeConfig = { pixels: IMAGE_PIXELS, hidden: [512], latent: 32 };
const CONFIG: TrainingConfig = {
  epochs: Number(process.env.EPOCHS ?? 30),
  batchSize: 128,
  learningRate: 2e-3,
  finalLearningRate: 1e-5,
};
/** Seeds: initial parameters, training randomness, the test set's one binarization, evaluation samples. */
const SEEDS = { init: 0, training: 1, testBinarization: 2, evaluation: 3, pictures: 4 };
/** Samples per image of the final importance-weighted bound. */
const IMPORTANCE_SAMPLES = 16;
/** The held-out negative ELBO this example promises, in nats. */
const TARGET_NATS = 110;
const OUT = (name: string) => fileURLToPath(new URL(`../out/${name}`, import.meta.url));

const nats = (x: number) => `${x.toFixed(2)} nats`;
const megabytes = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

console.log(await chooseDevice());
const { train: trainHost, test: testHost } = loadMnistSplit(SPLIT);
const trainSet = toDevice(trainHost);
const testSet = toDevice(testHost);
// The held-out images are binarized once, so every epoch is evaluated on the same binary digits.
const testBinary = scope(() => binarize(random.key(SEEDS.testBinarization), testSet.images));
console.log(
  `data: ${trainSet.count} training and ${testSet.count} test digits from the \`mnist\` package (seeded split, seed ${SPLIT.seed}); ` +
    `training digits binarized afresh at every step, test digits once (random.key(${SEEDS.testBinarization}))`,
);

const vae = makeVae(MODEL);
let params = vae.init(random.key(SEEDS.init), trainSet.images.get(":8"));
console.log(
  `model: encoder MLP ${[MODEL.pixels, ...MODEL.hidden, 2 * MODEL.latent].join("-")} -> MultivariateNormalDiag (loc, softplus scale) over ${MODEL.latent} latents, ` +
    `decoder MLP ${[MODEL.latent, ...[...MODEL.hidden].reverse(), MODEL.pixels].join("-")} -> Independent(Bernoulli(logits)); ${parameterCount(params).toLocaleString("en-US")} parameters`,
);
console.log(
  `training: ${CONFIG.epochs} epochs of batch ${CONFIG.batchSize}, adam with a cosine decay from ${CONFIG.learningRate} to ${CONFIG.finalLearningRate}; ` +
    "loss: the negative ELBO, -log p(x | z) with z from q.sampleAndLogProb plus klDivergence(q, prior)",
);

const stepsPerEpoch = Math.floor(trainSet.count / CONFIG.batchSize);
const optimizer = makeOptimizer(CONFIG, stepsPerEpoch * CONFIG.epochs);
let optState = optimizer.init(params);
const trainStep = makeTrainStep(vae, optimizer);
const evaluate = makeEvaluate(vae);
const evaluationKey = random.key(SEEDS.evaluation);

if (!isInteractiveTerminal()) console.log("(not an interactive terminal: progress is printed as a line every few seconds)");
const progress = new TrainingProgress({ totalSteps: stepsPerEpoch * CONFIG.epochs, epochs: CONFIG.epochs });
const epochLine = (epoch: number, trainLoss: number, test: Evaluation, examplesPerSecond: number, seconds: number) =>
  `epoch ${String(epoch).padStart(String(CONFIG.epochs).length)}/${CONFIG.epochs}  train -ELBO ${trainLoss.toFixed(2)}` +
  `  held-out -ELBO ${test.negativeElbo.toFixed(2)} nats (-log p(x|z) ${(-test.logLikelihood).toFixed(2)} + KL ${test.kl.toFixed(2)})` +
  `  ${Math.round(examplesPerSecond).toString().padStart(5)} examples/s  (${seconds.toFixed(1)} s)`;
const start = performance.now();
const result = await runEpochs<Evaluation>({
  epochs: CONFIG.epochs,
  count: trainSet.count,
  batchSize: CONFIG.batchSize,
  key: random.key(SEEDS.training),
  step: (batchIndices, stepKey) => {
    let loss: JArray;
    [params, optState, loss] = trainStep(params, optState, trainSet.images, batchIndices, stepKey); // the old ones were donated
    return loss;
  },
  evaluate: () => evaluate(params, evaluationKey, testBinary),
  onSteps: ({ epoch, step, latestLoss, examplesPerSecond }) => progress.update(step, { epoch, loss: latestLoss, examplesPerSecond }),
  onEpoch: (s) => progress.log(epochLine(s.epoch, s.trainLoss, s.test, s.examplesPerSecond, s.seconds)),
});
progress.stop();
const trainingSeconds = (performance.now() - start) / 1000;

const final = result.history.at(-1)!.test;
const bound = await importanceWeightedBound(vae, params, random.key(SEEDS.evaluation), testBinary, IMPORTANCE_SAMPLES);
console.log("");
console.log(`final held-out negative ELBO: ${nats(final.negativeElbo)} per digit (reconstruction ${nats(-final.logLikelihood)}, KL ${nats(final.kl)})`);
console.log(`held-out log-likelihood: log p(x) >= ${nats(-bound)} per digit (importance-weighted bound, ${IMPORTANCE_SAMPLES} samples from q.sampleAndLogProb)`);

// Pictures: test digits, their binarizations and reconstructions; digits decoded from prior samples.
const shown = 16;
const [originals, binaries, reconstructions, samples] = await Promise.all(
  scope(() => {
    const images = testSet.images.get(np.s(0, shown));
    const binary = testBinary.get(np.s(0, shown));
    const z = random.normal(random.key(SEEDS.pictures), [64, MODEL.latent]);
    return [images, binary, vae.apply.reconstruct(params, null, binary), vae.apply.decode(params, null, z)];
  }).map(async (x) => new Float32Array((await x.data()) as Float32Array)),
);
const rows = (...blocks: Float32Array[]) => Float32Array.from(blocks.flatMap((b) => [...b]));
await writePng(imageGrid(rows(originals!, binaries!, reconstructions!), { side: 28, columns: shown, scale: 2 }), OUT("reconstructions.png"));
await writePng(imageGrid(samples!, { side: 28, columns: 8, scale: 2 }), OUT("samples.png"));
console.log(`pictures: ${relative(process.cwd(), OUT("reconstructions.png"))} (rows: test digits, their binarization, reconstructions), ${relative(process.cwd(), OUT("samples.png"))} (64 digits decoded from z ~ N(0, I))`);

const throughput = result.history.slice(1).map((s) => s.examplesPerSecond);
if (throughput.length) console.log(`throughput after epoch 1: ${Math.round(throughput.reduce((a, b) => a + b, 0) / throughput.length)} examples/s; the step was traced ${trainStep.traceCount} time(s)`);
const live = result.liveBytesAfterEpoch;
console.log(`device memory (memoryStats().liveBytes): ${megabytes(live[0]!)} after epoch 1, ${megabytes(live.at(-1)!)} after epoch ${live.length}${live.every((b) => b === live[0]) ? " (flat: the same bytes after every epoch)" : ""}`);
console.log(`total time: ${(performance.now() / 1000).toFixed(1)} s since the process started (training and evaluation ${trainingSeconds.toFixed(1)} s)`);
console.log(cpuTimeLine());
if (!(final.negativeElbo < TARGET_NATS)) {
  console.error(`the held-out negative ELBO ${nats(final.negativeElbo)} is not below the ${TARGET_NATS} nats this example should reach`);
  process.exitCode = 1;
}
