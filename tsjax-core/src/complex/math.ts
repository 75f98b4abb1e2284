/**
 * Complex arithmetic on real and imaginary parts (pairs of float32 arrays of one shape), the
 * building blocks of the complex lowering rules. The formulas are the usual robust ones
 * (XLA's and C99's): Smith's division, scaled `abs`, Kahan's square root, `expm1`/`log1p`
 * forms that keep small arguments accurate, and overflow-free `tanh`/`tan` for large inputs.
 */
import type { Array } from "../array/array.js";
import type { ComplexValue } from "../core/primitive.js";
import { binaryPrims as B, unaryPrims as U } from "../primitives/elementwise.js";
import * as O from "../primitives/ops.js";

/** A complex value as its real and imaginary parts. */
export type Pair = readonly [Array, Array];

/** True for a complex value given as its parts (not a real array). */
export const isPair = (v: ComplexValue): v is Pair => globalThis.Array.isArray(v);

/** A value's parts: a pair as it is, a real array with a zero imaginary part. */
export const partsOf = (v: ComplexValue): Pair => (isPair(v) ? v : [v, O.zerosLike(v)]);

const un = (p: (typeof U)[keyof typeof U], x: Array) => O.bind1(p, [x], {});
const c = (like: Array, v: number) => O.full(like, v);
const abs = (x: Array) => un(U.abs, x);
const isInf = (x: Array) => O.eq(abs(x), c(x, Infinity));
const or = (a: Array, b: Array) => O.bind1(B.or, [a, b], {});

export const cadd = ([a, b]: Pair, [x, y]: Pair): Pair => [O.add(a, x), O.add(b, y)];
export const cconj = ([a, b]: Pair): Pair => [a, O.neg(b)];

/** `(a + bi)(x + yi)`. */
export function cmul([a, b]: Pair, [x, y]: Pair): Pair {
  return [O.sub(O.mul(a, x), O.mul(b, y)), O.add(O.mul(a, y), O.mul(b, x))];
}

/** `(a + bi) / (x + yi)` by Smith's algorithm (no overflow of `x² + y²`). */
export function cdiv([a, b]: Pair, [x, y]: Pair): Pair {
  const big = O.ge(abs(x), abs(y));
  // |x| >= |y|: r = y/x, d = x + y r; re = (a + b r)/d, im = (b - a r)/d
  const r1 = O.div(y, x);
  const d1 = O.add(x, O.mul(y, r1));
  // otherwise: r = x/y, d = x r + y; re = (a r + b)/d, im = (b r - a)/d
  const r2 = O.div(x, y);
  const d2 = O.add(O.mul(x, r2), y);
  const re = O.select(big, O.div(O.add(a, O.mul(b, r1)), d1), O.div(O.add(O.mul(a, r2), b), d2));
  const im = O.select(big, O.div(O.sub(b, O.mul(a, r1)), d1), O.div(O.sub(O.mul(b, r2), a), d2));
  return [re, im];
}

/** `|a + bi|` without overflow or underflow of the squares (inf when either part is infinite). */
export function cabs([a, b]: Pair): Array {
  const x = abs(a);
  const y = abs(b);
  const m = O.max(x, y);
  const n = O.min(x, y);
  const safe = O.select(O.eq(m, c(m, 0)), c(m, 1), m);
  const q = O.div(n, safe);
  const r = O.mul(m, O.sqrt(O.add(c(q, 1), O.mul(q, q))));
  return O.select(or(isInf(a), isInf(b)), c(m, Infinity), O.select(O.eq(m, c(m, 0)), c(m, 0), r));
}

/** `e^(a + bi)`. */
export function cexp([a, b]: Pair): Pair {
  const e = O.exp(a);
  // an exact zero imaginary part stays zero (exp(inf + 0i) = inf + 0i, not inf + nan i)
  return [O.mul(e, un(U.cos, b)), O.select(O.eq(b, c(b, 0)), b, O.mul(e, un(U.sin, b)))];
}

/** `e^z - 1`, accurate for small `z`: `expm1(a) cos b - 2 sin²(b/2) + i e^a sin b`. */
export function cexpm1([a, b]: Pair): Pair {
  const s = un(U.sin, O.mul(b, c(b, 0.5)));
  const re = O.sub(O.mul(un(U.expm1, a), un(U.cos, b)), O.mul(c(s, 2), O.mul(s, s)));
  return [re, O.select(O.eq(b, c(b, 0)), b, O.mul(O.exp(a), un(U.sin, b)))];
}

/** The principal logarithm: `log|z| + i arg z`. */
export function clog(z: Pair): Pair {
  return [O.log(cabs(z)), O.bind1(B.atan2, [z[1], z[0]], {})];
}

/** `log(1 + z)`, accurate for small `z`. */
export function clog1p([a, b]: Pair): Pair {
  const t = O.add(O.mul(a, O.add(c(a, 2), a)), O.mul(b, b));
  // |1 + z|² = 1 + t; where t is large, log1p(t)/2 may overflow t: use log|1 + z| then
  const big = O.gt(abs(t), c(t, 1e30));
  const re = O.select(big, O.log(cabs([O.add(a, c(a, 1)), b])), O.mul(c(t, 0.5), un(U.log1p, O.select(big, c(t, 0), t))));
  return [re, O.bind1(B.atan2, [b, O.add(a, c(a, 1))], {})];
}

