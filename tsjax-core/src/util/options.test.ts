/** The options checks: unknown keys list the accepted ones; misplaced options objects show the call. */
import { expect, test } from "vitest";
import { checkOptions, isOptionsObject, positionalOrOption, splitOptions } from "./options.js";
import { np } from "../index.js";

const spec = { accepted: ["dtype", "device"], signature: "np.thing(n, { dtype, device })" };

test("checkOptions: undefined is {}, unknown keys list the accepted ones (with a suggestion)", () => {
  expect(checkOptions("np.thing", undefined, spec)).toEqual({});
  expect(checkOptions("np.thing", { dtype: "int32" }, spec)).toEqual({ dtype: "int32" });
  expect(() => checkOptions("np.thing", { dtyp: "int32" }, spec)).toThrow(
    'np.thing: unknown option "dtyp" (did you mean "dtype"?). Accepted options: dtype, device. Call it as np.thing(n, { dtype, device }).',
  );
  expect(() => checkOptions("np.thing", { zzz: 1 }, { accepted: [] })).toThrow(/unknown option "zzz"\. It takes no options\./);
  expect(() => checkOptions("np.thing", [20000] as unknown as object, spec)).toThrow(/expected an options object \{ dtype, device \}, got a list of length 1/);
});

test("splitOptions: options after any number of positionals; a misplaced object shows the call", () => {
  expect(splitOptions("np.arange", [10, { dtype: "float32" }], 3, spec)).toEqual([[10], { dtype: "float32" }]);
  expect(splitOptions("np.arange", [0, 10, 2, undefined], 3, spec)).toEqual([[0, 10, 2], {}]);
  expect(() => splitOptions("np.arange", [{ dtype: "float32" }, 10], 3, spec)).toThrow(/argument 1 is an options object, but options come last.*Call it as np\.thing/);
  expect(() => splitOptions("np.arange", [1, 2, 3, 4], 3, spec)).toThrow(/takes at most 3 positional argument/);
});

test("positionalOrOption and isOptionsObject", () => {
  expect(positionalOrOption("op", "shape", [2], undefined)).toEqual([2]);
  expect(positionalOrOption("op", "shape", undefined, [3])).toEqual([3]);
  expect(() => positionalOrOption("op", "shape", [2], [3])).toThrow(/shape was given both as an argument and as the option "shape"/);
  expect(isOptionsObject({})).toBe(true);
  expect(isOptionsObject(Object.create(null))).toBe(true);
  expect(isOptionsObject([1])).toBe(false);
  expect(isOptionsObject(np.ones([1]))).toBe(false);
  expect(isOptionsObject(new Float32Array(1))).toBe(false);
});
