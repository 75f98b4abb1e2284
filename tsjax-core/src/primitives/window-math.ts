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

/** The window parameters shared by `reduce_window` and `window_patches`. */
export interface WindowParams {
  windowDimensions: readonly number[];
  windowStrides: readonly number[];
  padding: readonly (readonly [number, number])[];
  baseDilation: readonly number[];
  windowDilation: readonly number[];
}

/** Per-axis windows of `p` over an input of `shape`. */
export function windowDims(p: WindowParams, shape: readonly number[]): WindowDim[] {
  return shape.map((size, i) => ({
    size,
    window: p.windowDimensions[i]!,
    stride: p.windowStrides[i]!,
    padLo: p.padding[i]![0],
    padHi: p.padding[i]![1],
    baseDilation: p.baseDilation[i]!,
    windowDilation: p.windowDilation[i]!,
  }));
}

/** The same windows over one more leading axis (a vmap batch axis), a window of 1 along it. */
export function withLeadingWindowAxis<P extends WindowParams>(p: P): P {
  const one = <T>(v: T, rest: readonly T[]) => [v, ...rest];
  return {
    ...p,
    windowDimensions: one(1, p.windowDimensions),
    windowStrides: one(1, p.windowStrides),
    padding: one([0, 0] as const, p.padding),
    baseDilation: one(1, p.baseDilation),
    windowDilation: one(1, p.windowDilation),
  };
}

/**
 * The input index read by window taps `k` at output position `idx` along every axis, and
 * whether all of them are real data (undefined when no axis can leave the input).
 */
export function windowSource(wd: readonly WindowDim[], idx: readonly Exp[], k: readonly Exp[]): { index: Exp[]; valid: Exp | undefined } {
  let valid: Exp | undefined;
  const index = wd.map((d, i) => {
    const tap = windowTap(d, idx[i]!, k[i]!);
    valid = valid ? and(valid, tap.valid) : tap.valid;
    return tap.index;
  });
  return { index, valid };
}
