import { init, np, defaultDevice } from "./src/index.js";
import { svd } from "./src/primitives/linalg/svd.js";
import { bind } from "./src/core/trace.js";
await init(); defaultDevice("cpu");
for (const a of [np.array([[1, 2], [3, 4], [5, 6]]), np.array([[1, 2, 3], [4, 5, 6]]), np.array([[1, 2, 3], [2, 4, 6], [1, 1, 1]])]) {
  for (const full of [true, false]) {
    const [s, u, vt] = bind(svd, [a], { fullMatrices: full, computeUv: true });
    console.log(full, JSON.stringify(await s!.toArray()), JSON.stringify(await u!.toArray()), JSON.stringify(await vt!.toArray()));
  }
}
for (const n of [16, 64]) {
  const r = np.array(Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.3))).reshape([n, n]);
  const t0 = performance.now();
  const [s, u, vt] = bind(svd, [r], { fullMatrices: false, computeUv: true });
  await s!.data();
  const t1 = performance.now();
  const [s2] = bind(svd, [r], { fullMatrices: false, computeUv: true });
  await s2!.data();
  const t2 = performance.now();
  const rec = np.matmul(u!.mul(s!.reshape([1, n])), vt!);
  console.log(n, (t1 - t0).toFixed(0), (t2 - t1).toFixed(0), "err", await np.abs(rec.sub(r)).max().item(), await np.abs(np.matmul(u!.T, u!).sub(np.eye(n))).max().item());
}
