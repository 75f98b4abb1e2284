import { init, np, jit, grad, vmap, defaultDevice, lax } from "./src/index.js";
await init(); defaultDevice("cpu");
for (const a of [np.array([[1, 2], [3, 4], [5, 6]]), np.array([[1, 2, 3], [4, 5, 6]]), np.array([[2, 1], [0, 3]]), np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]])]) {
  for (const full of [true, false]) {
    const [q, r] = lax.linalg.qr(a, { fullMatrices: full });
    console.log(full, JSON.stringify(await q.toArray()), JSON.stringify(await r.toArray()));
  }
}
