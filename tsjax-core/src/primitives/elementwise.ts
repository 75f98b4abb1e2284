/**
 * Elementwise primitives: unary and binary scalar ops applied to every element, `select_n`,
 * dtype conversions and `integer_pow`. Operands of binary primitives have equal shapes and
 * dtypes, as in `jax.lax`; numpy-style broadcasting and promotion live in `np`.
 */
import { type DType, checkDType, dtypes, isFloatDType, isInexactDType, realDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, shapesEqual } from "../shape.js";
import { binary, bitcast, cast, constant, fma, select, unary, type Exp } from "../compile/exp.js";
import { mapOperands } from "../compile/operand.js";
import {
  type BinaryOp,
  type BinaryPrimName,
  BINARY_OPS,
  BINARY_PRIM_OPS,
  type UnaryOp,
  type UnaryPrimName,
  UNARY_OPS,
  UNARY_PRIM_OPS,
  scalarOpAccepts,
  scalarOpComplex,
  scalarResultDType,
} from "../compile/scalar-ops.js";
import { type BatchDim, type Primitive, type ShapedArray, type Tangent, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import { batchSize, moveBatchAxis } from "../core/batching.js";
import * as O from "./ops.js";

/** Which dtypes each family accepts, for error messages. */
function acceptedList(op: UnaryOp | BinaryOp): string {
  return dtypes.filter((d) => scalarOpAccepts(op, d)).join(", ");
}

/** The elementwise primitives that accept complex64 operands (as `jax.lax`; see complex/rules.ts). */
const COMPLEX_OK = [...UNARY_OPS, ...BINARY_OPS].filter(scalarOpComplex);

function checkDtype(name: string, op: UnaryOp | BinaryOp, dtype: DType): void {
  if (dtype === "complex64") {
    if (scalarOpComplex(op)) return;
    throw new DTypeError(
      `lax.${name}: does not accept complex64 operands (complex64 is accepted by ${COMPLEX_OK.join(", ")}). ` +
        "Apply it to np.real(x) and np.imag(x), or np.abs(x), as you mean.",
    );
  }
  if (!scalarOpAccepts(op, dtype)) {
    throw new DTypeError(
      `lax.${name}: does not accept ${dtype} operands (accepted: ${acceptedList(op)}). ` +
        (isFloatDType(dtype) ? "" : "Convert with x.astype(\"float32\") first."),
    );
  }
}

type UnaryJvp = (x: Array, y: Array, t: Array) => Array | null;
const c = (like: Array, v: number) => O.full(like, v);

/**
 * Derivatives of the unary primitives: tangent out from (x, y = f(x), tangent in); null = zero.
 * Complete over the primitives that `compile/scalar-ops.ts` declares: a new op needs an entry.
 */
const UNARY_JVP: Record<UnaryPrimName, UnaryJvp> = {
  neg: (_x, _y, t) => O.neg(t),
  // complex: re(t conj(x) / |x|) (JAX's rule, |x| = 0 replaced by 1)
  abs: (x, y, t) => (x.dtype === "complex64" ? O.realPart(O.mul(t, O.div(O.conj(x), O.convert(replaceZero(y), x.dtype)))) : O.mul(t, O.sign(x))),
  sign: () => null,
  floor: () => null,
  ceil: () => null,
  round: () => null,
  trunc: () => null,
  exp: (_x, y, t) => O.mul(t, y),
  exp2: (_x, y, t) => O.mul(t, O.mul(y, c(y, Math.LN2))),
  log: (x, _y, t) => O.div(t, x),
  log2: (x, _y, t) => O.div(t, O.mul(x, c(x, Math.LN2))),
  log1p: (x, _y, t) => O.div(t, O.add(x, c(x, 1))),
  expm1: (_x, y, t) => O.mul(t, O.add(y, c(y, 1))),
  sqrt: (_x, y, t) => O.div(t, O.mul(y, c(y, 2))),
  rsqrt: (x, y, t) => O.mul(t, O.mul(c(y, -0.5), O.div(y, x))),
  cbrt: (_x, y, t) => O.mul(t, O.mul(c(y, 1 / 3), O.powInt(y, -2))),
  sin: (x, _y, t) => O.mul(t, un("cos", x)),
  cos: (x, _y, t) => O.neg(O.mul(t, un("sin", x))),
  tan: (_x, y, t) => O.mul(t, O.add(c(y, 1), O.square(y))),
  asin: (x, _y, t) => O.mul(t, un("rsqrt", O.sub(c(x, 1), O.square(x)))),
  acos: (x, _y, t) => O.neg(O.mul(t, un("rsqrt", O.sub(c(x, 1), O.square(x))))),
  atan: (x, _y, t) => O.div(t, O.add(c(x, 1), O.square(x))),
  sinh: (x, _y, t) => O.mul(t, un("cosh", x)),
  cosh: (x, _y, t) => O.mul(t, un("sinh", x)),
  tanh: (_x, y, t) => O.mul(t, O.sub(c(y, 1), O.square(y))),
  asinh: (x, _y, t) => O.mul(t, un("rsqrt", O.add(O.square(x), c(x, 1)))),
  acosh: (x, _y, t) => O.mul(t, un("rsqrt", O.mul(O.sub(x, c(x, 1)), O.add(x, c(x, 1))))),
  atanh: (x, _y, t) => O.div(t, O.sub(c(x, 1), O.square(x))),
  logistic: (_x, y, t) => O.mul(t, O.mul(y, O.sub(c(y, 1), y))),
  not: () => null,
  is_finite: () => null,
  population_count: () => null,
  clz: () => null,
};

function un(name: UnaryPrimName, x: Array): Array {
  return O.bind1(unaryPrims[name], [x], {});
}

/** Batching of elementwise primitives: operands aligned on one batch axis. */
function elementwiseBatch(prim: Primitive<any>, args: readonly Array[], dims: readonly BatchDim[], params: any): [Array[], BatchDim[]] {
  const first = dims.find((d) => d !== null)!;
  if (dims.every((d) => d === first)) {
    const outs = O.bind(prim, args, params);
    return [outs, outs.map(() => first)];
  }
  const B = batchSize(args, dims);
  const aligned = args.map((a, i) => moveBatchAxis(a, dims[i] ?? null, 0, B));
  const outs = O.bind(prim, aligned, params);
  return [outs, outs.map(() => 0)];
}

function unaryPrimitive(name: UnaryPrimName): Primitive<Record<string, never>> {
  const op = UNARY_PRIM_OPS[name];
  const prim: Primitive<Record<string, never>> = definePrimitive({
    name,
    abstractEval([x]) {
      checkDtype(name, op, x!.dtype);
      const dtype = name === "abs" ? realDType(x!.dtype) : scalarResultDType(op, x!.dtype);
      return [aval(x!.shape, dtype, dtype === x!.dtype && x!.weakType)];
    },
    lower([x], _p, [out]) {
      return [mapOperands(out!.shape, out!.dtype, [x!], ([v]) => unary(op, v!))];
    },
    jvp([x], [t], params) {
      const y = O.bind1(prim, [x!], params);
      return [[y], [UNARY_JVP[name](x!, y, t!)]];
    },
    transpose([ct]) {
      if (name !== "neg") throw new Error(`internal: ${name} is not linear`);
      return [ct && O.neg(ct)];
    },
    batch([x], [d], params) {
      return [[O.bind1(prim, [x!], params)], [d!]];
    },
  });
  return prim;
}

/** The unary elementwise primitives, by name. */
export const unaryPrims = Object.fromEntries(
  (Object.keys(UNARY_PRIM_OPS) as UnaryPrimName[]).map((n) => [n, unaryPrimitive(n)]),
) as Record<UnaryPrimName, Primitive<Record<string, never>>>;

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

type BinaryJvp = (a: Array, b: Array, y: Array, ta: Tangent, tb: Tangent) => Tangent;

/** Adds tangents, treating null as zero. */
function addT(a: Tangent, b: Tangent): Tangent {
  return a === null ? b : b === null ? a : O.add(a, b);
}

/** 1 where `x == z` (0.5 where `y == z` too: ties split the derivative), else 0. */
function balancedEq(x: Array, z: Array, y: Array): Array {
  const half = O.select(O.eq(y, z), c(x, 0.5), c(x, 1));
  return O.select(O.eq(x, z), half, c(x, 0));
}

/** `x` with zeros replaced by ones (keeps log/pow derivatives finite where they are unused). */
function replaceZero(x: Array): Array {
  return O.select(O.eq(x, c(x, 0)), c(x, 1), x);
}

/**
 * Derivatives of the binary primitives: every primitive has an entry, so a new one cannot get a
 * silent zero gradient. `null` marks the ones whose result is never a float (bitwise, shifts,
 * comparisons), which have no tangent.
 */
const BINARY_JVP: Record<BinaryPrimName, BinaryJvp | null> = {
  add: (_a, _b, _y, ta, tb) => addT(ta, tb),
  sub: (_a, _b, _y, ta, tb) => addT(ta, tb && O.neg(tb)),
  mul: (a, b, _y, ta, tb) => addT(ta && O.mul(ta, b), tb && O.mul(a, tb)),
  div: (a, b, _y, ta, tb) => addT(ta && O.div(ta, b), tb && O.neg(O.mul(tb, O.div(a, O.square(b))))),
  rem: (a, b, _y, ta, tb) => addT(ta, tb && O.neg(O.mul(tb, un("trunc", O.div(a, b))))),
  pow: (a, b, y, ta, tb) => {
    const dA = ta && O.mul(ta, O.select(O.eq(b, c(b, 0)), c(b, 0), O.mul(replaceZero(b), O.bind1(binaryPrims.pow, [a, O.sub(b, c(b, 1))], {}))));
    const dB = tb && O.mul(tb, O.mul(un("log", replaceZero(a)), y));
    return addT(dA, dB);
  },
  max: (a, b, y, ta, tb) => addT(ta && O.mul(ta, balancedEq(a, y, b)), tb && O.mul(tb, balancedEq(b, y, a))),
  min: (a, b, y, ta, tb) => addT(ta && O.mul(ta, balancedEq(a, y, b)), tb && O.mul(tb, balancedEq(b, y, a))),
  atan2: (a, b, _y, ta, tb) => {
    const r = O.add(O.square(a), O.square(b));
    return addT(ta && O.mul(ta, O.div(b, r)), tb && O.neg(O.mul(tb, O.div(a, r))));
  },
  and: null, or: null, xor: null, shift_left: null, shift_right_arithmetic: null, shift_right_logical: null,
  eq: null, ne: null, lt: null, le: null, gt: null, ge: null,
};

function binaryPrimitive(name: BinaryPrimName): Primitive<Record<string, never>> {
  const op = BINARY_PRIM_OPS[name];
  const prim: Primitive<Record<string, never>> = definePrimitive({
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
    jvp([a, b], [ta, tb], params) {
      const y = O.bind1(prim, [a!, b!], params);
      const rule = BINARY_JVP[name];
      return [[y], [rule && isInexactDType(y.dtype) ? rule(a!, b!, y, ta ?? null, tb ?? null) : null]];
    },
    transpose([ct], [a, b]) {
      const la = a instanceof UndefinedPrimal;
      const lb = b instanceof UndefinedPrimal;
      if (!ct) return [null, null];
      switch (name) {
        case "add": return [la ? ct : null, lb ? ct : null];
        case "sub": return [la ? ct : null, lb ? O.neg(ct) : null];
        case "mul":
          if (la && lb) throw new Error("internal: mul of two linear values is not linear");
          return [la ? O.mul(ct, b as Array) : null, lb ? O.mul(a as Array, ct) : null];
        case "div":
          if (lb) throw new Error("internal: div is not linear in its divisor");
          return [O.div(ct, b as Array), null];
      }
      throw new Error(`internal: ${name} is not linear`);
    },
    batch(args, dims, params) {
      return elementwiseBatch(prim, args, dims, params);
    },
  });
  return prim;
}

/** The binary elementwise primitives, by name. */
export const binaryPrims = Object.fromEntries(
  (Object.keys(BINARY_PRIM_OPS) as BinaryPrimName[]).map((n) => [n, binaryPrimitive(n)]),
) as Record<BinaryPrimName, Primitive<Record<string, never>>>;

/** `select_n(pred, onFalse, onTrue)`: `onTrue` where `pred`, as `jax.lax.select_n` with two cases. */
export const selectN: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
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
  jvp([p, f, t], [, tf, tt], params) {
    const y = O.bind1(selectN, [p!, f!, t!], params);
    if (!tf && !tt) return [[y], [null]];
    return [[y], [O.bind1(selectN, [p!, O.instantiate(tf ?? null, f!), O.instantiate(tt ?? null, t!)], params)]];
  },
  transpose([ct], [p, f, t]) {
    if (p instanceof UndefinedPrimal) throw new Error("internal: select predicate cannot be linear");
    if (!ct) return [null, null, null];
    const zero = O.zerosLike(ct);
    return [
      null,
      f instanceof UndefinedPrimal ? O.bind1(selectN, [p as Array, ct, zero], {}) : null,
      t instanceof UndefinedPrimal ? O.bind1(selectN, [p as Array, zero, ct], {}) : null,
    ];
  },
  batch(args, dims, params) {
    return elementwiseBatch(selectN, args, dims, params);
  },
});

