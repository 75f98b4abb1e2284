/**
 * The scalar-op record against the backends' code tables: every op has JavaScript and WGSL code
 * for every dtype it accepts (a WGSL helper it names must exist), and the folded value of an op
 * equals the value a compiled CPU kernel computes.
 */
import { describe, expect, test } from "vitest";
import { dtypes } from "../dtype.js";
import { BINARY_OPS, BINARY_PRIM_OPS, UNARY_OPS, UNARY_PRIM_OPS, scalarOpAccepts } from "./scalar-ops.js";
import { jsBinary, jsUnary } from "../backend/cpu/js-ops.js";
import { wgslBinary, wgslUnary } from "../backend/webgpu/wgsl-ops.js";
import { WgslHelpers } from "../backend/webgpu/wgsl-helpers.js";
import { foldScalar } from "./fold.js";
import { binaryPrims, unaryPrims } from "../primitives/elementwise.js";
import { lax, np } from "../index.js";

const real = dtypes.filter((d) => d !== "complex64");

describe("every scalar op has code in both backends for each dtype it accepts", () => {
  test.each(UNARY_OPS)("%s", (op) => {
    for (const d of real.filter((d) => scalarOpAccepts(op, d))) {
      // (a predicate of an integer is a constant: isnan is "false")
      expect(jsUnary(op, d, "x")).toMatch(/x|^(true|false)$/);
      const h = new WgslHelpers();
      expect(wgslUnary(h, op, d, "x")).toMatch(/x|^(true|false)$/);
      expect(() => h.source()).not.toThrow();
    }
  });
  test.each(BINARY_OPS)("%s", (op) => {
    for (const d of real.filter((d) => scalarOpAccepts(op, d))) {
      expect(jsBinary(op, d, "x", "y")).toMatch(/x.*y/s);
      const h = new WgslHelpers();
      expect(wgslBinary(h, op, d, "x", "y")).toMatch(/x.*y/s);
    }
  });
});

test("each primitive is named after its op unless the record says otherwise, and runs it", () => {
  expect(Object.keys(unaryPrims).sort()).toEqual(Object.keys(UNARY_PRIM_OPS).sort());
  expect(Object.keys(binaryPrims).sort()).toEqual(Object.keys(BINARY_PRIM_OPS).sort());
  expect(UNARY_PRIM_OPS.is_finite).toBe("isfinite");
  expect(UNARY_PRIM_OPS.population_count).toBe("popcount");
  expect(BINARY_PRIM_OPS.shift_right_logical).toBe("srl");
  // ops without a primitive stay inside kernels
  expect(Object.values(UNARY_PRIM_OPS)).not.toContain("isnan");
});

test("folding a constant gives what a CPU kernel computes (float32 and int32 samples)", async () => {
  const xs = [-2.5, -1, -0.25, 0, 0.5, 3];
  const ys = [1.5, -3, 2, 0.75, -0.5, 4];
  const x = np.array(xs, { dtype: "float32" });
  const y = np.array(ys, { dtype: "float32" });
  const cases: [string, (a: typeof x, b: typeof x) => typeof x, "add" | "mul" | "atan2" | "max"][] = [
    ["add", lax.add, "add"],
    ["mul", lax.mul, "mul"],
    ["atan2", lax.atan2, "atan2"],
    ["max", lax.max, "max"],
  ];
  for (const [, f, op] of cases) {
    const got = Array.from(await f(x, y).data());
    expect(got).toEqual(xs.map((a, i) => foldScalar(op, "float32", Math.fround(a), Math.fround(ys[i]!))));
  }
  const e = Array.from(await lax.exp(x).data());
  expect(e).toEqual(xs.map((a) => foldScalar("exp", "float32", a)));
  const i = np.array([7, -7, 5, 0], { dtype: "int32" });
  const j = np.array([2, 2, 0, 3], { dtype: "int32" });
  expect(Array.from(await lax.rem(i, j).data())).toEqual([1, -1, 5, 0]);
  expect([foldScalar("rem", "int32", 7, 2), foldScalar("rem", "int32", -7, 2), foldScalar("rem", "int32", 5, 0)]).toEqual([1, -1, 5]);
});
