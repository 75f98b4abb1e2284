/**
 * The WGSL code of every scalar op of the kernel IR (`compile/scalar-ops.ts`), for the WebGPU
 * backend's kernels. `WGSL_UNARY` and `WGSL_BINARY` are complete over the op names: adding an op
 * there makes TypeScript ask for its code here (and, for an op computed by a helper function,
 * for a `tj_<op>` function in `wgsl-helpers.ts`). float16 math is done in float32 and rounded.
 */
import { type DType, complexNotLowered, intRange, isFloatDType, isSmallIntDType, wideDType } from "../../dtype.js";
import { type BinaryOp, NO_WRAP, type UnaryOp, bitsOf } from "../../compile/scalar-ops.js";
import type { WgslHelpers } from "./wgsl-helpers.js";

/** WGSL type of a value (not of its storage). */
export function wgslType(dtype: DType): string {
  switch (dtype) {
    case "float32": return "f32";
    case "float16": return "f16";
    case "int32": case "int16": case "int8": return "i32";
    case "uint32": case "uint16": case "uint8": return "u32";
    case "bool": return "bool";
    case "complex64": return complexNotLowered("wgslType");
  }
}

/** Converts a float16 WGSL value to f32 for computing; identity for f32. */
function up(dtype: DType, a: string): string {
  return dtype === "float16" ? `f32(${a})` : a;
}
/** Rounds an f32 result back to f16 when the op's dtype is float16. */
function down(h: WgslHelpers, dtype: DType, a: string): string {
  return dtype === "float16" ? `${h.use("f2h")}(${a})` : a;
}

/** WGSL expression for a fused multiply-add `a * b + c` of float values. */
export function wgslFma(h: WgslHelpers, dtype: DType, a: string, b: string, c: string): string {
  return down(h, dtype, `${h.use("fma")}(${up(dtype, a)}, ${up(dtype, b)}, ${up(dtype, c)})`);
}

/** A float op through its WGSL helper function `tj_<op>` (`wgsl-helpers.ts`), in f32. */
const helper = (op: UnaryOp) => (h: WgslHelpers, a: string, d: DType) => down(h, d, `${h.use(op)}(${up(d, a)})`);
/** A float op that WGSL has as a builtin, on the dtype's own type. */
const builtin = (fn: string) => (_h: WgslHelpers, a: string) => `${fn}(${a})`;

type WgslUnaryCode = (h: WgslHelpers, a: string, dtype: DType) => string;

/**
 * WGSL code of each unary op on a value `a` of `dtype`, for float operands and for the others
 * (integers and bool; 8- and 16-bit integers: see `wgslUnary`); a missing kind is an op that
 * does not accept those dtypes.
 */
const WGSL_UNARY: Record<UnaryOp, { float?: WgslUnaryCode; int?: WgslUnaryCode }> = {
  neg: { float: (_h, a) => `(-${a})`, int: (_h, a, d) => (d === "uint32" ? `(0u - ${a})` : `(-${a})`) },
  abs: { float: (_h, a) => `abs(${a})`, int: (_h, a, d) => (d === "uint32" ? a : `abs(${a})`) },
  sign: { float: helper("sign"), int: (_h, a, d) => (d === "uint32" ? `select(0u, 1u, ${a} > 0u)` : `sign(${a})`) },
  floor: { float: builtin("floor") },
  ceil: { float: builtin("ceil") },
  round: { float: builtin("round") },
  trunc: { float: builtin("trunc") },
  exp: { float: helper("exp") },
  exp2: { float: helper("exp2") },
  log: { float: helper("log") },
  log2: { float: helper("log2") },
  log1p: { float: helper("log1p") },
  expm1: { float: helper("expm1") },
  sqrt: { float: helper("sqrt") },
  rsqrt: { float: helper("rsqrt") },
  cbrt: { float: helper("cbrt") },
  sin: { float: helper("sin") },
  cos: { float: helper("cos") },
  tan: { float: helper("tan") },
  asin: { float: helper("asin") },
  acos: { float: helper("acos") },
  atan: { float: helper("atan") },
  sinh: { float: helper("sinh") },
  cosh: { float: helper("cosh") },
  tanh: { float: helper("tanh") },
  asinh: { float: helper("asinh") },
  acosh: { float: helper("acosh") },
  atanh: { float: helper("atanh") },
  logistic: { float: helper("logistic") },
  not: { int: (_h, a, d) => (d === "bool" ? `(!${a})` : `(~${a})`) },
  isnan: { float: (h, a, d) => `${h.bit("isnan")}(${up(d, a)})`, int: () => "false" },
  isinf: { float: (h, a, d) => `${h.bit("isinf")}(${up(d, a)})`, int: () => "false" },
  isfinite: { float: (h, a, d) => `${h.bit("isfinite")}(${up(d, a)})`, int: () => "true" },
  // The result has the operand's dtype (as lax.population_count / lax.clz).
  popcount: { int: (_h, a) => `countOneBits(${a})` },
  clz: { int: (_h, a) => `countLeadingZeros(${a})` },
};

