/**
 * `lax.round` with JAX's rounding methods: away from zero (JAX's default) or half to even.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { bind1 } from "../core/bind.js";
import { binaryPrims as B, selectN, unaryPrims as U } from "../primitives/elementwise.js";
import { broadcastTo, scalarLike } from "../numpy/convert.js";
import { formatValue } from "../util/format.js";
import { laxOperands } from "./operands.js";

/** JAX's `lax.RoundingMethod`: the values `lax.round` takes (or their names). */
export const RoundingMethod = { AWAY_FROM_ZERO: 0, TO_NEAREST_EVEN: 1 } as const;

/** A rounding method: `RoundingMethod.AWAY_FROM_ZERO` (0) or `TO_NEAREST_EVEN` (1), or its name. */
export type RoundingMethodLike = 0 | 1 | keyof typeof RoundingMethod;

/**
 * Rounds to the nearest integer; halfway cases away from zero (JAX's default) or to even.
 *
 * @example
 * lax.round(np.array([0.5, 1.5, -2.5]));                              // [1, 2, -3]
 * lax.round(np.array([0.5, 1.5, -2.5]), lax.RoundingMethod.TO_NEAREST_EVEN); // [0, 2, -2]
 */
export function round(x: ArrayLike, roundingMethod: RoundingMethodLike = 0): Array {
  const [a] = laxOperands("lax.round", [x]);
  if (!isFloatDType(a!.dtype)) throw new DTypeError(`lax.round: needs a float array, got ${a!.dtype}.`);
  const m = typeof roundingMethod === "string" ? RoundingMethod[roundingMethod] : roundingMethod;
  if (m === 1) return bind1(U.round, [a!], {});
  if (m !== 0) {
    throw new TypeError(`lax.round: unknown rounding method ${formatValue(roundingMethod)}; use lax.RoundingMethod.AWAY_FROM_ZERO (0) or TO_NEAREST_EVEN (1).`);
  }
  // trunc(x), moved one away from zero when the dropped fraction is at least one half (exact in floats)
  const c = (v: number) => broadcastTo("lax.round", scalarLike("lax.round", v, { dtype: a!.dtype, weakType: false }, a!.device), a!.shape);
  const t = bind1(U.trunc, [a!], {});
  const frac = bind1(U.abs, [bind1(B.sub, [a!, t], {})], {});
  const up = bind1(B.ge, [frac, c(0.5)], {});
  return bind1(selectN, [up, t, bind1(B.add, [t, bind1(U.sign, [a!], {})], {})], {});
}
