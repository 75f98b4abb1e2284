/**
 * The CPU backend's kernel plan: which form a kernel runs in. A contraction becomes a packed
 * WebAssembly SIMD GEMM (`gemm-js.ts`, `wasm/gemm.ts`) where its layout allows; large float32
 * reductions, row kernels and elementwise kernels become WebAssembly SIMD functions
 * (`wasm/reduce.ts`, `wasm/rows.ts`, `wasm/map.ts`); everything else is a JavaScript loop.
 * The choice is made here, once per kernel; `js.ts` only renders the plan it gets.
 */
import type { BlockedKernel, Kernel, MapKernel } from "../../compile/kernel.js";
import { mergeAxes } from "../../compile/merge-axes.js";
import { planBlockedValue } from "../../compile/blocking.js";
import { type GemmPlan, planGemm } from "./gemm-js.js";
import { wasmGemm } from "./wasm/gemm.js";
import { type ReducePlan, planReduce } from "./wasm/reduce.js";
import { type RowsPlan, planRows } from "./wasm/rows.js";
import { type MapPlan, planMap } from "./wasm/map.js";

/** Below this many loaded elements a reduction stays in JavaScript (copying in costs more). */
const MIN_WASM_REDUCE = 1 << 14;
/** Below this many elements a row kernel stays in JavaScript. */
const MIN_WASM_ROWS = 1 << 13;
/** Below this many elements an elementwise kernel stays in JavaScript. */
const MIN_WASM_MAP = 1 << 12;

/**
 * How the CPU backend runs a kernel:
 * - `gemm`: a packed WebAssembly SIMD GEMM of `kernel` (the input, perhaps with merged axes);
 * - `wasm`: a WebAssembly SIMD reduction or row kernel, in place or on copies of its inputs;
 * - `wasmMap`: a WebAssembly SIMD elementwise kernel, its last `size % 4` elements in JS;
 * - `jsRows`: a JavaScript loop over rows around a loop over each row's `row` elements;
 * - `js`: a plain JavaScript loop (every scan, sort and scatter kernel is one).
 */
export type CpuPlan =
  | { form: "gemm"; kernel: BlockedKernel; gemm: GemmPlan }
  | { form: "wasm"; wasm: RowsPlan | ReducePlan }
  | { form: "wasmMap"; wasm: MapPlan }
  | { form: "jsRows"; row: number }
  | { form: "js" };

/** The CPU plan of a kernel: see `CpuPlan`. WebAssembly forms need an engine with SIMD. */
export function planCpuKernel(k: Kernel): CpuPlan {
  switch (k.kind) {
    case "map": return planMapKernel(k);
    case "blocked": return planProduct(k) ?? { form: "js" };
    default: return { form: "js" };
  }
}

function planMapKernel(k: MapKernel): CpuPlan {
  // a contraction into few outputs: the WebAssembly GEMM, blocked as the CPU sees fit
  const blocked = k.contraction && planBlockedValue(k.contraction.shape, k.contraction.value, k.outputs[0]!.dtype);
  const product = blocked && planProduct({ ...blocked, inputs: k.inputs, numParams: k.numParams });
  if (product) return product;
  const simd = !!wasmGemm();
  const wasm = !simd ? undefined : k.row && k.row > 1 ? (k.size >= MIN_WASM_ROWS ? planRows(k) : undefined) : planReduce(k, MIN_WASM_REDUCE);
  if (wasm) return { form: "wasm", wasm };
  if (k.row) return { form: "jsRows", row: k.row };
  const map = simd ? planMap(k, MIN_WASM_MAP) : undefined;
  return map ? { form: "wasmMap", wasm: map } : { form: "js" };
}

/** A float32 product as a packed WebAssembly SIMD GEMM, where the engine has SIMD and `k` has that form. */
function planProduct(k: BlockedKernel): CpuPlan | undefined {
  if (!wasmGemm()) return undefined;
  // adjacent M (or N, or batch) axes as one, where the indices allow: the GEMM's WebAssembly
  // prologue and epilogue take one M and one N axis
  const merged = mergeAxes(k);
  for (const kernel of [merged, k]) {
    const gemm = planGemm(kernel);
    if (gemm) return { form: "gemm", kernel, gemm };
  }
  return undefined;
}
