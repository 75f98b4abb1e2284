import { describe, expect, test } from "vitest";
import {
  type DType,
  type TypedKind,
  checkDType,
  dtypes,
  floatDTypeFor,
  isFloatDType,
  isIntDType,
  itemsize,
  promoteTypes,
  resultType,
  scalarKind,
} from "./dtype.js";

/**
 * Short names as in JAX's type promotion table: `b`, `u32`, `i32`, `f16`, `f32` are strong
 * dtypes, `i*` and `f*` are weak int32 / weak float32 (Python scalars). `u32*` and `f16*` are
 * weakly typed uint32 / float16 values, which JAX treats as `i*` / `f*` on the lattice.
 */
type Name = "b" | "u32" | "i32" | "f16" | "f32" | "i*" | "f*" | "u32*" | "f16*";

const KINDS: Record<Name, TypedKind> = {
  b: { dtype: "bool", weakType: false },
  u32: { dtype: "uint32", weakType: false },
  i32: { dtype: "int32", weakType: false },
  f16: { dtype: "float16", weakType: false },
  f32: { dtype: "float32", weakType: false },
  "i*": { dtype: "int32", weakType: true },
  "f*": { dtype: "float32", weakType: true },
  "u32*": { dtype: "uint32", weakType: true },
  "f16*": { dtype: "float16", weakType: true },
};

const COLS: Name[] = ["b", "u32", "i32", "f16", "f32", "i*", "f*"];

/**
 * JAX's documented promotion table (docs/type_promotion.rst), restricted to these types, with
 * 64-bit types canonicalized as when x64 is disabled (`u32 x i32 -> i64 -> i32`).
 * Row x column -> result.
 */
const TABLE: Record<string, Name[]> = {
  //      b      u32    i32    f16    f32    i*     f*
  b: ["b", "u32", "i32", "f16", "f32", "i*", "f*"],
  u32: ["u32", "u32", "i32", "f16", "f32", "u32", "f*"],
  i32: ["i32", "i32", "i32", "f16", "f32", "i32", "f*"],
  f16: ["f16", "f16", "f16", "f16", "f32", "f16", "f16"],
  f32: ["f32", "f32", "f32", "f32", "f32", "f32", "f32"],
  "i*": ["i*", "u32", "i32", "f16", "f32", "i*", "f*"],
  "f*": ["f*", "f*", "f*", "f16", "f32", "f*", "f*"],
};

function name(k: TypedKind): string {
  const n = (Object.keys(KINDS) as Name[]).find(
    (key) => KINDS[key].dtype === k.dtype && KINDS[key].weakType === k.weakType,
  );
  return n ?? `${k.dtype}${k.weakType ? "(weak)" : ""}`;
}

