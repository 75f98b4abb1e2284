/**
 * numpy elementwise functions, with numpy broadcasting and JAX type promotion. Functions that
 * are only defined on floats (exp, sqrt, true division, ...) compute integers and bools in
 * float32, as numpy and JAX do.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, checkDType, checkReal, isFloatDType, isInexactDType, isIntDType, isSignedIntDType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { bind1 } from "../core/bind.js";
import { type Primitive } from "../core/primitive.js";
import { binaryPrims as B, integerPow, selectN, unaryPrims as U } from "../primitives/elementwise.js";
import { broadcastTo, convert, deviceOf, promoteAndBroadcast, promoteToFloat, scalarLike } from "./convert.js";
import { broadcastShapes } from "../shape.js";
import { checkOptions, isOptionsObject, namedArgs } from "../util/options.js";
import type { DeviceName } from "../backend/backend.js";
import { imag, real } from "./complex.js";
import { complexP } from "../complex/prims.js";

type P = Primitive<Record<string, never>>;

const apply = (prim: P, ...xs: Array[]) => bind1(prim, xs, {});

/** A constant of `x`'s dtype and shape (a free broadcast view). */
function constLike(x: Array, value: number | boolean): Array {
  return broadcastTo("constant", scalarLike("constant", value, { dtype: x.dtype, weakType: false }, x.device), x.shape);
}

/**
 * JAX's ufuncs take the keywords `out` and `where` only to refuse them; an options object passed
 * after the operands is an error here too, instead of being dropped (other extra arguments, such
 * as the index and list that `Array.prototype.map` passes, are ignored).
 */
function noUfuncOptions(op: string, extra: readonly unknown[]): void {
  if (extra.some(isOptionsObject)) {
    throw new TypeError(`${op}: takes no options (JAX's ufunc keywords out and where are not supported); for a masked result use np.where(mask, ${op}(...), x).`);
  }
}

function floatUnary(name: string, prim: P) {
  return (x: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    return apply(prim, promoteToFloat(`np.${name}`, [x])[0]!);
  };
}

function floatBinary(name: string, prim: P) {
  return (x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    const [a, b] = promoteToFloat(`np.${name}`, [x, y]);
    return apply(prim, a!, b!);
  };
}

function checkNotBool(op: string, x: Array): void {
  if (x.dtype === "bool") throw new DTypeError(`np.${op}: not defined for bool arrays; convert with x.astype("int32") first.`);
}

/**
 * `x + y` (logical or for bools).
 *
 * @example
 * np.add(np.array([1, 2]), 10); // [11, 12]
 */
export function add(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.add", extra);
  const [a, b] = promoteAndBroadcast("np.add", [x, y]);
  return apply(a!.dtype === "bool" ? B.or : B.add, a!, b!);
}

/**
 * `x - y`.
 *
 * @example
 * np.subtract(5, np.array([1, 2])); // [4, 3]
 */
export function subtract(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.subtract", extra);
  const [a, b] = promoteAndBroadcast("np.subtract", [x, y]);
  checkNotBool("subtract", a!);
  return apply(B.sub, a!, b!);
}

/**
 * `x * y` (logical and for bools).
 *
 * @example
 * np.multiply(np.array([1, 2]), np.array([3, 4])); // [3, 8]
 */
export function multiply(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.multiply", extra);
  const [a, b] = promoteAndBroadcast("np.multiply", [x, y]);
  return apply(a!.dtype === "bool" ? B.and : B.mul, a!, b!);
}

/**
 * True division `x / y` (integers divide as float32). `0/0` is NaN, `1/0` is inf.
 *
 * @example
 * np.divide(np.array([1, 2], { dtype: "int32" }), 4); // [0.25, 0.5] float32
 */
export const divide = floatBinary("divide", B.div);
/** Alias of `divide`. @example np.trueDivide(x, 2) */
export const trueDivide = divide;

