/**
 * numpy's elementwise functions built from the others: logaddexp, sinc, heaviside, copysign,
 * signbit, fmax/fmin, degree conversions, nanToNum, isclose/allclose/arrayEqual, gcd/lcm,
 * frexp/ldexp, modf. Compositions of differentiable primitives, so grad, vmap and jit go through.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isFloatDType, isIntDType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { whileLoop } from "../lax/control-flow.js";
import { namedArgs } from "../util/options.js";
import { asArray, promoteAndBroadcast, promoteToFloat } from "./convert.js";
import {
  abs, add, astype, ceil, divide, equal, exp, exp2, floor, floorDivide, greater, greaterEqual, isinf, isnan, less, lessEqual, log1p, log2, logicalAnd,
  logicalNot, logicalOr, maximum, mod, multiply, negative, notEqual, power, sin, sqrt, subtract, where,
} from "./elementwise.js";
import { all, any } from "./reductions.js";
import { fullLike, zerosLike } from "./creation.js";
import { broadcastArrays } from "./shape-ops.js";

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `log(exp(x1) + exp(x2))` without overflow.
 *
 * @example
 * np.logaddexp(np.array([1000]), np.array([1000])); // [1000.6931]
 */
export function logaddexp(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteToFloat("np.logaddexp", [x1, x2]);
  const amax = maximum(a!, b!);
  const delta = subtract(a!, b!);
  return where(isnan(delta), add(a!, b!), add(amax, log1p(exp(negative(abs(delta))))));
}

/**
 * `log2(2**x1 + 2**x2)` without overflow.
 *
 * @example
 * np.logaddexp2(np.array([1]), np.array([1])); // [2]
 */
export function logaddexp2(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteToFloat("np.logaddexp2", [x1, x2]);
  const amax = maximum(a!, b!);
  const delta = subtract(a!, b!);
  return where(isnan(delta), add(a!, b!), add(amax, divide(log1p(exp2(negative(abs(delta)))), Math.LN2)));
}

/**
 * The normalized sinc function `sin(pi x) / (pi x)`, 1 at 0 (with derivative 0 there).
 *
 * @example
 * np.sinc(np.array([0, 0.5])); // [1, 0.63661975]
 */
export function sinc(x: ArrayLike): Array {
  const [a] = promoteToFloat("np.sinc", [x]);
  const zero = equal(a!, 0);
  const px = multiply(where(zero, 1, a!), Math.PI);
  return where(zero, 1, divide(sin(px), px));
}

/**
 * The Heaviside step: 0 for `x1 < 0`, `x2` at 0, 1 for `x1 > 0`.
 *
 * @example
 * np.heaviside(np.array([-1, 0, 2]), 0.5); // [0, 0.5, 1]
 */
export function heaviside(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteToFloat("np.heaviside", [x1, x2]);
  return where(less(a!, 0), 0, where(greater(a!, 0), 1, b!)).astype(b!.dtype);
}

/**
 * True where the sign bit is set (negative numbers, -0 and -inf).
 *
 * @example
 * np.signbit(np.array([-1, -0, 0, 2])); // [true, true, false, false]
 */
export function signbit(x: ArrayLike): Array {
  const a = asArray("np.signbit", x);
  if (a.dtype === "bool") return zerosLike(a, { dtype: "bool" });
  if (!isFloatDType(a.dtype)) return less(a, 0);
  // -0 is the zero whose reciprocal is -inf.
  return logicalOr(less(a, 0), logicalAnd(equal(a, 0), less(divide(1, a), 0)));
}

/**
 * `|x1|` with the sign of `x2`.
 *
 * @example
 * np.copysign(np.array([1, -2]), -1); // [-1, -2]
 */
export function copysign(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteToFloat("np.copysign", [x1, x2]);
  const m = abs(a!);
  return where(signbit(b!), negative(m), m);
}

/**
 * Elementwise maximum that ignores NaNs (NaN only where both are NaN).
 *
 * @example
 * np.fmax(np.array([1, NaN]), np.array([NaN, NaN])); // [1, NaN]
 */
