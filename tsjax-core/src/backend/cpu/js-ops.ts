/**
 * The JavaScript code of every scalar op of the kernel IR (`compile/scalar-ops.ts`), for the
 * CPU backend's kernels and for constant folding (`compile/fold.ts`), which evaluates this same
 * code. `JS_UNARY` and `JS_BINARY` are complete over the op names: adding an op there makes
 * TypeScript ask for its code here.
 *
 * Value conventions in generated JS: float32 values are `Math.fround`ed numbers, float16 values
 * are numbers rounded to float16, int32 values are `|0` numbers, uint32 values are `>>>0`
 * numbers, bools are JS booleans. Helpers are called as `R.name` (`js-runtime.ts`).
 */
import { type DType, intRange, isFloatDType, isSmallIntDType, wideDType } from "../../dtype.js";
import { type BinaryOp, NO_WRAP, type UnaryOp, bitsOf } from "../../compile/scalar-ops.js";

/** A JavaScript integer literal greater than zero. */
const POSITIVE_LITERAL = /^[1-9][0-9]*$/;

function jsRound(dtype: DType, code: string): string {
  return dtype === "float16" ? `R.hround(${code})` : `Math.fround(${code})`;
}

function wrapInt(dtype: DType, code: string): string {
  return dtype === "uint32" ? `((${code}) >>> 0)` : `((${code}) | 0)`;
}

/** A float op: `code` computed in double precision, rounded to the dtype. */
const rounded = (code: (a: string) => string) => (a: string, dtype: DType) => jsRound(dtype, code(a));

/** JS code of each unary op on a value `a` of `dtype` (8- and 16-bit integers: see `jsUnary`). */
const JS_UNARY: Record<UnaryOp, (a: string, dtype: DType) => string> = {
  neg: (a, d) => (isFloatDType(d) ? `(-${a})` : wrapInt(d, `-${a}`)),
  abs: (a, d) => (isFloatDType(d) ? `Math.abs(${a})` : d === "uint32" ? a : `(Math.abs(${a}) | 0)`),
  sign: (a, d) => (d === "uint32" ? `(${a} > 0 ? 1 : 0)` : `Math.sign(${a})`),
  floor: rounded((a) => `Math.floor(${a})`),
  ceil: rounded((a) => `Math.ceil(${a})`),
  round: rounded((a) => `R.rint(${a})`),
  trunc: rounded((a) => `Math.trunc(${a})`),
  exp: rounded((a) => `Math.exp(${a})`),
  exp2: rounded((a) => `Math.pow(2, ${a})`),
  log: rounded((a) => `Math.log(${a})`),
  log2: rounded((a) => `Math.log2(${a})`),
  log1p: rounded((a) => `Math.log1p(${a})`),
  expm1: rounded((a) => `Math.expm1(${a})`),
  sqrt: rounded((a) => `Math.sqrt(${a})`),
  rsqrt: rounded((a) => `(1 / Math.sqrt(${a}))`),
  cbrt: rounded((a) => `Math.cbrt(${a})`),
  sin: rounded((a) => `Math.sin(${a})`),
  cos: rounded((a) => `Math.cos(${a})`),
  tan: rounded((a) => `Math.tan(${a})`),
  asin: rounded((a) => `Math.asin(${a})`),
  acos: rounded((a) => `Math.acos(${a})`),
  atan: rounded((a) => `Math.atan(${a})`),
  sinh: rounded((a) => `Math.sinh(${a})`),
  cosh: rounded((a) => `Math.cosh(${a})`),
  tanh: rounded((a) => `Math.tanh(${a})`),
  asinh: rounded((a) => `Math.asinh(${a})`),
  acosh: rounded((a) => `Math.acosh(${a})`),
  atanh: rounded((a) => `Math.atanh(${a})`),
  logistic: rounded((a) => `R.logistic(${a})`),
  not: (a, d) => (d === "bool" ? `(!${a})` : wrapInt(d, `~${a}`)),
  isnan: (a, d) => (isFloatDType(d) ? `(${a} !== ${a})` : "false"),
  isinf: (a, d) => (isFloatDType(d) ? `(${a} === Infinity || ${a} === -Infinity)` : "false"),
  isfinite: (a, d) => (isFloatDType(d) ? `Number.isFinite(${a})` : "true"),
  popcount: (a) => `R.popcnt(${a})`,
  clz: (a) => `Math.clz32(${a})`,
};

type JsBinary = (a: string, b: string, dtype: DType) => string;

/**
 * JS code of a binary op by kind of operand dtype (8- and 16-bit integers: see `jsBinary`); a
 * missing kind is an op that does not accept that dtype.
 */
interface JsBinaryCode {
  float?: JsBinary;
  int?: JsBinary;
  bool?: JsBinary;
}

