/**
 * The WGSL of a map kernel in the form `planWgslMap` chose: short rows (`wgsl-short-rows.ts`),
 * row kernels (`wgsl-rows.ts`), map
 * kernels with reductions (`wgsl-reduce.ts`), and the elementwise forms (`wgsl.ts`).
 */
import type { MapKernel } from "../../compile/kernel.js";
import type { WgslMapPlan } from "./plan.js";
import { wgslMap } from "./wgsl.js";
import { wgslReduceMap } from "./wgsl-reduce.js";
import { type RowsOptions, wgslRows } from "./wgsl-rows.js";
import { wgslShortRows } from "./wgsl-short-rows.js";

/** WGSL for a map kernel under `plan`, using what `opts` says the device has. */
export function wgslMapKernel(k: MapKernel, plan: WgslMapPlan, opts: RowsOptions): string {
  switch (plan.form) {
    case "short-rows": return wgslShortRows(k, plan.row);
    case "rows": return wgslRows(k, plan.row, opts);
    case "reduce": return wgslReduceMap(k, plan);
    default: return wgslMap(k, plan);
  }
}
