import { expect, test } from "vitest";
import { type Array, grad, jit, jvp, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

/** Newton's method with a fixed number of steps (traceable: a foriLoop). */
function newton(f: (x: Array) => Array, x0: Array): Array {
  return lax.foriLoop(0, 30, (_i: Array, x: Array) => {
    const [fx, dfx] = jvp(f, [x], [np.onesLike(x)]);
    return x.sub(fx.div(dfx));
  }, x0);
}

const sqrtRoot = (a: Array): Array =>
  lax.customRoot((x: Array) => x.square().sub(a), np.onesLike(a), newton, (g, y) => y.div(g(np.onesLike(y))));

describeDevices("lax: customRoot and customLinearSolve against JAX 0.10.2", () => {
  test("customRoot: sqrt by Newton, implicit gradient in the closed-over parameter", async () => {
    const a = np.array([...R.rootA]);
    await expectFlat("root", vmap(sqrtRoot)(a), R.root, { rtol: 1e-6 });
    await expectFlat("grad", vmap(grad(sqrtRoot))(a), R.rootGrad, { rtol: 1e-6 });
    await expectFlat("jit grad", jit(vmap(grad(sqrtRoot)))(a), R.rootGrad, { rtol: 1e-6 });
    const [, t] = jvp(sqrtRoot, [np.array(4)], [np.array(1)]);
    expect(await t.item()).toBeCloseTo(0.25, 6);
  });

  test("customLinearSolve: symmetric and with a transposeSolve; gradients in the matrix and b", async () => {
    const M = np.array([...R.M]).reshape(3, 3);
    const b = np.array([...R.bvec]);
    const lin = (m: Array, r: Array) =>
      lax.customLinearSolve((v: Array) => np.matmul(m, v), r, (_mv, rr: Array) => np.linalg.solve(m, rr), null, true);
    await expectFlat("solve", lin(M, b), R.linsolve, { rtol: 1e-5 });
    const [gM, gb] = grad((m: Array, r: Array) => lin(m, r).mul(np.array([1, -2, 0.5])).sum(), { argnums: [0, 1] })(M, b);
    await expectFlat("d M", gM, R.linsolveGradM, { rtol: 1e-5, atol: 1e-6 });
    await expectFlat("d b", gb, R.linsolveGradB, { rtol: 1e-5, atol: 1e-6 });
    const N = np.array([...R.N]).reshape(3, 3);
    const lin2 = (n: Array, r: Array) =>
      lax.customLinearSolve(
        (v: Array) => np.matmul(n, v),
        r,
        (_mv, rr: Array) => np.linalg.solve(n, rr),
        (_vm, rr: Array) => np.linalg.solve(n.T, rr),
      );
    await expectFlat("solve 2", lin2(N, b), R.linsolve2, { rtol: 1e-5 });
    const [gN, gb2] = grad((n: Array, r: Array) => lin2(n, r).square().sum(), { argnums: [0, 1] })(N, b);
    await expectFlat("d N", gN, R.linsolve2GradN, { rtol: 1e-5, atol: 1e-6 });
    await expectFlat("d b 2", gb2, R.linsolve2GradB, { rtol: 1e-5, atol: 1e-6 });
  });

  test("errors name the call", () => {
    const M = np.eye(2);
    expect(() => grad((r: Array) => lax.customLinearSolve((v: Array) => np.matmul(M, v), r, (_m, rr: Array) => rr).sum())(np.ones([2]))).toThrow(
      /lax\.customLinearSolve: reverse mode needs transposeSolve/,
    );
    expect(() => lax.customRoot((x: Array) => x, np.ones([2]), (_f, x0: Array) => x0.sum(), (_g, y: Array) => y)).toThrow(/lax\.customRoot: solve must return/);
  });
});