/**
 * An integer divisor with zeros replaced by ones: numpy (and jnp) give 0 for integer `mod`,
 * `fmod` and `floorDivide` by zero, where `lax.rem` gives the dividend.
 */
function nonzeroDivisor(b: Array): Array {
  return bind1(selectN, [apply(B.eq, b, constLike(b, 0)), b, constLike(b, 1)], {});
}

function intFloorDivide(a: Array, b: Array): Array {
  const q = apply(B.div, a, b);
  if (!isSignedIntDType(a.dtype)) return q;
  const r = apply(B.rem, a, nonzeroDivisor(b));
  const zero = constLike(a, 0);
  const adjust = apply(B.and, apply(B.ne, r, zero), apply(B.ne, apply(B.lt, r, zero), apply(B.lt, b, zero)));
  return bind1(selectN, [adjust, q, apply(B.sub, q, constLike(q, 1))], {});
}

/** numpy's float divmod (as jnp): quotient rounded, remainder with the sign of the divisor. */
function floatDivmod(a: Array, b: Array): [Array, Array] {
  const zero = constLike(a, 0);
  let mod = apply(B.rem, a, b);
  // x / 0 keeps the dividend (so 1 // 0 is inf, as in JAX and Python's float division)
  const dividend = bind1(selectN, [apply(B.eq, b, zero), apply(B.sub, a, mod), a], {});
  let div = apply(B.div, dividend, b);
  const ind = apply(B.and, apply(B.ne, mod, zero), apply(B.ne, apply(U.sign, b), apply(U.sign, mod)));
  mod = bind1(selectN, [ind, mod, apply(B.add, mod, b)], {});
  div = bind1(selectN, [ind, div, apply(B.sub, div, constLike(div, 1))], {});
  return [apply(U.round, div), mod];
}

/**
 * Floor division `x // y` (rounds toward -inf, like Python). Integer division by zero gives 0.
 *
 * @example
 * np.floorDivide(np.array([-7, 7], { dtype: "int32" }), 2); // [-4, 3]
 */
export function floorDivide(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.floorDivide", extra);
  const [a, b] = promoteAndBroadcast("np.floorDivide", [x, y]);
  checkNotBool("floorDivide", a!);
  return isIntDType(a!.dtype) ? intFloorDivide(a!, b!) : floatDivmod(a!, b!)[0];
}

/**
 * Remainder with the sign of the divisor (Python's `%`, numpy's `mod`/`remainder`). Integer
 * remainder by zero gives 0, as in numpy and `jnp.remainder` (`lax.rem` gives the dividend);
 * float remainder by zero is NaN.
 *
 * @example
 * np.mod(np.array([-7, 7]), 3); // [2, 1]
 */
export function mod(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.mod", extra);
  const [a, b] = promoteAndBroadcast("np.mod", [x, y]);
  checkNotBool("mod", a!);
  if (!isIntDType(a!.dtype)) return floatDivmod(a!, b!)[1];
  const r = apply(B.rem, a!, nonzeroDivisor(b!));
  if (!isSignedIntDType(a!.dtype)) return r;
  const zero = constLike(a!, 0);
  const fix = apply(B.and, apply(B.ne, r, zero), apply(B.ne, apply(B.lt, r, zero), apply(B.lt, b!, zero)));
  return bind1(selectN, [fix, r, apply(B.add, r, b!)], {});
}
/** Alias of `mod`. @example np.remainder(x, 3) */
export const remainder = mod;

/**
 * `[floorDivide(x, y), mod(x, y)]` (Python's `divmod`, `jnp.divmod`): `x == q * y + r` with `r`
 * taking the divisor's sign.
 *
 * @example
 * const [q, r] = np.divmod(np.array([7, -7]), 3); // q [2, -3], r [1, 2]
 */
