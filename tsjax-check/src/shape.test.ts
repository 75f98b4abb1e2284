import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, vmap } from "tsjax-core";
import { CheckError } from "./errors.js";
import {
  assertAxisDimension, assertAxisDimensionGt, assertAxisDimensionGteq, assertAxisDimensionLt, assertAxisDimensionLteq,
  assertEqualRank, assertEqualShape, assertEqualShapePrefix, assertEqualShapeSuffix, assertEqualSize, assertIsBroadcastable,
  assertRank, assertShape, assertSize, assertType,
} from "./shape.js";

const x23 = np.zeros([2, 3]);
const x3 = np.zeros([3]);
const i4 = np.arange(4);

function fails(f: () => void, pattern: RegExp): void {
  expect(f).toThrow(CheckError);
  expect(f).toThrow(pattern);
}

describe("assertShape", () => {
  it("passes on matching shapes, wildcards, alternatives and ellipsis", () => {
    assertShape(x23, [2, 3]);
    assertShape(x23, [null, 3]);
    assertShape(x23, [[1, 2], 3]);
    assertShape(x23, [new Set([2, 4]), 3]);
    assertShape(x23, ["...", 3]);
    assertShape(x23, [2, "..."]);
    assertShape(x23, ["..."]);
    assertShape(np.zeros([2, 5, 7, 3]), [2, "...", 3]);
    assertShape(3.5, []);
    assertShape([x23, np.ones([2, 3])], [2, 3]);
    assertShape([x23, x3], [[2, 3], [3]]);
    assertShape({ a: x23, b: [np.ones([2, 3])] }, [2, 3]);
  });
  it("fails naming the input, both shapes and the axis", () => {
    fails(() => assertShape(x23, [2, 4]), /assertShape failed: input has shape \[2, 3\] but expected \[2, 4\] \(axis 1 is 3 but expected 4\)/);
    fails(() => assertShape(x23, [2]), /rank 2 but expected rank 1/);
    fails(() => assertShape(x23, [[1, 4], 3]), /axis 0 is 2 but expected \{1\|4\}/);
    fails(() => assertShape(x3, ["...", 2, 3]), /rank 1 but expected rank >= 2/);
    fails(() => assertShape([x23, x3], [[2, 3], [4]]), /input \[1\] has shape \[3\] but expected \[4\]/);
    fails(() => assertShape({ p: { w: x3 } }, [2, 3]), /\.p\.w has shape \[3\]/);
    fails(() => assertShape(["a"], [2]), /input \[0\] is "a", not an array/);
  });
  it("works on traced values under jit, vmap and grad", () => {
    const f = (x: Array) => {
      assertShape(x, [3]);
      return x.sum();
    };
    jit(f)(x3);
    vmap(f)(np.ones([5, 3]));
    grad(f)(x3);
    expect(() => jit(f)(x23)).toThrow(/input has shape \[2, 3\] but expected \[3\]/);
    expect(() => vmap(f)(np.ones([3, 2]))).toThrow(/input has shape \[2\] but expected \[3\]/);
  });
});

describe("assertRank / assertType", () => {
  it("passes", () => {
    assertRank(x23, 2);
    assertRank(x23, [1, 2]);
    assertRank(x23, new Set([2]));
    assertRank([x23, x3], [2, 1]);
    assertRank([x23, x23], 2);
    assertType(x23, "float32");
    assertType(x23, "float");
    assertType([x23, i4], ["float", "int32"]);
    assertType(3, "float");
    assertType(true, "bool");
    jit((x: Array) => (assertType(x, "int"), assertRank(x, 1), x))(i4);
  });
  it("fails with rank/dtype in the message", () => {
    fails(() => assertRank(x23, 1), /assertRank failed: input has rank 2 \(shape \[2, 3\]\) but expected rank 1/);
    fails(() => assertRank(x23, new Set([0, 1])), /expected rank one of \{0, 1\}/);
    fails(() => assertRank([x23, x3], [2, 2]), /input \[1\] has rank 1/);
    fails(() => assertType(i4, "float32"), /assertType failed: input has dtype int32 but expected float32/);
    fails(() => assertType([x23, i4], ["float", "float"]), /input \[1\] has dtype int32 but expected float/);
    expect(() => vmap((x: Array) => (assertType(x, "bool"), x))(x23)).toThrow(/dtype float32 but expected bool/);
  });
});