describe("promoteTypes: JAX's documented table", () => {
  for (const row of Object.keys(TABLE) as Name[]) {
    test(`row ${row}`, () => {
      const got = COLS.map((col) => name(promoteTypes(KINDS[row], KINDS[col])));
      expect(got).toEqual(TABLE[row]);
    });
  }

  test("the table is symmetric: promoteTypes(a, b) equals promoteTypes(b, a)", () => {
    const all = Object.keys(KINDS) as Name[];
    for (const a of all) {
      for (const b of all) {
        expect(promoteTypes(KINDS[a], KINDS[b]), `${a} x ${b}`).toEqual(promoteTypes(KINDS[b], KINDS[a]));
      }
    }
  });

  test("named examples", () => {
    const p = (a: Name, b: Name) => name(promoteTypes(KINDS[a], KINDS[b]));
    expect(p("i32", "u32")).toBe("i32");
    expect(p("i32", "f*")).toBe("f*");
    expect(p("f16", "i*")).toBe("f16");
    expect(p("f16", "f*")).toBe("f16");
    expect(p("b", "i*")).toBe("i*");
    expect(p("b", "f*")).toBe("f*");
    expect(p("u32", "i*")).toBe("u32");
    expect(p("u32", "f*")).toBe("f*");
    expect(p("i*", "f*")).toBe("f*");
    expect(p("f16", "f32")).toBe("f32");
    expect(p("f16", "i32")).toBe("f16");
    expect(p("b", "b")).toBe("b");
  });

  test("a result is strong unless it is a weak kind (bool is never weak)", () => {
    expect(promoteTypes(KINDS.b, KINDS.b)).toEqual({ dtype: "bool", weakType: false });
    expect(promoteTypes(KINDS["i*"], KINDS.i32)).toEqual({ dtype: "int32", weakType: false });
    expect(promoteTypes(KINDS["f*"], KINDS.f32)).toEqual({ dtype: "float32", weakType: false });
    expect(promoteTypes(KINDS["i*"], KINDS["i*"])).toEqual({ dtype: "int32", weakType: true });
    expect(promoteTypes(KINDS["f*"], KINDS.i32)).toEqual({ dtype: "float32", weakType: true });
    // A weak bool is just bool (JAX's _jax_type keeps bool).
    const weakBool: TypedKind = { dtype: "bool", weakType: true };
    expect(promoteTypes(weakBool, KINDS.b)).toEqual({ dtype: "bool", weakType: false });
    expect(promoteTypes(weakBool, KINDS.i32)).toEqual({ dtype: "int32", weakType: false });
    expect(promoteTypes(weakBool, KINDS["f*"])).toEqual({ dtype: "float32", weakType: true });
    expect(promoteTypes(weakBool, weakBool)).toEqual({ dtype: "bool", weakType: false });
    expect(promoteTypes(weakBool, KINDS["i*"])).toEqual({ dtype: "int32", weakType: true });
    // All weak: JAX joins the strong dtypes (bool, uint32 -> uint32) and keeps them weak.
    expect(promoteTypes(weakBool, KINDS["u32*"])).toEqual({ dtype: "uint32", weakType: true });
    expect(promoteTypes(KINDS["u32*"], weakBool)).toEqual({ dtype: "uint32", weakType: true });
    expect(promoteTypes(weakBool, KINDS["f16*"])).toEqual({ dtype: "float32", weakType: true });
  });
});

describe("promoteTypes: weak values of non-default dtypes (JAX treats them as i*/f*)", () => {
  const cases: [Name, Name, TypedKind][] = [
    // weak uint32 acts as i* against strong dtypes
    ["u32*", "u32", { dtype: "uint32", weakType: false }],
    ["u32*", "i32", { dtype: "int32", weakType: false }],
    ["u32*", "f16", { dtype: "float16", weakType: false }],
    ["u32*", "f32", { dtype: "float32", weakType: false }],
    ["u32*", "b", { dtype: "int32", weakType: true }],
    // weak float16 acts as f*
    ["f16*", "f16", { dtype: "float16", weakType: false }],
    ["f16*", "f32", { dtype: "float32", weakType: false }],
    ["f16*", "i32", { dtype: "float32", weakType: true }],
    ["f16*", "u32", { dtype: "float32", weakType: true }],
    ["f16*", "b", { dtype: "float32", weakType: true }],
    // all weak: the bound of the strong dtypes, as a weak default dtype of its kind
    ["u32*", "u32*", { dtype: "uint32", weakType: true }],
    ["u32*", "i*", { dtype: "int32", weakType: true }],
    ["u32*", "f*", { dtype: "float32", weakType: true }],
    ["f16*", "f16*", { dtype: "float32", weakType: true }],
    ["f16*", "i*", { dtype: "float32", weakType: true }],
    ["f16*", "u32*", { dtype: "float32", weakType: true }],
  ];
  for (const [a, b, want] of cases) {
    test(`${a} x ${b}`, () => {
      expect(promoteTypes(KINDS[a], KINDS[b])).toEqual(want);
      expect(promoteTypes(KINDS[b], KINDS[a])).toEqual(want);
    });
  }
});

