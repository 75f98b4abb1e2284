/**
 * The WebGPU plan of map kernels with reductions (rendered by `wgsl-reduce.ts`): which of its
 * two forms a kernel takes, if any.
 */
import type { DType } from "../../dtype.js";
import type { Exp, ReduceAttr, ReduceOp } from "../../compile/exp.js";
import { topReductions } from "../../compile/blocking.js";
import { GIDX, type MapKernel } from "../../compile/kernel.js";
import type { BinaryOp } from "../../compile/scalar-ops.js";
import { VEC, VEC_STORAGE, readsContiguous } from "./wgsl-lanes.js";

/**
 * Kernels reading fewer elements than this (outputs times their longest reduction) keep the
 * shorter plain shaders: they are bound by launch cost, and the driver compiles a `vec4` form
 * (4 lanes of every expression) more slowly (the compile dominates a small kernel's first call).
 */
const SMALL_WORK = 1 << 16;

/** Whether a map or row kernel is small (see `SMALL_WORK`). */
export function smallKernel(k: MapKernel): boolean {
  const longest = k.outputs.flatMap((o) => topReductions(o.value)).reduce((m, r) => Math.max(m, r.args[0]!.op === "const" ? (r.args[0]!.value as number) : 1), 1);
  return k.size * longest < SMALL_WORK;
}

/** The WebGPU plan of a map kernel with reductions: `threads` invocations of `lanes` outputs each. */
export interface WgslReducePlan {
  form: "reduce";
  lanes: 1 | 4;
  threads: number;
}

/** The binary op that combines two partial results of a reduction. */
export function combineOf(rop: ReduceOp): BinaryOp {
  return rop === "sum" ? "add" : rop === "prod" ? "mul" : (rop as BinaryOp);
}

/** Reductions whose partial results combine by one binary op (not argmax/argmin). */
export const LANE_OPS: ReadonlySet<ReduceOp> = new Set<ReduceOp>(["sum", "prod", "max", "min"]);

/** A reduction that can run over `vec4`s (or with one accumulator per output lane). */
function laneReduction(r: Exp): boolean {
  const { rop } = r.attr as ReduceAttr;
  return LANE_OPS.has(rop) && r.dtype !== "bool" && VEC_STORAGE.has(r.dtype) && r.args[0]!.op === "const";
}

/** A reduction whose body reads some input contiguously along its variable, over a multiple of 4. */
export function splittable(r: Exp, inputs: readonly DType[]): boolean {
  return laneReduction(r) && (r.args[0]!.value as number) % VEC === 0 && readsContiguous(r.args[1]!, (r.attr as ReduceAttr).var, inputs);
}

/** The plan of a map kernel with reductions, or undefined to keep the plain scalar form. */
export function planWgslReduce(k: MapKernel): WgslReducePlan | undefined {
  if (k.row || smallKernel(k)) return undefined;
  const tops = k.outputs.flatMap((o) => topReductions(o.value));
  if (tops.length === 0) return undefined;
  const columns = k.size % VEC === 0 && k.outputs.every((o) => VEC_STORAGE.has(o.dtype)) && tops.every(laneReduction);
  if (columns && k.outputs.some((o) => readsContiguous(o.value, GIDX, k.inputs))) return { form: "reduce", lanes: 4, threads: k.size / VEC };
  if (hasSplittable(k)) return { form: "reduce", lanes: 1, threads: k.size };
  return undefined;
}

function hasSplittable(k: MapKernel): boolean {
  const seen = new Set<Exp>();
  const walk = (x: Exp): boolean => {
    if (seen.has(x)) return false;
    seen.add(x);
    if (x.op === "reduce" && splittable(x, k.inputs)) return true;
    return x.args.some(walk);
  };
  return k.outputs.some((o) => walk(o.value));
}

