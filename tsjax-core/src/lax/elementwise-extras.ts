/**
 * `jax.lax` elementwise functions beyond the primitives' own set: `square`, `reciprocal`,
 * `bitwiseNot`, `selectN` (any number of cases), `reducePrecision` (XLA's bit rounding), and the
 * special functions `lax` exposes (`erf`, `lgamma`, `igamma`, `zeta`, ...), which are the
 * `special` namespace's implementations.
 */
import type { Array } from "../array/array.js";
import { isFloatDType, isIntDType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { customVjp } from "../transforms/custom.js";
import { convert, scalarLike } from "../numpy/convert.js";
import { broadcastTo } from "../numpy/shape-ops.js";
import * as special from "../special/index.js";
import { add, bitcastConvertType, bitwiseAnd, bitwiseOr, convertElementType, div, eq, gt, floor, le, mul, ne, not, select, shiftRightLogical } from "./lax.js";

/** `x * x` (`jax.lax.square`). @example lax.square(np.array([1, -2])); // [1, 4] */
export function square(x: Array): Array {
  return mul(x, x);
}

/** `1 / x` (`jax.lax.reciprocal`). @example lax.reciprocal(np.array([2, 4])); // [0.5, 0.25] */
export function reciprocal(x: Array): Array {
  return div(scalarLike("lax.reciprocal", 1, { dtype: x.dtype, weakType: false }, x.device).broadcastTo(x.shape), x);
}

/** Bitwise (integers) or logical (bool) not (`jax.lax.bitwise_not`). @example lax.bitwiseNot(np.array([true, false])); // [false, true] */
export function bitwiseNot(x: Array): Array {
  return not(x);
}

/**
 * Chooses among `cases` by `which` (`jax.lax.select_n`): bool `which` takes `cases[1]` where
 * true (two cases); an int32 `which` takes `cases[which]` (out-of-range values take the last
 * case). `which` is a scalar or has the cases' shape; all cases share shape and dtype.
 *
 * @example
 * lax.selectN(np.array([0, 2, 1], { dtype: "int32" }), a, b, c); // [a[0], c[1], b[2]]
 */
export function selectN(which: Array, ...cases: Array[]): Array {
  const op = "lax.selectN";
  if (cases.length === 0) throw new ShapeError(`${op}: needs at least one case.`);
  const [c0] = cases;
  for (const c of cases) {
    if (c.dtype !== c0!.dtype || c.shape.join() !== c0!.shape.join()) {
      throw new ShapeError(`${op}: cases must share shape and dtype, got ${cases.map((k) => `${k.dtype}${fmtShape(k.shape)}`).join(", ")}.`);
    }
  }
  if (which.ndim !== 0 && which.shape.join() !== c0!.shape.join()) {
    throw new ShapeError(`${op}: which ${fmtShape(which.shape)} must be a scalar or have the cases' shape ${fmtShape(c0!.shape)}.`);
  }
  if (which.dtype === "bool") {
    if (cases.length > 2) throw new DTypeError(`${op}: a bool which selects between at most 2 cases, got ${cases.length}; use an int32 which.`);
  } else if (!isIntDType(which.dtype)) {
    throw new DTypeError(`${op}: which must be bool or an integer dtype, got ${which.dtype}.`);
  }
  if (cases.length === 1) return c0!;
  const w = which.ndim === 0 ? broadcastTo(which, c0!.shape) : which;
  if (w.dtype === "bool") return select(w, cases[1]!, c0!);
  const w32 = w.dtype === "int32" ? w : convertElementType(w, "int32");
  let out = c0!;
  for (let i = 1; i < cases.length; i++) {
    const hit = i === cases.length - 1 ? not(le(w32, scalarLike(op, i - 1, { dtype: "int32", weakType: false }, w.device).broadcastTo(w.shape))) : eq(w32, scalarLike(op, i, { dtype: "int32", weakType: false }, w.device).broadcastTo(w.shape));
    out = select(hit, cases[i]!, out);
  }
  return out;
}

const i32 = (x: Array, v: number) => scalarLike("lax.reducePrecision", v | 0, { dtype: "int32", weakType: false }, x.device).broadcastTo(x.shape);

/** XLA's ReducePrecision on float32 bits (round to nearest even, overflow to inf, underflow to 0). */
function reducePrecisionF32(x: Array, exponentBits: number, mantissaBits: number): Array {
  let bits = bitcastConvertType(x, "int32");
  if (mantissaBits < 23) {
    const lastBit = 1 << (23 - mantissaBits);
    const lastMantissa = shiftRightLogical(bitwiseAnd(bits, i32(x, lastBit)), i32(x, 23 - mantissaBits));
    const bias = add(lastMantissa, i32(x, (lastBit >>> 1) - 1));
    bits = bitwiseAnd(add(bits, bias), i32(x, ~(lastBit - 1)));
  }
  if (exponentBits < 8) {
    const expMask = 0xff << 23;
    const reducedBias = (1 << (exponentBits - 1)) - 1;
    const exponent = bitwiseAnd(bits, i32(x, expMask));
    const overflows = gt(exponent, i32(x, (127 + reducedBias) << 23));
    const underflows = le(exponent, i32(x, (127 - reducedBias) << 23));
    const signedZero = bitwiseAnd(bits, i32(x, 1 << 31));
    const signedInf = bitwiseOr(signedZero, i32(x, expMask));
    bits = select(overflows, signedInf, select(underflows, signedZero, bits));
  }
  const out = bitcastConvertType(bits, "float32");
  const nan = ne(x, x);
  return select(nan, x, out);
}

/**
 * Rounds floats to `exponentBits` exponent and `mantissaBits` mantissa bits
 * (`jax.lax.reduce_precision`, XLA's rounding: nearest, ties to even; too large gives +-inf, too
 * small +-0). `reducePrecision(x, 5, 10)` rounds to float16 values, `(8, 7)` to bfloat16. The
 * gradient rounds the cotangent the same way (JAX's transpose rule); forward mode (`jvp`) is not
 * available here. float16 inputs are rounded in float32.
 *
 * @example
 * lax.reducePrecision(np.array([1.0009765625, 70000]), 5, 10); // [1.0009765625, Infinity]
 */
export function reducePrecision(x: Array, exponentBits: number, mantissaBits: number): Array {
  const op = "lax.reducePrecision";
  if (!isFloatDType(x.dtype)) throw new DTypeError(`${op}: operand must be floating point, got ${x.dtype}.`);
  if (!Number.isInteger(exponentBits) || exponentBits < 1 || !Number.isInteger(mantissaBits) || mantissaBits < 0) {
    throw new TypeError(`${op}: exponentBits must be an integer >= 1 and mantissaBits an integer >= 0, got ${exponentBits} and ${mantissaBits}.`);
  }
  const round = (a: Array): Array => {
    const a32 = a.dtype === "float32" ? a : convert(a, "float32");
    const r = reducePrecisionF32(a32, Math.min(exponentBits, 8), Math.min(mantissaBits, 23));
    return r.dtype === a.dtype ? r : convert(r, a.dtype);
  };
  // JAX treats reduce_precision as linear: its transpose rounds the cotangent.
  const rp = customVjp(round);
  rp.defvjp((a: Array) => [round(a), null], (_res: null, ct: Array) => [round(ct)]);
  return rp(x);
}

const floatOnly = <F extends (...a: Array[]) => Array>(name: string, f: F) =>
  ((...xs: Array[]) => {
    for (const x of xs) {
      if (!isFloatDType(x.dtype)) throw new DTypeError(`lax.${name}: operands must be floating point, got ${xs.map((v) => v.dtype).join(", ")}.`);
    }
    return f(...xs);
  }) as F;

/** Error function (`jax.lax.erf`). @example lax.erf(x) */
export const erf = floatOnly("erf", (x: Array) => special.erf(x));
/** Complementary error function (`jax.lax.erfc`). @example lax.erfc(x) */
export const erfc = floatOnly("erfc", (x: Array) => special.erfc(x));
/** Inverse error function (`jax.lax.erf_inv`). @example lax.erfInv(x) */
export const erfInv = floatOnly("erfInv", (x: Array) => special.erfinv(x));
/** Log of |Gamma(x)| (`jax.lax.lgamma`). @example lax.lgamma(x) */
export const lgamma = floatOnly("lgamma", (x: Array) => special.gammaln(x));
/** Digamma (`jax.lax.digamma`). @example lax.digamma(x) */
export const digamma = floatOnly("digamma", (x: Array) => special.digamma(x));
/** Regularized lower incomplete gamma P(a, x) (`jax.lax.igamma`). @example lax.igamma(a, x) */
export const igamma = floatOnly("igamma", (a: Array, x: Array) => special.gammainc(a, x));
/** Regularized upper incomplete gamma Q(a, x) (`jax.lax.igammac`). @example lax.igammac(a, x) */
export const igammac = floatOnly("igammac", (a: Array, x: Array) => special.gammaincc(a, x));
/** Regularized incomplete beta I_x(a, b) (`jax.lax.betainc`). @example lax.betainc(a, b, x) */
export const betainc = floatOnly("betainc", (a: Array, b: Array, x: Array) => special.betainc(a, b, x));
/** Exponentially scaled I0 (`jax.lax.bessel_i0e`). @example lax.besselI0e(x) */
export const besselI0e = floatOnly("besselI0e", (x: Array) => special.i0e(x));
/** Exponentially scaled I1 (`jax.lax.bessel_i1e`). @example lax.besselI1e(x) */
export const besselI1e = floatOnly("besselI1e", (x: Array) => special.i1e(x));
/** Hurwitz zeta (`jax.lax.zeta`). @example lax.zeta(x, q) */
export const zeta = floatOnly("zeta", (x: Array, q: Array) => special.zeta(x, q));

/**
 * Polygamma `psi^(m)(x)` with a float array order `m` holding integers (`jax.lax.polygamma`).
 *
 * @example
 * lax.polygamma(np.array([1, 2]), np.array([1, 1])); // [1.6449341, -2.4041138]
 */
export function polygamma(m: Array, x: Array): Array {
  const out = floatOnly("polygamma", (mm: Array, xx: Array) => special.polygamma(convert(mm, "int32"), xx))(m, x);
  return select(eq(floor(m), m), out, scalarLike("lax.polygamma", NaN, { dtype: out.dtype, weakType: false }, out.device).broadcastTo(out.shape));
}