export function divmod(x: ArrayLike, y: ArrayLike): [Array, Array] {
  const [a, b] = promoteAndBroadcast("np.divmod", [x, y]);
  checkNotBool("divmod", a!);
  if (!isIntDType(a!.dtype)) return floatDivmod(a!, b!);
  return [floorDivide(a!, b!), mod(a!, b!)];
}

/**
 * C-style remainder with the sign of the dividend (`fmod`). Integer `fmod` by zero gives 0, as
 * in numpy and `jnp.fmod` (`lax.rem` gives the dividend); float `fmod` by zero is NaN.
 *
 * @example
 * np.fmod(np.array([-7, 7]), 3); // [-1, 1]
 */
export function fmod(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.fmod", extra);
  const [a, b] = promoteAndBroadcast("np.fmod", [x, y]);
  checkNotBool("fmod", a!);
  return apply(B.rem, a!, isIntDType(a!.dtype) ? nonzeroDivisor(b!) : b!);
}

/**
 * `x ** y`. An integer JS exponent up to 64 in magnitude uses exact repeated multiplication
 * (`lax.integerPow`); a negative integer JS exponent of an integer array computes in float32.
 *
 * @example
 * np.power(np.array([2, 3]), 2);   // [4, 9]
 * np.power(2, np.array([0.5]));    // [1.4142135]
 */
export function power(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.power", extra);
  if (typeof y === "number" && Number.isInteger(y) && x instanceof Array) {
    checkNotBool("power", x);
    // A negative integer exponent of an integer array computes in float32 (1 / x**n).
    const base = y < 0 && !isInexactDType(x.dtype) ? convert(x, "float32") : x;
    if (Math.abs(y) <= 64) return bind1(integerPow, [base], { y });
    const [a, b] = promoteAndBroadcast("np.power", [base, y]);
    return apply(B.pow, a!, b!);
  }
  const [a, b] = promoteAndBroadcast("np.power", [x, y]);
  checkNotBool("power", a!);
  return apply(B.pow, a!, b!);
}

/**
 * `-x`.
 *
 * @example
 * np.negative(np.array([1, -2])); // [-1, 2]
 */
export function negative(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.negative", extra);
  const [a] = promoteAndBroadcast("np.negative", [x]);
  checkNotBool("negative", a!);
  return apply(U.neg, a!);
}

/**
 * `+x` (a no-op, for symmetry with numpy).
 *
 * @example
 * np.positive(x);
 */
export function positive(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.positive", extra);
  return promoteAndBroadcast("np.positive", [x])[0]!;
}

/**
 * Absolute value.
 *
 * @example
 * np.abs(np.array([-1.5, 2])); // [1.5, 2]
 */
export function abs(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.abs", extra);
  const [a] = promoteAndBroadcast("np.abs", [x]);
  return a!.dtype === "bool" || (isIntDType(a!.dtype) && !isSignedIntDType(a!.dtype)) ? a! : apply(U.abs, a!);
}
/** Alias of `abs`. @example np.absolute(x) */
export const absolute = abs;

/**
 * -1, 0 or 1 by sign (NaN stays NaN).
 *
 * @example
 * np.sign(np.array([-3, 0, 2])); // [-1, 0, 1]
 */
export function sign(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.sign", extra);
  const [a] = promoteAndBroadcast("np.sign", [x]);
  checkNotBool("sign", a!);
  return apply(U.sign, a!);
}

function roundingFn(name: string, prim: P) {
  return (x: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    const [a] = promoteAndBroadcast(`np.${name}`, [x]);
    // complex operands reach the primitive, which rejects them naming the op (as JAX's lax).
    return isInexactDType(a!.dtype) ? apply(prim, a!) : a!;
  };
}