/** WGSL expression for a unary op. */
export function wgslUnary(h: WgslHelpers, op: UnaryOp, dtype: DType, a: string): string {
  if (isSmallIntDType(dtype)) return wgslSmallUnary(h, op, dtype, a);
  const code = isFloatDType(dtype) ? WGSL_UNARY[op].float : WGSL_UNARY[op].int;
  if (!code) throw new Error(`internal: no WGSL code for unary ${op} on ${dtype}`);
  return code(h, a, dtype);
}

type WgslBinaryCode = (h: WgslHelpers, a: string, b: string, dtype: DType, bConst?: number | boolean) => string;

/** WGSL code of a binary op by kind of operand dtype; a missing kind is an op that does not accept it. */
interface WgslBinaryCodes {
  float?: WgslBinaryCode;
  int?: WgslBinaryCode;
  bool?: WgslBinaryCode;
}

/** A comparison; floats compare with explicit NaN checks (the compiler may assume there are no NaNs). */
function comparison(operator: string): WgslBinaryCodes {
  const ordered = operator !== "==" && operator !== "!=";
  return {
    bool: (_h, a, b) => (ordered ? `(select(0u, 1u, ${a}) ${operator} select(0u, 1u, ${b}))` : `(${a} ${operator} ${b})`),
    int: (_h, a, b) => `(${a} ${operator} ${b})`,
    float: (h, a, b, d) => {
      h.use("bits");
      const x = up(d, a);
      const y = up(d, b);
      if (operator === "!=") return `(!(${x} == ${y}) || tj_isnan(${x}) || tj_isnan(${y}))`;
      return `((${x} ${operator} ${y}) && !tj_isnan(${x}) && !tj_isnan(${y}))`;
    },
  };
}

/** A float op written with an operator, in f32. */
const floatOperator = (operator: string): WgslBinaryCode => (h, a, b, d) => down(h, d, `(${up(d, a)} ${operator} ${up(d, b)})`);
/** A float op through its WGSL helper function `tj_<op>`, in f32. */
const floatHelper = (op: BinaryOp): WgslBinaryCode => (h, a, b, d) => down(h, d, `${h.use(op)}(${up(d, a)}, ${up(d, b)})`);
/** max/min of floats: NaN wins; a constant operand is never NaN, so only the other needs the check. */
const floatExtreme = (op: "max" | "min"): WgslBinaryCode => (h, a, b, d, bConst) => {
  const x = up(d, a);
  const y = up(d, b);
  if (typeof bConst === "number" && !Number.isNaN(bConst)) return down(h, d, `select(${op}(${x}, ${y}), ${x}, ${h.bit("isnan")}(${x}))`);
  return down(h, d, `${h.use(op)}(${x}, ${y})`);
};
/** An integer divisor known to be nonzero: the zero check can go. */
const safeDivisor = (bConst?: number | boolean) => typeof bConst === "number" && bConst !== 0;