/** A comparison: the same operator on every dtype (bools ordered as numbers). */
function comparison(operator: string): JsBinaryCode {
  const code: JsBinary = (a, b) => `(${a} ${operator} ${b})`;
  const ordered = operator !== "===" && operator !== "!==";
  return { float: code, int: code, bool: ordered ? (a, b) => `(+${a} ${operator} +${b})` : code };
}

const JS_BINARY: Record<BinaryOp, JsBinaryCode> = {
  add: { float: (a, b, d) => jsRound(d, `${a} + ${b}`), int: (a, b, d) => wrapInt(d, `${a} + ${b}`) },
  sub: { float: (a, b, d) => jsRound(d, `${a} - ${b}`), int: (a, b, d) => wrapInt(d, `${a} - ${b}`) },
  mul: {
    float: (a, b, d) => jsRound(d, `${a} * ${b}`),
    int: (a, b, d) => (d === "uint32" ? `(Math.imul(${a}, ${b}) >>> 0)` : `Math.imul(${a}, ${b})`),
  },
  div: {
    float: (a, b, d) => jsRound(d, `${a} / ${b}`),
    // by a positive literal (index arithmetic): no zero check, no call
    int: (a, b, d) => (d === "uint32" ? `R.udiv(${a}, ${b})` : POSITIVE_LITERAL.test(b) ? `((${a} / ${b}) | 0)` : `R.idiv(${a}, ${b})`),
  },
  rem: {
    float: (a, b, d) => jsRound(d, `${a} % ${b}`),
    // Integer remainder by zero is the dividend, as in XLA (lax.rem); INT_MIN % -1 is 0.
    int: (a, b, d) => {
      const u = d === "uint32";
      if (POSITIVE_LITERAL.test(b)) return u ? `((${a} % ${b}) >>> 0)` : `((${a} % ${b}) | 0)`;
      return u ? `(${b} === 0 ? ${a} : (${a} % ${b}) >>> 0)` : `(${b} === 0 ? ${a} : (${a} % ${b}) | 0)`;
    },
  },
  pow: {
    float: (a, b, d) => jsRound(d, `R.pow(${a}, ${b})`),
    int: (a, b, d) => (d === "uint32" ? `R.upow(${a}, ${b})` : `R.ipow(${a}, ${b})`),
  },
  max: { float: (a, b) => `Math.max(${a}, ${b})`, int: (a, b) => `Math.max(${a}, ${b})`, bool: (a, b) => `(${a} || ${b})` },
  min: { float: (a, b) => `Math.min(${a}, ${b})`, int: (a, b) => `Math.min(${a}, ${b})`, bool: (a, b) => `(${a} && ${b})` },
  atan2: { float: (a, b, d) => jsRound(d, `Math.atan2(${a}, ${b})`) },
  and: { int: (a, b, d) => wrapInt(d, `${a} & ${b}`), bool: (a, b) => `(${a} && ${b})` },
  or: { int: (a, b, d) => wrapInt(d, `${a} | ${b}`), bool: (a, b) => `(${a} || ${b})` },
  xor: { int: (a, b, d) => wrapInt(d, `${a} ^ ${b}`), bool: (a, b) => `(${a} !== ${b})` },
  shl: { int: (a, b, d) => wrapInt(d, `R.shl(${a}, ${b})`) },
  sra: { int: (a, b, d) => wrapInt(d, `R.sra(${a}, ${b})`) },
  srl: { int: (a, b, d) => wrapInt(d, `R.srl(${a}, ${b})`) },
  eq: comparison("==="),
  ne: comparison("!=="),
  lt: comparison("<"),
  le: comparison("<="),
  gt: comparison(">"),
  ge: comparison(">="),
};

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
  return JS_UNARY[op](a, dtype);
}

/** JS expression for a binary op on two values of `dtype`. */
export function jsBinary(op: BinaryOp, dtype: DType, a: string, b: string): string {
  if (isSmallIntDType(dtype)) return jsSmallBinary(op, dtype, a, b);
  const code = JS_BINARY[op];
  const f = dtype === "bool" ? code.bool : isFloatDType(dtype) ? code.float : code.int;
  if (!f) throw new Error(`internal: ${op} on ${dtype}`);
  return f(a, b, dtype);
}

/** JS expression converting a value of dtype `from` to dtype `to`. */
export function jsCast(from: DType, to: DType, a: string): string {
  if (from === to) return a;
  const fromFloat = isFloatDType(from);
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

/** JS expression for a fused multiply-add `a * b + c` of float values, rounded once. */
export function jsFma(dtype: DType, a: string, b: string, c: string): string {
  // float16: the product is exact in a double, and the double sum rounds far below float16's
  // precision.
  return dtype === "float16" ? `R.hround(${a} * ${b} + ${c})` : `R.fmaf(${a}, ${b}, ${c})`;
}
