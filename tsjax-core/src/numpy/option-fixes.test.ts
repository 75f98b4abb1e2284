/**
 * Options that used to be ignored, against JAX 0.10.2 (scripts/refs/numpy/fixes.py): reductions
 * with `where`/`initial`, every `np.pad` mode, `np.take`'s modes, `np.full` with an array,
 * `floorDivide` by zero, `rint` of integers, bool products, and lax's scalar operands, broadcasting
 * and rounding methods. Values, dtypes, jit, vmap and grad, on every device.
 */
import { expect, test } from "vitest";
import { lax, np } from "../index.js";
import { CASES } from "../../test/refs/numpy/fixes.js";
import { caseTests } from "../../test/np-cases.js";
import { describeDevices } from "../../test/helpers.js";

describeDevices("options that were ignored", (device) => {
  caseTests("fixes", CASES, device);
});

test("unknown modes and options are errors listing the accepted ones", () => {
  const x = np.array([1, 2, 3]);
  expect(() => np.pad(x, 1, { mode: "bogus" as never })).toThrow(/np\.pad: unknown mode "bogus"; accepted modes: constant, edge, wrap, reflect/);
  expect(() => np.pad(x, 1, "edge", { constantValues: 1 })).toThrow(/unknown option "constantValues".*Accepted options: mode\./);
  expect(() => np.pad(x, 1, { mode: "reflect", reflectType: "weird" as never })).toThrow(/reflectType must be "even" or "odd"/);
  expect(() => np.take(x, [0], 0, { mode: "raise" as never })).toThrow(/unknown mode "raise"; use "fill", "clip" or "wrap"/);
  expect(() => np.takeAlongAxis(x, np.array([0], { dtype: "int32" }), 0, { mode: "wrap" as never })).toThrow(/unknown mode "wrap"/);
  expect(() => np.sum(x, { wher: x.gt(1) } as never)).toThrow(/np\.sum: unknown option "wher" \(did you mean "where"\?\)/);
  expect(() => np.max(x, { where: x.gt(1) })).toThrow(/no identity, so a where mask needs an initial value/);
  expect(() => np.max(np.zeros([0]))).toThrow(/give \{ initial \} to reduce empty axes/);
  expect(() => np.mean(x, 0, { ddof: 1 } as never)).toThrow(/unknown option "ddof"/);
  expect(() => np.var_(x, { ddof: 1, correction: 1 })).toThrow(/ddof or correction, not both/);
});

test("lax operands: mixed dtypes, ranks and fractional numbers with integers are errors naming np", () => {
  const f = np.ones([3]);
  const i = np.arange(3);
  expect(() => lax.add(f, i)).toThrow(/lax\.add requires arguments to have the same dtypes, got float32, int32.*np\.add/);
  expect(() => lax.add(np.ones([2, 3]), f)).toThrow(/same number of dimensions.*np\.add to broadcast/);
  expect(() => lax.mul(i, 1.5)).toThrow(/the number 1\.5 is not an integer, but the other operands are int32/);
  expect(() => lax.select(np.array([true]), f, f)).toThrow(/predicate must be a scalar or have the cases' shape \[3\]/);
  expect(() => lax.clamp(np.zeros([2]), f, 1)).toThrow(/min must be a scalar or have the operand's shape \[3\]/);
  expect(() => lax.round(i)).toThrow(/lax\.round: needs a float array, got int32/);
  expect(() => lax.round(f, 2 as never)).toThrow(/unknown rounding method 2/);
  expect(lax.RoundingMethod.TO_NEAREST_EVEN).toBe(1);
});