/**
 * WGSL code of each binary op. `bConst` is the right operand's value when it is a compile-time
 * constant (lets integer division skip its zero check, and max/min skip the NaN check of that
 * operand).
 */
const WGSL_BINARY: Record<BinaryOp, WgslBinaryCodes> = {
  add: { float: floatOperator("+"), int: (_h, a, b) => `(${a} + ${b})` },
  sub: { float: floatOperator("-"), int: (_h, a, b) => `(${a} - ${b})` },
  mul: { float: floatOperator("*"), int: (_h, a, b) => `(${a} * ${b})` },
  div: {
    float: floatHelper("div"),
    int: (h, a, b, d, bConst) => (safeDivisor(bConst) ? `(${a} / ${b})` : `${h.use(d === "uint32" ? "udiv" : "idiv")}(${a}, ${b})`),
  },
  rem: {
    float: floatHelper("rem"),
    int: (h, a, b, d, bConst) => {
      const u = d === "uint32";
      return safeDivisor(bConst) ? `(${a} % ${b})` : `select(${h.use(u ? "urem" : "irem")}(${a}, ${b}), ${a}, ${b} == ${u ? "0u" : "0i"})`;
    },
  },
  pow: { float: floatHelper("pow"), int: (h, a, b, d) => `${h.use(d === "uint32" ? "upow" : "ipow")}(${a}, ${b})` },
  max: { float: floatExtreme("max"), int: (_h, a, b) => `max(${a}, ${b})`, bool: (_h, a, b) => `(${a} || ${b})` },
  min: { float: floatExtreme("min"), int: (_h, a, b) => `min(${a}, ${b})`, bool: (_h, a, b) => `(${a} && ${b})` },
  atan2: { float: floatHelper("atan2") },
  and: { int: (_h, a, b) => `(${a} & ${b})`, bool: (_h, a, b) => `(${a} && ${b})` },
  or: { int: (_h, a, b) => `(${a} | ${b})`, bool: (_h, a, b) => `(${a} || ${b})` },
  xor: { int: (_h, a, b) => `(${a} ^ ${b})`, bool: (_h, a, b) => `(${a} != ${b})` },
  shl: { int: (_h, a, b, d) => `select(${a} << u32(${b}), ${d === "uint32" ? "0u" : "0"}, u32(${b}) >= 32u)` },
  srl: {
    int: (_h, a, b, d) =>
      d === "uint32"
        ? `select(${a} >> u32(${b}), 0u, u32(${b}) >= 32u)`
        : `select(i32(u32(${a}) >> u32(${b})), 0, u32(${b}) >= 32u)`,
  },
  sra: {
    int: (_h, a, b, d) =>
      d === "uint32"
        ? `u32(select(i32(${a}) >> u32(${b}), i32(${a}) >> 31u, u32(${b}) >= 32u))`
        : `select(${a} >> u32(${b}), ${a} >> 31u, u32(${b}) >= 32u)`,
  },
  eq: comparison("=="),
  ne: comparison("!="),
  lt: comparison("<"),
  le: comparison("<="),
  gt: comparison(">"),
  ge: comparison(">="),
};

/** WGSL expression for a binary op (see `WGSL_BINARY` for `bConst`). */
export function wgslBinary(
  h: WgslHelpers, op: BinaryOp, dtype: DType, a: string, b: string, bConst?: number | boolean,
): string {
  if (isSmallIntDType(dtype)) return wgslSmallBinary(h, op, dtype, a, b, bConst);
  const codes = WGSL_BINARY[op];
  const code = dtype === "bool" ? codes.bool : isFloatDType(dtype) ? codes.float : codes.int;
  if (!code) throw new Error(`internal: ${op} on ${dtype}`);
  return code(h, a, b, dtype, bConst);
}

