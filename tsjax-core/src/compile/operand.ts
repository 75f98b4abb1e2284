/**
 * Operands: arrays as seen by lowering rules, that is, functions from an index to a scalar
 * expression. A primitive's lowering composes its inputs' functions into its outputs'; a kernel
 * then evaluates the composition at each output index. Elementwise and movement ops therefore
 * fuse with no extra machinery.
 */
import type { DType } from "../dtype.js";
import { type Exp, unravelIndex } from "./exp.js";

export interface Operand {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The element at a multi-index (one int32 expression per axis). */
  at(idx: readonly Exp[]): Exp;
  /** The element at a row-major linear index, when that is cheaper than going through `at`. */
  linear?(i: Exp): Exp;
}

/** The element of `op` at row-major linear index `i`. */
export function readLinear(op: Operand, i: Exp): Exp {
  return op.linear ? op.linear(i) : op.at(unravelIndex(i, op.shape));
}

/** An operand from its parts. */
export function operand(
  shape: readonly number[],
  dtype: DType,
  at: (idx: readonly Exp[]) => Exp,
  linear?: (i: Exp) => Exp,
): Operand {
  return linear ? { shape, dtype, at, linear } : { shape, dtype, at };
}

/**
 * An elementwise map of same-shaped operands: keeps the linear fast path when every input
 * has one.
 */
export function mapOperands(shape: readonly number[], dtype: DType, ins: readonly Operand[], f: (vals: Exp[]) => Exp): Operand {
  const allLinear = ins.every((o) => o.linear);
  return operand(
    shape,
    dtype,
    (idx) => f(ins.map((o) => o.at(idx))),
    allLinear ? (i) => f(ins.map((o) => o.linear!(i))) : undefined,
  );
}

