import { type Array, init, jit, np, random } from "tsjax-core";
await init("cpu");
const x = random.uniform(random.key(0), [128, 14, 14, 32]);
const variants: Record<string, (x: Array) => Array> = {
  axes012: (x) => x.sum([0, 1, 2]),
  reshaped0: (x) => x.reshape(-1, 32).sum(0),
  sq012: (x) => x.square().sum([0, 1, 2]),
  bnfwd: (x) => { const m = x.mean([0,1,2], {keepdims: true}); const v = x.square().mean([0,1,2], {keepdims: true}).sub(m.square()); return x.sub(m).mul(v.add(1e-5).sqrt()); },
  bnfwd2: (x) => { const x2 = x.reshape(-1, 32); const m = x2.mean(0); const v = x2.square().mean(0).sub(m.square()); return x2.sub(m).mul(v.add(1e-5).sqrt()).reshape(x.shape); },
  ew: (x) => { const x2 = x.reshape(-1, 32); const m = x2.sum(0); return x2.sub(m); },
  ewconst: (x) => { const x2 = x.reshape(-1, 32); return x2.sub(np.arange(32).astype("float32")); },
  ew4d: (x) => x.sub(np.arange(32).astype("float32")),
  meanonly: (x) => { const x2 = x.reshape(-1, 32); return x2.mean(0); },
  twored: (x) => { const x2 = x.reshape(-1, 32); return x2.mean(0).add(x2.square().mean(0)); },
};
for (const [name, f] of Object.entries(variants)) {
  const j = jit(f);
  let o = j(x); await o.data();
  const t = performance.now();
  for (let i = 0; i < 20; i++) o = j(x);
  await o.data();
  console.log(name, ((performance.now() - t) / 20).toFixed(2), j.lower(x).kernels.map((k) => k.kind).join(","));
}
