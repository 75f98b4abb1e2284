/**
 * Trains a character-level transformer (tsjax-nn) on the first names shipped in the stdlib
 * datasets, reports the validation loss next to a bigram baseline, and samples 20 names under
 * `jit` with `lax.scan`. `TSJAX_DEVICE=cpu|webgpu` chooses the device.
 */
import { availableParallelism, loadavg } from "node:os";
import { type Array as JArray, defaultDevice, init, np, random, scope, tree, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";
import { tabulate } from "tsjax-nn";
import { bigramBaseline } from "./bigram.js";
import { decode, encode, loadNames, makeVocabulary, splitNames } from "./data.js";
import { makeModel, transformer } from "./model.js";
import { isInteractiveTerminal, TrainingProgress } from "./progress.js";
import { makeSampler } from "./sample.js";
import { type DeviceNames, type TrainingConfig, batchSchedule, makeOptimizer, makeTrainStep, validationLoss } from "./train.js";

const SPLIT_SEED = 0;
const LENGTH = 16; // the longest name has 15 characters, plus the start token
/** The validation loss must be at most this fraction of the bigram baseline's. */
const TARGET_RATIO = 0.9;
const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

async function chooseDevice(): Promise<string> {
  const requested = process.env.TSJAX_DEVICE;
  await (requested === "cpu" ? init("cpu") : init());
  const why = webgpuUnavailableReason();
  if (requested === "webgpu" && why) throw new Error(`TSJAX_DEVICE=webgpu, but WebGPU is unavailable: ${why}`);
  if (defaultDevice() === "webgpu") return `device: webgpu (${webgpuInfo()?.adapter})`;
  return `device: cpu (${requested === "cpu" ? "chosen with TSJAX_DEVICE=cpu" : `WebGPU unavailable: ${why}`})`;
}

console.log(await chooseDevice());
const names = loadNames();
const { train, validation } = splitNames(names, 0.1, SPLIT_SEED);
const vocab = makeVocabulary(names);
console.log(`data: ${names.length} distinct first names (stdlib female + male lists, lower-cased), ${train.length} for training and ${validation.length} for validation (seeded split, seed ${SPLIT_SEED}); ${vocab.size} tokens ("." and ${vocab.chars.slice(1).join("")})`);

const toDevice = (list: string[]): DeviceNames => {
  const e = encode(list, vocab, LENGTH);
  return {
    inputs: np.array(e.inputs, { dtype: "int32" }).reshape(list.length, LENGTH),
    targets: np.array(e.targets, { dtype: "int32" }).reshape(list.length, LENGTH),
    weights: np.array(e.weights).reshape(list.length, LENGTH),
    count: list.length,
  };
};
const trainSet = toDevice(train);
const validationSet = toDevice(validation);

const CONFIG: TrainingConfig = {
  vocabSize: vocab.size,
  length: LENGTH,
  modelSize: env("D", 48),
  numHeads: 4,
  numLayers: env("L", 2),
  dropoutRate: env("DROPOUT", 0.1),
  steps: env("STEPS", 800),
  batchSize: env("B", 32),
  peakLearningRate: env("LR", 3e-3),
  warmupSteps: 50,
  weightDecay: 0.01,
};

const baseline = bigramBaseline(train, validation, vocab);
console.log(`bigram baseline: ${baseline.nats.toFixed(4)} nats/char on the validation names (counts from the training names, add-${baseline.alpha} smoothing)`);

const model = makeModel(CONFIG);
let params = model.init(random.key(0), trainSet.inputs.get(":2"), true);
const parameterCount = tree.leaves(params).reduce((n: number, a) => n + (a as JArray).size, 0);
console.log(`model: ${CONFIG.numLayers} pre-LayerNorm blocks (layerStack) of width ${CONFIG.modelSize}, ${CONFIG.numHeads} heads, ${parameterCount.toLocaleString("en-US")} parameters`);
console.log(tabulate(transformer(CONFIG), { columns: ["module", "input", "output", "params_size"], filters: ["has_params"] })(trainSet.inputs.get(":2"), false));
console.log(`training: ${CONFIG.steps} steps of batch ${CONFIG.batchSize}, adamw (weight decay ${CONFIG.weightDecay}) with warmup-cosine to ${CONFIG.peakLearningRate}, dropout ${CONFIG.dropoutRate}`);

const optimizer = makeOptimizer(CONFIG);
let optState = optimizer.init(params);
const step = makeTrainStep(CONFIG, optimizer);
const [batches, stepKeys] = scope(() => [batchSchedule(random.key(1), trainSet.count, CONFIG.steps, CONFIG.batchSize), random.split(random.key(2), CONFIG.steps)]);
if (!isInteractiveTerminal()) console.log("(not an interactive terminal: progress is printed as a line every few seconds)");
const progress = new TrainingProgress({ totalSteps: CONFIG.steps, epochs: 1 });
const start = performance.now();
const pending: JArray[] = [];
const losses: number[] = [];
for (let i = 0; i < CONFIG.steps; i++) {
  const batch = batches.get(i);
  const key = stepKeys.get(i);
  const [p, o, loss] = step(params, optState, trainSet.inputs, trainSet.targets, trainSet.weights, batch, key);
  [params, optState] = [p, o];
  batch.dispose();
  key.dispose();
  pending.push(loss);
  if (pending.length >= 16 || i === CONFIG.steps - 1) {
    for (const l of pending.splice(0)) losses.push((await l.item()) as number);
    const recent = losses.slice(-50);
    await progress.update(i + 1, { epoch: 1, loss: recent.reduce((a, b) => a + b, 0) / recent.length, examplesPerSecond: ((i + 1) * CONFIG.batchSize) / ((performance.now() - start) / 1000) });
  }
}
progress.stop();
const trainingSeconds = (performance.now() - start) / 1000;
const valNats = await validationLoss(CONFIG, params, validationSet, 512);
const trainNats = await validationLoss(CONFIG, params, trainSet, 512);
console.log("");
console.log(`validation loss: ${valNats.toFixed(4)} nats/char (training set: ${trainNats.toFixed(4)}), bigram baseline ${baseline.nats.toFixed(4)}: ${(100 * (1 - valNats / baseline.nats)).toFixed(1)}% lower`);

const sampleStart = performance.now();
const sampler = makeSampler(CONFIG, 20);
const tokens = (await sampler(params, random.key(7)).toArray()) as number[][];
const samples = tokens.map((row) => decode(row.slice(1), vocab));
const known = new Set(names);
console.log(`20 names sampled under jit (one lax.scan over positions, ${((performance.now() - sampleStart) / 1000).toFixed(1)} s including compilation):`);
console.log(samples.map((s) => (known.has(s) ? `${s} (in the lists)` : s)).join(", "));
console.log(`training ${trainingSeconds.toFixed(1)} s; total ${(performance.now() / 1000).toFixed(1)} s since the process started`);
const cpu = process.cpuUsage();
console.log(`CPU time used: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load average at the end: ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores)`);
if (valNats > TARGET_RATIO * baseline.nats) {
  console.error(`the validation loss ${valNats.toFixed(4)} is not ${Math.round(100 * (1 - TARGET_RATIO))}% below the bigram baseline ${baseline.nats.toFixed(4)}`);
  process.exitCode = 1;
}
