/**
 * Scalar operations of the kernel IR: one record per op, from which the op lists and types, the
 * dtypes each op accepts, its result dtype and the name of its primitive are derived.
 *
 * What an op computes is written once per backend, in tables that are complete `Record`s over
 * the op names (TypeScript demands an entry when an op is added here): JavaScript in
 * `backend/cpu/js-ops.ts` (which constant folding, `fold.ts`, also evaluates, so folded
 * constants equal kernel results), WGSL in `backend/webgpu/wgsl-ops.ts`. The derivative of each
 * primitive is in `primitives/elementwise.ts` (`UNARY_JVP`/`BINARY_JVP`, complete as well).
 */
import type { DType } from "../dtype.js";

/**
 * Operand dtypes an op accepts: `float` (float32, float16), `int` (the integer dtypes),
 * `intOrBool`, `number` (floats and integers) or `any`.
 */
type Accepts = "float" | "int" | "intOrBool" | "number" | "any";

/** One scalar op of the kernel IR. */
interface ScalarOpSpec {
  /** Which operand dtypes it accepts (the primitives check this with a readable error first). */
  readonly accepts: Accepts;
  /** `bool` for comparisons and predicates; else the result has the operands' dtype. */
  readonly result?: "bool";
  /**
   * The name of its `lax` primitive when that differs from the op's (`shift_left` for `shl`),
   * or `null` for an op used only inside kernels (no primitive).
   */
  readonly prim?: string | null;
  /** Its primitive also accepts complex64 (lowered to real parts by `complex/rules.ts`). */
  readonly complex?: true;
}

/** The unary scalar ops. */
const UNARY = {
  neg: { accepts: "number", complex: true },
  abs: { accepts: "number", complex: true },
  sign: { accepts: "number", complex: true },
  floor: { accepts: "float" },
  ceil: { accepts: "float" },
  round: { accepts: "float" },
  trunc: { accepts: "float" },
  exp: { accepts: "float", complex: true },
  exp2: { accepts: "float" },
  log: { accepts: "float", complex: true },
  log2: { accepts: "float" },
  log1p: { accepts: "float", complex: true },
  expm1: { accepts: "float", complex: true },
  sqrt: { accepts: "float", complex: true },
  rsqrt: { accepts: "float", complex: true },
  cbrt: { accepts: "float" },
  sin: { accepts: "float", complex: true },
  cos: { accepts: "float", complex: true },
  tan: { accepts: "float", complex: true },
  asin: { accepts: "float" },
  acos: { accepts: "float" },
  atan: { accepts: "float" },
  sinh: { accepts: "float", complex: true },
  cosh: { accepts: "float", complex: true },
  tanh: { accepts: "float", complex: true },
  asinh: { accepts: "float" },
  acosh: { accepts: "float" },
  atanh: { accepts: "float" },
  logistic: { accepts: "float" },
  not: { accepts: "intOrBool" },
  isnan: { accepts: "any", result: "bool", prim: null },
  isinf: { accepts: "any", result: "bool", prim: null },
  isfinite: { accepts: "any", result: "bool", prim: "is_finite" },
  popcount: { accepts: "int", prim: "population_count" },
  clz: { accepts: "int" },
} as const satisfies Record<string, ScalarOpSpec>;

/** The binary scalar ops. */
const BINARY = {
  add: { accepts: "number", complex: true },
  sub: { accepts: "number", complex: true },
  mul: { accepts: "number", complex: true },
  div: { accepts: "number", complex: true },
  rem: { accepts: "number" },
  pow: { accepts: "number", complex: true },
  max: { accepts: "any" },
  min: { accepts: "any" },
  atan2: { accepts: "float" },
  and: { accepts: "intOrBool" },
  or: { accepts: "intOrBool" },
  xor: { accepts: "intOrBool" },
  shl: { accepts: "int", prim: "shift_left" },
  sra: { accepts: "int", prim: "shift_right_arithmetic" },
  srl: { accepts: "int", prim: "shift_right_logical" },
  eq: { accepts: "any", result: "bool", complex: true },
  ne: { accepts: "any", result: "bool", complex: true },
  lt: { accepts: "any", result: "bool" },
  le: { accepts: "any", result: "bool" },
  gt: { accepts: "any", result: "bool" },
  ge: { accepts: "any", result: "bool" },
} as const satisfies Record<string, ScalarOpSpec>;

export type UnaryOp = keyof typeof UNARY;
export type BinaryOp = keyof typeof BINARY;
export type ScalarOp = UnaryOp | BinaryOp;

export const UNARY_OPS = Object.keys(UNARY) as readonly UnaryOp[];
export const BINARY_OPS = Object.keys(BINARY) as readonly BinaryOp[];

/** The primitive name of each op of a table (`null`: none), as a type. */
type PrimNames<T> = { [K in keyof T]: T[K] extends { prim: infer P } ? Exclude<P, null> : K }[keyof T];
/** Names of the unary elementwise primitives (`is_finite` for op `isfinite`, ...). */
export type UnaryPrimName = PrimNames<typeof UNARY>;
/** Names of the binary elementwise primitives (`shift_left` for op `shl`, ...). */
export type BinaryPrimName = PrimNames<typeof BINARY>;

const spec = (op: ScalarOp): ScalarOpSpec => (op in UNARY ? UNARY[op as UnaryOp] : BINARY[op as BinaryOp]);

/** Each primitive's name with its op, for ops that have a primitive. */
function primOps<Op extends string, Name extends string>(table: Record<Op, ScalarOpSpec>): Record<Name, Op> {
  const out = {} as Record<Name, Op>;
  for (const op of Object.keys(table) as Op[]) {
    const prim = table[op].prim;
    if (prim !== null) out[(prim ?? op) as Name] = op;
  }
  return out;
}
/** The op of each unary primitive. */
export const UNARY_PRIM_OPS = primOps<UnaryOp, UnaryPrimName>(UNARY);
/** The op of each binary primitive. */
export const BINARY_PRIM_OPS = primOps<BinaryOp, BinaryPrimName>(BINARY);

/** Whether an op's primitive accepts complex64 operands. */
export function scalarOpComplex(op: ScalarOp): boolean {
  return spec(op).complex === true;
}

/** The dtype a scalar op returns for operands of `dtype`. */
export function scalarResultDType(op: ScalarOp, dtype: DType): DType {
  return spec(op).result ?? dtype;
}

/** Which operand dtypes each op accepts (the primitives check this with a readable error first). */
export function scalarOpAccepts(op: ScalarOp, dtype: DType): boolean {
  const float = dtype === "float32" || dtype === "float16";
  const int = dtype !== "bool" && !float;
  switch (spec(op).accepts) {
    case "float": return float;
    case "int": return int;
    case "intOrBool": return int || dtype === "bool";
    case "number": return float || int;
    case "any": return true;
  }
}

/**
 * 8- and 16-bit integers: each backend computes an op in their 32-bit dtype and wraps the result
 * to their width where it can leave the range (two's complement, as XLA), that is for every op
 * but these; bit counts and logical shifts see the value's own width.
 */
export const NO_WRAP: ReadonlySet<ScalarOp> = new Set<ScalarOp>(["eq", "ne", "lt", "le", "gt", "ge", "max", "min", "and", "or", "xor", "sign", "isnan", "isinf", "isfinite"]);

/** The width in bits of a small integer dtype. */
export const bitsOf = (dtype: DType) => (dtype === "int8" || dtype === "uint8" ? 8 : 16);
