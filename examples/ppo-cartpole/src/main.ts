/**
 * Trains a PPO agent on CartPole-v1 where each training iteration (rollouts of vmapped
 * environments, GAE, minibatch epochs, optimizer) is one jitted program with the train state
 * donated, checked to compile once. Prints a progress bar with the mean episode return, the
 * greedy policy's mean return over 100 fresh episodes (the program exits with status 1 below
 * 475), steps per second and CPU time, and writes `out/learning-curve.svg`. Runs on WebGPU when
 * an adapter exists (else on the CPU) and says which; `TSJAX_DEVICE=cpu|webgpu` chooses.
 * `ITERATIONS=n` stops after n iterations (to measure a backend's speed).
 */
import { relative } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { defaultDevice, init, random, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";
import { evaluateGreedy } from "./evaluate.js";
import { writeLearningCurveSvg } from "./plot.js";
import { PPO_CARTPOLE } from "./config.js";
import { makePpo } from "./ppo.js";
import { RunProgress, isInteractiveTerminal } from "./progress.js";

const CONFIG = PPO_CARTPOLE;
const SEED = Number(process.env.SEED ?? 0);
const EVAL_SEED = 1_000_000 + SEED;
const EVAL_EPISODES = 100;
/** CartPole-v1 counts as solved at a mean return of 475. */
const TARGET_RETURN = 475;
const SVG_PATH = fileURLToPath(new URL("../out/learning-curve.svg", import.meta.url));

async function chooseDevice(): Promise<string> {
  const requested = process.env.TSJAX_DEVICE;
  await (requested === "cpu" ? init("cpu") : init());
  const why = webgpuUnavailableReason();
  if (requested === "webgpu" && why) throw new Error(`TSJAX_DEVICE=webgpu, but WebGPU is unavailable: ${why}`);
  if (defaultDevice() === "webgpu") return `device: webgpu (${webgpuInfo()?.adapter})`;
  return `device: cpu (${requested === "cpu" ? "chosen with TSJAX_DEVICE=cpu" : `WebGPU unavailable: ${why}`})`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

console.log(await chooseDevice());
const iterations = Math.min(CONFIG.iterations, Number(process.env.ITERATIONS ?? CONFIG.iterations));
const stepsPerIteration = CONFIG.numEnvs * CONFIG.numSteps;
console.log(
  `PPO: ${CONFIG.numEnvs} environments x ${CONFIG.numSteps} steps per iteration, ${CONFIG.epochs} epochs of ${CONFIG.numMinibatches} minibatches, ` +
    `adam ${CONFIG.learningRate} (linear to 0) after clipByGlobalNorm(${CONFIG.maxGradNorm}); ${iterations} iterations = ${(iterations * stepsPerIteration).toLocaleString("en-US")} environment steps, seed ${SEED}`,
);
if (!isInteractiveTerminal()) console.log("(not an interactive terminal: progress is printed as a line every few seconds)");

const ppo = makePpo(CONFIG);
let state = ppo.initState(random.key(SEED));
const progress = new RunProgress(iterations * stepsPerIteration, iterations);
const points: { steps: number; meanReturn: number }[] = [];
const start = performance.now();
let firstIterationMs = 0;
let solvedAt: number | undefined;
for (let i = 1; i <= iterations; i++) {
  const [next, metrics] = ppo.trainIteration(state);
  state = next; // the old state was donated
  const returnSum = (await metrics.returnSum.item()) as number;
  const episodes = (await metrics.episodes.item()) as number;
  const elapsed = performance.now() - start;
  if (i === 1) firstIterationMs = elapsed;
  const meanReturn = episodes > 0 ? returnSum / episodes : NaN;
  const steps = i * stepsPerIteration;
  if (episodes > 0) points.push({ steps, meanReturn });
  if (solvedAt === undefined && meanReturn >= TARGET_RETURN) solvedAt = steps;
  // Throughput after the first iteration (which includes tracing and compiling).
  const stepsPerSecond = i > 1 ? ((i - 1) * stepsPerIteration) / ((elapsed - firstIterationMs) / 1000) : 0;
  await progress.update(steps, { iteration: i, meanReturn, stepsPerSecond });
}
progress.stop();
const trainingMs = performance.now() - start;
const totalSteps = iterations * stepsPerIteration;

const evalStart = performance.now();
const returns = await evaluateGreedy(state.params, random.key(EVAL_SEED), EVAL_EPISODES);
const evalMs = performance.now() - evalStart;
const greedyMean = returns.reduce((a, b) => a + b, 0) / returns.length;

await writeLearningCurveSvg(
  {
    points,
    greedy: { steps: totalSteps, meanReturn: greedyMean },
    target: TARGET_RETURN,
    title: "PPO on CartPole-v1 (tsjax: one jitted program per iteration)",
    subtitle: `${CONFIG.numEnvs} envs x ${CONFIG.numSteps} steps, ${CONFIG.epochs} epochs x ${CONFIG.numMinibatches} minibatches, on ${defaultDevice()}, seed ${SEED}`,
  },
  SVG_PATH,
);

const last = points.at(-1);
console.log("");
console.log(`greedy policy over ${EVAL_EPISODES} fresh episodes: mean return ${greedyMean.toFixed(1)} (min ${Math.min(...returns)}, max ${Math.max(...returns)}), evaluated in ${seconds(evalMs)}`);
console.log(`mean training episode return: ${last ? last.meanReturn.toFixed(1) : "-"} in the last iteration; ${solvedAt ? `first >= ${TARGET_RETURN} after ${solvedAt.toLocaleString("en-US")} steps` : `never >= ${TARGET_RETURN}`}`);
console.log(`the training iteration was traced ${ppo.trainIteration.traceCount} time(s) (assertMaxTraces(iteration, 1) holds)`);
console.log(
  `training: ${totalSteps.toLocaleString("en-US")} environment steps in ${seconds(trainingMs)} (first iteration, with compilation, ${seconds(firstIterationMs)}); ` +
    `${Math.round(((totalSteps - stepsPerIteration) * 1000) / (trainingMs - firstIterationMs))} steps/s after it`,
);
console.log(`learning curve: ${relative(process.cwd(), SVG_PATH)}`);
console.log(`total time: ${seconds(performance.now())} since the process started`);
// On a shared machine the wall time depends on the other processes; the CPU time this process
// used (all its threads) does not: on an idle 2-core machine the wall time lies between
// cpu / 2 (both cores busy throughout) and cpu.
const cpu = process.cpuUsage();
console.log(`CPU time used: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load average at the end: ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores)`);
if (iterations === CONFIG.iterations && greedyMean < TARGET_RETURN) {
  console.error(`the greedy policy's mean return ${greedyMean.toFixed(1)} is below the ${TARGET_RETURN} this example should reach`);
  process.exitCode = 1;
}
