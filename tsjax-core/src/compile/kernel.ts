/**
 * Kernels: what a backend compiles and runs. Both code generators (JS and WGSL) take these.
 *
 * Inputs are buffers of the listed dtypes, read with `load` expressions; runtime int32
 * parameters (`param` expressions) carry values such as view offsets that must not force a
 * recompile. Outputs are fresh, contiguous buffers.
 */
import type { DType } from "../dtype.js";
import type { Exp } from "./exp.js";

/** Name of the output-index variable in map kernels. */
export const GIDX = "gidx";
/** Row and position variables of scan and sort kernels. */
export const ROW = "row";
export const POS = "j";
/** Update-index variable of scatter kernels. */
export const UPD = "u";

/** `outputs[k][gidx] = outputs[k].value` for every `gidx < size`. */
export interface MapKernel {
  kind: "map";
  size: number;
  inputs: DType[];
  numParams: number;
  /**
   * Row kernels (softmax, logsumexp, normalization): the outputs are rows of `row` elements,
   * written over the variables ROW and POS (not GIDX). Reductions that depend only on ROW are
   * computed once per row: hoisted out of the loop over POS (JS), or by the whole workgroup
   * with a tree in workgroup memory (WGSL, one workgroup per row).
   */
  row?: number;
  outputs: { dtype: DType; value: Exp }[];
  /**
   * Set by the planner on a kernel of rows of 1 whose one output is a long sum of products
   * that register blocking applies to (a small convolution's weight gradient, a matrix-vector
   * product): the same output as `value` over the axis variables `axisVar(d)` of `shape`, whose
   * row-major layout is the output's. A backend may compute it as a blocked product instead of
   * one reduction per output (the CPU backend runs its GEMM; WebGPU keeps the workgroup trees).
   */
  contraction?: { shape: number[]; value: Exp };
}

/** Cumulative reduction along rows: one output per input element. */
export interface ScanKernel {
  kind: "scan";
  rows: number;
  length: number;
  op: "sum" | "prod" | "max" | "min";
  reverse: boolean;
  inputs: DType[];
  numParams: number;
  dtype: DType;
  /** Element `j` of row `row` (variables ROW and POS). */
  value: Exp;
  /** Where that element's result goes in the output buffer. */
  outIndex: Exp;
}

/**
 * Stable ascending sort of each row (NaNs last, -0 equal to +0). Outputs: the sorted values and
 * the int32 positions they came from (`argsort`).
 */
export interface SortKernel {
  kind: "sort";
  rows: number;
  length: number;
  inputs: DType[];
  numParams: number;
  dtype: DType;
  /** Key `j` of row `row` (variables ROW and POS). */
  key: Exp;
  /** Output position of sorted element `j` of row `row`. */
  outIndex: Exp;
}

export type ScatterMode = "set" | "add" | "mul" | "min" | "max";

/**
 * `out = init` (map over GIDX), then for each update `u < updates`:
 * `out[target] = combine(out[target], update)`; targets outside `[0, size)` are dropped.
 * Concurrent updates to one target combine atomically (set: one of them wins).
 */
export interface ScatterKernel {
  kind: "scatter";
  size: number;
  updates: number;
  mode: ScatterMode;
  inputs: DType[];
  numParams: number;
  dtype: DType;
  init: Exp;
  target: Exp;
  update: Exp;
}

/** Name of the variable for output axis `d` in blocked kernels. */
export const axisVar = (d: number) => `ax${d}`;

/**
 * A map kernel whose single output is evaluated for a block of `tm` x `tn` positions along two
 * of its axes per invocation. If the value is `epilogue(sum over r of body)`, the block's
 * reduction loops run as one loop with `tm * tn` accumulators, and loads that do not depend
 * on a block axis are shared (register tiling for matmul and convolution).
 */
export interface BlockedKernel {
  kind: "blocked";
  /** Output shape (contiguous, row-major). */
  shape: number[];
  dtype: DType;
  /** The output value, over the axis variables `axisVar(d)`. */
  value: Exp;
  /** The two blocked axes (i, j) and the block size along each. */
  blockAxes: [number, number];
  tm: number;
  tn: number;
  inputs: DType[];
  numParams: number;
}

export type Kernel = MapKernel | ScanKernel | SortKernel | ScatterKernel | BlockedKernel;

/** Number of output buffers a kernel writes. */
export function kernelOutputCount(k: Kernel): number {
  return k.kind === "map" ? k.outputs.length : k.kind === "sort" ? 2 : 1;
}

/** Number of elements of a shape. */
function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Output sizes (elements) and dtypes of a kernel. */
export function kernelOutputs(k: Kernel): { size: number; dtype: DType }[] {
  switch (k.kind) {
    case "map":
      return k.outputs.map((o) => ({ size: k.size, dtype: o.dtype }));
    case "scan":
      return [{ size: k.rows * k.length, dtype: k.dtype }];
    case "sort":
      return [
        { size: k.rows * k.length, dtype: k.dtype },
        { size: k.rows * k.length, dtype: "int32" },
      ];
    case "scatter":
      return [{ size: k.size, dtype: k.dtype }];
    case "blocked":
      return [{ size: count(k.shape), dtype: k.dtype }];
  }
}
