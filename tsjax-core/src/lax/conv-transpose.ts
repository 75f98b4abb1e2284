/**
 * `jax.lax.conv_transpose`: the gradient-of-convolution layout (keras' Conv2DTranspose), as a
 * convolution of the stride-dilated input with JAX's padding rule.
 */
import type { Array } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { checkOptions } from "../util/options.js";
import { type ConvDimensionSpec, convGeneralDilated, rev, transpose } from "./lax.js";
import { range } from "../util.js";

/** JAX's `_conv_transpose_padding` for one spatial axis. */
function transposePadding(k: number, s: number, padding: "SAME" | "VALID" | readonly [number, number]): [number, number] {
  let padA: number;
  let padLen: number;
  if (padding === "SAME") {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else if (padding === "VALID") {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  } else {
    padA = k - padding[0] - 1;
    padLen = padA + (k - padding[1] - 1);
  }
  return [padA, padLen - padA];
}

/** Options of `convTranspose`. */
export interface ConvTransposeOptions {
  /** Kernel dilation per spatial axis (default 1s). */
  rhsDilation?: readonly number[] | null;
  /** Layouts; defaults as JAX: "NC"/"IO", "NHC"/"HIO", "NHWC"/"HWIO", "NHWDC"/"HWDIO". */
  dimensionNumbers?: ConvDimensionSpec | null;
  /** Flip the kernel's spatial axes and swap its I/O axes (the exact transpose of a forward conv). */
  transposeKernel?: boolean;
  /** Explicit padding pairs are for the forward convolution (as string padding), not the transposed one. */
  useConsistentPadding?: boolean;
}

const DEFAULT_DN: Record<number, readonly [string, string, string]> = {
  2: ["NC", "IO", "NC"],
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/**
 * Transposed convolution (`jax.lax.conv_transpose`): `strides` dilate the input, and "SAME" /
 * "VALID" padding give keras' output sizes (SAME: `in * stride`). Explicit `[low, high]` pairs pad
 * the transposed convolution directly (JAX's default, `useConsistentPadding: false`).
 *
 * @example
 * // NHWC input, HWIO kernel, upsampling by 2:
 * lax.convTranspose(x, w, [2, 2], "SAME"); // [n, 2h, 2w, out]
 */
export function convTranspose(
  lhs: Array,
  rhs: Array,
  strides: readonly number[],
  padding: "SAME" | "VALID" | readonly (readonly [number, number])[],
  options?: ConvTransposeOptions,
): Array {
  const op = "lax.convTranspose";
  const o = checkOptions(op, options, {
    accepted: ["rhsDilation", "dimensionNumbers", "transposeKernel", "useConsistentPadding"],
    signature: `${op}(lhs, rhs, strides, padding, { rhsDilation, dimensionNumbers, transposeKernel, useConsistentPadding })`,
  });
  const nd = lhs.ndim;
  if (nd < 2 || rhs.ndim !== nd) {
    throw new ShapeError(`${op}: lhs ${fmtShape(lhs.shape)} and rhs ${fmtShape(rhs.shape)} must have the same rank, at least 2.`);
  }
  const dnSpec = o.dimensionNumbers ?? DEFAULT_DN[nd];
  if (!dnSpec) throw new ShapeError(`${op}: no default dimensionNumbers for rank ${nd} (as JAX); pass dimensionNumbers.`);
  // The kernel's [O, I, ...spatial] axes, in the rhs spec's order (as convGeneralDilated pairs them).
  let rhsSpec: number[];
  if ("length" in dnSpec) {
    const r = dnSpec[1];
    rhsSpec = [r.indexOf("O"), r.indexOf("I"), ...[...r].map((c, i) => [c, i] as const).filter(([c]) => c !== "O" && c !== "I").map(([, i]) => i)];
  } else rhsSpec = [...dnSpec.rhs];
  const ns = nd - 2;
  if (strides.length !== ns) throw new ShapeError(`${op}: strides needs ${ns} entries, got ${JSON.stringify(strides)}.`);
  const rhsDilation = o.rhsDilation ?? range(ns).map(() => 1);
  const kSizes = rhsSpec.slice(2).map((d, i) => (rhs.shape[d]! - 1) * rhsDilation[i]! + 1);
  let pads: (readonly [number, number])[];
  if (typeof padding === "string" || o.useConsistentPadding) {
    if (typeof padding === "string" && padding !== "SAME" && padding !== "VALID") {
      throw new TypeError(`${op}: padding must be "SAME", "VALID" or [low, high] pairs, got ${JSON.stringify(padding)}.`);
    }
    pads = kSizes.map((k, i) => transposePadding(k, strides[i]!, typeof padding === "string" ? padding : padding[i]!));
  } else pads = [...padding];
  let kernel = rhs;
  if (o.transposeKernel) {
    kernel = rev(kernel, rhsSpec.slice(2));
    const perm = range(nd);
    perm[rhsSpec[0]!] = rhsSpec[1]!;
    perm[rhsSpec[1]!] = rhsSpec[0]!;
    kernel = transpose(kernel, perm);
  }
  return convGeneralDilated(lhs, kernel, range(ns).map(() => 1), pads, {
    lhsDilation: strides,
    rhsDilation,
    dimensionNumbers: dnSpec,
  });
}
