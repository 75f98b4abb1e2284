/**
 * Elementwise primitives: unary and binary scalar ops applied to every element, `select_n`,
 * dtype conversions and `integer_pow`. Operands of binary primitives have equal shapes and
 * dtypes, as in `jax.lax`; numpy-style broadcasting and promotion live in `np`.
 */
import { type DType, dtypes, isFloatDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, shapesEqual } from "../shape.js";
import { binary, bitcast, cast, constant, select, unary, type Exp } from "../compile/exp.js";
import { mapOperands } from "../compile/operand.js";
import { type BinaryOp, type UnaryOp, scalarOpAccepts, scalarResultDType } from "../compile/scalar-ops.js";
import { type Primitive, type ShapedArray, aval, definePrimitive } from "../core/primitive.js";

/** Which dtypes each family accepts, for error messages. */
function acceptedList(op: UnaryOp | BinaryOp): string {
  return dtypes.filter((d) => scalarOpAccepts(op, d)).join(", ");
}

function checkDtype(name: string, op: UnaryOp | BinaryOp, dtype: DType): void {
  if (!scalarOpAccepts(op, dtype)) {
    throw new DTypeError(
      `lax.${name}: does not accept ${dtype} operands (accepted: ${acceptedList(op)}). ` +
        (isFloatDType(dtype) ? "" : "Convert with x.astype(\"float32\") first."),
    );
  }
}

export type UnaryPrimName =
  | "neg" | "abs" | "sign" | "floor" | "ceil" | "round" | "trunc" | "exp" | "exp2" | "log" | "log2"
  | "log1p" | "expm1" | "sqrt" | "rsqrt" | "cbrt" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan"
  | "sinh" | "cosh" | "tanh" | "asinh" | "acosh" | "atanh" | "logistic" | "not" | "is_finite"
  | "population_count" | "clz";

const UNARY_OP: Record<UnaryPrimName, UnaryOp> = {
  neg: "neg", abs: "abs", sign: "sign", floor: "floor", ceil: "ceil", round: "round", trunc: "trunc",
  exp: "exp", exp2: "exp2", log: "log", log2: "log2", log1p: "log1p", expm1: "expm1", sqrt: "sqrt",
  rsqrt: "rsqrt", cbrt: "cbrt", sin: "sin", cos: "cos", tan: "tan", asin: "asin", acos: "acos",
  atan: "atan", sinh: "sinh", cosh: "cosh", tanh: "tanh", asinh: "asinh", acosh: "acosh", atanh: "atanh",
  logistic: "logistic", not: "not", is_finite: "isfinite", population_count: "popcount", clz: "clz",
};

function unaryPrimitive(name: UnaryPrimName): Primitive<Record<string, never>> {
  const op = UNARY_OP[name];
  return definePrimitive({
    name,
    abstractEval([x]) {
      checkDtype(name, op, x!.dtype);
      const dtype = scalarResultDType(op, x!.dtype);
      return [aval(x!.shape, dtype, dtype === x!.dtype && x!.weakType)];
    },
    lower([x], _p, [out]) {
      return [mapOperands(out!.shape, out!.dtype, [x!], ([v]) => unary(op, v!))];
    },
  });
}

/** The unary elementwise primitives, by name. */
export const unaryPrims = Object.fromEntries(
  (Object.keys(UNARY_OP) as UnaryPrimName[]).map((n) => [n, unaryPrimitive(n)]),
) as Record<UnaryPrimName, Primitive<Record<string, never>>>;

export type BinaryPrimName =
  | "add" | "sub" | "mul" | "div" | "rem" | "pow" | "max" | "min" | "atan2" | "and" | "or" | "xor"
  | "shift_left" | "shift_right_arithmetic" | "shift_right_logical" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";

const BINARY_OP: Record<BinaryPrimName, BinaryOp> = {
  add: "add", sub: "sub", mul: "mul", div: "div", rem: "rem", pow: "pow", max: "max", min: "min",
  atan2: "atan2", and: "and", or: "or", xor: "xor", shift_left: "shl", shift_right_arithmetic: "sra",
  shift_right_logical: "srl", eq: "eq", ne: "ne", lt: "lt", le: "le", gt: "gt", ge: "ge",
};

function checkSameAvals(name: string, avals: readonly ShapedArray[]): void {
  const [a, ...rest] = avals;
  for (const b of rest) {
    if (!shapesEqual(a!.shape, b.shape) || a!.dtype !== b.dtype) {
      throw new ShapeError(
        `lax.${name}: operands must have equal shapes and dtypes, got ` +
          avals.map((v) => `${fmtShape(v.shape)} ${v.dtype}`).join(" and ") +
          `. Use the np.* functions for numpy broadcasting and type promotion.`,
      );
    }
  }
}

