/**
 * Scalar operations of the kernel IR: their result dtypes and their code in JavaScript and WGSL.
 *
 * This table is the single definition of what each scalar op computes. The JS code generator,
 * the WGSL code generator and constant folding all read it, so the CPU and WebGPU backends
 * cannot drift apart.
 *
 * Value conventions in generated JS: float32 values are `Math.fround`ed numbers, float16 values
 * are numbers rounded to float16, int32 values are `|0` numbers, uint32 values are `>>>0`
 * numbers, bools are JS booleans. In WGSL, float16 math is done in float32 and rounded.
 */
import { type DType, complexNotLowered, intRange, isSmallIntDType, wideDType } from "../dtype.js";
import { R } from "../backend/cpu/js-runtime.js";
import type { WgslHelpers } from "../backend/webgpu/wgsl-helpers.js";

const UNARY_OPS = [
  "neg", "abs", "sign", "floor", "ceil", "round", "trunc",
  "exp", "exp2", "log", "log2", "log1p", "expm1", "sqrt", "rsqrt", "cbrt",
  "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "logistic", "not", "isnan", "isinf", "isfinite", "popcount", "clz",
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export const BINARY_OPS = [
  "add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2",
  "and", "or", "xor", "shl", "sra", "srl",
  "eq", "ne", "lt", "le", "gt", "ge",
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ScalarOp = UnaryOp | BinaryOp;

const COMPARISONS = new Set<string>(["eq", "ne", "lt", "le", "gt", "ge"]);
const PREDICATES = new Set<string>(["isnan", "isinf", "isfinite"]);

/** The dtype a scalar op returns for operands of `dtype`. */
/** A JavaScript integer literal greater than zero. */
const POSITIVE_LITERAL = /^[1-9][0-9]*$/;

export function scalarResultDType(op: ScalarOp, dtype: DType): DType {
  return COMPARISONS.has(op) || PREDICATES.has(op) ? "bool" : dtype;
}

/** Which operand dtypes each op accepts (the primitives check this with a readable error first). */
export function scalarOpAccepts(op: ScalarOp, dtype: DType): boolean {
  const float = dtype === "float32" || dtype === "float16";
  const int = dtype !== "bool" && !float;
  switch (op) {
    case "not": case "and": case "or": case "xor":
      return int || dtype === "bool";
    case "shl": case "sra": case "srl": case "popcount": case "clz":
      return int;
    case "eq": case "ne": case "lt": case "le": case "gt": case "ge": case "max": case "min":
    case "isnan": case "isinf": case "isfinite":
      return true;
    case "add": case "sub": case "mul": case "div": case "rem": case "pow": case "neg": case "abs": case "sign":
      return float || int;
    default:
      return float;
  }
}

// ---------------------------------------------------------------------------------------------
// JavaScript

function jsRound(dtype: DType, code: string): string {
  return dtype === "float16" ? `R.hround(${code})` : `Math.fround(${code})`;
}

const JS_FLOAT_UNARY: Partial<Record<UnaryOp, (a: string) => string>> = {
  floor: (a) => `Math.floor(${a})`,
  ceil: (a) => `Math.ceil(${a})`,
  round: (a) => `R.rint(${a})`,
  trunc: (a) => `Math.trunc(${a})`,
  exp: (a) => `Math.exp(${a})`,
  exp2: (a) => `Math.pow(2, ${a})`,
  log: (a) => `Math.log(${a})`,
  log2: (a) => `Math.log2(${a})`,
  log1p: (a) => `Math.log1p(${a})`,
  expm1: (a) => `Math.expm1(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
  rsqrt: (a) => `(1 / Math.sqrt(${a}))`,
  cbrt: (a) => `Math.cbrt(${a})`,
  sin: (a) => `Math.sin(${a})`,
  cos: (a) => `Math.cos(${a})`,
  tan: (a) => `Math.tan(${a})`,
  asin: (a) => `Math.asin(${a})`,
  acos: (a) => `Math.acos(${a})`,
  atan: (a) => `Math.atan(${a})`,
  sinh: (a) => `Math.sinh(${a})`,
  cosh: (a) => `Math.cosh(${a})`,
  tanh: (a) => `Math.tanh(${a})`,
  asinh: (a) => `Math.asinh(${a})`,
  acosh: (a) => `Math.acosh(${a})`,
  atanh: (a) => `Math.atanh(${a})`,
  logistic: (a) => `R.logistic(${a})`,
};

function wrapInt(dtype: DType, code: string): string {
  return dtype === "uint32" ? `((${code}) >>> 0)` : `((${code}) | 0)`;
}

/**
 * 8- and 16-bit integers: the op's code in their 32-bit dtype, wrapped to their width where
 * it can leave the range (two's complement, as XLA); bit counts and logical shifts see the
 * value's own width.
 */
const NO_WRAP = new Set<string>(["eq", "ne", "lt", "le", "gt", "ge", "max", "min", "and", "or", "xor", "sign", "isnan", "isinf", "isfinite"]);

/** The width in bits of a small integer dtype. */
const bitsOf = (dtype: DType) => (dtype === "int8" || dtype === "uint8" ? 8 : 16);

/** JS code wrapping a 32-bit integer value into small integer dtype `dtype`. */
function jsWrapSmall(dtype: DType, code: string): string {
  const b = bitsOf(dtype);
  return wideDType(dtype) === "int32" ? `(((${code}) << ${32 - b}) >> ${32 - b})` : `((${code}) & ${2 ** b - 1})`;
}

function jsSmallUnary(op: UnaryOp, dtype: DType, a: string): string {
  const w = wideDType(dtype);
  const mask = 2 ** bitsOf(dtype) - 1;
  if (op === "popcount") return `R.popcnt(${a} & ${mask})`;
  if (op === "clz") return `(Math.clz32(${a} & ${mask}) - ${32 - bitsOf(dtype)})`;
  const code = jsUnary(op, w, a);
  return NO_WRAP.has(op) ? code : jsWrapSmall(dtype, code);
}

function jsSmallBinary(op: BinaryOp, dtype: DType, a: string, b: string): string {
  const w = wideDType(dtype);
  if (op === "srl") return jsWrapSmall(dtype, `R.srl(${a} & ${2 ** bitsOf(dtype) - 1}, ${b})`);
  const code = jsBinary(op, w, a, b);
  return NO_WRAP.has(op) ? code : jsWrapSmall(dtype, code);
}

/** JS expression for a unary op on a value of `dtype`. */
export function jsUnary(op: UnaryOp, dtype: DType, a: string): string {
  if (isSmallIntDType(dtype)) return jsSmallUnary(op, dtype, a);
  const float = dtype === "float32" || dtype === "float16";
  switch (op) {
    case "neg":
      return float ? `(-${a})` : wrapInt(dtype, `-${a}`);
    case "abs":
      return float ? `Math.abs(${a})` : dtype === "uint32" ? a : `(Math.abs(${a}) | 0)`;
    case "sign":
      return dtype === "uint32" ? `(${a} > 0 ? 1 : 0)` : `Math.sign(${a})`;
    case "not":
      return dtype === "bool" ? `(!${a})` : wrapInt(dtype, `~${a}`);
    case "isnan":
      return float ? `(${a} !== ${a})` : "false";
    case "isinf":
      return float ? `(${a} === Infinity || ${a} === -Infinity)` : "false";
    case "isfinite":
      return float ? `Number.isFinite(${a})` : "true";
    case "popcount":
      return `R.popcnt(${a})`;
    case "clz":
      return `Math.clz32(${a})`;
  }
  const f = JS_FLOAT_UNARY[op];
  if (!f) throw new Error(`internal: no JS code for unary ${op}`);
  return jsRound(dtype, f(a));
}

const JS_CMP: Record<string, string> = { eq: "===", ne: "!==", lt: "<", le: "<=", gt: ">", ge: ">=" };

/** JS expression for a binary op on two values of `dtype`. */
export function jsBinary(op: BinaryOp, dtype: DType, a: string, b: string): string {
  if (isSmallIntDType(dtype)) return jsSmallBinary(op, dtype, a, b);
  if (op in JS_CMP) {
    return dtype === "bool" && op !== "eq" && op !== "ne"
      ? `(+${a} ${JS_CMP[op]} +${b})`
      : `(${a} ${JS_CMP[op]} ${b})`;
  }
  if (dtype === "bool") {
    switch (op) {
      case "and": case "min": return `(${a} && ${b})`;
      case "or": case "max": return `(${a} || ${b})`;
      case "xor": return `(${a} !== ${b})`;
    }
    throw new Error(`internal: ${op} on bool`);
  }
  if (dtype === "float32" || dtype === "float16") {
    switch (op) {
      case "add": return jsRound(dtype, `${a} + ${b}`);
      case "sub": return jsRound(dtype, `${a} - ${b}`);
      case "mul": return jsRound(dtype, `${a} * ${b}`);
      case "div": return jsRound(dtype, `${a} / ${b}`);
      case "rem": return jsRound(dtype, `${a} % ${b}`);
      case "pow": return jsRound(dtype, `R.pow(${a}, ${b})`);
      case "atan2": return jsRound(dtype, `Math.atan2(${a}, ${b})`);
      case "max": return `Math.max(${a}, ${b})`;
      case "min": return `Math.min(${a}, ${b})`;
    }
    throw new Error(`internal: ${op} on ${dtype}`);
  }
  const u = dtype === "uint32";
  switch (op) {
    case "add": return wrapInt(dtype, `${a} + ${b}`);
    case "sub": return wrapInt(dtype, `${a} - ${b}`);
    case "mul": return u ? `(Math.imul(${a}, ${b}) >>> 0)` : `Math.imul(${a}, ${b})`;
    // by a positive literal (index arithmetic): no zero check, no call
    case "div": return u ? `R.udiv(${a}, ${b})` : POSITIVE_LITERAL.test(b) ? `((${a} / ${b}) | 0)` : `R.idiv(${a}, ${b})`;
    // Integer remainder by zero is the dividend, as in XLA (lax.rem); INT_MIN % -1 is 0.
    case "rem":
      if (POSITIVE_LITERAL.test(b)) return u ? `((${a} % ${b}) >>> 0)` : `((${a} % ${b}) | 0)`;
      return u ? `(${b} === 0 ? ${a} : (${a} % ${b}) >>> 0)` : `(${b} === 0 ? ${a} : (${a} % ${b}) | 0)`;
    case "pow": return u ? `R.upow(${a}, ${b})` : `R.ipow(${a}, ${b})`;
    case "max": return `Math.max(${a}, ${b})`;
    case "min": return `Math.min(${a}, ${b})`;
    case "and": return wrapInt(dtype, `${a} & ${b}`);
    case "or": return wrapInt(dtype, `${a} | ${b}`);
    case "xor": return wrapInt(dtype, `${a} ^ ${b}`);
    case "shl": return wrapInt(dtype, `R.shl(${a}, ${b})`);
    case "sra": return wrapInt(dtype, `R.sra(${a}, ${b})`);
    case "srl": return wrapInt(dtype, `R.srl(${a}, ${b})`);
  }
  throw new Error(`internal: ${op} on ${dtype}`);
}

/** JS expression converting a value of dtype `from` to dtype `to`. */
export function jsCast(from: DType, to: DType, a: string): string {
  if (from === to) return a;
  const fromFloat = from === "float32" || from === "float16";
  if (to === "bool") return `(${a} !== 0)`;
  if (from === "bool") return `(${a} ? 1 : 0)`;
  if (isSmallIntDType(to)) {
    // floats saturate (NaN to 0), integers wrap, as XLA converts
    if (!fromFloat) return jsWrapSmall(to, a);
    const [lo, hi] = intRange(to);
    return `(${a} !== ${a} ? 0 : ${a} >= ${hi} ? ${hi} : ${a} <= ${lo} ? ${lo} : Math.trunc(${a}))`;
  }
  switch (to) {
    case "float32": return from === "float16" ? a : `Math.fround(${a})`;
    case "float16": return `R.hround(${a})`;
    case "int32": return fromFloat ? `R.f2i(${a})` : `(${a} | 0)`;
    case "uint32": return fromFloat ? `R.f2u(${a})` : `(${a} >>> 0)`;
  }
  throw new Error(`internal: cast ${from} -> ${to}`);
}

/** JS expression reinterpreting the 32 bits of a value of `from` as `to`. */
export function jsBitcast(from: DType, to: DType, a: string): string {
  if (from === to) return a;
  if (from === "float32") return to === "int32" ? `R.f2ibits(${a})` : `R.f2ubits(${a})`;
  if (to === "float32") return `R.i2fbits(${a})`;
  return to === "int32" ? `(${a} | 0)` : `(${a} >>> 0)`;
}

// ---------------------------------------------------------------------------------------------
// Constant folding, from the JS code above.

type Folder = (r: typeof R, a: number | boolean, b?: number | boolean) => number | boolean;
const folders = new Map<string, Folder>();

function folder(key: string, code: string): Folder {
  let f = folders.get(key);
  if (!f) {
    f = new Function("R", "a", "b", `return ${code};`) as Folder;
    folders.set(key, f);
  }
  return f;
}

/** Evaluates a scalar op on constants with exactly the semantics of generated kernels. */
/** JS expression for a fused multiply-add `a * b + c` of float values, rounded once. */
export function jsFma(dtype: DType, a: string, b: string, c: string): string {
  // float16: the product is exact in a double, and the double sum rounds far below float16's
  // precision.
  return dtype === "float16" ? `R.hround(${a} * ${b} + ${c})` : `R.fmaf(${a}, ${b}, ${c})`;
}

/** Folds `fma(a, b, c)` of constants with the kernel semantics. */
export function foldFma(dtype: DType, a: number, b: number, c: number): number {
  return dtype === "float16" ? R.hround(a * b + c) : R.fmaf(a, b, c);
}

export function foldScalar(op: ScalarOp, dtype: DType, a: number | boolean, b?: number | boolean): number | boolean {
  const code = (BINARY_OPS as readonly string[]).includes(op)
    ? jsBinary(op as BinaryOp, dtype, "a", "b")
    : jsUnary(op as UnaryOp, dtype, "a");
  return folder(`${op}:${dtype}`, code)(R, a, b);
}

/** Casts a constant with kernel semantics. */
export function foldCast(from: DType, to: DType, a: number | boolean): number | boolean {
  return folder(`cast:${from}:${to}`, jsCast(from, to, "a"))(R, a);
}

/** Bitcasts a constant with kernel semantics. */
export function foldBitcast(from: DType, to: DType, a: number | boolean): number | boolean {
  return folder(`bitcast:${from}:${to}`, jsBitcast(from, to, "a"))(R, a);
}

// ---------------------------------------------------------------------------------------------
// WGSL

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

const WGSL_FLOAT_UNARY: Partial<Record<UnaryOp, string>> = {
  floor: "floor", ceil: "ceil", round: "round", trunc: "trunc",
};
const WGSL_HELPER_UNARY = new Set<UnaryOp>([
  "exp", "exp2", "log", "log2", "log1p", "expm1", "sqrt", "rsqrt", "cbrt", "sin", "cos", "tan",
  "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "logistic", "sign",
]);

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

/** WGSL expression for a unary op. */
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

export function wgslUnary(h: WgslHelpers, op: UnaryOp, dtype: DType, a: string): string {
  if (isSmallIntDType(dtype)) return wgslSmallUnary(h, op, dtype, a);
  const float = dtype === "float32" || dtype === "float16";
  if (float) {
    const x = up(dtype, a);
    switch (op) {
      case "neg": return `(-${a})`;
      case "abs": return `abs(${a})`;
      case "isnan": return `${h.bit("isnan")}(${x})`;
      case "isinf": return `${h.bit("isinf")}(${x})`;
      case "isfinite": return `${h.bit("isfinite")}(${x})`;
    }
    if (WGSL_FLOAT_UNARY[op]) return `${WGSL_FLOAT_UNARY[op]}(${a})`;
    if (WGSL_HELPER_UNARY.has(op)) return down(h, dtype, `${h.use(op)}(${x})`);
    throw new Error(`internal: no WGSL code for unary ${op} on ${dtype}`);
  }
  switch (op) {
    case "neg": return dtype === "uint32" ? `(0u - ${a})` : `(-${a})`;
    case "abs": return dtype === "uint32" ? a : `abs(${a})`;
    case "sign": return dtype === "uint32" ? `select(0u, 1u, ${a} > 0u)` : `sign(${a})`;
    case "not": return dtype === "bool" ? `(!${a})` : `(~${a})`;
    case "isnan": case "isinf": return "false";
    case "isfinite": return "true";
    // The result has the operand's dtype (as lax.population_count / lax.clz).
    case "popcount": return `countOneBits(${a})`;
    case "clz": return `countLeadingZeros(${a})`;
  }
  throw new Error(`internal: no WGSL code for unary ${op} on ${dtype}`);
}

const WGSL_CMP: Record<string, string> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };

/**
 * WGSL expression for a binary op. `bConst` is the right operand's value when it is a
 * compile-time constant (lets integer division skip its zero check, and max/min skip the
 * NaN check of that operand).
 */
export function wgslBinary(
  h: WgslHelpers, op: BinaryOp, dtype: DType, a: string, b: string, bConst?: number | boolean,
): string {
  if (isSmallIntDType(dtype)) return wgslSmallBinary(h, op, dtype, a, b, bConst);
  const float = dtype === "float32" || dtype === "float16";
  if (op in WGSL_CMP) {
    if (dtype === "bool") {
      if (op === "eq" || op === "ne") return `(${a} ${WGSL_CMP[op]} ${b})`;
      return `(select(0u, 1u, ${a}) ${WGSL_CMP[op]} select(0u, 1u, ${b}))`;
    }
    if (!float) return `(${a} ${WGSL_CMP[op]} ${b})`;
    h.use("bits");
    const x = up(dtype, a);
    const y = up(dtype, b);
    // Explicit NaN handling: the compiler may assume there are no NaNs.
    if (op === "ne") return `(!(${x} == ${y}) || tj_isnan(${x}) || tj_isnan(${y}))`;
    return `((${x} ${WGSL_CMP[op]} ${y}) && !tj_isnan(${x}) && !tj_isnan(${y}))`;
  }
  if (dtype === "bool") {
    switch (op) {
      case "and": case "min": return `(${a} && ${b})`;
      case "or": case "max": return `(${a} || ${b})`;
      case "xor": return `(${a} != ${b})`;
    }
    throw new Error(`internal: ${op} on bool`);
  }
  if (float) {
    const x = up(dtype, a);
    const y = up(dtype, b);
    switch (op) {
      case "add": return down(h, dtype, `(${x} + ${y})`);
      case "sub": return down(h, dtype, `(${x} - ${y})`);
      case "mul": return down(h, dtype, `(${x} * ${y})`);
      case "max": case "min":
        // a constant operand is never NaN: only the other needs the NaN check
        if (typeof bConst === "number" && !Number.isNaN(bConst)) return down(h, dtype, `select(${op}(${x}, ${y}), ${x}, ${h.bit("isnan")}(${x}))`);
        return down(h, dtype, `${h.use(op)}(${x}, ${y})`);
      case "div": case "rem": case "pow": case "atan2":
        return down(h, dtype, `${h.use(op)}(${x}, ${y})`);
    }
    throw new Error(`internal: ${op} on ${dtype}`);
  }
  const u = dtype === "uint32";
  const safeDivisor = typeof bConst === "number" && bConst !== 0;
  switch (op) {
    case "add": return `(${a} + ${b})`;
    case "sub": return `(${a} - ${b})`;
    case "mul": return `(${a} * ${b})`;
    case "div": return safeDivisor ? `(${a} / ${b})` : `${h.use(u ? "udiv" : "idiv")}(${a}, ${b})`;
    case "rem": return safeDivisor ? `(${a} % ${b})` : `select(${h.use(u ? "urem" : "irem")}(${a}, ${b}), ${a}, ${b} == ${u ? "0u" : "0i"})`;
    case "pow": return `${h.use(u ? "upow" : "ipow")}(${a}, ${b})`;
    case "max": return `max(${a}, ${b})`;
    case "min": return `min(${a}, ${b})`;
    case "and": return `(${a} & ${b})`;
    case "or": return `(${a} | ${b})`;
    case "xor": return `(${a} ^ ${b})`;
    case "shl": return `select(${a} << u32(${b}), ${u ? "0u" : "0"}, u32(${b}) >= 32u)`;
    case "srl":
      return u
        ? `select(${a} >> u32(${b}), 0u, u32(${b}) >= 32u)`
        : `select(i32(u32(${a}) >> u32(${b})), 0, u32(${b}) >= 32u)`;
    case "sra":
      return u
        ? `u32(select(i32(${a}) >> u32(${b}), i32(${a}) >> 31u, u32(${b}) >= 32u))`
        : `select(${a} >> u32(${b}), ${a} >> 31u, u32(${b}) >= 32u)`;
  }
  throw new Error(`internal: ${op} on ${dtype}`);
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
