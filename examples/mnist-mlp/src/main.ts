/**
 * Trains a multi-layer perceptron on real MNIST digits with tsjax-core and tsjax-optim: a plain
 * pytree of parameters, AdamW with a warmup-cosine schedule and gradient clipping, and a jitted
 * step that donates the parameters and optimizer state. Runs on WebGPU when an adapter exists
 * (else on the CPU) and says which; `TSJAX_DEVICE=cpu|webgpu` chooses. Writes the training
 * curve to `out/training-curve.svg`.
 */
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { defaultDevice, random } from "tsjax-core";
import { parameterCount } from "@tsjax-examples/common/params";
import { chooseDevice } from "@tsjax-examples/common/device";
import { loadMnistSplit, toDevice } from "@tsjax-examples/common/mnist";
import { writeTrainingCurveSvg } from "@tsjax-examples/common/plot";
import { isInteractiveTerminal, TrainingProgress } from "@tsjax-examples/common/progress";
import { initMlp } from "./model.js";
import { type EpochSummary, type TrainingConfig, trainMlp } from "./train.js";

/** Images per split, and the seed that decides which images go where. */
const SPLIT = { trainSize: 8000, testSize: 2000, seed: 0 };
/** Layer widths: 28×28 pixels in, two ReLU hidden layers, 10 classes out. */
const LAYER_WIDTHS = [784, 256, 128, 10];
/** Seeds of the initial parameters and of the training randomness (shuffles, dropout, shifts). */
const INIT_SEED = 0;
const TRAINING_SEED = 1;
const CONFIG: TrainingConfig = {
  epochs: 12,
  batchSize: 128,
  peakLearningRate: 3e-3,
  finalLearningRate: 1e-5,
  warmupSteps: 62, // one epoch
  weightDecay: 0.05,
  maxGradientNorm: 1,
  dropoutRate: 0.1,
  maxShift: 1,
  evalBatchSize: 500,
};
/** The accuracy this demo promises. */
const TARGET_ACCURACY = 0.95;
const SVG_PATH = fileURLToPath(new URL("../out/training-curve.svg", import.meta.url));

const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const percent = (fraction: number) => `${(100 * fraction).toFixed(2)}%`;

/** One line per epoch: losses, accuracy, throughput. */
function epochLine(summary: EpochSummary, epochs: number): string {
  return (
    `epoch ${String(summary.epoch).padStart(String(epochs).length)}/${epochs}` +
    `  train loss ${summary.trainLoss.toFixed(4)}` +
    `  test loss ${summary.test.loss.toFixed(4)}` +
    `  test accuracy ${percent(summary.test.accuracy)}` +
    `  ${Math.round(summary.examplesPerSecond).toString().padStart(5)} examples/s` +
    `  (${summary.seconds.toFixed(1)} s)`
  );
}

console.log(await chooseDevice());

const { train, test } = loadMnistSplit(SPLIT);
const trainOnDevice = toDevice(train);
const testOnDevice = toDevice(test);
console.log(
  `data: ${train.count} training and ${test.count} test images from the \`mnist\` package (seeded split, seed ${SPLIT.seed})`,
);

const params = initMlp(random.key(INIT_SEED), LAYER_WIDTHS);
console.log(`model: MLP ${LAYER_WIDTHS.join("-")}, ${parameterCount(params).toLocaleString("en-US")} parameters (He/Glorot init, random.key(${INIT_SEED}))`);
console.log(
  `training: ${CONFIG.epochs} epochs of batch ${CONFIG.batchSize}; clipByGlobalNorm(${CONFIG.maxGradientNorm}) + adamw ` +
    `(weight decay ${CONFIG.weightDecay}, not on biases), warmup ${CONFIG.warmupSteps} steps to ${CONFIG.peakLearningRate} then cosine to ${CONFIG.finalLearningRate}; ` +
    `dropout ${CONFIG.dropoutRate}, random shifts of up to ${CONFIG.maxShift} px`,
);

const stepsPerEpoch = Math.floor(train.count / CONFIG.batchSize);
if (!isInteractiveTerminal()) console.log("(not an interactive terminal: progress is printed as a line every few seconds)");
const progress = new TrainingProgress({ totalSteps: stepsPerEpoch * CONFIG.epochs, epochs: CONFIG.epochs });
const trainingStart = performance.now();
const result = await trainMlp(params, trainOnDevice, testOnDevice, CONFIG, random.key(TRAINING_SEED), {
  onSteps: ({ epoch, step, latestLoss, examplesPerSecond }) =>
    progress.update(step, { epoch, loss: latestLoss, examplesPerSecond }),
  onEpoch: (summary) => progress.log(epochLine(summary, CONFIG.epochs)),
});
progress.stop();
const trainingSeconds = seconds(trainingStart);

const final = result.history.at(-1)!;
const plotStart = performance.now();
await writeTrainingCurveSvg(
  {
    stepLosses: result.stepLosses,
    stepsPerEpoch: result.stepsPerEpoch,
    epochs: result.history.map((s) => ({ epoch: s.epoch, trainLoss: s.trainLoss, testLoss: s.test.loss, testAccuracy: s.test.accuracy })),
    title: "MLP on MNIST (tsjax)",
    subtitle: `${LAYER_WIDTHS.join("-")} MLP, adamw + warmup-cosine, on ${defaultDevice()}: test accuracy ${percent(final.test.accuracy)}`,
  },
  SVG_PATH,
);
const plotSeconds = seconds(plotStart);

const throughputs = result.history.map((s) => Math.round(s.examplesPerSecond));
const afterFirst = throughputs.slice(1);
const liveAtEnd = result.liveBytesAfterEpoch.at(-1)!;
console.log("");
console.log(`final test accuracy: ${percent(final.test.accuracy)} (${Math.round(final.test.accuracy * test.count)}/${test.count}), test loss ${final.test.loss.toFixed(4)}`);
console.log(`throughput per epoch (examples/s): ${throughputs.join(", ")}`);
if (afterFirst.length > 0) {
  console.log(`  mean after epoch 1 (which includes compilation): ${Math.round(afterFirst.reduce((a, b) => a + b, 0) / afterFirst.length)} examples/s`);
}
const liveAfterFirstEpoch = result.liveBytesAfterEpoch[0]!;
console.log(
  `device memory (memoryStats().liveBytes): ${megabytes(result.liveBytesAtStart)} at the start of training, ` +
    `${megabytes(liveAfterFirstEpoch)} after epoch 1 (optimizer state materialized), ${megabytes(liveAtEnd)} at the end ` +
    (liveAtEnd === liveAfterFirstEpoch
      ? `(flat: the same ${liveAtEnd} bytes after every epoch)`
      : `(${liveAtEnd - liveAfterFirstEpoch > 0 ? "+" : ""}${liveAtEnd - liveAfterFirstEpoch} bytes since epoch 1)`),
);
console.log(`inactive ReLU units on the test set: ${final.test.inactiveUnitFraction.map((f, i) => `layer ${i + 1} ${percent(f)}`).join(", ")}`);
console.log(`training curve: ${relative(process.cwd(), SVG_PATH)} (${plotSeconds.toFixed(1)} s to render)`);
// performance.now() counts from the start of the process: this includes loading and compiling.
console.log(`total time: ${(performance.now() / 1000).toFixed(1)} s since the process started (training and evaluation ${trainingSeconds.toFixed(1)} s)`);
if (final.test.accuracy < TARGET_ACCURACY) {
  console.error(`test accuracy ${percent(final.test.accuracy)} is below the ${percent(TARGET_ACCURACY)} this demo should reach`);
  process.exitCode = 1;
}