/**
 * `a * b + c` rounded once (a fused multiply-add) for float operands of equal shapes and dtypes.
 * Internal: library code that must round as XLA's fused kernels do (the samplers) uses it.
 */
export const fmaPrim: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "fma",
  abstractEval([a, b, z]) {
    checkSameAvals("fma", [a!, b!, z!]);
    if (!isFloatDType(a!.dtype)) throw new DTypeError(`fma: needs float operands, got ${a!.dtype}.`);
    return [aval(a!.shape, a!.dtype, a!.weakType && b!.weakType && z!.weakType)];
  },
  lower([a, b, z], _params, [out]) {
    return [mapOperands(out!.shape, out!.dtype, [a!, b!, z!], ([x, y, w]) => fma(x!, y!, w!))];
  },
  jvp([a, b, z], [ta, tb, tz], params) {
    const y = O.bind1(fmaPrim, [a!, b!, z!], params);
    return [[y], [addT(addT(ta ? O.mul(ta, b!) : null, tb ? O.mul(a!, tb) : null), tz ?? null)]];
  },
  transpose([ct], [a, b, z]) {
    if (!ct) return [null, null, null];
    const la = a instanceof UndefinedPrimal;
    const lb = b instanceof UndefinedPrimal;
    if (la && lb) throw new Error("internal: fma of two linear values is not linear");
    return [la ? O.mul(ct, b as Array) : null, lb ? O.mul(a as Array, ct) : null, z instanceof UndefinedPrimal ? ct : null];
  },
  batch(args, dims, params) {
    return elementwiseBatch(fmaPrim, args, dims, params);
  },
});

