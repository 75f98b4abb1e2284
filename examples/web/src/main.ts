/**
 * The page: starts a training worker on the chosen device, and shows the device in use, the
 * progress, the live loss curve and the decision regions. `?device=cpu|webgpu|auto` and
 * `?steps=N` set the device and the length of a run; `window.tsjaxDemo` exposes the run's
 * state (used by the end-to-end test).
 */
import { LossChart } from "./chart.js";
import type { DemoState, DeviceChoice, StartMessage, WorkerMessage } from "./messages.js";
import { type HostPoints, drawRegions } from "./regions.js";
import "./style.css";

const params = new URLSearchParams(location.search);
const steps = Number(params.get("steps") ?? 600);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const select = $<HTMLSelectElement>("device");
const progress = $<HTMLProgressElement>("progress");
const stepText = $("step");
const status = $("status");
const canvas = $<HTMLCanvasElement>("boundary");
const chart = new LossChart($("chart"));
let data: HostPoints | undefined;
select.value = (params.get("device") as DeviceChoice | null) ?? "auto";

let worker: Worker | undefined;
const state: DemoState = { losses: [], regionsDrawn: 0, done: false };
(window as unknown as { tsjaxDemo: DemoState }).tsjaxDemo = state;

function describe(m: Extract<WorkerMessage, { type: "ready" }>): string {
  const where =
    m.device === "webgpu"
      ? `Training on WebGPU (${m.adapter}${m.fallbackAdapter ? ", a software adapter: expect it to be slower than the CPU" : ""}).`
      : `Training on the CPU backend.${m.reason === "chosen" || !m.reason ? "" : ` ${m.reason}`}`;
  const threads = m.isolated
    ? "The page is cross-origin isolated: on the CPU, matrix products are shared with Web Worker threads."
    : "The page is not cross-origin isolated (its host does not send the COOP/COEP headers): the CPU backend runs on one thread.";
  return `${where} ${threads}`;
}

function onMessage(m: WorkerMessage): void {
  switch (m.type) {
    case "ready":
      state.device = m.device;
      state.adapter = m.adapter;
      status.textContent = describe(m);
      status.dataset.device = m.device;
      break;
    case "data":
      data = m;
      break;
    case "step":
      state.losses.push(m.loss);
      chart.push(m.step, m.loss);
      progress.value = m.step / steps;
      stepText.textContent = `step ${m.step}/${steps} · loss ${m.loss.toFixed(4)}`;
      break;
    case "regions":
      drawRegions(canvas, m.probabilities, m.size, data);
      state.regionsDrawn++;
      break;
    case "done":
      state.done = true;
      stepText.textContent += ` · done in ${m.seconds.toFixed(1)} s`;
      break;
    case "error":
      state.error = m.message;
      status.textContent = `Error: ${m.message}`;
      status.dataset.device = "error";
      break;
  }
}

/** Stops the current run, if any, and starts a new one on the selected device. */
function start(): void {
  worker?.terminate();
  state.losses = [];
  state.regionsDrawn = 0;
  state.done = false;
  state.device = state.adapter = state.error = undefined;
  chart.clear();
  progress.value = 0;
  stepText.textContent = "starting…";
  status.textContent = "Starting tsjax…";
  delete status.dataset.device;
  worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => onMessage(event.data);
  worker.onerror = (event) => onMessage({ type: "error", message: event.message || "the training worker failed to start" });
  worker.postMessage({ type: "start", device: select.value as DeviceChoice, steps } satisfies StartMessage);
}

select.addEventListener("change", start);
$("restart").addEventListener("click", start);
start();
