/**
 * The CNN and transformer training steps in jax-js, written with its ops (it has no module
 * library): NCHW convolutions, 2x2 max pooling as a reshape and a max, BatchNorm and
 * LayerNorm by hand. jax-js arrays are reference counted: every operation consumes its
 * inputs, so a value used again is passed as `.ref`.
 */
import type { Workload } from "../workloads.js";
import { CNN, TRANSFORMER, cnnBatch, cnnInit, transformerBatch, testData } from "../workloads.js";
import type { Case } from "./adapter.js";

type Jx = typeof import("@jax-js/jax");
type JArray = import("@jax-js/jax").Array;

/** Builds the CNN or transformer step in jax-js on the current default device. */
export function jaxjsNetCase(jx: Jx, w: Workload): Case | undefined {
  if (w.kind === "cnn") return cnnCase(jx, w.size.batch!);
  if (w.kind === "transformer") return transformerCase(jx, w.size.batch!);
  return undefined;
}

/** A jitted SGD step over a list of parameters, as a benchmark case. */
function stepCase(jx: Jx, loss: (params: JArray[], ...data: JArray[]) => JArray, initial: JArray[], data: JArray[], lr: number): Case {
  const step = jx.jit((params: JArray[], ...d: JArray[]) => {
    const [l, grads] = jx.valueAndGrad(loss)(params.map((p) => p.ref), ...d);
    return [params.map((p, i) => p.sub((grads as JArray[])[i]!.mul(lr))), l] as [JArray[], JArray];
  });
  let params = initial;
  return {
    async run() {
      const [next, l] = step(params, ...data.map((x) => x.ref)) as [JArray[], JArray];
      params = next;
      await jx.blockUntilReady(l);
      l.dispose();
    },
    dispose: () => {
      [...params, ...data].forEach((a) => a.dispose());
      step.dispose();
    },
  };
}

function cnnCase(jx: Jx, batch: number): Case {
  const { numpy: np, nn, lax } = jx;
  const put = (data: Float32Array, shape: number[]) => np.array(data).reshape(shape);
  const init = cnnInit();
  // HWIO -> OIHW for jax-js's default NCHW/OIHW layout.
  const oihw = (p: { shape: number[]; data: Float32Array }) => put(p.data, p.shape).transpose([3, 2, 0, 1]);
  const [c0, c1] = CNN.channels;
  const params = [
    oihw(init.w1), put(init.b1.data, [1, c0, 1, 1]), np.ones([1, c0, 1, 1]), np.zeros([1, c0, 1, 1]),
    oihw(init.w2), put(init.b2.data, [1, c1, 1, 1]), np.ones([1, c1, 1, 1]), np.zeros([1, c1, 1, 1]),
    put(init.w3.data, init.w3.shape), put(init.b3.data, init.b3.shape),
  ];
  const bn = (h: JArray, scale: JArray, offset: JArray) => {
    const mean = np.mean(h.ref, [0, 2, 3], { keepdims: true });
    const variance = np.mean(np.square(h.ref), [0, 2, 3], { keepdims: true }).sub(np.square(mean.ref));
    return h.sub(mean).div(np.sqrt(variance.add(CNN.eps))).mul(scale).add(offset);
  };
  const loss = (p: JArray[], x: JArray, y: JArray): JArray => {
    const [w1, b1, g1, o1, w2, b2, g2, o2, w3, b3] = p as [JArray, JArray, JArray, JArray, JArray, JArray, JArray, JArray, JArray, JArray];
    let h = lax.convGeneralDilated(x, w1, [2, 2], "SAME").add(b1);
    h = nn.relu(bn(h, g1, o1));
    h = lax.convGeneralDilated(h, w2, [1, 1], "SAME").add(b2);
    h = np.max(h.reshape([batch, c1, 7, 2, 7, 2]), [3, 5]);
    h = nn.relu(bn(h, g2, o2));
    const logits = np.matmul(h.reshape([batch, 7 * 7 * c1]), w3).add(b3);
    return nn.logSoftmax(logits, -1).mul(y).sum(-1).mean().neg();
  };
  const data = cnnBatch(batch);
  return stepCase(jx, loss, params, [put(data.x, [batch, 1, 28, 28]), put(data.oneHot, [batch, CNN.classes])], CNN.lr);
}