export function fmax(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteAndBroadcast("np.fmax", [x1, x2]);
  return where(logicalOr(greater(a!, b!), isnan(b!)), a!, b!);
}

/**
 * Elementwise minimum that ignores NaNs (NaN only where both are NaN).
 *
 * @example
 * np.fmin(np.array([1, NaN]), np.array([0, 3])); // [0, 3]
 */
export function fmin(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteAndBroadcast("np.fmin", [x1, x2]);
  return where(logicalOr(less(a!, b!), isnan(b!)), a!, b!);
}

/**
 * Degrees to radians.
 *
 * @example
 * np.deg2rad(np.array([180])); // [3.1415927]
 */
export function deg2rad(x: ArrayLike): Array {
  return multiply(promoteToFloat("np.deg2rad", [x])[0]!, Math.PI / 180);
}

/**
 * Radians to degrees.
 *
 * @example
 * np.rad2deg(np.array([Math.PI])); // [180]
 */
export function rad2deg(x: ArrayLike): Array {
  return multiply(promoteToFloat("np.rad2deg", [x])[0]!, 180 / Math.PI);
}

/**
 * Absolute value computed in floats (integers become float32).
 *
 * @example
 * np.fabs(np.array([-2], { dtype: "int32" })); // [2] (float32)
 */
export function fabs(x: ArrayLike): Array {
  return abs(promoteToFloat("np.fabs", [x])[0]!);
}

/**
 * `x1 ** x2` in floats (integers become float32, as JAX without x64).
 *
 * @example
 * np.floatPower(np.array([2], { dtype: "int32" }), -1); // [0.5]
 */
export function floatPower(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promoteToFloat("np.floatPower", [x1, x2]);
  return power(a!, b!);
}

/**
 * True where `x` is +inf. @example np.isposinf(np.array([Infinity, -Infinity])) // [true, false]
 */
export function isposinf(x: ArrayLike): Array {
  const a = asArray("np.isposinf", x);
  return logicalAnd(isinf(a), greater(a, 0));
}

/**
 * True where `x` is -inf. @example np.isneginf(np.array([Infinity, -Infinity])) // [false, true]
 */
export function isneginf(x: ArrayLike): Array {
  const a = asArray("np.isneginf", x);
  return logicalAnd(isinf(a), less(a, 0));
}

/** Options of `nanToNum`. */
export interface NanToNumOptions {
  /** Accepted for numpy compatibility (arrays are immutable). */
  copy?: boolean;
  /** The value for NaN (default 0). */
  nan?: number;
  /** The value for +inf (default the dtype's largest). */
  posinf?: number | null;
  /** The value for -inf (default the dtype's most negative). */
  neginf?: number | null;
}

/**
 * NaN and infinities replaced by finite numbers (`np.nanToNum(x, { nan, posinf, neginf })`).
 *
 * @example
 * np.nanToNum(np.array([NaN, Infinity, 1])); // [0, 3.4028235e38, 1]
 */
export function nanToNum(x: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.nanToNum";
  const o = namedArgs<NanToNumOptions>(op, rest, ["copy", "nan", "posinf", "neginf"], [], `${op}(x, { nan, posinf, neginf })`);
  const a = asArray(op, x);
  if (!isFloatDType(a.dtype)) return a;
  const big = a.dtype === "float16" ? 65504 : FLOAT32_MAX;
  let out = where(isnan(a), o.nan ?? 0, a);
  out = where(isposinf(a), o.posinf ?? big, out);
  return where(isneginf(a), o.neginf ?? -big, out).astype(a.dtype);
}

/** Options of `isclose` and `allclose`. */
export interface IsCloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Whether NaN equals NaN (default false). */
  equalNan?: boolean;
}

/**
 * True where `|a - b| <= atol + rtol * |b|` (infinities equal only themselves; integers compare
 * exactly).
 *
 * @example
 * np.isclose(np.array([1, 1.1]), 1); // [true, false]
 */
