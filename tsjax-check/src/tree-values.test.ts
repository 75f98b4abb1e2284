import { describe, expect, it } from "vitest";
import { type Array, jit, np } from "tsjax-core";
import { CheckError } from "./errors.js";
import { assertNumericalGrads } from "./numerical-grads.js";
import { assertTreeAllFinite, assertTreesAllClose, assertTreesAllCloseUlp, assertTreesAllEqual } from "./tree-values.js";

async function fails(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CheckError);
  if (!pattern.test((e as Error).message)) throw new Error(`message did not match ${pattern}:\n${(e as Error).message}`);
}

describe("assertTreesAllClose", () => {
  it("passes within tolerance", async () => {
    await assertTreesAllClose({ w: np.array([1, 2]), b: 3 }, { w: np.array([1, 2.0000001]), b: 3 });
    await assertTreesAllClose(np.array([1, 2]), np.array([1.01, 2]), { atol: 0.02 });
    await assertTreesAllClose(np.array([100]), np.array([101]), { rtol: 0.01 });
    await assertTreesAllClose(np.array([NaN, 1]), np.array([NaN, 1]));
    await assertTreesAllClose(np.array([1, 2], { dtype: "int32" }), np.array([1, 2]));
  });
  it("fails naming path, index, values and tolerance", async () => {
    await fails(
      assertTreesAllClose({ p: { w: np.array([[1, 2], [3, 4]]) } }, { p: { w: np.array([[1, 2], [3.5, 4]]) } }, { atol: 1e-3 }),
      /assertTreesAllClose failed: values at \.p\.w \(shape \[2, 2\], float32\) differ in 1 of 4 element\(s\); first at index \[1, 0\]: 3 vs 3\.5 \(\|diff\| 0\.5 > atol 0\.001 \+ rtol 0\.000001 \* \|3\.5\| = 0\.0010035/,
    );
    await fails(assertTreesAllClose([np.ones([2])], [np.ones([3])]), /values at \[0\]|leaves at \[0\] have different shapes: \[2\] vs \[3\]/);
    await fails(assertTreesAllClose({ a: np.ones([2]) }, { b: np.ones([2]) }), /tree structures differ/);
    await fails(assertTreesAllClose(np.array([1, 2], { dtype: "int32" }), np.array([1, 2]), { strict: true }), /different dtypes: int32 vs float32 \(strict\)/);
    await fails(assertTreesAllClose(np.array([NaN]), np.array([1])), /NaN vs 1/);
  });
  it("refuses traced values with a hint", async () => {
    let p: Promise<void> | undefined;
    jit((x: Array) => {
      p = assertTreesAllClose(x, x);
      return x;
    })(np.ones([2]));
    await fails(p!, /Traced<f32\[2\]> in jit\(fun\): values cannot be read inside a transformation.*checkify/);
  });
});

describe("assertTreesAllEqual / Ulp / AllFinite", () => {
  it("pass", async () => {
    await assertTreesAllEqual({ a: np.arange(3) }, { a: np.array([0, 1, 2], { dtype: "int32" }) }, { strict: true });
    const one = np.array([1]);
    const next = np.array([1 + 2 ** -23]);
    await assertTreesAllCloseUlp(one, next);
    await assertTreesAllCloseUlp(np.array([-0]), np.array([0]));
    await assertTreeAllFinite({ a: np.ones([3]), b: [2] });
  });
  it("fail", async () => {
    await fails(assertTreesAllEqual({ a: np.arange(3) }, { a: np.array([0, 1, 3], { dtype: "int32" }) }), /assertTreesAllEqual failed: values at \.a \(shape \[3\], int32\) differ in 1 of 3 element\(s\); first at index \[2\]: 2 vs 3 \(not equal\)/);
    await fails(assertTreesAllEqual(np.array([1]), np.array([1], { dtype: "int32" }), { strict: true }), /different dtypes/);
    await fails(assertTreesAllCloseUlp(np.array([1]), np.array([1 + 2 ** -21])), /assertTreesAllCloseUlp failed: .*4 ulp apart > maxUlpDiff 1/);
    await fails(assertTreeAllFinite({ g: [np.ones([2]), np.array([1, Infinity, NaN])] }), /assertTreeAllFinite failed: the leaf at \.g\[1\] \(shape \[3\], float32\) has 2 non-finite element\(s\) of 3; first at index \[1\]: Infinity/);
  });
});

describe("assertNumericalGrads", () => {
  it("passes for correct gradients, also through jit", async () => {
    await assertNumericalGrads((x: Array) => x.sin().mul(x).sum(), [np.array([0.3, 1.2])], { order: 2 });
    await assertNumericalGrads(jit((x: Array) => x.exp().sum()), [np.array([0.1, -0.4])]);
  });
});