/** Dtype conversion with numpy casting rules (saturating float to int, NaN to 0). */
export const convertElementType: Primitive<{ newDtype: DType; weakType: boolean }> = definePrimitive<{ newDtype: DType; weakType: boolean }>({
  name: "convert_element_type",
  abstractEval([x], { newDtype, weakType }) {
    return [aval(x!.shape, checkDType("convert_element_type", newDtype), weakType)];
  },
  lower([x], { newDtype }, [out]) {
    return [mapOperands(out!.shape, newDtype, [x!], ([v]) => cast(v!, newDtype))];
  },
  jvp([x], [t], params) {
    const y = O.bind1(convertElementType, [x!], params);
    return [[y], [isInexactDType(params.newDtype) && isInexactDType(x!.dtype) ? O.bind1(convertElementType, [t!], params) : null]];
  },
  transpose([ct], [x]) {
    const a = (x as UndefinedPrimal).aval;
    return [ct && O.bind1(convertElementType, [ct], { newDtype: a.dtype, weakType: a.weakType })];
  },
  batch([x], [d], params) {
    return [[O.bind1(convertElementType, [x!], params)], [d!]];
  },
});

/** Reinterprets the 32 bits of each element as another 32-bit dtype. */
export const bitcastConvertType: Primitive<{ newDtype: DType }> = definePrimitive<{ newDtype: DType }>({
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
  jvp([x], _t, params) {
    return [[O.bind1(bitcastConvertType, [x!], params)], [null]];
  },
  batch([x], [d], params) {
    return [[O.bind1(bitcastConvertType, [x!], params)], [d!]];
  },
});

