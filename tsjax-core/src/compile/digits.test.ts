import { describe, expect, test } from "vitest";
import { type Exp, add, div, i32, mul, rem, sub, unravelIndex, variable } from "./exp.js";
import { splitIntoDigits } from "./digits.js";
import { evaluate } from "../../test/evaluate.js";

/** Every use of r gone from `e`. */
function free(e: Exp, r: string): boolean {
  return !(e.op === "var" && e.attr === r) && e.args.every((a) => free(a, r));
}

describe("splitIntoDigits", () => {
  const r = variable("r");

  test("turns an unravelled reduction variable (a convolution's channel and taps) into affine digits", () => {
    const shape = [4, 3, 5];
    const [c, kh, kw] = unravelIndex(r, shape) as [Exp, Exp, Exp];
    // an im2col-like index: c * 100 + (h + kh) * 10 + (w + kw), and r itself
    const e = add(add(mul(c, i32(100)), mul(add(variable("h"), kh), i32(10))), add(add(variable("w"), kw), mul(r, i32(1000))));
    const split = splitIntoDigits(e, "r", 60, "d")!;
    expect(split.digits.map((d) => [d.size, d.stride])).toEqual([[4, 15], [3, 5], [5, 1]]);
    expect(free(split.value, "r")).toBe(true);
    for (let v = 0; v < 60; v++) {
      const env: Record<string, number> = { r: v, h: 7, w: 2, d0: v % 5, d1: Math.floor(v / 5) % 3, d2: Math.floor(v / 15) };
      expect(evaluate(split.value, env), `r = ${v}`).toBe(evaluate(e, env));
    }
  });

  test("a variable used whole is one digit; strides past K vanish", () => {
    const e = add(r, div(r, i32(100)));
    const split = splitIntoDigits(e, "r", 50, "d")!;
    expect(split.digits.map((d) => [d.size, d.stride])).toEqual([[50, 1]]);
    for (let v = 0; v < 50; v++) expect(evaluate(split.value, { d0: v })).toBe(v);
  });

  test("strides that do not nest give undefined", () => {
    expect(splitIntoDigits(add(rem(r, i32(4)), div(r, i32(6))), "r", 24, "d")).toBeUndefined();
    expect(splitIntoDigits(rem(r, i32(5)), "r", 12, "d")).toBeUndefined();
    expect(splitIntoDigits(sub(r, i32(1)), "r", 12, "d")).toBeDefined();
  });
});