function binaryPrimitive(name: BinaryPrimName): Primitive<Record<string, never>> {
  const op = BINARY_OP[name];
  return definePrimitive({
    name,
    abstractEval([x, y]) {
      checkSameAvals(name, [x!, y!]);
      checkDtype(name, op, x!.dtype);
      const dtype = scalarResultDType(op, x!.dtype);
      return [aval(x!.shape, dtype, dtype === x!.dtype && x!.weakType && y!.weakType)];
    },
    lower([x, y], _p, [out]) {
      return [mapOperands(out!.shape, out!.dtype, [x!, y!], ([a, b]) => binary(op, a!, b!))];
    },
  });
}

/** The binary elementwise primitives, by name. */
export const binaryPrims = Object.fromEntries(
  (Object.keys(BINARY_OP) as BinaryPrimName[]).map((n) => [n, binaryPrimitive(n)]),
) as Record<BinaryPrimName, Primitive<Record<string, never>>>;

/** `select_n(pred, onFalse, onTrue)`: `onTrue` where `pred`, as `jax.lax.select_n` with two cases. */
export const selectN = definePrimitive<Record<string, never>>({
  name: "select_n",
  abstractEval([pred, f, t]) {
    if (pred!.dtype !== "bool") {
      throw new DTypeError(`lax.select: the predicate must be bool, got ${pred!.dtype}. Compare first (x.gt(0)).`);
    }
    checkSameAvals("select", [f!, t!]);
    if (!shapesEqual(pred!.shape, f!.shape)) {
      throw new ShapeError(
        `lax.select: the predicate's shape ${fmtShape(pred!.shape)} must equal the cases' shape ${fmtShape(f!.shape)}; ` +
          "use np.where for broadcasting.",
      );
    }
    return [aval(f!.shape, f!.dtype, f!.weakType && t!.weakType)];
  },
  lower([p, f, t], _params, [out]) {
    return [mapOperands(out!.shape, out!.dtype, [p!, f!, t!], ([c, a, b]) => select(c!, b!, a!))];
  },
});

/** Dtype conversion with numpy casting rules (saturating float to int, NaN to 0). */
export const convertElementType = definePrimitive<{ newDtype: DType; weakType: boolean }>({
  name: "convert_element_type",
  abstractEval([x], { newDtype, weakType }) {
    return [aval(x!.shape, newDtype, weakType)];
  },
  lower([x], { newDtype }, [out]) {
    return [mapOperands(out!.shape, newDtype, [x!], ([v]) => cast(v!, newDtype))];
  },
});

/** Reinterprets the 32 bits of each element as another 32-bit dtype. */
export const bitcastConvertType = definePrimitive<{ newDtype: DType }>({
  name: "bitcast_convert_type",
  abstractEval([x], { newDtype }) {
    const ok = (d: DType) => d === "float32" || d === "int32" || d === "uint32";
    if (!ok(x!.dtype) || !ok(newDtype)) {
      throw new DTypeError(
        `lax.bitcastConvertType: only between float32, int32 and uint32 (got ${x!.dtype} -> ${newDtype}).`,
      );
    }
    return [aval(x!.shape, newDtype)];
  },
  lower([x], { newDtype }, [out]) {
    return [mapOperands(out!.shape, newDtype, [x!], ([v]) => bitcast(v!, newDtype))];
  },
});

/** `x ** y` for a static integer `y`, by repeated multiplication (exact, like `lax.integer_pow`). */
export const integerPow = definePrimitive<{ y: number }>({
  name: "integer_pow",
  abstractEval([x], { y }) {
    if (!Number.isInteger(y)) throw new TypeError(`lax.integerPow: the exponent must be an integer, got ${y}.`);
    if (x!.dtype === "bool") throw new DTypeError("lax.integerPow: does not accept bool operands.");
    if (y < 0 && !isFloatDType(x!.dtype)) {
      throw new DTypeError(`lax.integerPow: negative exponent ${y} needs a float operand, got ${x!.dtype}.`);
    }
    return [x!];
  },
  lower([x], { y }, [out]) {
    return [mapOperands(out!.shape, out!.dtype, [x!], ([v]) => integerPowExp(v!, y))];
  },
});

/** `v ** n` by binary exponentiation. */
export function integerPowExp(v: Exp, n: number): Exp {
  const one = constant(1, v.dtype);
  if (n === 0) return one;
  let acc: Exp | undefined;
  let base = v;
  let e = Math.abs(n);
  while (e > 0) {
    if (e & 1) acc = acc ? binary("mul", acc, base) : base;
    e >>>= 1;
    if (e > 0) base = binary("mul", base, base);
  }
  return n < 0 ? binary("div", one, acc!) : acc!;
}
