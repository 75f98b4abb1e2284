/** Shared arithmetic of sliding windows (convolutions and reduce_window). */
import { type Exp, add, and, div, eq, ge, i32, lt, mul, rem, sub } from "../compile/exp.js";

export interface WindowDim {
  /** Input size (before dilation and padding). */
  size: number;
  window: number;
  stride: number;
  padLo: number;
  padHi: number;
  /** Dilation of the input (lhs / base). */
  baseDilation: number;
  /** Dilation of the window (rhs / window). */
  windowDilation: number;
}

/** Number of window positions along one axis. */
export function windowOutputSize(d: WindowDim): number {
  const dilatedIn = d.size === 0 ? 0 : (d.size - 1) * d.baseDilation + 1;
  const padded = dilatedIn + d.padLo + d.padHi;
  const dilatedWindow = (d.window - 1) * d.windowDilation + 1;
  return padded < dilatedWindow ? 0 : Math.floor((padded - dilatedWindow) / d.stride) + 1;
}

/** Input position read by window tap `k` at output position `y`, and whether it is real data. */
export function windowTap(d: WindowDim, y: Exp, k: Exp): { index: Exp; valid: Exp } {
  const p = add(sub(mul(y, i32(d.stride)), i32(d.padLo)), mul(k, i32(d.windowDilation)));
  if (d.baseDilation === 1) {
    return { index: p, valid: and(ge(p, i32(0)), lt(p, i32(d.size))) };
  }
  const index = div(p, i32(d.baseDilation));
  const valid = and(and(ge(p, i32(0)), eq(rem(p, i32(d.baseDilation)), i32(0))), lt(index, i32(d.size)));
  return { index, valid };
}
