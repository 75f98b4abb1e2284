/**
 * The CNN and transformer training steps in tsjax, written with tsjax-nn modules (as the
 * examples are) and jitted with the parameters (and BatchNorm state) donated.
 */
import * as tj from "tsjax-core";
import type { Array, DeviceName } from "tsjax-core";
import * as hk from "tsjax-nn";
import { CNN, TRANSFORMER, cnnBatch, cnnInit, transformerBatch } from "../workloads.js";
import type { Case } from "./adapter.js";

const { np, nn } = tj;

/** The CNN of the examples (no dropout), as a transformWithState pair. */
const cnn = hk.transformWithState((images: Array) => {
  const bn = (x: Array, i: number) => new hk.BatchNorm(true, true, 0.9, { name: `batch_norm_${i}`, eps: CNN.eps }).call(x, true);
  let x = images.reshape(-1, 28, 28, 1);
  x = nn.relu(bn(new hk.Conv2D(CNN.channels[0], 3, { stride: 2, name: "conv_0" }).call(x), 0));
  x = hk.maxPool(new hk.Conv2D(CNN.channels[1], 3, { name: "conv_1" }).call(x), 2, 2, "VALID");
  x = nn.relu(bn(x, 1));
  return new hk.Linear(CNN.classes, { name: "logits" }).call(new hk.Flatten().call(x));
});

const sgd = (params: hk.Params, grads: hk.Params, lr: number): hk.Params => tj.tree.map((p: Array, g: Array) => p.sub(g.mul(lr)), params, grads);

export function cnnCase(device: DeviceName, batch: number, sync: () => Promise<void>): Case {
  const put = (data: Float32Array, shape: number[]) => np.array(data, { device }).reshape(shape);
  const data = cnnBatch(batch);
  const x = put(data.x, [batch, 784]);
  const labels = np.array(data.labels, { dtype: "int32", device });
  let [params, state] = cnn.init(tj.random.key(0), x);
  // The same starting weights as the other libraries.
  const w = cnnInit();
  params = { ...params, conv_0: { w: put(w.w1.data, w.w1.shape), b: put(w.b1.data, w.b1.shape) }, conv_1: { w: put(w.w2.data, w.w2.shape), b: put(w.b2.data, w.b2.shape) }, logits: { w: put(w.w3.data, w.w3.shape), b: put(w.b3.data, w.b3.shape) } };
  const loss = (p: hk.Params, s: hk.State, xb: Array, yb: Array) => {
    const [logits, ns] = cnn.apply(p, s, null, xb);
    return [nn.logSoftmax(logits).mul(nn.oneHot(yb, CNN.classes)).sum(-1).mean().neg(), ns] as const;
  };
  const step = tj.jit((p: hk.Params, s: hk.State, xb: Array, yb: Array) => {
    const [[value, ns], g] = tj.valueAndGrad(loss, { hasAux: true })(p, s, xb, yb);
    return [sgd(p, g, CNN.lr), ns, value] as const;
  }, { donate: [0, 1] });
  const kernels = step.lower(params, state, x, labels).kernels.length;
  return {
    async run() {
      const [p, s, value] = step(params, state, x, labels);
      [params, state] = [p, s];
      await sync();
      value.dispose();
    },
    dispose: () => [...tj.tree.leaves([params, state]), x, labels].forEach((a) => (a as Array).dispose()),
    bytesInUse: () => tj.memoryStats(device).liveBytes,
    kernelCount: kernels,
  };
}

/** The transformer of examples/names-transformer (no dropout). */
const transformer = hk.transform((tokens: Array) => {
  const { vocab, length, width, heads, layers } = TRANSFORMER;
  const mask = np.tril(np.ones([length, length], { dtype: "bool" })).reshape(1, 1, length, length);
  let h = new hk.Embed({ vocabSize: vocab, embedDim: width, name: "token_embed" }).call(tokens);
  h = h.add(new hk.Embed({ vocabSize: length, embedDim: width, name: "position_embed" }).call(np.arange(length, undefined, 1, { dtype: "int32" })));
  const block = (x: Array): Array => {
    const a = new hk.LayerNorm(-1, true, true, { name: "attention_norm" }).call(x);
    x = x.add(new hk.MultiHeadAttention(heads, width / heads, { wInit: new hk.VarianceScaling(1), name: "attention" }).call(a, a, a, mask));
    const m = new hk.LayerNorm(-1, true, true, { name: "mlp_norm" }).call(x);
    return x.add(new hk.MLP([4 * width, width], { activation: nn.gelu, name: "mlp" }).call(m));
  };
  h = hk.layerStack(layers, { name: "blocks" })(block)(h);
  return new hk.Linear(vocab, { name: "head" }).call(new hk.LayerNorm(-1, true, true, { name: "final_norm" }).call(h));
});

/** The transformer's jitted, donated SGD step with its starting params and one batch. */
export function transformerStep(device: DeviceName, batch: number) {
  const data = transformerBatch(batch);
  const { length, vocab } = TRANSFORMER;
  const tokens = np.array(data.tokens, { dtype: "int32", device }).reshape(batch, length);
  const targets = np.array(data.targets, { dtype: "int32", device }).reshape(batch, length);
  const params = transformer.init(tj.random.key(0), tokens);
  const loss = (p: hk.Params, x: Array, y: Array) => nn.logSoftmax(transformer.apply(p, null, x)).mul(nn.oneHot(y, vocab)).sum(-1).mean().neg();
  const step = tj.jit((p: hk.Params, x: Array, y: Array) => {
    const [value, g] = tj.valueAndGrad(loss)(p, x, y);
    return [sgd(p, g, TRANSFORMER.lr), value] as const;
  }, { donate: [0] });
  return { step, params, tokens, targets };
}

export function transformerCase(device: DeviceName, batch: number, sync: () => Promise<void>): Case {
  const s = transformerStep(device, batch);
  const { step, tokens, targets } = s;
  let params = s.params;
  const kernels = step.lower(params, tokens, targets).kernels.length;
  return {
    async run() {
      const [p, value] = step(params, tokens, targets);
      params = p;
      await sync();
      value.dispose();
    },
    dispose: () => [...tj.tree.leaves(params), tokens, targets].forEach((a) => (a as Array).dispose()),
    bytesInUse: () => tj.memoryStats(device).liveBytes,
    kernelCount: kernels,
  };
}