/** Largest integer <= x. @example np.floor(np.array([1.7, -1.2])) // [1, -2] */
export const floor = roundingFn("floor", U.floor);
/** Smallest integer >= x. @example np.ceil(np.array([1.2])) // [2] */
export const ceil = roundingFn("ceil", U.ceil);
/** Rounds toward zero. @example np.trunc(np.array([-1.7])) // [-1] */
export const trunc = roundingFn("trunc", U.trunc);
/**
 * Rounds half to even; integers and bools become float32, as in JAX (complex: each part).
 *
 * @example
 * np.rint(np.array([0.5, 1.5])); // [0, 2]
 */
export function rint(x: ArrayLike): Array {
  const [a] = promoteAndBroadcast("np.rint", [x]);
  const rintFloat = (v: Array) => apply(U.round, promoteToFloat("np.rint", [v])[0]!);
  if (a!.dtype === "complex64") return bind1(complexP, [rintFloat(real(a!)), rintFloat(imag(a!))], {});
  return rintFloat(a!);
}

/**
 * Rounds half to even, to `decimals` places (negative rounds to tens, hundreds, ...).
 *
 * @example
 * np.round(np.array([1.25, 2.5]), 1); // [1.2, 2.5]
 */
export function round(x: ArrayLike, decimalsArg?: number | { decimals?: number }): Array {
  const decimals = namedArgs<{ decimals?: number }>("np.round", [decimalsArg], ["decimals"], [], "np.round(x, decimals?)").decimals ?? 0;
  if (!Number.isInteger(decimals)) throw new TypeError(`np.round: decimals must be an integer, got ${decimals}.`);
  const [a] = promoteAndBroadcast("np.round", [x]);
  // complex: each part rounded, as JAX
  if (a!.dtype === "complex64") return bind1(complexP, [round(real(a!), decimals), round(imag(a!), decimals)], {});
  if (!isFloatDType(a!.dtype)) {
    if (decimals >= 0) return a!;
    checkNotBool("round", a!);
    return roundIntHalfEven(a!, 10 ** -decimals);
  }
  if (decimals === 0) return apply(U.round, a!);
  // As numpy: scale, round half to even, unscale (dividing by 10^-decimals when it is negative,
  // since 10^decimals is then inexact).
  if (decimals > 0) return divide(apply(U.round, multiply(a!, 10 ** decimals)), 10 ** decimals);
  return multiply(apply(U.round, divide(a!, 10 ** -decimals)), 10 ** -decimals);
}

/** Rounds integers to multiples of `f`, ties to the even multiple (numpy's `round` with decimals < 0). */
function roundIntHalfEven(a: Array, f: number): Array {
  // Every int32/uint32 value is below f / 2 when f >= 1e10, so everything rounds to 0.
  if (f > 2147483647) return constLike(a, 0);
  const fc = constLike(a, f);
  const q = floorDivide(a, fc);
  const r = mod(a, fc); // in [0, f)
  const rest = apply(B.sub, fc, r); // f - r, in (0, f]: no overflow, unlike 2 * r
  const tie = apply(B.eq, r, rest);
  const odd = apply(B.ne, apply(B.and, q, constLike(q, 1)), constLike(q, 0));
  const up = apply(B.or, apply(B.gt, r, rest), apply(B.and, tie, odd));
  const q2 = bind1(selectN, [up, q, apply(B.add, q, constLike(q, 1))], {});
  return apply(B.mul, q2, fc);
}
/** Alias of `round`. @example np.around(x, 2) */
export const around = round;

