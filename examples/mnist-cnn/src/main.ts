/**
 * Trains a CNN written with tsjax-nn (Conv2D, BatchNorm with transformWithState, max pooling,
 * dropout, Linear) on real MNIST digits with tsjax-optim, in a jitted step that donates the
 * parameters, the BatchNorm state and the optimizer state and is checked to compile once
 * (tsjax-check's assertMaxTraces). Runs on WebGPU when an adapter exists (else on the CPU) and
 * says which; `TSJAX_DEVICE=cpu|webgpu` chooses. Writes the training curve to
 * `out/training-curve.svg`.
 */
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { defaultDevice, init, random, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";
import { tabulate } from "tsjax-nn";
import { loadMnistSplit } from "./data.js";
import { cnn, makeModel, parameterCount } from "./model.js";
import { writeTrainingCurveSvg } from "./plot.js";
import { isInteractiveTerminal, TrainingProgress } from "./progress.js";
import { type EpochSummary, toDevice, type TrainingConfig, train } from "./train.js";

const SPLIT = { trainSize: 8000, testSize: 2000, seed: 0 };
const INIT_SEED = 0;
const TRAINING_SEED = 1;
const CONFIG: TrainingConfig = {
  channels: [16, 32],
  dropoutRate: 0.25,
  batchNormDecay: 0.9,
  epochs: Number(process.env.EPOCHS ?? 12),
  batchSize: 128,
  peakLearningRate: 3e-3,
  finalLearningRate: 1e-5,
  warmupSteps: 62,
  weightDecay: 1e-4,
  maxGradientNorm: 1,
  maxShift: 2,
  evalBatchSize: 500,
};
/** The accuracy this example promises. */
const TARGET_ACCURACY = 0.98;
const SVG_PATH = fileURLToPath(new URL("../out/training-curve.svg", import.meta.url));

const percent = (f: number) => `${(100 * f).toFixed(2)}%`;
const megabytes = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

async function chooseDevice(): Promise<string> {
  const requested = process.env.TSJAX_DEVICE;
  await (requested === "cpu" ? init("cpu") : init());
  const why = webgpuUnavailableReason();
  if (requested === "webgpu" && why) throw new Error(`TSJAX_DEVICE=webgpu, but WebGPU is unavailable: ${why}`);
  if (defaultDevice() === "webgpu") return `device: webgpu (${webgpuInfo()?.adapter})`;
  return `device: cpu (${requested === "cpu" ? "chosen with TSJAX_DEVICE=cpu" : `WebGPU unavailable: ${why}`})`;
}

function epochLine(s: EpochSummary, epochs: number): string {
  return (
    `epoch ${String(s.epoch).padStart(String(epochs).length)}/${epochs}  train loss ${s.trainLoss.toFixed(4)}  test loss ${s.test.loss.toFixed(4)}` +
    `  test accuracy ${percent(s.test.accuracy)}  ${Math.round(s.examplesPerSecond).toString().padStart(5)} examples/s  (${s.seconds.toFixed(1)} s)`
  );
}

console.log(await chooseDevice());
const { train: trainHost, test: testHost } = loadMnistSplit(SPLIT);
const trainSet = toDevice(trainHost);
const testSet = toDevice(testHost);
console.log(`data: ${trainSet.count} training and ${testSet.count} test images from the \`mnist\` package (seeded split, seed ${SPLIT.seed})`);

const model = makeModel(CONFIG);
const [params, state] = model.init(random.key(INIT_SEED), trainSet.images.get(":8"), true);
console.log(`model: ${parameterCount(params).toLocaleString("en-US")} parameters (tsjax-nn, transformWithState, random.key(${INIT_SEED}))`);
console.log(tabulate(cnn(CONFIG), { columns: ["module", "input", "output", "params_size"], filters: ["has_params"] })(trainSet.images.get(":8"), true));
console.log(
  `training: ${CONFIG.epochs} epochs of batch ${CONFIG.batchSize}; clipByGlobalNorm(${CONFIG.maxGradientNorm}) + adamw (weight decay ${CONFIG.weightDecay} on weights), ` +
    `warmup ${CONFIG.warmupSteps} steps to ${CONFIG.peakLearningRate} then cosine to ${CONFIG.finalLearningRate}; dropout ${CONFIG.dropoutRate}, random shifts of up to ${CONFIG.maxShift} px`,
);

const stepsPerEpoch = Math.floor(trainSet.count / CONFIG.batchSize);
if (!isInteractiveTerminal()) console.log("(not an interactive terminal: progress is printed as a line every few seconds)");
const progress = new TrainingProgress({ totalSteps: stepsPerEpoch * CONFIG.epochs, epochs: CONFIG.epochs });
const start = performance.now();
const result = await train(params, state, trainSet, testSet, CONFIG, random.key(TRAINING_SEED), {
  onSteps: ({ epoch, step, latestLoss, examplesPerSecond }) => progress.update(step, { epoch, loss: latestLoss, examplesPerSecond }),
  onEpoch: (s) => progress.log(epochLine(s, CONFIG.epochs)),
});
progress.stop();
const trainingSeconds = (performance.now() - start) / 1000;

const final = result.history.at(-1)!;
await writeTrainingCurveSvg(
  {
    stepLosses: result.stepLosses,
    stepsPerEpoch: result.stepsPerEpoch,
    epochs: result.history.map((s) => ({ epoch: s.epoch, trainLoss: s.trainLoss, testLoss: s.test.loss, testAccuracy: s.test.accuracy })),
    title: "CNN on MNIST (tsjax-nn)",
    subtitle: `conv ${CONFIG.channels.join("-")} + BatchNorm, adamw + warmup-cosine, on ${defaultDevice()}: test accuracy ${percent(final.test.accuracy)}`,
  },
  SVG_PATH,
);
const afterFirst = result.history.slice(1).map((s) => s.examplesPerSecond);
console.log("");
console.log(`final test accuracy: ${percent(final.test.accuracy)} (${Math.round(final.test.accuracy * testSet.count)}/${testSet.count}), test loss ${final.test.loss.toFixed(4)}`);
console.log(`the training step was traced ${result.traceCount} time(s) (assertMaxTraces(step, 1) holds)`);
if (afterFirst.length) console.log(`throughput after epoch 1: ${Math.round(afterFirst.reduce((a, b) => a + b, 0) / afterFirst.length)} examples/s`);
const live = result.liveBytesAfterEpoch;
console.log(
  `device memory (memoryStats().liveBytes): ${megabytes(result.liveBytesAtStart)} at the start, ${megabytes(live[0]!)} after epoch 1, ` +
    `${megabytes(live.at(-1)!)} at the end${live.at(-1) === live[0] ? " (flat)" : ""}`,
);
console.log(`training curve: ${relative(process.cwd(), SVG_PATH)}`);
console.log(`total time: ${(performance.now() / 1000).toFixed(1)} s since the process started (training and evaluation ${trainingSeconds.toFixed(1)} s)`);
// On a shared machine the wall time depends on the other processes; the CPU time this process
// used (all its threads) does not: on an idle 2-core machine the wall time lies between
// cpu / 2 (both cores busy throughout) and cpu.
const cpu = process.cpuUsage();
console.log(`CPU time used: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load average at the end: ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores)`);
if (final.test.accuracy < TARGET_ACCURACY) {
  console.error(`test accuracy ${percent(final.test.accuracy)} is below the ${percent(TARGET_ACCURACY)} this example should reach`);
  process.exitCode = 1;
}