describe("resultType", () => {
  test("joins any number of operands", () => {
    expect(resultType(KINDS.i32)).toEqual(KINDS.i32);
    expect(resultType(KINDS.b, KINDS["i*"], KINDS.u32)).toEqual({ dtype: "uint32", weakType: false });
    expect(resultType(KINDS.u32, KINDS["i*"], KINDS["f*"])).toEqual({ dtype: "float32", weakType: true });
    expect(resultType(KINDS["i*"], KINDS["f*"], KINDS.f16)).toEqual({ dtype: "float16", weakType: false });
    expect(resultType(KINDS.u32, KINDS.i32, KINDS.f16, KINDS.f32)).toEqual({ dtype: "float32", weakType: false });
    expect(resultType(KINDS.b, KINDS.b, KINDS.b)).toEqual({ dtype: "bool", weakType: false });
  });

  test("does not depend on operand order", () => {
    const all = Object.keys(KINDS) as Name[];
    for (const a of all) {
      for (const b of all) {
        for (const c of all) {
          const want = resultType(KINDS[a], KINDS[b], KINDS[c]);
          expect(resultType(KINDS[c], KINDS[a], KINDS[b]), `${a},${b},${c}`).toEqual(want);
          expect(resultType(KINDS[b], KINDS[c], KINDS[a]), `${a},${b},${c}`).toEqual(want);
        }
      }
    }
  });

  test("needs an operand", () => {
    expect(() => resultType()).toThrow(/resultType: needs at least one operand/);
  });
});

describe("scalar kinds and dtype helpers", () => {
  test("JS numbers are weak int32 when integral, weak float32 otherwise; booleans are bool", () => {
    expect(scalarKind(2)).toEqual({ dtype: "int32", weakType: true });
    expect(scalarKind(-0)).toEqual({ dtype: "int32", weakType: true });
    expect(scalarKind(1e10)).toEqual({ dtype: "int32", weakType: true });
    expect(scalarKind(2.5)).toEqual({ dtype: "float32", weakType: true });
    expect(scalarKind(NaN)).toEqual({ dtype: "float32", weakType: true });
    expect(scalarKind(Infinity)).toEqual({ dtype: "float32", weakType: true });
    expect(scalarKind(true)).toEqual({ dtype: "bool", weakType: false });
  });

  test("a JS number keeps the dtype of an array operand", () => {
    const strong = (d: DType): TypedKind => ({ dtype: d, weakType: false });
    for (const d of ["float32", "float16", "int32", "uint32"] as const) {
      expect(resultType(strong(d), scalarKind(3))).toEqual(strong(d));
    }
    expect(resultType(strong("float16"), scalarKind(0.5))).toEqual(strong("float16"));
    expect(resultType(strong("int32"), scalarKind(0.5))).toEqual({ dtype: "float32", weakType: true });
    expect(resultType(strong("bool"), scalarKind(3))).toEqual({ dtype: "int32", weakType: true });
    expect(resultType(strong("bool"), scalarKind(true))).toEqual(strong("bool"));
  });

  test("complex64 with every dtype and with JS numbers is complex64 (JAX 0.10.2, x64 off)", () => {
    const strong = (d: DType): TypedKind => ({ dtype: d, weakType: false });
    for (const d of dtypes) {
      expect(resultType(strong(d), strong("complex64"))).toEqual(strong("complex64"));
      expect(resultType(strong("complex64"), strong(d))).toEqual(strong("complex64"));
    }
    expect(resultType(strong("complex64"), scalarKind(1.5))).toEqual(strong("complex64"));
  });

  test("classification, item sizes and float dtypes", () => {
    expect(dtypes).toEqual(["float32", "float16", "int32", "int16", "int8", "uint32", "uint16", "uint8", "bool", "complex64"]);
    expect(dtypes.filter(isFloatDType)).toEqual(["float32", "float16"]);
    expect(dtypes.filter(isIntDType)).toEqual(["int32", "int16", "int8", "uint32", "uint16", "uint8"]);
    expect(dtypes.map(itemsize)).toEqual([4, 2, 4, 2, 1, 4, 2, 1, 1, 8]);
    expect(dtypes.map(floatDTypeFor)).toEqual(["float32", "float16", "float32", "float32", "float32", "float32", "float32", "float32", "float32", "complex64"]);
  });

  test("checkDType accepts dtype names and rejects others naming the op", () => {
    expect(checkDType("np.zeros", "uint32")).toBe("uint32");
    expect(() => checkDType("np.zeros", "float64")).toThrow(TypeError);
    expect(() => checkDType("np.zeros", "float64")).toThrow(/np\.zeros: dtype "float64" is not supported: tsjax has "float32", .* Use "float32"\./);
    expect(() => checkDType("np.ones", 3)).toThrow(/np\.ones: unknown dtype 3/);
  });
});
