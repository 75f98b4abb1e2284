import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np, vmap } from "../../index.js";
import { REFS } from "./refs/lu.js";
import { refArray } from "./refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const S = REFS.solve!;
const I = REFS.inv!;
const T = REFS.tensor!;

describeDevices("np.linalg solve and inv", (device) => {
  const cases = device === "cpu" ? ["vector", "matrix", "broadcast", "hilbert4", "n48"] : ["vector", "broadcast", "hilbert4"];

  test("solve matches JAX (vector, matrix, broadcast batch axes, ill-conditioned, 48x48)", async () => {
    for (const name of cases) {
      const c = S[name]!;
      // float32 solutions lose about log10(cond) digits
      const tol = name === "hilbert4" ? { rtol: 2e-2, atol: 2e-2 } : { rtol: 1e-4, atol: 1e-4 };
      await expectRef(np.linalg.solve(refArray(c, "a"), refArray(c, "b")), c, "out", tol);
    }
  });

  test("solve's gradients in a and b match JAX's", async () => {
    for (const name of cases.filter((n) => n !== "n48")) {
      const c = S[name]!;
      const w = refArray(c, "w");
      const [ga, gb] = grad((a: Array, b: Array) => np.linalg.solve(a, b).mul(w).sum(), { argnums: [0, 1] })(refArray(c, "a"), refArray(c, "b"));
      const tol = name === "hilbert4" ? { rtol: 5e-2, atol: 1 } : { rtol: 1e-3, atol: 1e-4 };
      await expectRef(ga, c, "grad_a", tol);
      await expectRef(gb, c, "grad_b", tol);
    }
  });

  test("inv and its gradient match JAX", async () => {
    for (const name of ["small", "batched"]) {
      const c = I[name]!;
      await expectRef(np.linalg.inv(refArray(c, "a")), c, "out");
      const w = refArray(c, "w");
      await expectRef(grad((a: Array) => np.linalg.inv(a).mul(w).sum())(refArray(c, "a")), c, "grad", { rtol: 1e-3, atol: 1e-4 });
    }
  });

  test("checkGrads (second order), vmap and jit", async () => {
    const c = S.matrix!;
    const a = refArray(c, "a");
    const b = refArray(c, "b");
    await checkGrads((x: Array, y: Array) => np.linalg.solve(x, y), [a, b], { order: 2 });
    const as = np.stack([a, a.T]);
    await expectSame(vmap((x: Array) => np.linalg.solve(x, b))(as), np.stack([np.linalg.solve(a, b), np.linalg.solve(a.T, b)]), { rtol: 1e-5, atol: 1e-5 });
    await expectSame(jit((x: Array, y: Array) => np.linalg.inv(x).matmul(y))(a, b), np.linalg.inv(a).matmul(b), { rtol: 1e-5, atol: 1e-5 });
  });

  test("tensorsolve and tensorinv match JAX", async () => {
    await expectRef(np.linalg.tensorsolve(refArray(T.solve!, "a"), refArray(T.solve!, "b")), T.solve!, "out");
    await expectRef(np.linalg.tensorsolve(refArray(T.solve_axes!, "a"), refArray(T.solve_axes!, "b"), [0]), T.solve_axes!, "out");
    await expectRef(np.linalg.tensorinv(refArray(T.inv!, "a"), 2), T.inv!, "out");
  });
});

test("np.linalg solve: shape errors", () => {
  expect(() => np.linalg.solve(np.eye(3), np.ones([2]))).toThrow(/np\.linalg\.solve: a \[3,3\] and b \[2\] do not fit: b needs 3 rows/);
  expect(() => np.linalg.solve(np.ones([2, 3, 3]), np.ones([2, 3]))).toThrow(/ambiguous.*expandDims\(b, -1\)/);
  expect(() => np.linalg.tensorinv(np.ones([2, 3]), 1)).toThrow(/not square with ind=1/);
});
