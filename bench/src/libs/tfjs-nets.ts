/**
 * The CNN and transformer training steps in TensorFlow.js: the CNN with the layers API
 * (`@tensorflow/tfjs`), the transformer with tfjs ops (tfjs-layers has no multi-head attention
 * layer), both trained with `tf.train.sgd(...).minimize`, which needs the gradients that only
 * the union package registers. Its CommonJS build is loaded (its ESM build does not load in
 * Node), with the backends' CommonJS builds registered in the same tfjs-core instance.
 */
import { createRequire } from "node:module";
import type { Workload } from "../workloads.js";
import { CNN, TRANSFORMER, cnnBatch, cnnInit, transformerBatch, testData } from "../workloads.js";
import type { Case } from "./adapter.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

let tfUnion: Tf | undefined;

/** The union package's tfjs (CommonJS), with the wasm and webgpu backends registered. */
export async function tfjsUnion(backend: "wasm" | "webgpu" | "cpu"): Promise<Tf> {
  const require = createRequire(import.meta.url);
  if (!tfUnion) {
    tfUnion = require("@tensorflow/tfjs") as Tf;
    require("@tensorflow/tfjs-backend-wasm");
    require("@tensorflow/tfjs-backend-webgpu");
  }
  if (tfUnion.getBackend() !== backend) {
    if (!(await tfUnion.setBackend(backend))) throw new Error(`tfjs ${backend} backend failed to initialize`);
    await tfUnion.ready();
  }
  return tfUnion;
}

/** Builds the CNN or transformer step on a tfjs backend. */
export async function tfjsNetCase(backend: "wasm" | "webgpu" | "cpu", w: Workload): Promise<Case | undefined> {
  const tf = await tfjsUnion(backend);
  const batch = w.size.batch!;
  if (w.kind === "cnn") {
    if (backend === "wasm") {
      throw new Error("tfjs-backend-wasm has no Conv2DBackpropFilter kernel: it cannot train a convolution (see the tfjs cpu column)");
    }
    return cnnCase(tf, batch);
  }
  if (w.kind === "transformer") return transformerCase(tf, batch);
  return undefined;
}

function cnnCase(tf: Tf, batch: number): Case {
  const init = cnnInit();
  const t = (p: { shape: number[]; data: Float32Array }) => tf.tensor(p.data, p.shape);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: CNN.channels[0], kernelSize: 3, strides: 2, padding: "same" }),
      tf.layers.batchNormalization({ epsilon: CNN.eps, momentum: 0.9 }),
      tf.layers.reLU(),
      tf.layers.conv2d({ filters: CNN.channels[1], kernelSize: 3, padding: "same" }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.batchNormalization({ epsilon: CNN.eps, momentum: 0.9 }),
      tf.layers.reLU(),
      tf.layers.flatten(),
      tf.layers.dense({ units: CNN.classes }),
    ],
  });
  model.layers[0]!.setWeights([t(init.w1), t(init.b1)]);
  model.layers[3]!.setWeights([t(init.w2), t(init.b2)]);
  model.layers[8]!.setWeights([t(init.w3), t(init.b3)]);
  const data = cnnBatch(batch);
  const x = tf.tensor4d(data.x, [batch, 28, 28, 1]);
  const y = tf.tensor2d(data.oneHot, [batch, CNN.classes]);
  const optimizer = tf.train.sgd(CNN.lr);
  return {
    async run() {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as Tensor) as import("@tensorflow/tfjs").Scalar, true)!;
      await loss.data();
      loss.dispose();
    },
    dispose: () => {
      model.dispose();
      optimizer.dispose();
      x.dispose();
      y.dispose();
    },
    bytesInUse: () => tf.memory().numBytes,
  };
}

function transformerCase(tf: Tf, batch: number): Case {
  const { vocab, length: T, width: D, heads: H, layers: L, lr } = TRANSFORMER;
  let seed = 70;
  const v = (shape: number[], scale: number) => tf.variable(tf.tensor(testData(shape.reduce((a, b) => a * b, 1), seed++).map((x) => x * scale), shape));
  const ones = (n: number) => tf.variable(tf.ones([n]));
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const params = {
    tokenEmbed: v([vocab, D], 1), positionEmbed: v([T, D], 1),
    blocks: Array.from({ length: L }, () => ({
      ln1s: ones(D), ln1o: zeros(D), wq: v([D, D], 0.25), bq: zeros(D), wk: v([D, D], 0.25), bk: zeros(D), wv: v([D, D], 0.25), bv: zeros(D),
      wo: v([D, D], 0.25), bo: zeros(D), ln2s: ones(D), ln2o: zeros(D), w1: v([D, 4 * D], 0.25), b1: zeros(4 * D), w2: v([4 * D, D], 0.12), b2: zeros(D),
    })),
    lnfs: ones(D), lnfo: zeros(D), head: v([D, vocab], 0.25), headB: zeros(vocab),
  };
  const data = transformerBatch(batch);
  // Embedding lookups as one-hot products: the gradient of tf.gather needs UnsortedSegmentSum,
  // which tfjs-backend-wasm does not have.
  const tokens = tf.oneHot(tf.tensor1d(data.tokens, "int32"), vocab);
  const targets = tf.oneHot(tf.tensor2d(data.targets, [batch, T], "int32"), vocab);
  const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0).reshape([1, 1, T, T]);
  const maskBias = tf.mul(tf.sub(1, causal), -1e30);
  const layerNorm = (x: Tensor, s: Tensor, o: Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), s), o);
  };
  const dense = (x: Tensor, w: Tensor, b: Tensor) => tf.add(tf.matMul(x.reshape([-1, x.shape.at(-1)!]), w).reshape([...x.shape.slice(0, -1), w.shape[1]!]), b);
  const gelu = (x: Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
  const heads = (x: Tensor) => x.reshape([batch, T, H, D / H]).transpose([0, 2, 1, 3]);
  const forward = () => {
    let h: Tensor = tf.add(tf.matMul(tokens, params.tokenEmbed).reshape([batch, T, D]), params.positionEmbed);
    for (const p of params.blocks) {
      const a = layerNorm(h, p.ln1s, p.ln1o);
      const q = heads(dense(a, p.wq, p.bq));
      const k = heads(dense(a, p.wk, p.bk));
      const val = heads(dense(a, p.wv, p.bv));
      const logits = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / H)), maskBias);
      const attn = tf.matMul(tf.softmax(logits), val).transpose([0, 2, 1, 3]).reshape([batch, T, D]);
      h = tf.add(h, dense(attn, p.wo, p.bo));
      const m = layerNorm(h, p.ln2s, p.ln2o);
      h = tf.add(h, dense(gelu(dense(m, p.w1, p.b1)), p.w2, p.b2));
    }
    return dense(layerNorm(h, params.lnfs, params.lnfo), params.head, params.headB);
  };
  const optimizer = tf.train.sgd(lr);
  return {
    async run() {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(targets.reshape([-1, vocab]), forward().reshape([-1, vocab])) as import("@tensorflow/tfjs").Scalar, true)!;
      await loss.data();
      loss.dispose();
    },
    dispose: () => {
      tf.dispose([tokens, targets, causal, maskBias]);
      optimizer.dispose();
      const all = [params.tokenEmbed, params.positionEmbed, params.lnfs, params.lnfo, params.head, params.headB, ...params.blocks.flatMap((b) => Object.values(b))];
      all.forEach((x) => x.dispose());
    },
    bytesInUse: () => tf.memory().numBytes,
  };
}