function transformerCase(jx: Jx, batch: number): Case {
  const { numpy: np, nn } = jx;
  const { vocab, length: T, width: D, heads: H, layers: L, lr } = TRANSFORMER;
  let seed = 70;
  const v = (shape: number[], scale: number) => np.array(testData(shape.reduce((a, b) => a * b, 1), seed++).map((x) => x * scale)).reshape(shape);
  const params: JArray[] = [v([vocab, D], 1), v([T, D], 1)];
  for (let l = 0; l < L; l++) {
    params.push(np.ones([D]), np.zeros([D]), v([D, D], 0.25), np.zeros([D]), v([D, D], 0.25), np.zeros([D]), v([D, D], 0.25), np.zeros([D]));
    params.push(v([D, D], 0.25), np.zeros([D]), np.ones([D]), np.zeros([D]), v([D, 4 * D], 0.25), np.zeros([4 * D]), v([4 * D, D], 0.12), np.zeros([D]));
  }
  params.push(np.ones([D]), np.zeros([D]), v([D, vocab], 0.25), np.zeros([vocab]));
  const layerNorm = (x: JArray, s: JArray, o: JArray) => {
    const mean = np.mean(x.ref, -1, { keepdims: true });
    const centered = x.sub(mean);
    const variance = np.mean(np.square(centered.ref), -1, { keepdims: true });
    return centered.div(np.sqrt(variance.add(1e-5))).mul(s).add(o);
  };
  const heads = (x: JArray) => x.reshape([batch, T, H, D / H]).transpose([0, 2, 1, 3]);
  const loss = (p: JArray[], tokens: JArray, targets: JArray, mask: JArray): JArray => {
    let i = 0;
    const next = () => p[i++]!;
    const tokenEmbed = next();
    const positionEmbed = next();
    let h = np.matmul(tokens, tokenEmbed).add(positionEmbed); // tokens are one-hot [B, T, vocab]
    for (let l = 0; l < L; l++) {
      const a = layerNorm(h.ref, next(), next());
      const q = heads(np.matmul(a.ref, next()).add(next()));
      const k = heads(np.matmul(a.ref, next()).add(next()));
      const val = heads(np.matmul(a, next()).add(next()));
      const logits = np.matmul(q, k.transpose([0, 1, 3, 2])).div(Math.sqrt(D / H));
      const weights = nn.softmax(np.where(mask.ref, logits, -1e30), -1);
      const attn = np.matmul(weights, val).transpose([0, 2, 1, 3]).reshape([batch, T, D]);
      h = h.add(np.matmul(attn, next()).add(next()));
      const m = layerNorm(h.ref, next(), next());
      h = h.add(np.matmul(nn.gelu(np.matmul(m, next()).add(next())), next()).add(next()));
    }
    mask.dispose();
    const logits = np.matmul(layerNorm(h, next(), next()), next()).add(next());
    return nn.logSoftmax(logits, -1).mul(targets).sum(-1).mean().neg();
  };
  const data = transformerBatch(batch);
  const oneHot = (ids: Int32Array) => {
    const out = new Float32Array(ids.length * vocab);
    ids.forEach((t, j) => (out[j * vocab + t] = 1));
    return np.array(out).reshape([batch, T, vocab]);
  };
  const mask = np.tril(np.ones([T, T])).reshape([1, 1, T, T]).greater(0);
  return stepCase(jx, loss, params, [oneHot(data.tokens), oneHot(data.targets), mask], lr);
}
