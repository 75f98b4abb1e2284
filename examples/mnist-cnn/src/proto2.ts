import { type Array, init, jit, nn, np, random, grad } from "tsjax-core";
import { BatchNorm, Conv2D, transformWithState, type Params, type State } from "tsjax-nn";
await init("cpu");
const B = 128;
const f = transformWithState((x: Array) => {
  const h = new Conv2D(32, 3).call(x);
  return process.env.NOBN ? h : new BatchNorm(true, true, 0.9).call(h, true);
});
const x = random.uniform(random.key(0), [B, 14, 14, 16]);
const [p, s] = f.init(random.key(2), x);
const fwd = jit((p: Params, s: State, x: Array) => f.apply(p, s, null, x)[0].sum());
const g = jit((p: Params, s: State, x: Array) => grad((pp: Params) => f.apply(pp, s, null, x)[0].square().sum())(p));
for (const [name, fn] of [["fwd", fwd], ["grad", g]] as const) {
  let out: any = fn(p, s, x);
  const t = performance.now();
  for (let i = 0; i < 10; i++) out = fn(p, s, x);
  const leaves = [out].flat(3);
  for (const l of Object.values(out.conv2_d ?? {}).concat([out])) if (l && (l as any).data) await (l as any).data();
  console.log(name, (performance.now() - t) / 10);
}
if (process.env.SHOW) { const lo = (process.env.SHOW === "fwd" ? fwd : g).lower(p, s, x); console.log(lo.kernels.length, lo.kernels.map((k) => k.kind).join(",")); console.log(lo.optimized); }
