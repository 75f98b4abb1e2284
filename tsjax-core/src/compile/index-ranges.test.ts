import { describe, expect, it } from "vitest";
import { type Exp, add, and, div, ge, i32, lt, mul, param, rem, sub, variable } from "./exp.js";
import { simplifyIndices } from "./index-ranges.js";
import { evaluate } from "../../test/evaluate.js";


const ops = (e: Exp): string[] => [e.op, ...e.args.flatMap(ops)];
const [b, t, h, d] = ["b", "t", "h", "d"].map(variable) as [Exp, Exp, Exp, Exp];
const extents = new Map([["b", 3], ["t", 16], ["h", 4], ["d", 12]]);

describe("simplifyIndices", () => {
  // [b, t, h, d] raveled with the shape [3, 16, 4, 12], then unraveled as [3, 16, 48]
  const linear = add(add(add(mul(b, i32(768)), mul(t, i32(48))), mul(h, i32(12))), d);
  const row = div(linear, i32(48));
  const col = rem(linear, i32(48));

  it("drops the digits below the divisor from a quotient and those above it from a remainder", () => {
    const q = simplifyIndices(row, extents);
    const r = simplifyIndices(col, extents);
    expect(ops(q)).not.toContain("div");
    expect(ops(r)).not.toContain("rem");
    expect(ops(q)).not.toContain("var:d");
    const used = (e: Exp): string[] => (e.op === "var" ? [e.attr as string] : e.args.flatMap(used));
    expect(new Set(used(q))).toEqual(new Set(["b", "t"]));
    expect(new Set(used(r))).toEqual(new Set(["h", "d"]));
  });

  it("equals the unsimplified expression at every point of the ranges", () => {
    const cases = [row, col, div(row, i32(4)), rem(add(col, i32(3)), i32(12)), div(add(mul(t, i32(4)), rem(d, i32(4))), i32(4))];
    const simple = cases.map((e) => simplifyIndices(e, extents));
    for (let bi = 0; bi < 3; bi++) for (let ti = 0; ti < 16; ti++) for (let hi = 0; hi < 4; hi++) for (let di = 0; di < 12; di++) {
      const env = { b: bi, t: ti, h: hi, d: di };
      cases.forEach((e, i) => expect(evaluate(simple[i]!, env)).toBe(evaluate(e, env)));
    }
  });

  it("keeps quotients whose rest can leave [0, divisor): unknown extents, negative terms, parameters", () => {
    const unbounded = div(add(mul(t, i32(48)), d), i32(48));
    expect(ops(simplifyIndices(unbounded, new Map([["t", 16]])))).toContain("div");
    const shifted = div(add(mul(t, i32(48)), sub(d, i32(1))), i32(48));
    expect(ops(simplifyIndices(shifted, extents))).toContain("div");
    const offset = rem(add(mul(t, i32(48)), param(0)), i32(48));
    expect(ops(simplifyIndices(offset, extents))).toContain("rem");
  });

  it("merges digits of one index ravelled again with scaled strides", () => {
    const x = variable("x");
    // x unravelled as [., 4, 16], ravelled with strides [1024, 256, 16]: 16 * x
    const raveled = add(add(add(mul(div(x, i32(64)), i32(1024)), mul(rem(div(x, i32(16)), i32(4)), i32(256))), mul(rem(x, i32(16)), i32(16))), i32(5));
    const s = simplifyIndices(raveled, new Map([["x", 2048]]));
    expect(ops(s)).not.toContain("div");
    expect(ops(s)).not.toContain("rem");
    // a gap between the digits (no 16..64 digit) leaves them apart
    const gap = add(mul(div(x, i32(64)), i32(1024)), mul(rem(x, i32(16)), i32(16)));
    const g = simplifyIndices(gap, new Map());
    for (const xi of [0, 5, 17, 63, 64, 1000, 2047]) {
      expect(evaluate(s, { x: xi })).toBe(evaluate(raveled, { x: xi }));
      expect(evaluate(g, { x: xi })).toBe(evaluate(gap, { x: xi }));
    }
    expect(ops(g)).toContain("div");
  });

  it("decides index comparisons that the ranges settle, and no others", () => {
    const inside = lt(add(mul(h, i32(12)), d), i32(48));
    expect(simplifyIndices(and(ge(t, i32(0)), inside), extents).isConst(true)).toBe(true);
    expect(simplifyIndices(lt(t, i32(0)), extents).isConst(false)).toBe(true);
    // t - 1 may be -1: a padding check stays
    const pad = ge(sub(t, i32(1)), i32(0));
    expect(simplifyIndices(pad, extents).op).toBe("ge");
    // an index beyond int32 wraps: not decided
    const huge = lt(mul(t, i32(1 << 30)), i32(0));
    expect(simplifyIndices(huge, extents).op).toBe("lt");
    for (let ti = 0; ti < 16; ti++) expect(evaluate(simplifyIndices(pad, extents), { t: ti })).toBe(ti >= 1 ? 1 : 0);
  });
});
