/**
 * The computations the browser tests run, in a browser page and in Node alike, from tsjax-core's
 * sources: every case of the op-case table (`tsjax-core/test/op-cases.ts`) evaluated eagerly and
 * through a jitted gradient, and a few jitted training steps of a small MLP. The results are
 * plain values, so the page's can be compared with Node's.
 */
import { type Array, type DeviceName, defaultDevice, grad, jit, nn, np, random, valueAndGrad, webgpuInfo } from "../../../tsjax-core/src/index.js";
import * as opCases from "../../../tsjax-core/test/op-cases.js";
import type { Cases } from "../../../tsjax-core/test/case-arrays.js";

/** One case's results: its output and the gradients of the output's sum, or why it could not run. */
export interface CaseResult {
  shape?: number[];
  value?: number[];
  /** Gradients with respect to each float32 argument (jitted). */
  grads?: number[][];
  /** The error a case raised, if any. */
  error?: string;
}

/** Every table of the op-case module (each export is a table of cases). */
export function opTables(): Record<string, Cases> {
  return Object.fromEntries(Object.entries(opCases).filter(([, v]) => typeof v === "object" && v !== null)) as Record<string, Cases>;
}

const values = async (x: Array): Promise<number[]> => globalThis.Array.from(await x.data(), Number);

/** Runs one case on `device`: the output eagerly, the gradient of its sum through `jit(grad)`. */
async function runCase([f, makeArgs]: Cases[string], device: DeviceName): Promise<CaseResult> {
  defaultDevice(device);
  try {
    const args = makeArgs();
    const out = f(...args);
    const result: CaseResult = { shape: [...out.shape], value: await values(out) };
    const argnums = args.flatMap((a, i) => (a.dtype === "float32" ? [i] : []));
    if (argnums.length > 0) {
      const g = jit(grad((...xs: Array[]) => f(...xs).astype("float32").sum(), { argnums }))(...args) as unknown as Array[];
      result.grads = await Promise.all(g.map(values));
    }
    return result;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Every op case on `device`, keyed `table/case`. */
export async function runOpCases(device: DeviceName): Promise<Record<string, CaseResult>> {
  const out: Record<string, CaseResult> = {};
  for (const [table, cases] of Object.entries(opTables())) {
    for (const [name, c] of Object.entries(cases)) out[`${table}/${name}`] = await runCase(c, device);
  }
  return out;
}

/** Losses and final parameters of a few jitted SGD-with-momentum steps of a small MLP. */
export interface TrainingResult {
  losses: number[];
  params: number[][];
}

/**
 * Trains a 2-16-16-3 tanh MLP with softmax cross-entropy for `steps` steps of SGD with momentum
 * on fixed random points labelled by a random linear map, jitted with donated parameters and momentum (or eagerly).
 */
export async function runTraining(device: DeviceName, steps = 8, jitted = true): Promise<TrainingResult> {
  defaultDevice(device);
  const keys = random.split(random.key(42), 5);
  const x = random.normal(keys.get(0), [64, 2]);
  // learnable labels: the class whose random direction the point is closest to
  const labels = np.argmax(x.matmul(random.normal(keys.get(1), [2, 3])), -1);
  const init = [[2, 16], [16, 16], [16, 3]].map(([i, o], k) => ({
    w: random.normal(keys.get(2 + k), [i!, o!]).mul(Math.sqrt(1 / i!)),
    b: np.zeros([o!]),
  }));
  type Params = typeof init;
  const loss = (p: Params) => {
    const logits = p.reduce((h: Array, { w, b }, k) => {
      const z = h.matmul(w).add(b);
      return k === p.length - 1 ? z : np.tanh(z);
    }, x);
    return nn.logSoftmax(logits, -1).mul(nn.oneHot(labels, 3)).sum(-1).mean().neg();
  };
  const step = (p: Params, v: Params): [Params, Params, Array] => {
    const [value, g] = valueAndGrad(loss)(p);
    const nv = v.map((l, k) => ({ w: l.w.mul(0.9).add(g[k]!.w), b: l.b.mul(0.9).add(g[k]!.b) }));
    const np_ = p.map((l, k) => ({ w: l.w.sub(nv[k]!.w.mul(0.1)), b: l.b.sub(nv[k]!.b.mul(0.1)) }));
    return [np_, nv, value];
  };
  const run = jitted ? jit(step, { donate: [0, 1] }) : step;
  let params = init;
  let velocity = init.map(({ w, b }) => ({ w: np.zerosLike(w), b: np.zerosLike(b) }));
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const [p, v, value] = run(params, velocity);
    [params, velocity] = [p, v];
    losses.push(Number(await value.item()));
  }
  return { losses, params: await Promise.all(params.flatMap(({ w, b }) => [values(w), values(b)])) };
}

/** The features of the WebGPU device in use (empty without one). */
export function webgpuFeatures(): string[] {
  return webgpuInfo()?.features ?? [];
}
