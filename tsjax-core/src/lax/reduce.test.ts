import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: generic reduce and reduceAnd/Or/Xor against JAX 0.10.2", () => {
  const r = () => np.array([...R.redX]).reshape(2, 3, 4);

  test("sum, max and product with lax's binary functions", async () => {
    await expectFlat("sum", lax.reduce(r(), 0, lax.add, [0, 2]), R.reduceSum, { rtol: 0 });
    await expectFlat("max", lax.reduce(r(), -Infinity, lax.max, [1]), R.reduceMax, { rtol: 0 });
    const first = lax.indexInDim(r(), 0, 0, false).add(4);
    await expectFlat("prod", lax.reduce(first, 1, lax.mul, [0, 1]), R.reduceProdAll, { rtol: 1e-6 });
    for (let n = 0; n < 9; n++) {
      const want = (n * (n + 1)) / 2 + 100;
      await expectFlat(`length ${n} with init 100`, lax.reduce(np.arange(n).add(1), 100, lax.add, [0]), [want], { rtol: 0 });
    }
  });

  test("two operands: argmax by (value, index) pairs", async () => {
    const idx = np.broadcastTo(np.arange(4), [2, 3, 4]);
    const am = ([va, ia]: [Array, Array], [vb, ib]: [Array, Array]): [Array, Array] => {
      const pick = lax.bitwiseOr(lax.gt(va, vb), lax.bitwiseAnd(lax.eq(va, vb), lax.lt(ia, ib)));
      return [lax.select(pick, va, vb), lax.select(pick, ia, ib)];
    };
    const [v, i] = lax.reduce([r(), idx] as [Array, Array], [-Infinity, Infinity], am, [2]);
    await expectFlat("values", v, R.reduceArgmax[0]!, { rtol: 0 });
    await expectFlat("indices", i, R.reduceArgmax[1]!, { rtol: 0 });
  });

  test("grad, jit and vmap", async () => {
    const g = grad((a: Array) => lax.reduce(a, 0, lax.add, [1]).square().sum())(r());
    await expectFlat("grad", g, R.reduceSumGrad, { rtol: 0 });
    await expectFlat("jit", jit((a: Array) => lax.reduce(a, 0, lax.add, [0, 2]))(r()), R.reduceSum, { rtol: 0 });
    await expectFlat("vmap", vmap((a: Array) => lax.reduce(a, -Infinity, lax.max, [0]))(r()), R.reduceMax, { rtol: 0 });
  });

  test("reduceAnd, reduceOr, reduceXor on int32 and bool", async () => {
    const bits = np.array([...R.bits], { dtype: "int32" }).reshape(2, 3);
    await expectFlat("and", lax.reduceAnd(bits, [1]), R.reduceAnd, { rtol: 0 });
    await expectFlat("or", lax.reduceOr(bits, [1]), R.reduceOr, { rtol: 0 });
    await expectFlat("xor", lax.reduceXor(bits, [0]), R.reduceXor, { rtol: 0 });
    const bb = np.array([[true, false, true], [true, true, true]]);
    const and = lax.reduceAnd(bb, [1]);
    expect(and.dtype).toBe("bool");
    expect(await and.toArray()).toEqual(R.reduceAndBool);
    expect(await lax.reduceXor(bb, [1]).toArray()).toEqual(R.reduceXorBool);
    const u = np.array([0xf0f0f0f0, 0xffff0000], { dtype: "uint32" });
    expect(await lax.reduceAnd(u, [0]).item()).toBe(0xf0f00000);
  });

  test("errors name the call", () => {
    expect(() => lax.reduce([np.ones([3]), np.ones([2])], [0, 0], (a: Array[]) => a, [0])).toThrow(/lax\.reduce: operands must share one shape/);
    expect(() => lax.reduce(np.ones([3]), [0, 1], lax.add, [0])).toThrow(/2 init values for 1 operands/);
    expect(() => lax.reduceAnd(np.ones([3]), [0])).toThrow(/lax\.reduceAnd: operand must be bool or integer, got float32/);
  });
});
