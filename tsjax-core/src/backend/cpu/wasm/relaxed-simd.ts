/**
 * Whether the engine runs WebAssembly relaxed SIMD (`f32x4.relaxed_madd`, a fused multiply-add
 * on CPUs with FMA), which the GEMM micro-kernel uses: it does a multiply-add in one
 * instruction instead of two, about 1.5x the throughput.
 *
 * Relaxed SIMD is part of WebAssembly 3.0 and on by default in Chrome 114+ and Node 22+. Node 20
 * (V8 11.3) has it behind `--experimental-wasm-relaxed-simd`; there, unless
 * `TSJAX_WASM_RELAXED_SIMD=0`, this sets that flag (it only makes the relaxed instructions
 * valid in modules compiled from then on). `TSJAX_WASM_RELAXED_SIMD=0` also keeps the
 * micro-kernel on separate multiplies and adds everywhere.
 */
import { V128, encodeModule, op } from "./encode.js";

type NodeProcess = { getBuiltinModule?: (m: string) => unknown; versions?: { node?: string }; env?: Record<string, string | undefined> };

/** A module whose one function computes a relaxed multiply-add of three zero vectors. */
function probe(): Uint8Array<ArrayBuffer> {
  const body = [...op.localGet(0), ...op.localGet(1), ...op.localGet(2), ...op.f32x4RelaxedMadd, 0x1a];
  return encodeModule([{ name: "probe", params: 0, locals: [V128, V128, V128], body }], { initial: 1, maximum: 1, shared: false });
}

let supported: boolean | undefined;

/** Whether relaxed SIMD is available (enabling it in Node 20, see the module comment); cached. */
export function relaxedSimdSupported(): boolean {
  if (supported !== undefined) return supported;
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (proc?.env?.TSJAX_WASM_RELAXED_SIMD === "0") return (supported = false);
  const bytes = probe();
  if (WebAssembly.validate(bytes)) return (supported = true);
  if (proc?.versions?.node && typeof proc.getBuiltinModule === "function") {
    try {
      const v8 = proc.getBuiltinModule("node:v8") as { setFlagsFromString?: (flags: string) => void } | undefined;
      v8?.setFlagsFromString?.("--experimental-wasm-relaxed-simd");
      return (supported = WebAssembly.validate(bytes));
    } catch {
      // a runtime that looks like Node without V8's flags (Bun): separate multiplies and adds
    }
  }
  return (supported = false);
}
