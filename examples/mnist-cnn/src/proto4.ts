import { init, jit, random } from "tsjax-core";
await init("cpu");
const a = random.uniform(random.key(0), [512, 512]);
const f = jit((x: any) => x.matmul(x));
let o = f(a); await o.data();
const t = performance.now();
for (let i = 0; i < 50; i++) o = f(a);
await o.data();
console.log("matmul512", ((performance.now() - t) / 50).toFixed(2), "(README: 4.15)");
