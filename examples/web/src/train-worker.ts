/**
 * The training worker: starts tsjax on the device the page asks for, then runs jitted adam steps
 * on the spirals and posts the loss after every step and the decision regions now and then.
 * Running in a worker keeps the page responsive, and lets the CPU backend block on its threads.
 */
import { defaultDevice, init, jit, nn, random, valueAndGrad, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";
import { adam, applyUpdates } from "tsjax-optim";
import { gridPoints, makeSpirals } from "./data.js";
import type { StartMessage, WorkerMessage } from "./messages.js";
import { type Dense, initMlp, loss, mlp } from "./model.js";

/** Points per class, hidden widths, learning rate, and how often the regions are redrawn. */
const PER_CLASS = 256;
const WIDTHS = [2, 64, 64, 2];
const LEARNING_RATE = 0.03;
const REGION_EVERY = 25;
const REGION_SIZE = 48;

const post = (message: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

async function train({ device, steps }: StartMessage): Promise<void> {
  await init(device === "auto" ? undefined : { device });
  const info = webgpuInfo();
  const on = defaultDevice();
  post({
    type: "ready",
    device: on,
    adapter: on === "webgpu" ? info?.adapter : undefined,
    fallbackAdapter: on === "webgpu" ? info?.isFallbackAdapter : undefined,
    reason: on === "cpu" ? (device === "cpu" ? "chosen" : webgpuUnavailableReason()) : undefined,
    isolated: self.crossOriginIsolated,
  });

  const { points, labels } = makeSpirals(random.key(0), PER_CLASS);
  const grid = gridPoints(REGION_SIZE);
  const hostPoints = Float32Array.from((await points.data()) as Float32Array);
  const hostLabels = Int32Array.from((await labels.data()) as Int32Array);
  post({ type: "data", points: hostPoints, labels: hostLabels }, [hostPoints.buffer, hostLabels.buffer]);
  const optimizer = adam(LEARNING_RATE);
  const step = jit(
    (params: Dense[], state: unknown) => {
      const [value, grads] = valueAndGrad(loss)(params, points, labels);
      const [updates, next] = optimizer.update(grads, state as never, params);
      return [applyUpdates(params, updates), next, value] as const;
    },
    { donate: [0, 1] },
  );
  const regions = jit((params: Dense[]) => nn.softmax(mlp(params, grid), -1).get(":", 1));

  let params = initMlp(random.key(1), WIDTHS);
  let state: unknown = optimizer.init(params);
  const started = performance.now();
  for (let i = 1; i <= steps; i++) {
    const [nextParams, nextState, value] = step(params, state);
    [params, state] = [nextParams as Dense[], nextState];
    post({ type: "step", step: i, loss: Number(await value.item()) });
    if (i % REGION_EVERY === 0 || i === steps) {
      const probabilities = Float32Array.from((await regions(params).data()) as Float32Array);
      post({ type: "regions", step: i, size: REGION_SIZE, probabilities }, [probabilities.buffer]);
    }
  }
  post({ type: "done", steps, seconds: (performance.now() - started) / 1000 });
}

self.onmessage = (event: MessageEvent<StartMessage>) => {
  train(event.data).catch((e: unknown) => post({ type: "error", message: e instanceof Error ? e.message : String(e) }));
};