describe("equal shapes, sizes, prefix and suffix", () => {
  it("passes", () => {
    assertEqualShape([x23, np.ones([2, 3])]);
    assertEqualShape([x23, np.ones([2, 7])], { dims: 0 });
    assertEqualShapePrefix([x23, np.ones([2, 9])], 1);
    assertEqualShapeSuffix([x23, np.ones([7, 3])], 1);
    assertEqualRank([x23, np.ones([4, 4])]);
    assertSize(x23, 6);
    assertSize([x23, x3], [6, 3]);
    assertEqualSize([x23, np.ones([6])]);
  });
  it("fails naming both inputs", () => {
    fails(() => assertEqualShape([x23, x3]), /assertEqualShape failed: input \[1\] has shape \[3\] but input \[0\] has shape \[2, 3\]/);
    fails(() => assertEqualShape([x23, np.ones([3, 3])], { dims: [0] }), /sizes \[3\] along axes \[0\]/);
    fails(() => assertEqualShapePrefix([x23, np.ones([3, 3])], 1), /prefix \[3\]/);
    fails(() => assertEqualShapeSuffix([x23, np.ones([2, 2])], 1), /suffix \[2\]/);
    fails(() => assertEqualRank([x23, x3]), /input \[1\] has rank 1 \(shape \[3\]\) but input \[0\] has rank 2/);
    fails(() => assertSize(x23, 5), /input has size 6 \(shape \[2, 3\]\) but expected 5/);
    fails(() => assertEqualSize([x23, x3]), /size 3 .* size 6/);
  });
  it("work under jit", () => {
    const f = jit((a: Array, b: Array) => (assertEqualShape([a, b]), a.add(b)));
    f(x3, x3);
    expect(() => f(x3, np.ones([4]))).toThrow(/assertEqualShape failed/);
  });
});

describe("axis dimensions and broadcasting", () => {
  it("passes", () => {
    assertAxisDimension(x23, 1, 3);
    assertAxisDimension(x23, -2, 2);
    assertAxisDimensionGt(x23, 0, 1);
    assertAxisDimensionGteq(x23, 0, 2);
    assertAxisDimensionLt(x23, 1, 4);
    assertAxisDimensionLteq(x23, 1, 3);
    assertIsBroadcastable([3, 1], [2, 3, 4]);
    assertIsBroadcastable(x3, x23);
    assertIsBroadcastable([], [2]);
  });
  it("fails", () => {
    fails(() => assertAxisDimension(x23, 1, 4), /assertAxisDimension failed: axis 1 of the input \(shape \[2, 3\]\) has size 3, expected == 4/);
    fails(() => assertAxisDimension(x23, 2, 4), /axis 2 is out of range for shape \[2, 3\]/);
    fails(() => assertAxisDimensionGt(x23, 0, 2), /expected > 2/);
    fails(() => assertAxisDimensionGteq(x23, 0, 3), /expected >= 3/);
    fails(() => assertAxisDimensionLt(x23, 1, 3), /expected < 3/);
    fails(() => assertAxisDimensionLteq(x23, 1, 2), /expected <= 2/);
    fails(() => assertIsBroadcastable([3, 2], [2, 3, 4]), /shape \[3, 2\] is not broadcastable to \[2, 3, 4\]: axis 1 has size 2, which is neither 1 nor 4/);
    fails(() => assertIsBroadcastable([1, 2, 3], [2, 3]), /rank 3 > rank 2/);
  });
  it("work under grad", () => {
    grad((x: Array) => (assertAxisDimension(x, 0, 3), x.sum()))(x3);
    expect(() => grad((x: Array) => (assertAxisDimensionGt(x, 0, 3), x.sum()))(x3)).toThrow(/expected > 3/);
  });
});