/** e ** x. @example np.exp(np.array([0, 1])) // [1, 2.7182817] */
export const exp = floatUnary("exp", U.exp);
/** 2 ** x. @example np.exp2(np.array([3])) // [8] */
export const exp2 = floatUnary("exp2", U.exp2);
/** e ** x - 1, accurate near 0. @example np.expm1(np.array([1e-10])) // [1e-10] */
export const expm1 = floatUnary("expm1", U.expm1);
/** Natural logarithm (log(0) = -inf, log(-1) = NaN). @example np.log(np.array([1, Math.E])) // [0, 1] */
export const log = floatUnary("log", U.log);
/** Base-2 logarithm. @example np.log2(np.array([8])) // [3] */
export const log2 = floatUnary("log2", U.log2);
/** log(1 + x), accurate near 0. @example np.log1p(np.array([1e-10])) // [1e-10] */
export const log1p = floatUnary("log1p", U.log1p);
/** Square root. @example np.sqrt(np.array([4, 9])) // [2, 3] */
export const sqrt = floatUnary("sqrt", U.sqrt);
/** 1 / sqrt(x). @example np.rsqrt(np.array([4])) // [0.5] */
export const rsqrt = floatUnary("rsqrt", U.rsqrt);
/** Cube root (negative inputs give negative roots). @example np.cbrt(np.array([-8])) // [-2] */
export const cbrt = floatUnary("cbrt", U.cbrt);
/** Sine. @example np.sin(np.array([0])) // [0] */
export const sin = floatUnary("sin", U.sin);
/** Cosine. @example np.cos(np.array([0])) // [1] */
export const cos = floatUnary("cos", U.cos);
/** Tangent. @example np.tan(np.array([0])) // [0] */
export const tan = floatUnary("tan", U.tan);
/** Inverse sine. @example np.arcsin(np.array([1])) // [1.5707964] */
export const arcsin = floatUnary("arcsin", U.asin);
/** Inverse cosine. @example np.arccos(np.array([1])) // [0] */
export const arccos = floatUnary("arccos", U.acos);
/** Inverse tangent. @example np.arctan(np.array([1])) // [0.7853982] */
export const arctan = floatUnary("arctan", U.atan);
/** Hyperbolic sine. @example np.sinh(np.array([0])) // [0] */
export const sinh = floatUnary("sinh", U.sinh);
/** Hyperbolic cosine. @example np.cosh(np.array([0])) // [1] */
export const cosh = floatUnary("cosh", U.cosh);
/** Hyperbolic tangent. @example np.tanh(np.array([0])) // [0] */
export const tanh = floatUnary("tanh", U.tanh);
/** Inverse hyperbolic sine. @example np.arcsinh(np.array([0])) // [0] */
export const arcsinh = floatUnary("arcsinh", U.asinh);
/** Inverse hyperbolic cosine. @example np.arccosh(np.array([1])) // [0] */
export const arccosh = floatUnary("arccosh", U.acosh);
/** Inverse hyperbolic tangent. @example np.arctanh(np.array([0])) // [0] */
export const arctanh = floatUnary("arctanh", U.atanh);
/** Angle of the point (x, y) from the x axis: `arctan2(y, x)`. @example np.arctan2(1, np.array([1])) // [0.7853982] */
export const arctan2 = floatBinary("arctan2", B.atan2);

/**
 * Base-10 logarithm.
 *
 * @example
 * np.log10(np.array([100])); // [2]
 */
export function log10(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.log10", extra);
  return multiply(log(x), 1 / Math.LN10);
}

/**
 * `sqrt(x**2 + y**2)` without overflow for large inputs. Infinite if either is infinite (even
 * with a NaN), as C's `hypot`.
 *
 * @example
 * np.hypot(3, np.array([4])); // [5]
 */
export function hypot(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.hypot", extra);
  const [a, b] = promoteToFloat("np.hypot", [x, y]);
  checkReal("np.hypot", a!.dtype, "use np.abs(x) (JAX's hypot rejects complex values too)");
  const ax = apply(U.abs, a!);
  const ay = apply(U.abs, b!);
  const big = apply(B.max, ax, ay);
  const small = apply(B.min, ax, ay);
  const safe = bind1(selectN, [apply(B.eq, big, constLike(big, 0)), big, constLike(big, 1)], {});
  const r = apply(B.div, small, safe);
  const h = apply(B.mul, big, apply(U.sqrt, apply(B.add, constLike(r, 1), apply(B.mul, r, r))));
  const inf = constLike(ax, Infinity);
  const anyInf = apply(B.or, apply(B.eq, ax, inf), apply(B.eq, ay, inf));
  return bind1(selectN, [anyInf, h, inf], {});
}

