import { describe, expect, it } from "vitest";
import { type Array, jit, np, vmap } from "tsjax-core";
import { CheckError } from "./errors.js";
import {
  assertTreeNoNulls, assertTreeShape, assertTreeShapePrefix, assertTreeShapeSuffix, assertTreesAllEqualDtypes,
  assertTreesAllEqualShapes, assertTreesAllEqualShapesAndDtypes, assertTreesAllEqualStructs,
} from "./tree-structure.js";

function fails(f: () => void, pattern: RegExp): void {
  expect(f).toThrow(CheckError);
  expect(f).toThrow(pattern);
}

const a = { w: np.ones([2, 3]), b: [np.zeros([3]), np.arange(2)] };
const same = { w: np.zeros([2, 3]), b: [np.ones([3]), np.arange(2).add(1)] };

describe("tree structure assertions", () => {
  it("pass", () => {
    assertTreesAllEqualStructs(a, same, { w: 1, b: [2, 3] });
    assertTreesAllEqualShapes(a, same);
    assertTreesAllEqualDtypes(a, same);
    assertTreesAllEqualShapesAndDtypes(a, same);
    assertTreeShape({ x: np.ones([4]), y: [np.ones([4])] }, [4]);
    assertTreeShapePrefix({ x: np.ones([4, 2]), y: np.ones([4]) }, [4]);
    assertTreeShapeSuffix({ x: np.ones([5, 2]), y: np.ones([2]) }, [2]);
    assertTreeNoNulls({ x: np.ones([1]), y: [1, 2] });
  });
  it("fail naming the path", () => {
    fails(() => assertTreesAllEqualStructs(a, { w: 1, b: [2] }), /assertTreesAllEqualStructs failed: tree structures differ at \['b'\]: the first tree has a list of length 2, the tree 2 has a list of length 1/);
    fails(() => assertTreesAllEqualStructs({ a: 1 }, { c: 1 }), /keys \[a\].*keys \[c\]/);
    fails(() => assertTreesAllEqualShapes(a, { ...same, w: np.ones([3, 2]) }), /assertTreesAllEqualShapes failed: leaves at \.w differ: tree 1 has shape \[2, 3\], tree 2 has shape \[3, 2\]/);
    fails(() => assertTreesAllEqualDtypes(a, { ...same, b: [np.ones([3]), np.ones([2])] }), /leaves at \.b\[1\] differ: tree 1 has dtype int32, tree 2 has dtype float32/);
    fails(() => assertTreesAllEqualShapesAndDtypes(a, { ...same, w: np.ones([2, 3], { dtype: "int32" }) }), /int32\[2, 3\]/);
    fails(() => assertTreeShape({ x: np.ones([4]), y: [np.ones([5])] }, [4]), /assertTreeShape failed: the leaf at \.y\[0\] has shape \[5\] but expected \[4\]/);
    fails(() => assertTreeShapePrefix({ x: np.ones([3, 2]) }, [4]), /the leaf at \.x has shape \[3, 2\] but expected a prefix \[4\]/);
    fails(() => assertTreeShapeSuffix({ x: np.ones([2, 3]) }, [2]), /expected a suffix \[2\]/);
    fails(() => assertTreeNoNulls({ x: np.ones([1]), y: [1, null], z: undefined }), /assertTreeNoNulls failed: the tree has 2 null leaf\/leaves: \.y\[1\] \(null\), \.z \(undefined\)/);
  });
  it("work under jit and vmap", () => {
    const f = (t: { w: Array; b: Array }) => (assertTreeShapeSuffix(t, [3]), t.w.add(t.b));
    jit(f)({ w: np.ones([2, 3]), b: np.ones([3]) });
    vmap(f)({ w: np.ones([5, 2, 3]), b: np.ones([5, 3]) });
    expect(() => jit(f)({ w: np.ones([2, 4]), b: np.ones([4]) })).toThrow(/the leaf at \.b has shape \[4\]/);
  });
});
