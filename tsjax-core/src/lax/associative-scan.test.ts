import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: associativeScan and cumlogsumexp against JAX 0.10.2", () => {
  const s = () => np.array([...R.scanX]).reshape(2, 7);

  test("sums, reversed maxima, products along axis 0", async () => {
    await expectFlat("add", lax.associativeScan(np.add, s(), { axis: 1 }), R.scanAdd);
    await expectFlat("max reverse", lax.associativeScan(np.maximum, s(), { reverse: true, axis: 1 }), R.scanMaxRev, { rtol: 0 });
    await expectFlat("mul axis 0", lax.associativeScan(np.multiply, s()), R.scanAxis0);
    // lengths 0 to 9 against a sequential loop
    for (let n = 0; n < 10; n++) {
      const v = np.arange(n).add(1);
      const want: number[] = [];
      for (let i = 0, acc = 0; i < n; i++) want.push((acc += i + 1));
      await expectFlat(`length ${n}`, lax.associativeScan(np.add, v), want, { rtol: 0 });
    }
  });

  test("a pytree of elements: the affine recurrence h = a h + b", async () => {
    const comb = (p: [Array, Array], q: [Array, Array]): [Array, Array] => [q[0].mul(p[0]), q[0].mul(p[1]).add(q[1])];
    const [a, b] = lax.associativeScan(comb, [np.array([0.5, 0.9, 1.1, 0.3, 0.7]), np.array([1, -1, 2, 0.5, 3])] as [Array, Array]);
    await expectFlat("a", a, R.scanPair[0]!);
    await expectFlat("b", b, R.scanPair[1]!);
  });

  test("grad, jit and vmap", async () => {
    const A = np.array([0.5, 0.9, 1.1, 0.3, 0.7]);
    const g = grad((a: Array) => lax.associativeScan(np.multiply, a).square().sum())(A);
    await expectFlat("grad", g, R.scanGrad);
    await expectFlat("jit", jit((x: Array) => lax.associativeScan(np.add, x, { axis: 1 }))(s()), R.scanAdd);
    await expectFlat("vmap", vmap((x: Array) => lax.associativeScan(np.add, x))(s()), R.scanAdd);
  });

  test("cumlogsumexp, reversed, with infinities, and its gradient", async () => {
    await expectFlat("forward", lax.cumlogsumexp(s(), 1), R.cumlogsumexp);
    await expectFlat("reverse", lax.cumlogsumexp(s(), 1, { reverse: true }), R.cumlogsumexpRev);
    await expectFlat("inf", lax.cumlogsumexp(np.array([-Infinity, -Infinity, 0, Infinity, 1])), R.cumlogsumexpInf);
    const g = grad((a: Array) => lax.cumlogsumexp(a).mul(np.arange(7)).sum())(np.array(R.scanX.slice(0, 7)));
    await expectFlat("grad", g, R.cumlogsumexpGrad, { rtol: 2e-5 });
  });

  test("errors name the call", () => {
    expect(() => lax.associativeScan((a: Array[]) => a, [np.ones([3]), np.ones([4])])).toThrow(/lax\.associativeScan: every array must have the same length along axis 0/);
    expect(() => lax.associativeScan((a: Array) => [a, a] as unknown as Array, np.ones([3]))).toThrow(/fn must return the structure of its inputs/);
  });
});
