/** TensorFlow.js adapters (wasm, and webgpu where it runs in Node). Layout is NHWC for conv. */
import type { Workload } from "../workloads.js";
import { MLP, mlpBatch, mlpInit, testData } from "../workloads.js";
import type { Adapter, Case } from "./adapter.js";
import { tfjsNetCase, tfjsUnion } from "./tfjs-nets.js";
import { tfjsPpoCase } from "./tfjs-ppo.js";

type Tf = typeof import("@tensorflow/tfjs-core");
type Tensor = import("@tensorflow/tfjs-core").Tensor;

export function tfjsAdapter(backend: "wasm" | "webgpu"): Adapter {
  let tf: Tf;
  /** Whether this adapter built a case on the union package's tfjs (whose backend must follow). */
  let usesUnion = false;
  /** Waits for a result: a one-element read forces the computation on every backend. */
  const done = async (t: Tensor) => {
    await t.data();
  };
  const simple = (f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): Case => ({
    async run() {
      const out = tf.tidy(() => f(...inputs));
      await done(backend === "wasm" ? out : tf.tidy(() => tf.slice(tf.reshape(out, [-1]), 0, 1)));
      out.dispose();
    },
    dispose: () => inputs.forEach((x) => x.dispose()),
    bytesInUse: () => tf.memory().numBytes,
  });
  return {
    name: `tfjs ${backend}`,
    async setup() {
      tf = await import("@tensorflow/tfjs-core");
      try {
        if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
        else await import("@tensorflow/tfjs-backend-webgpu");
        if (!(await tf.setBackend(backend))) return `tfjs ${backend} backend failed to initialize`;
        await tf.ready();
      } catch (e) {
        return `tfjs ${backend}: ${(e as Error).message.split("\n")[0]}`;
      }
      return undefined;
    },
    async activate() {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      if (usesUnion) await tfjsUnion(backend);
    },
    async build(w: Workload) {
      const s = w.size as Record<string, number>;
      if (s.f16) return undefined; // TensorFlow.js has no float16 dtype
      switch (w.kind) {
        case "cnn":
        case "transformer":
          usesUnion = true;
          return tfjsNetCase(backend, w);
        case "ppo":
          usesUnion = true;
          return tfjsPpoCase(backend);
        case "matmul": {
          const n = s.n!;
          return simple((a, b) => tf.matMul(a!, b!), [tf.tensor2d(testData(n * n, 1), [n, n]), tf.tensor2d(testData(n * n, 2), [n, n])]);
        }
        case "chain":
          return simple((x) => {
            const t = tf.sub(tf.mul(tf.tanh(tf.add(tf.mul(x!, 1.5), 0.5)), x!), 0.25);
            return tf.sqrt(tf.maximum(tf.exp(t), 0.1));
          }, [tf.tensor1d(testData(s.n!))]);
        case "softmax":
          return simple((x) => tf.softmax(x!, -1), [tf.tensor2d(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "layernorm":
          return simple((x) => {
            const { mean, variance } = tf.moments(x!, -1, true);
            return tf.mul(tf.sub(x!, mean), tf.rsqrt(tf.add(variance, 1e-5)));
          }, [tf.tensor2d(testData(s.rows! * s.cols!), [s.rows!, s.cols!])]);
        case "sum":
          return simple((x) => tf.sum(x!, s.axis!), [tf.tensor2d(testData(s.n! * s.n!), [s.n!, s.n!])]);
        case "conv": {
          const x = tf.tensor4d(testData(s.batch! * s.cin! * s.hw! * s.hw!), [s.batch!, s.hw!, s.hw!, s.cin!]);
          const k = tf.tensor4d(testData(s.cout! * s.cin! * s.k! * s.k!, 3), [s.k!, s.k!, s.cin!, s.cout!]);
          return simple((a, b) => tf.conv2d(a as import("@tensorflow/tfjs-core").Tensor4D, b as import("@tensorflow/tfjs-core").Tensor4D, 1, "same"), [x, k]);
        }
        case "mlp": {
          const params = mlpInit().map((p) => tf.variable(tf.tensor(p.data, p.shape)));
          const batch = mlpBatch(s.batch!);
          const x = tf.tensor2d(batch.x, [s.batch!, 784]);
          const y = tf.tensor2d(batch.y, [s.batch!, 10]);
          // tfjs-core ships without gradient functions (the tfjs union package registers them,
          // and its ESM build does not load in Node), so the backward pass is written out: the
          // same matmuls and elementwise work that autodiff would run. Transposes are explicit:
          // matMul's transposeA/transposeB flags are ~15x slower on tfjs-wasm (measured).
          const B = s.batch!;
          return {
            async run() {
              const l = tf.tidy(() => {
                const [w1, b1, w2, b2, w3, b3] = params as unknown as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
                const z1 = tf.add(tf.matMul(x, w1), b1);
                const h1 = tf.relu(z1);
                const z2 = tf.add(tf.matMul(h1, w2), b2);
                const h2 = tf.relu(z2);
                const logits = tf.add(tf.matMul(h2, w3), b3);
                const logp = tf.logSoftmax(logits, -1);
                const value = tf.neg(tf.mean(tf.sum(tf.mul(logp, y), -1)));
                const dLogits = tf.div(tf.sub(tf.exp(logp), y), B);
                const dW3 = tf.matMul(tf.transpose(h2), dLogits);
                const dB3 = tf.sum(dLogits, 0);
                const dZ2 = tf.mul(tf.matMul(dLogits, tf.transpose(w3)), tf.step(z2));
                const dW2 = tf.matMul(tf.transpose(h1), dZ2);
                const dB2 = tf.sum(dZ2, 0);
                const dZ1 = tf.mul(tf.matMul(dZ2, tf.transpose(w2)), tf.step(z1));
                const dW1 = tf.matMul(tf.transpose(x), dZ1);
                const dB1 = tf.sum(dZ1, 0);
                const grads = [dW1, dB1, dW2, dB2, dW3, dB3];
                params.forEach((p, i) => p.assign(tf.sub(p, tf.mul(grads[i]!, MLP.lr))));
                return value;
              });
              await done(l);
              l.dispose();
            },
            dispose: () => [...params, x, y].forEach((a) => a.dispose()),
            bytesInUse: () => tf.memory().numBytes,
          };
        }
        default:
          return undefined;
      }
    },
  };
}

/**
 * tfjs's plain-JavaScript CPU backend, for the training steps the wasm backend cannot run (it
 * has no convolution gradient): only the CNN and transformer workloads.
 */
export function tfjsCpuAdapter(): Adapter {
  return {
    name: "tfjs cpu",
    async setup() {
      try {
        await tfjsUnion("cpu");
      } catch (e) {
        return `tfjs cpu: ${(e as Error).message.split("\n")[0]}`;
      }
      return undefined;
    },
    async activate() {
      await tfjsUnion("cpu");
    },
    build: (w: Workload) => (w.kind === "cnn" || w.kind === "transformer" ? tfjsNetCase("cpu", w) : Promise.resolve(undefined)),
  };
}