export function isclose(a: ArrayLike, b: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.isclose";
  const o = namedArgs<IsCloseOptions>(op, rest, ["rtol", "atol", "equalNan"], [], `${op}(a, b, { rtol, atol, equalNan })`);
  const [x, y] = promoteAndBroadcast(op, [a, b]);
  if (!isFloatDType(x!.dtype)) return equal(x!, y!);
  const rtol = o.rtol ?? 1e-5;
  const atol = o.atol ?? 1e-8;
  const finite = logicalNot(logicalOr(isinf(x!), isinf(y!)));
  const near = lessEqual(abs(subtract(x!, y!)), add(atol, multiply(rtol, abs(y!))));
  let out = where(finite, near, equal(x!, y!));
  if (o.equalNan) out = logicalOr(out, logicalAnd(isnan(x!), isnan(y!)));
  return out;
}

/**
 * True when every element of `a` is close to `b` (see `isclose`): a bool scalar.
 *
 * @example
 * np.allclose(np.array([1, 2]), np.array([1, 2.000001])); // true
 */
export function allclose(a: ArrayLike, b: ArrayLike, ...rest: unknown[]): Array {
  return all(isclose(a, b, ...rest));
}

/** Options of `arrayEqual`. */
export interface ArrayEqualOptions {
  /** Whether NaN equals NaN (default false). */
  equalNan?: boolean;
}

/**
 * True when `a1` and `a2` have the same shape and elements: a bool scalar.
 *
 * @example
 * np.arrayEqual(np.array([1, 2]), np.array([1, 2])); // true
 */
export function arrayEqual(a1: ArrayLike, a2: ArrayLike, ...rest: unknown[]): Array {
  const op = "np.arrayEqual";
  const o = namedArgs<ArrayEqualOptions>(op, rest, ["equalNan"]);
  const x = asArray(op, a1);
  const y = asArray(op, a2, x.device);
  if (x.shape.join() !== y.shape.join()) return fullLike(asArray(op, false), false);
  let eq = equal(x, y);
  if (o.equalNan && isFloatDType(x.dtype)) eq = logicalOr(eq, logicalAnd(isnan(x), isnan(y)));
  return all(eq);
}

/**
 * True when `a1` and `a2` broadcast together and are equal everywhere: a bool scalar.
 *
 * @example
 * np.arrayEquiv(np.array([1, 1]), 1); // true
 */
export function arrayEquiv(a1: ArrayLike, a2: ArrayLike): Array {
  const op = "np.arrayEquiv";
  const x = asArray(op, a1);
  const y = asArray(op, a2, x.device);
  try {
    broadcastArrays(x, y);
  } catch {
    return fullLike(asArray(op, false), false);
  }
  return all(equal(x, y));
}

function intOperands(op: string, x1: ArrayLike, x2: ArrayLike): [Array, Array] {
  const [a, b] = promoteAndBroadcast(op, [x1, x2]);
  if (!isIntDType(a!.dtype)) throw new DTypeError(`${op}: needs integer arrays, got ${a!.dtype}; convert with x.astype("int32").`);
  return [a!, b!];
}

/**
 * Greatest common divisor (Euclid's algorithm, run until every pair is done; gcd(0, 0) = 0).
 *
 * @example
 * np.gcd(np.array([12, 20], { dtype: "int32" }), 8); // [4, 4]
 */
export function gcd(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = intOperands("np.gcd", x1, x2);
  const [g] = whileLoop(
    ([, y]: Array[]) => any(notEqual(y!, 0)),
    ([x, y]: Array[]) => {
      const nz = notEqual(y!, 0);
      const safe = where(nz, y!, 1);
      return [where(nz, y!, x!), where(nz, mod(x!, safe), 0)];
    },
    [abs(a), abs(b)],
  ) as Array[];
  return g!;
}

/**
 * Least common multiple (0 where either is 0).
 *
 * @example
 * np.lcm(np.array([4, 6], { dtype: "int32" }), 10); // [20, 30]
 */
export function lcm(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = intOperands("np.lcm", x1, x2);
  const g = gcd(a, b);
  const zero = equal(g, 0);
  return where(zero, 0, abs(multiply(a, floorDivide(b, where(zero, 1, g))))).astype(a.dtype);
}

