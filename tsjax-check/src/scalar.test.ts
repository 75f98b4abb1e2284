import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { CheckError } from "./errors.js";
import {
  assertEqual, assertExactlyOneIsNull, assertIsDivisible, assertNotBothNull, assertScalar, assertScalarIn,
  assertScalarNegative, assertScalarNonNegative, assertScalarPositive,
} from "./scalar.js";

function fails(f: () => void, pattern: RegExp): void {
  expect(f).toThrow(CheckError);
  expect(f).toThrow(pattern);
}

describe("scalar assertions", () => {
  it("pass", () => {
    assertScalar(1.5);
    assertScalarPositive(2);
    assertScalarNonNegative(0);
    assertScalarNegative(-1e-9);
    assertScalarIn(0.5, 0, 1);
    assertScalarIn(1, 0, 1);
    assertScalarIn(0.5, 0, 1, { included: false });
    assertIsDivisible(12, 4);
    assertNotBothNull(null, 1);
    assertExactlyOneIsNull(undefined, 2);
    assertEqual({ a: [1, 2], b: "x" }, { a: [1, 2], b: "x" });
    assertEqual(NaN, NaN);
  });
  it("fail with the value and the expectation", () => {
    fails(() => assertScalar("1"), /assertScalar failed: expected a JS number, got "1"/);
    fails(() => assertScalar(np.ones([])), /arrays are not scalars/);
    fails(() => assertScalarPositive(0), /assertScalarPositive failed: expected a positive number, got 0/);
    fails(() => assertScalarNonNegative(-1), /expected a non-negative number, got -1/);
    fails(() => assertScalarNegative(0), /expected a negative number, got 0/);
    fails(() => assertScalarIn(1.5, 0, 1), /expected 1.5 to be in \[0, 1\]/);
    fails(() => assertScalarIn(1, 0, 1, { included: false }), /expected 1 to be in \(0, 1\)/);
    fails(() => assertIsDivisible(10, 4), /10 is not divisible by 4 \(remainder 2\)/);
    fails(() => assertIsDivisible(10, 0), /not divisible by 0/);
    fails(() => assertNotBothNull(null, undefined), /at least one of the two values to be non-null, got null and undefined/);
    fails(() => assertExactlyOneIsNull(1, 2), /exactly one .* \(neither null\)/);
    fails(() => assertExactlyOneIsNull(null, null), /\(both null\)/);
    fails(() => assertEqual({ a: [1, 2] }, { a: [1, 3] }), /assertEqual failed: values differ at \.a\[1\]: 2 != 3/);
    fails(() => assertEqual({ a: 1 }, { b: 1 }), /keys \[a\] != \[b\]/);
  });
});