/**
 * `x * x`.
 *
 * @example
 * np.square(np.array([3])); // [9]
 */
export function square(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.square", extra);
  const [a] = promoteAndBroadcast("np.square", [x]);
  checkNotBool("square", a!);
  return bind1(integerPow, [a!], { y: 2 });
}

/**
 * `1 / x` (computed in float32 for integer inputs).
 *
 * @example
 * np.reciprocal(np.array([4])); // [0.25]
 */
export function reciprocal(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.reciprocal", extra);
  const [a] = promoteToFloat("np.reciprocal", [x]);
  return apply(B.div, constLike(a!, 1), a!);
}

/**
 * Elementwise maximum; NaN if either is NaN.
 *
 * @example
 * np.maximum(np.array([1, 5]), 3); // [3, 5]
 */
export function maximum(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.maximum", extra);
  const [a, b] = promoteAndBroadcast("np.maximum", [x, y]);
  return apply(B.max, a!, b!);
}

/**
 * Elementwise minimum; NaN if either is NaN.
 *
 * @example
 * np.minimum(np.array([1, 5]), 3); // [1, 3]
 */
export function minimum(x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.minimum", extra);
  const [a, b] = promoteAndBroadcast("np.minimum", [x, y]);
  return apply(B.min, a!, b!);
}

/** Options of `clip` (JAX's keywords `min` and `max`). */
export interface ClipOptions {
  min?: ArrayLike | null;
  max?: ArrayLike | null;
}

/**
 * Limits values to `[lo, hi]` (either bound may be omitted with null). NaN stays NaN.
 *
 * @example
 * np.clip(np.array([-2, 0.5, 9]), 0, 1); // [0, 0.5, 1]
 */
export function clip(x: ArrayLike, loArg?: ArrayLike | null | ClipOptions, hiArg?: ArrayLike | null | ClipOptions, opts?: ClipOptions): Array {
  const o = namedArgs<ClipOptions>("np.clip", [loArg, hiArg, opts], ["min", "max"], [], "np.clip(x, min?, max?)");
  const [lo, hi] = [o.min, o.max];
  let out = promoteAndBroadcast("np.clip", [x])[0]!;
  if (lo !== undefined && lo !== null) out = maximum(out, lo);
  if (hi !== undefined && hi !== null) out = minimum(out, hi);
  return out;
}

/**
 * Elements of `x` where `cond` is true, else of `y` (all three broadcast; `cond` nonzero is
 * true). The one-argument form (`np.where(cond, { size })`) is `where` in `nonzero.ts`, which
 * the `np` namespace exports.
 *
 * @example
 * np.where(x.gt(0), x, 0);                 // relu
 */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  if (isOptionsObject(x)) throw new TypeError("np.where: x must be an array or a number; the options go with the one-argument form np.where(cond, { size }).");
  const device = deviceOf([cond, x, y]);
  const [a, b] = promoteAndBroadcast("np.where", [x, y], undefined, device);
  const c = toBool("np.where", cond, device);
  const shape = broadcastShapes("np.where", c.shape, a!.shape);
  const bc = (v: Array) => broadcastTo("np.where", v, shape);
  return bind1(selectN, [bc(c), bc(b!), bc(a!)], {});
}

function comparison(name: string, prim: P) {
  return (x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    const [a, b] = promoteAndBroadcast(`np.${name}`, [x, y]);
    return apply(prim, a!, b!);
  };
}