/**
 * Mantissa and exponent: `x = m * 2**e` with `0.5 <= |m| < 1` (m = x, e = 0 for 0, inf and NaN).
 *
 * @example
 * const [m, e] = np.frexp(np.array([8, 0.75])); // m [0.5, 0.75], e [4, 0]
 */
export function frexp(x: ArrayLike): [Array, Array] {
  const [a] = promoteToFloat("np.frexp", [x]);
  const special = logicalOr(equal(a!, 0), logicalOr(isinf(a!), isnan(a!)));
  const mag = where(special, 1, abs(a!));
  let e = add(floor(log2(mag)), 1);
  let m = scaleBy2(mag, negative(e));
  // log2 can be off by one next to powers of two: bring m into [0.5, 1).
  const hi = greaterEqual(m, 1);
  m = where(hi, multiply(m, 0.5), m);
  e = where(hi, add(e, 1), e);
  const low = less(m, 0.5);
  m = where(low, multiply(m, 2), m);
  e = where(low, subtract(e, 1), e);
  const signed = where(less(a!, 0), negative(m), m);
  return [where(special, a!, signed), astype(where(special, 0, e), "int32")];
}

/** `x * 2**e` in two steps, so that neither factor overflows or underflows on its own. */
function scaleBy2(x: Array, e: Array): Array {
  const half = floor(divide(e, 2));
  return multiply(multiply(x, exp2(half)), exp2(subtract(e, half)));
}

/**
 * `x1 * 2**x2` (x2 integer).
 *
 * @example
 * np.ldexp(np.array([0.5]), np.array([4], { dtype: "int32" })); // [8]
 */
export function ldexp(x1: ArrayLike, x2: ArrayLike): Array {
  const op = "np.ldexp";
  const e = asArray(op, x2);
  if (!isIntDType(e.dtype)) throw new DTypeError(`${op}: x2 must be an integer array, got ${e.dtype}.`);
  const [m] = promoteToFloat(op, [x1]);
  const [mb, eb] = broadcastArrays(m!, e);
  return scaleBy2(mb!, astype(eb!, mb!.dtype));
}

/**
 * Fractional and integral parts, both with the sign of `x`.
 *
 * @example
 * const [frac, whole] = np.modf(np.array([2.5, -1.25])); // [0.5, -0.25], [2, -1]
 */
export function modf(x: ArrayLike): [Array, Array] {
  const [a] = promoteToFloat("np.modf", [x]);
  const whole = where(less(a!, 0), ceil(a!), floor(a!));
  return [subtract(a!, whole), whole];
}

/**
 * The modified Bessel function of the first kind, order 0: its power series for |x| <= 20, the
 * asymptotic expansion beyond (differentiable through both).
 *
 * @example
 * np.i0(np.array([0, 1])); // [1, 1.2660658]
 */
export function i0(x: ArrayLike): Array {
  const [a] = promoteToFloat("np.i0", [x]);
  const small = lessEqual(abs(a!), 20);
  // the unused branch gets a harmless input, so that neither its value nor its gradient is inf/NaN
  const xs = where(small, a!, 0);
  const q = multiply(multiply(xs, xs), 0.25);
  let term: Array = multiply(q, 0).add(1);
  let series = term;
  for (let k = 1; k <= 40; k++) {
    term = divide(multiply(term, q), k * k);
    series = add(series, term);
  }
  const xl = where(small, 20, abs(a!));
  // e^x / sqrt(2 pi x) * sum_k ((2k-1)!!)^2 / (k! 8^k x^k)
  const coeffs = [1, 0.125, 0.0703125, 0.0732421875, 0.112152099609375, 0.2271080017089844, 0.5725014209747314];
  let poly: Array = multiply(xl, 0).add(coeffs[coeffs.length - 1]!);
  for (let k = coeffs.length - 2; k >= 0; k--) poly = add(divide(poly, xl), coeffs[k]!);
  const asym = multiply(divide(exp(xl), sqrt(multiply(xl, 2 * Math.PI))), poly);
  return where(small, series, asym);
}
