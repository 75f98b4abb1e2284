import { init, np, scipy } from "./src/index.js";
await init();
console.log(JSON.stringify(await scipy.linalg.blockDiag(np.eye(2), np.array([[5]]), np.array([1, 2, 3]), 7).toArray()));
console.log(scipy.linalg.blockDiag().shape);
