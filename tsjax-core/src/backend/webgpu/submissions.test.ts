/**
 * A jitted training step on WebGPU is one command-buffer submission with no host round trip:
 * `queue.submit` is wrapped and counted over one step and the synchronization after it.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, jit, lax, nn, np, synchronize, valueAndGrad } from "../../index.js";
import { getBackend } from "../devices.js";
import { HAS_WEBGPU, randomValues } from "../../../test/helpers.js";
import type { WebGPUBackend } from "./webgpu-backend.js";

const rand = (shape: number[], seed: number, scale = 0.1): Array =>
  np.array(randomValues(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale)).reshape(shape);

/** Runs `step` once to compile it, then counts the submissions of one more call and a synchronize. */
async function submissionsOf(step: () => Array[]): Promise<number> {
  const queue = (getBackend("webgpu") as WebGPUBackend).device.queue;
  const submit = queue.submit.bind(queue);
  let count = 0;
  let counted = 0;
  queue.submit = (buffers: Iterable<GPUCommandBuffer>) => {
    count++;
    return submit(buffers);
  };
  try {
    step();
    await synchronize("webgpu");
    count = 0;
    const out = step();
    await synchronize("webgpu");
    counted = count;
    out.forEach((x) => x.dispose());
  } finally {
    queue.submit = submit;
  }
  return counted;
}

function crossEntropy(logits: Array, labels: Array): Array {
  return nn.logSoftmax(logits, -1).mul(labels).sum(-1).mean().neg();
}

test.runIf(HAS_WEBGPU)("a jitted MLP step and a jitted CNN step are one submission each", async () => {
  defaultDevice("webgpu");
  try {
    // MLP: 32 -> 64 -> 64 -> 10, batch 16, SGD on donated parameters
    const mlpLoss = (p: Array[], x: Array, y: Array) => {
      const h1 = nn.relu(x.matmul(p[0]!).add(p[1]!));
      const h2 = nn.relu(h1.matmul(p[2]!).add(p[3]!));
      return crossEntropy(h2.matmul(p[4]!).add(p[5]!), y);
    };
    const sgd = (loss: (p: Array[], x: Array, y: Array) => Array) =>
      jit((p: Array[], x: Array, y: Array) => {
        const [l, g] = valueAndGrad(loss)(p, x, y);
        return [p.map((w, i) => w.sub(g[i]!.mul(0.1))), l] as [Array[], Array];
      }, { donate: 0 });
    const x = rand([16, 32], 1, 1);
    const y = nn.oneHot(np.arange(16).astype("int32").mod(10), 10);
    let mlp = [rand([32, 64], 2), np.zeros([64]), rand([64, 64], 3), np.zeros([64]), rand([64, 10], 4), np.zeros([10])];
    const mlpStep = sgd(mlpLoss);
    expect(
      await submissionsOf(() => {
        const [next, l] = mlpStep(mlp, x, y);
        mlp = next;
        return [l];
      }),
    ).toBe(1);

    // CNN: conv 3x3 (4 -> 8 channels, SAME), ReLU, global mean pool, dense 10, batch 8
    const cnnLoss = (p: Array[], im: Array, lab: Array) => {
      const h = nn.relu(lax.convGeneralDilated(im, p[0]!, [1, 1], "SAME").add(p[1]!.reshape(1, 8, 1, 1)));
      return crossEntropy(h.mean([2, 3]).matmul(p[2]!), lab);
    };
    const images = rand([8, 4, 10, 10], 5, 1);
    const labels = nn.oneHot(np.arange(8).astype("int32"), 10);
    let cnn = [rand([8, 4, 3, 3], 6), np.zeros([8]), rand([8, 10], 7)];
    const cnnStep = sgd(cnnLoss);
    expect(
      await submissionsOf(() => {
        const [next, l] = cnnStep(cnn, images, labels);
        cnn = next;
        return [l];
      }),
    ).toBe(1);
  } finally {
    defaultDevice("cpu");
  }
}, 300_000);
