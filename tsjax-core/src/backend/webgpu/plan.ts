/**
 * The WebGPU backend's plan of a map kernel: which shader form it runs in and how many
 * invocations it takes. Row kernels (`k.row`) run one workgroup per row; kernels that
 * `vectorPlan` allows run on `vec4`s; the others one scalar element at a time. Large kernels
 * give each invocation several elements. The choice is made here; `wgsl.ts` renders it.
 */
import type { DType } from "../../dtype.js";
import type { Exp } from "../../compile/exp.js";
import { GIDX, type MapKernel } from "../../compile/kernel.js";
import { type WgslReducePlan, planWgslReduce } from "./plan-reduce.js";

/** Invocations per workgroup of every kernel but row kernels' reductions. */
export const WORKGROUP_SIZE = 256;

/**
 * How a map kernel runs: `threads` invocations (dispatched in workgroups of `WORKGROUP_SIZE`),
 * each computing `perInvocation` elements (rows: one workgroup per row instead).
 */
export type WgslMapPlan =
  | { form: "rows"; row: number; threads: number }
  | { form: "short-rows"; row: number; threads: number }
  | { form: "vector"; vectorInputs: Set<number>; perInvocation: number; threads: number }
  | { form: "scalar"; perInvocation: number; threads: number }
  | WgslReducePlan;

/** The WebGPU plan of a map kernel (see `WgslMapPlan`). */
export function planWgslMap(k: MapKernel): WgslMapPlan {
  if (k.row) {
    const rows = k.size / k.row;
    if (shortRows(k)) return { form: "short-rows", row: k.row, threads: rows };
    return { form: "rows", row: k.row, threads: rows * WORKGROUP_SIZE };
  }
  const reduce = planWgslReduce(k);
  if (reduce) return reduce;
  const vector = vectorPlan(k);
  const lanes = vector ? LANES : 1;
  const perInvocation = k.size >= MULTI_ELEMENT_MIN_SIZE ? lanes * ELEMENTS_PER_INVOCATION : lanes;
  const threads = Math.ceil(k.size / perInvocation);
  return vector ? { form: "vector", vectorInputs: vector.vectorInputs, perInvocation, threads } : { form: "scalar", perInvocation, threads };
}

/**
 * Longest row (and reduction inside it) that a row kernel runs one invocation per row
 * (`wgsl-short-rows.ts`) rather than one workgroup per row.
 */
const SHORT_ROW = 64;

/** Whether a row kernel's rows, and every reduction of constant length in it, are short. */
function shortRows(k: MapKernel): boolean {
  if (k.row! > SHORT_ROW) return false;
  const seen = new Set<Exp>();
  const short = (e: Exp): boolean => {
    if (seen.has(e)) return true;
    seen.add(e);
    if (e.op === "reduce") {
      const n = e.args[0]!;
      if (n.op !== "const" || (n.value as number) > SHORT_ROW) return false;
    }
    return e.args.every(short);
  };
  return k.outputs.every((o) => short(o.value));
}

/** Large map kernels give each invocation several elements (or vectors), strided by the invocation count. */
const ELEMENTS_PER_INVOCATION = 4;
const MULTI_ELEMENT_MIN_SIZE = 1 << 16;
/** Elements of one vector in vectorized map kernels (`vec4`). */
export const LANES = 4;
/**
 * Smallest vectorized map kernel: the shader holds the expression once per lane, and smaller
 * kernels are bound by launch cost, not by bandwidth, so they keep the shorter scalar shader
 * (which the driver compiles faster).
 */
const VECTOR_MIN_SIZE = 1 << 12;
/** Storage types a vectorized map kernel reads and writes as `vec4` (float16: `vec4<f16>`, 8 bytes). */
const VECTOR_STORAGE = new Set<DType>(["float32", "float16", "int32", "uint32", "bool"]);

/**
 * Whether a map kernel can run on `vec4`s of consecutive elements, and which inputs it then
 * reads as `vec4`: those only ever read at the output index itself (`in[gidx]`), with a 32-bit
 * or float16 storage type. Other inputs (broadcast, strided or gathered reads) stay scalar
 * arrays. Kernels with reduction loops, row kernels, 8- and 16-bit integer outputs, small
 * kernels and sizes that are not a multiple of 4 are not vectorized.
 */
function vectorPlan(k: MapKernel): { vectorInputs: Set<number> } | undefined {
  if (k.row || k.size % LANES !== 0 || k.size < VECTOR_MIN_SIZE) return undefined;
  if (!k.outputs.every((o) => VECTOR_STORAGE.has(o.dtype))) return undefined;
  const identity = new Map<number, boolean>();
  const seen = new Set<Exp>();
  let reduces = false;
  const visit = (e: Exp): void => {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.op === "reduce") reduces = true;
    if (e.op === "load") {
      const arg = e.attr as number;
      const ix = e.args[0]!;
      const atGidx = ix.op === "var" && ix.attr === GIDX && VECTOR_STORAGE.has(k.inputs[arg]!);
      identity.set(arg, (identity.get(arg) ?? true) && atGidx);
    }
    e.args.forEach(visit);
  };
  k.outputs.forEach((o) => visit(o.value));
  if (reduces) return undefined;
  return { vectorInputs: new Set([...identity].filter(([, v]) => v).map(([a]) => a)) };
}
