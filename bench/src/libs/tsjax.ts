/** tsjax adapters: every workload as one jitted function, on webgpu or cpu. */
import * as tj from "tsjax-core";
import type { Array, DeviceName } from "tsjax-core";
import { MLP, type Workload, mlpBatch, mlpInit, testData } from "../workloads.js";
import type { Adapter, Case } from "./adapter.js";
import { cnnCase, transformerCase } from "./tsjax-nets.js";
import { ppoCase } from "./tsjax-ppo.js";

const { np, lax, nn } = tj;

/** The MLP loss: mean softmax cross-entropy of a 3-layer ReLU network. */
function mlpLoss(params: Array[], x: Array, y: Array): Array {
  const [w1, b1, w2, b2, w3, b3] = params as [Array, Array, Array, Array, Array, Array];
  const h1 = nn.relu(np.matmul(x, w1).add(b1));
  const h2 = nn.relu(np.matmul(h1, w2).add(b2));
  const logits = np.matmul(h2, w3).add(b3);
  return nn.logSoftmax(logits, -1).mul(y).sum(-1).mean().neg();
}

/** One SGD step, written with plain ops; returns the new parameters and the loss. */
function mlpStep(params: Array[], x: Array, y: Array): [Array[], Array] {
  const [loss, grads] = tj.valueAndGrad(mlpLoss)(params, x, y);
  return [params.map((p, i) => p.sub(grads[i]!.mul(MLP.lr))), loss];
}

function chain(x: Array): Array {
  const t = np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25);
  return np.sqrt(np.maximum(np.exp(t), 0.1));
}

export function tsjaxAdapter(device: DeviceName): Adapter {
  const sync = () => tj.synchronize(device);
  const put = (data: Float32Array, shape: number[], f16 = 0) => tj.np.array(data, { device, dtype: f16 ? "float16" : "float32" }).reshape(shape);
  /** A case calling a jitted function of fixed inputs and disposing its output. */
  const simple = (f: (...xs: Array[]) => Array, inputs: Array[]): Case => {
    const g = tj.jit(f);
    return {
      async run() {
        const out = g(...inputs);
        await sync();
        out.dispose();
      },
      dispose: () => inputs.forEach((x) => x.dispose()),
      kernelCount: g.lower(...inputs).kernels.length,
    };
  };
  return {
    name: `tsjax ${device}`,
    async setup() {
      await tj.init(device).catch(() => undefined); // asked for: a software adapter (lavapipe) counts
      if (!tj.devices().includes(device)) return device === "webgpu" ? (tj.webgpuUnavailableReason() ?? "no webgpu") : "unavailable";
      tj.defaultDevice(device);
      return undefined;
    },
    activate() {
      tj.defaultDevice(device);
    },
    async build(w: Workload) {
      const s = w.size as Record<string, number>;
      switch (w.kind) {
        case "matmul": {
          const n = s.n!;
          return simple((a, b) => np.matmul(a!, b!), [put(testData(n * n, 1), [n, n], s.f16), put(testData(n * n, 2), [n, n], s.f16)]);
        }
        case "chain":
          return simple((x) => chain(x!), [put(testData(s.n!), [s.n!], s.f16)]);
        case "softmax":
          return simple((x) => nn.softmax(x!, -1), [put(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "layernorm":
          return simple((x) => nn.standardize(x!, -1), [put(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "sum":
          return simple((x) => np.sum(x!, s.axis!), [put(testData(s.n! * s.n!), [s.n!, s.n!])]);
        case "conv": {
          const x = put(testData(s.batch! * s.cin! * s.hw! * s.hw!), [s.batch!, s.cin!, s.hw!, s.hw!]);
          const k = put(testData(s.cout! * s.cin! * s.k! * s.k!, 3), [s.cout!, s.cin!, s.k!, s.k!]);
          return simple((a, b) => lax.convGeneralDilated(a!, b!, [1, 1], "SAME"), [x, k]);
        }
        case "mlp": {
          let params = mlpInit().map((p) => put(p.data, p.shape));
          const batch = mlpBatch(s.batch!);
          const x = put(batch.x, [s.batch!, 784]);
          const y = put(batch.y, [s.batch!, 10]);
          const step = tj.jit(mlpStep, { donate: 0 });
          const kernels = step.lower(params, x, y).kernels.length;
          return {
            async run() {
              const [next, loss] = step(params, x, y);
              params = next;
              await sync();
              loss.dispose();
            },
            dispose: () => [...params, x, y].forEach((a) => a.dispose()),
            bytesInUse: () => tj.memoryStats(device).liveBytes,
            kernelCount: kernels,
          };
        }
        case "cnn":
          return cnnCase(device, s.batch!, sync);
        case "transformer":
          return transformerCase(device, s.batch!, sync);
        case "ppo":
          return ppoCase(device, sync);
        default:
          return undefined;
      }
    },
  };
}