/** WGSL code wrapping a 32-bit integer value into small integer dtype `dtype`. */
function wgslWrapSmall(dtype: DType, code: string): string {
  const b = bitsOf(dtype);
  return wideDType(dtype) === "int32" ? `((${code} << ${32 - b}u) >> ${32 - b}u)` : `(${code} & ${2 ** b - 1}u)`;
}

function wgslSmallUnary(h: WgslHelpers, op: UnaryOp, dtype: DType, a: string): string {
  const w = wideDType(dtype);
  const mask = `${2 ** bitsOf(dtype) - 1}u`;
  const bits = w === "int32" ? `(u32(${a}) & ${mask})` : `(${a} & ${mask})`;
  const back = (code: string) => (w === "int32" ? `i32(${code})` : code);
  if (op === "popcount") return back(`countOneBits(${bits})`);
  if (op === "clz") return back(`(countLeadingZeros(${bits}) - ${32 - bitsOf(dtype)}u)`);
  const code = wgslUnary(h, op, w, a);
  return NO_WRAP.has(op) ? code : wgslWrapSmall(dtype, code);
}

function wgslSmallBinary(h: WgslHelpers, op: BinaryOp, dtype: DType, a: string, b: string, bConst?: number | boolean): string {
  const w = wideDType(dtype);
  if (op === "srl") {
    const mask = `${2 ** bitsOf(dtype) - 1}u`;
    const bits = w === "int32" ? `(u32(${a}) & ${mask})` : `(${a} & ${mask})`;
    const shifted = `select(${bits} >> u32(${b}), 0u, u32(${b}) >= 32u)`;
    return wgslWrapSmall(dtype, w === "int32" ? `i32(${shifted})` : shifted);
  }
  const code = wgslBinary(h, op, w, a, b, bConst);
  return NO_WRAP.has(op) ? code : wgslWrapSmall(dtype, code);
}

/** WGSL expression converting a value of dtype `from` to `to`. */
export function wgslCast(h: WgslHelpers, from: DType, to: DType, a: string): string {
  if (from === to) return a;
  const fromFloat = from === "float32" || from === "float16";
  if (to === "bool") {
    if (fromFloat) return `(${up(from, a)} != 0.0 || ${h.bit("isnan")}(${up(from, a)}))`;
    return `(${a} != ${wgslZero(from)})`;
  }
  if (from === "bool") return `select(${wgslZero(to)}, ${wgslOne(to)}, ${a})`;
  if (isSmallIntDType(to)) {
    const w = wideDType(to);
    // floats saturate (NaN to 0), integers wrap, as XLA converts
    if (!fromFloat) return wgslWrapSmall(to, `${wgslType(w)}(${a})`);
    const [lo, hi] = intRange(to);
    const x = up(from, a);
    return `select(${wgslType(w)}(clamp(trunc(${x}), ${lo}.0, ${hi}.0)), ${w === "int32" ? "0" : "0u"}, ${h.bit("isnan")}(${x}))`;
  }
  switch (to) {
    case "float32": return `f32(${a})`;
    case "float16": return `${h.use("f2h")}(f32(${a}))`;
    case "int32": return fromFloat ? `${h.use("f2i")}(${up(from, a)})` : `i32(${a})`;
    case "uint32": return fromFloat ? `${h.use("f2u")}(${up(from, a)})` : `u32(${a})`;
  }
  throw new Error(`internal: cast ${from} -> ${to}`);
}

/** WGSL bitcast between 32-bit dtypes. */
export function wgslBitcast(from: DType, to: DType, a: string): string {
  return from === to ? a : `bitcast<${wgslType(to)}>(${a})`;
}

function wgslZero(dtype: DType): string {
  return dtype === "float32" ? "0.0" : dtype === "float16" ? "f16(0.0)" : wideDType(dtype) === "uint32" ? "0u" : dtype === "bool" ? "false" : "0";
}
function wgslOne(dtype: DType): string {
  return dtype === "float32" ? "1.0" : dtype === "float16" ? "f16(1.0)" : wideDType(dtype) === "uint32" ? "1u" : dtype === "bool" ? "true" : "1";
}
