import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

/** The fixtures hold flat lists; these are [2, 6]. */
const mat = (v: readonly number[]) => np.array([...v]).reshape(2, 6);

describeDevices("lax: multi-operand sort, sortKeyVal and topK against JAX 0.10.2", () => {
  test("sort with 1 and 2 keys along either axis", async () => {
    const [k1, k2, v] = [mat(R.sortK1), mat(R.sortK2), mat(R.sortVals)];
    const two = lax.sort([k1, k2, v], 1, true, 2);
    for (let i = 0; i < 3; i++) await expectFlat(`2 keys ${i}`, two[i]!, R.sort2keys[i]!, { rtol: 0 });
    const one = lax.sort([k1, k2, v], -1, true, 1);
    for (let i = 0; i < 3; i++) await expectFlat(`1 key ${i}`, one[i]!, R.sort1key[i]!, { rtol: 0 });
    const ax0 = lax.sortMulti([k1, v], { dimension: 0 });
    for (let i = 0; i < 2; i++) await expectFlat(`axis 0 ${i}`, ax0[i]!, R.sortAxis0[i]!, { rtol: 0 });
    const [sk, sv] = lax.sortKeyVal(k2, v);
    await expectFlat("sortKeyVal keys", sk, R.sortKeyVal[0]!, { rtol: 0 });
    await expectFlat("sortKeyVal values", sv, R.sortKeyVal[1]!, { rtol: 0 });
  });

  test("gradients flow to the sorted values; jit and vmap agree", async () => {
    const [k2, v] = [mat(R.sortK2), mat(R.sortVals)];
    const g = grad((vv: Array) => lax.sortKeyVal(k2, vv)[1].mul(np.arange(6)).sum())(v);
    await expectFlat("grad", g, R.sortKeyValGrad, { rtol: 0 });
    const j = jit((a: Array, b: Array, c: Array) => lax.sort([a, b, c], 1, true, 2))(mat(R.sortK1), k2, v);
    await expectFlat("jit", j[2]!, R.sort2keys[2]!, { rtol: 0 });
    const vm = vmap((a: Array, b: Array, c: Array) => lax.sort([a, b, c], 0, true, 2))(mat(R.sortK1), k2, v);
    await expectFlat("vmap", vm[2]!, R.sort2keys[2]!, { rtol: 0 });
  });

  test("topK: NaN first, +0 before -0, ints at their extremes, another axis", async () => {
    const t = mat(R.topKx);
    const [v3, i3] = lax.topK(t, 3);
    await expectFlat("values", v3, R.topK3[0]!, { rtol: 0 });
    await expectFlat("indices", i3, R.topK3[1]!, { rtol: 0 });
    expect(i3.dtype).toBe("int32");
    const [v6, i6] = lax.topK(t, 6);
    await expectFlat("values 6", v6, R.topK6[0]!, { rtol: 0 });
    await expectFlat("indices 6", i6, R.topK6[1]!, { rtol: 0 });
    const [va, ia] = lax.topK(lax.sliceInDim(t, 0, 4, 1, 1), 1, { axis: 0 });
    await expectFlat("axis 0 values", va, R.topKAxis0[0]!, { rtol: 0 });
    await expectFlat("axis 0 indices", ia, R.topKAxis0[1]!, { rtol: 0 });
    const [vi, ii] = lax.topK(np.array([[-(2 ** 31), 5, 0, 5, 2 ** 31 - 1, -7]], { dtype: "int32" }), 4);
    await expectFlat("int values", vi, R.topKInt[0]!, { rtol: 0 });
    await expectFlat("int indices", ii, R.topKInt[1]!, { rtol: 0 });
    // -0 in values: check the sign bit, not only the value
    const d6 = await v6.data();
    expect([Object.is(d6[8], 0), Object.is(d6[9], -0)]).toEqual([true, true]);
  });

  test("topK gradient and errors", async () => {
    const g = grad((a: Array) => lax.topK(a, 3)[0].mul(np.array([1, 2, 3])).sum())(np.array(R.topKx.slice(0, 6)));
    await expectFlat("grad", g, R.topKGrad, { rtol: 0 });
    expect(() => lax.topK(np.ones([3]), 4)).toThrow(/lax\.topK: k \(4\) is larger than axis 0 of \[3\]/);
    expect(() => lax.sort([np.ones([3]), np.ones([4])])).toThrow(/lax\.sort: operands must share one shape/);
    expect(() => lax.sort([np.ones([3])], -1, true, 2)).toThrow(/numKeys must be between 1 and the number of operands \(1\)/);
  });
});
