/** Shared pieces of the convolution modules: dimension numbers, padding, bias. @internal */
import type { lax } from "tsjax-core";
import { replicate } from "../util.js";

/** `"SAME"`, `"VALID"`, or explicit `[low, high]` padding (one pair for all spatial axes, or one per axis). */
export type ConvPadding = "SAME" | "VALID" | readonly [number, number] | readonly (readonly [number, number])[];

/** Dimension numbers for `lax.convGeneralDilated` (haiku's `to_dimension_numbers`). */
export function dimensionNumbers(numSpatial: number, channelsLast: boolean, transpose: boolean): { lhs: number[]; rhs: number[]; out: number[] } {
  const nd = numSpatial + 2;
  const spatial = globalThis.Array.from({ length: numSpatial }, (_, i) => (channelsLast ? i + 1 : i + 2));
  const image = channelsLast ? [0, nd - 1, ...spatial] : [0, 1, ...spatial];
  const kernelSpatial = globalThis.Array.from({ length: numSpatial }, (_, i) => i);
  const kernel = transpose ? [nd - 2, nd - 1, ...kernelSpatial] : [nd - 1, nd - 2, ...kernelSpatial];
  return { lhs: image, rhs: kernel, out: image };
}

/** Padding for `lax`: the string, or one `[low, high]` pair per spatial axis. */
export function normalizePadding(op: string, padding: ConvPadding, numSpatial: number): lax.Padding {
  if (typeof padding === "string") {
    const p = padding.toUpperCase();
    if (p !== "SAME" && p !== "VALID") throw new TypeError(`${op}: padding must be "SAME", "VALID" or [low, high] pairs, got "${padding}".`);
    return p;
  }
  const isPair = (x: unknown): x is readonly [number, number] => globalThis.Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === "number");
  if (isPair(padding)) return replicate(op, "padding", [padding], numSpatial);
  const pairs = padding as readonly (readonly [number, number])[];
  if (!pairs.every(isPair)) throw new TypeError(`${op}: explicit padding must be [low, high] pairs of integers, got ${JSON.stringify(padding)}.`);
  return replicate(op, "padding", pairs, numSpatial);
}
