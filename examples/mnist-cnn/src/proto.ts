import { type Array, init, jit, nn, np, random, valueAndGrad } from "tsjax-core";
import { BatchNorm, Conv2D, Linear, dropout, maxPool, nextRngKey, transformWithState, type Params, type State } from "tsjax-nn";
import { adam, applyUpdates, softmaxCrossEntropyWithIntegerLabels } from "tsjax-optim";
await init("cpu");
const C1 = Number(process.env.C1 ?? 16), C2 = Number(process.env.C2 ?? 32), B = Number(process.env.B ?? 128);
const forward = transformWithState((x: Array, training: boolean) => {
  let h = x.reshape(-1, 28, 28, 1);
  const bn = (v: Array) => process.env.NOBN ? v : new BatchNorm(true, true, 0.9).call(v, training);
  h = nn.relu(bn(new Conv2D(C1, 3).call(h)));
  h = process.env.NOPOOL ? h.get(":", "::2", "::2") : maxPool(h, 2, 2, "VALID");
  h = nn.relu(bn(new Conv2D(C2, 3).call(h)));
  h = process.env.NOPOOL ? h.get(":", "::2", "::2") : maxPool(h, 2, 2, "VALID");
  h = h.reshape(h.shape[0]!, -1);
  if (training && !process.env.NODROP) h = dropout(nextRngKey(), 0.3, h);
  return new Linear(10).call(h);
});
const x = random.uniform(random.key(0), [B, 784]);
const y = random.randint(random.key(1), [B], 0, 10);
let [params, state] = forward.init(random.key(2), x, true);
const opt = adam(1e-3);
let os: unknown = opt.init(params);
const loss = (p: Params, s: State, k: Array, xb: Array, yb: Array) => {
  const [logits, ns] = forward.apply(p, s, k, xb, true);
  return [softmaxCrossEntropyWithIntegerLabels(logits, yb).mean(), ns] as const;
};
const step = jit((p: Params, s: State, o: unknown, k: Array, xb: Array, yb: Array) => {
  const [[l, ns], g] = valueAndGrad(loss, { hasAux: true })(p, s, k, xb, yb);
  const [u, no] = opt.update(g, o as never, p);
  return [applyUpdates(p, u), ns, no, l] as const;
}, { donate: [0, 1, 2] });
let t = performance.now();
let l: Array;
[params, state, os, l] = step(params, state, os, random.key(3), x, y) as any;
await l.data();
console.log("first", performance.now() - t);
t = performance.now();
for (let i = 0; i < 20; i++) { [params, state, os, l] = step(params, state, os, random.key(3), x, y) as any; }
await l.data();
console.log("per step ms", (performance.now() - t) / 20, "loss", await l.item());