/**
 * The principal square root (Kahan's formula; `sqrt(0 + bi)` keeps the sign of zero). Parts
 * above 1e37 are scaled by 1/4 first (and the root by 2), so `|z| + |a|` cannot overflow.
 */
export function csqrt([a0, b0]: Pair): Pair {
  const huge = O.gt(O.max(abs(a0), abs(b0)), c(a0, 1e37));
  const a = O.select(huge, O.mul(a0, c(a0, 0.25)), a0);
  const b = O.select(huge, O.mul(b0, c(b0, 0.25)), b0);
  const r = cabs([a, b]);
  const t = O.sqrt(O.mul(O.add(r, abs(a)), c(r, 0.5)));
  const zero = O.eq(t, c(t, 0));
  const safe = O.select(zero, c(t, 1), t);
  const half = O.div(c(b, 0.5), safe); // 1 / (2t)
  const nonneg = O.ge(a, c(a, 0));
  const re = O.select(nonneg, t, O.mul(abs(b), half));
  const im = O.select(nonneg, O.mul(b, half), O.select(O.lt(b, c(b, 0)), O.neg(t), t));
  const unscale = O.select(huge, c(t, 2), c(t, 1));
  return [O.mul(O.select(zero, c(t, 0), re), unscale), O.mul(O.select(zero, b, im), unscale)];
}

/** `1 / sqrt(z)`. */
export function crsqrt(z: Pair): Pair {
  return cdiv([c(z[0], 1), c(z[0], 0)], csqrt(z));
}

/** `z / |z|` (0 at 0). */
export function csign(z: Pair): Pair {
  const r = cabs(z);
  const zero = O.eq(r, c(r, 0));
  const safe = O.select(zero, c(r, 1), r);
  return [O.select(zero, c(r, 0), O.div(z[0], safe)), O.select(zero, c(r, 0), O.div(z[1], safe))];
}

export function csin([a, b]: Pair): Pair {
  return [O.mul(un(U.sin, a), un(U.cosh, b)), O.mul(un(U.cos, a), un(U.sinh, b))];
}

export function ccos([a, b]: Pair): Pair {
  return [O.mul(un(U.cos, a), un(U.cosh, b)), O.neg(O.mul(un(U.sin, a), un(U.sinh, b)))];
}

export function csinh([a, b]: Pair): Pair {
  return [O.mul(un(U.sinh, a), un(U.cos, b)), O.mul(un(U.cosh, a), un(U.sin, b))];
}

export function ccosh([a, b]: Pair): Pair {
  return [O.mul(un(U.cosh, a), un(U.cos, b)), O.mul(un(U.sinh, a), un(U.sin, b))];
}

/**
 * `tanh(a + bi) = (sinh 2a + i sin 2b) / (cosh 2a + cos 2b)`; for `|a| > 20` the real part is
 * `sign(a)` and the imaginary part `4 sin b cos b e^(-2|a|)` (no inf / inf).
 */
export function ctanh([a, b]: Pair): Pair {
  const a2 = O.mul(a, c(a, 2));
  const b2 = O.mul(b, c(b, 2));
  const big = O.gt(abs(a), c(a, 20));
  const sa = O.select(big, c(a, 0), a2);
  const d = O.add(un(U.cosh, sa), un(U.cos, b2));
  const re = O.select(big, O.sign(a), O.div(un(U.sinh, sa), d));
  const tail = O.mul(O.mul(c(b, 2), un(U.sin, b2)), O.exp(O.neg(O.mul(abs(a), c(a, 2)))));
  const im = O.select(big, tail, O.div(un(U.sin, b2), d));
  return [re, im];
}

/** `tan z = -i tanh(i z)`. */
export function ctan([a, b]: Pair): Pair {
  const [x, y] = ctanh([O.neg(b), a]);
  return [y, O.neg(x)];
}

/** `z^n` for an integer `n` by binary exponentiation (as `lax.integer_pow`). */
export function cintPow(z: Pair, n: number): Pair {
  const one: Pair = [c(z[0], 1), c(z[0], 0)];
  if (n === 0) return one;
  let acc: Pair | undefined;
  let base = z;
  let e = Math.abs(n);
  while (e > 0) {
    if (e & 1) acc = acc ? cmul(acc, base) : base;
    e >>>= 1;
    if (e > 0) base = cmul(base, base);
  }
  return n < 0 ? cdiv(one, acc!) : acc!;
}

/** `x^y = e^(y log x)`, with `0^y = 0` for `re(y) > 0` and `0^0 = 1`. */
export function cpow(x: Pair, y: Pair): Pair {
  const [re, im] = cexp(cmul(y, clog(x)));
  const xZero = O.bind1(B.and, [O.eq(x[0], c(x[0], 0)), O.eq(x[1], c(x[1], 0))], {});
  const yZero = O.bind1(B.and, [O.eq(y[0], c(y[0], 0)), O.eq(y[1], c(y[1], 0))], {});
  const atZero = O.select(yZero, c(re, 1), O.select(O.gt(y[0], c(re, 0)), c(re, 0), c(re, NaN)));
  return [O.select(xZero, atZero, re), O.select(xZero, O.select(yZero, c(im, 0), O.select(O.gt(y[0], c(im, 0)), c(im, 0), c(im, NaN))), im)];
}