/** `x ** y` for a static integer `y`, by repeated multiplication (exact, like `lax.integer_pow`). */
export const integerPow: Primitive<{ y: number }> = definePrimitive<{ y: number }>({
  name: "integer_pow",
  abstractEval([x], { y }) {
    if (!Number.isInteger(y)) throw new TypeError(`lax.integerPow: the exponent must be an integer, got ${y}.`);
    if (x!.dtype === "bool") throw new DTypeError("lax.integerPow: does not accept bool operands.");
    if (y < 0 && !isInexactDType(x!.dtype)) {
      throw new DTypeError(`lax.integerPow: negative exponent ${y} needs a float operand, got ${x!.dtype}.`);
    }
    return [x!];
  },
  lower([x], { y }, [out]) {
    return [mapOperands(out!.shape, out!.dtype, [x!], ([v]) => integerPowExp(v!, y))];
  },
  jvp([x], [t], { y }) {
    const out = O.bind1(integerPow, [x!], { y });
    if (y === 0) return [[out], [null]];
    const d = y === 1 ? t! : O.mul(t!, O.mul(c(x!, y), y === 2 ? x! : O.bind1(integerPow, [x!], { y: y - 1 })));
    return [[out], [d]];
  },
  batch([x], [d], params) {
    return [[O.bind1(integerPow, [x!], params)], [d!]];
  },
});

/** `v ** n` by binary exponentiation. */
function integerPowExp(v: Exp, n: number): Exp {
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
