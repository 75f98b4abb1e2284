/**
 * Roots of unity for the FFT, computed on the device from integer exponents (an expansion
 * makes no uploaded constants): `exp(-2πi k / m)` for int32 `k`, accurate to float32
 * rounding. The angle is reduced to the first octant with integer arithmetic
 * (`8k = o·m + ρ`), so `cos`/`sin` only ever see arguments in `[0, π/4]`.
 */
import type { Array } from "../../array/array.js";
import { binaryPrims as B, unaryPrims as U } from "../elementwise.js";
import * as O from "../ops.js";
import type { Pair } from "../../complex/math.js";

const int = (like: Array, v: number) => O.full(like, v, "int32");
const f32 = (like: Array, v: number) => O.full(like, v, "float32");
const idiv = (a: Array, b: Array) => O.bind1(B.div, [a, b], {});
const un = (p: (typeof U)[keyof typeof U], x: Array) => O.bind1(p, [x], {});

/** `exp(-2πi k / m)` (or `exp(+2πi k / m)` with `inverse`) for int32 `k` in `[0, m)`, `m < 2^28`. */
export function unitRoot(k: Array, m: number, inverse = false): Pair {
  const u = O.mul(k, int(k, 8));
  const o = idiv(u, int(k, m));
  const rho = O.sub(u, O.mul(o, int(k, m)));
  const step = Math.PI / (4 * m);
  const phi = O.mul(O.convert(rho, "float32"), f32(k, step)); // in [0, π/4)
  const psi = O.mul(O.convert(O.sub(int(k, m), rho), "float32"), f32(k, step)); // π/4 - phi, in (0, π/4]
  const cp = un(U.cos, phi);
  const sp = un(U.sin, phi);
  const cq = un(U.cos, psi);
  const sq = un(U.sin, psi);
  const n = O.neg;
  // (cos θ, sin θ) of θ = (π/4)(o + ρ/m), by octant
  const table: [Array, Array][] = [
    [cp, sp], [sq, cq], [n(sp), cp], [n(cq), sq], [n(cp), n(sp)], [n(sq), n(cq)], [sp, n(cp)], [cq, n(sq)],
  ];
  let [c, s] = table[7]!;
  for (let q = 6; q >= 0; q--) {
    const here = O.eq(o, int(o, q));
    c = O.select(here, table[q]![0], c);
    s = O.select(here, table[q]![1], s);
  }
  return [c, inverse ? s : O.neg(s)];
}

/**
 * `(a * b) mod m` for int32 `a`, `b` in `[0, m)` with `m <= 2^23`, exactly: the quotient is
 * estimated in float32 (off by at most one or two) and the remainder, computed in wrapping
 * int32 arithmetic, corrected.
 */
export function mulmod(a: Array, b: Array, m: number): Array {
  const q = O.convert(un(U.floor, O.div(O.mul(O.convert(a, "float32"), O.convert(b, "float32")), f32(a, m))), "int32");
  let r = O.sub(O.mul(a, b), O.mul(q, int(a, m)));
  for (let i = 0; i < 2; i++) {
    r = O.select(O.lt(r, int(r, 0)), O.add(r, int(r, m)), r);
    r = O.select(O.ge(r, int(r, m)), O.sub(r, int(r, m)), r);
  }
  return r;
}