/** `x == y` elementwise. @example np.equal(np.array([1, 2]), 2) // [false, true] */
export const equal = comparison("equal", B.eq);
/** `x != y` elementwise (true for NaN). @example np.notEqual(np.array([1, 2]), 2) // [true, false] */
export const notEqual = comparison("notEqual", B.ne);
/** `x < y`. @example np.less(np.array([1, 2]), 2) // [true, false] */
export const less = comparison("less", B.lt);
/** `x <= y`. @example np.lessEqual(np.array([1, 2]), 2) // [true, true] */
export const lessEqual = comparison("lessEqual", B.le);
/** `x > y`. @example np.greater(np.array([1, 2]), 1) // [false, true] */
export const greater = comparison("greater", B.gt);
/** `x >= y`. @example np.greaterEqual(np.array([1, 2]), 2) // [false, true] */
export const greaterEqual = comparison("greaterEqual", B.ge);

function toBool(op: string, x: ArrayLike, device?: DeviceName): Array {
  const a = promoteAndBroadcast(op, [x], undefined, device)[0]!;
  return a.dtype === "bool" ? a : apply(B.ne, a, constLike(a, 0));
}

function logical(name: string, prim: P) {
  return (x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    const device = deviceOf([x, y]);
    const [a, b] = promoteAndBroadcast(`np.${name}`, [toBool(`np.${name}`, x, device), toBool(`np.${name}`, y, device)]);
    return apply(prim, a!, b!);
  };
}

/** Logical and (nonzero is true). @example np.logicalAnd(np.array([true, false]), true) // [true, false] */
export const logicalAnd = logical("logicalAnd", B.and);
/** Logical or. @example np.logicalOr(np.array([true, false]), false) // [true, false] */
export const logicalOr = logical("logicalOr", B.or);
/** Logical xor. @example np.logicalXor(np.array([true, false]), true) // [false, true] */
export const logicalXor = logical("logicalXor", B.xor);

/**
 * Logical not (nonzero is true).
 *
 * @example
 * np.logicalNot(np.array([0, 2])); // [true, false]
 */
export function logicalNot(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.logicalNot", extra);
  return apply(U.not, toBool("np.logicalNot", x));
}

/**
 * True where x is NaN (never for integers).
 *
 * @example
 * np.isnan(np.array([1, NaN])); // [false, true]
 */
export function isnan(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.isnan", extra);
  const [a] = promoteAndBroadcast("np.isnan", [x]);
  if (a!.dtype === "complex64") return logicalOr(isnan(real(a!)), isnan(imag(a!)));
  if (!isFloatDType(a!.dtype)) return boolLike(a!, false);
  return apply(B.ne, a!, a!);
}

/**
 * True where x is +inf or -inf.
 *
 * @example
 * np.isinf(np.array([Infinity, 1])); // [true, false]
 */
export function isinf(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.isinf", extra);
  const [a] = promoteAndBroadcast("np.isinf", [x]);
  if (a!.dtype === "complex64") return logicalOr(isinf(real(a!)), isinf(imag(a!)));
  if (!isFloatDType(a!.dtype)) return boolLike(a!, false);
  return apply(B.eq, apply(U.abs, a!), constLike(a!, Infinity));
}

/**
 * True where x is neither infinite nor NaN.
 *
 * @example
 * np.isfinite(np.array([1, Infinity, NaN])); // [true, false, false]
 */
export function isfinite(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.isfinite", extra);
  const [a] = promoteAndBroadcast("np.isfinite", [x]);
  if (a!.dtype === "complex64") return logicalAnd(isfinite(real(a!)), isfinite(imag(a!)));
  if (!isFloatDType(a!.dtype)) return boolLike(a!, true);
  return apply(U.is_finite, a!);
}

/** A bool array shaped like `like`, filled with `value`. */
function boolLike(like: Array, value: boolean): Array {
  return broadcastTo("np", scalarLike("np", value, { dtype: "bool", weakType: false }, like.device), like.shape);
}

function bitwise(name: string, prim: P, boolOk: boolean) {
  return (x: ArrayLike, y: ArrayLike, ...extra: unknown[]): Array => {
    noUfuncOptions(`np.${name}`, extra);
    const [a, b] = promoteAndBroadcast(`np.${name}`, [x, y]);
    checkBitwise(name, a!.dtype, boolOk);
    return apply(prim, a!, b!);
  };
}

function checkBitwise(name: string, dtype: DType, boolOk: boolean): void {
  if (!(isIntDType(dtype) || (boolOk && dtype === "bool"))) {
    throw new DTypeError(`np.${name}: needs integer${boolOk ? " or bool" : ""} operands, got ${dtype}.`);
  }
}

/** Bitwise and (logical and for bools). @example np.bitwiseAnd(np.array([12], { dtype: "int32" }), 10) // [8] */
export const bitwiseAnd = bitwise("bitwiseAnd", B.and, true);
/** Bitwise or. @example np.bitwiseOr(np.array([12], { dtype: "int32" }), 3) // [15] */
export const bitwiseOr = bitwise("bitwiseOr", B.or, true);
/** Bitwise xor. @example np.bitwiseXor(np.array([12], { dtype: "int32" }), 10) // [6] */
export const bitwiseXor = bitwise("bitwiseXor", B.xor, true);
/** `x << y`. @example np.leftShift(np.array([1], { dtype: "int32" }), 4) // [16] */
export const leftShift = bitwise("leftShift", B.shift_left, false);

/**
 * `x >> y`: arithmetic for int32, logical for uint32 (as numpy).
 *
 * @example
 * np.rightShift(np.array([-16], { dtype: "int32" }), 2); // [-4]
 */
export function rightShift(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteAndBroadcast("np.rightShift", [x, y]);
  checkBitwise("rightShift", a!.dtype, false);
  return apply(isSignedIntDType(a!.dtype) ? B.shift_right_arithmetic : B.shift_right_logical, a!, b!);
}

/**
 * Bitwise not (logical not for bools).
 *
 * @example
 * np.bitwiseNot(np.array([0], { dtype: "int32" })); // [-1]
 */
export function bitwiseNot(x: ArrayLike, ...extra: unknown[]): Array {
  noUfuncOptions("np.bitwiseNot", extra);
  const [a] = promoteAndBroadcast("np.bitwiseNot", [x]);
  checkBitwise("bitwiseNot", a!.dtype, true);
  return apply(U.not, a!);
}
/** Alias of `bitwiseNot`. @example np.invert(x) */
export const invert = bitwiseNot;

/**
 * Number of set bits of the absolute value of each integer (as numpy and JAX; the result keeps
 * the operand's dtype).
 *
 * @example
 * np.bitwiseCount(np.array([7, -7], { dtype: "int32" })); // [3, 3]
 */
export function bitwiseCount(x: ArrayLike): Array {
  const [a] = promoteAndBroadcast("np.bitwiseCount", [x]);
  checkBitwise("bitwiseCount", a!.dtype, false);
  return apply(U.population_count, isSignedIntDType(a!.dtype) ? apply(U.abs, a!) : a!);
}

/**
 * Converts to `dtype` (numpy casting: float to int truncates and saturates, NaN becomes 0).
 *
 * @example
 * np.astype(np.array([1.7, -1.7]), "int32"); // [1, -1]
 */
export function astype(x: ArrayLike, dtype: DType, opts?: { copy?: boolean; device?: DeviceName }): Array {
  const o = checkOptions("np.astype", opts, { accepted: ["copy", "device"], signature: "np.astype(x, dtype, { copy, device })" });
  checkDType("np.astype", dtype);
  if (o.device !== undefined && o.device !== deviceOf([x])) throw new TypeError(`np.astype: device ${JSON.stringify(o.device)} differs from the array's ${deviceOf([x])}; move it with devicePut first.`);
  const a = promoteAndBroadcast("np.astype", [x])[0]!;
  return convert(a, dtype);
}
