/**
 * The CPU backend: kernels planned by `planCpuKernel` (`plan.ts`: WebAssembly SIMD or
 * JavaScript) and compiled to JavaScript over typed arrays (`js.ts`). Always available; the
 * reference that the WebGPU backend is tested against.
 */
import type { DType } from "../../dtype.js";
import { itemsize } from "../../dtype.js";
import type { Kernel } from "../../compile/kernel.js";
import { compileJs, jsSource, type JsKernelFn } from "./js.js";
import { planCpuKernel } from "./plan.js";
import { wasmGemm } from "./wasm/gemm.js";
import { type Backend, type HostArray, type HostProgram, type MemoryStats, hostArrayFor } from "../backend.js";
import { Pool } from "../pool.js";
import { nextTurn } from "../turns.js";
import { DeviceError } from "../../errors.js";

class CpuBuffer {
  constructor(
    readonly data: HostArray,
    readonly dtype: DType,
  ) {}
}

/**
 * An array placed in the WebAssembly memory of the CPU kernels (`WasmGemm.allocResident`),
 * which they then read and write in place; undefined where that memory cannot hold it.
 */
function residentArray(dtype: DType, size: number): HostArray | undefined {
  const block = wasmGemm()?.allocResident(size * itemsize(dtype));
  if (!block) return undefined;
  const Ctor = hostArrayFor(dtype, 0).constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => HostArray;
  // not cleared: kernels write every element of their outputs (as for pooled arrays)
  return new Ctor(block.buffer, block.byteOffset, size);
}

/** A host array from the JavaScript heap; a failure says how much was asked for. */
function newHostArray(dtype: DType, size: number): HostArray {
  try {
    return hostArrayFor(dtype, size);
  } catch (e) {
    throw new DeviceError(
      `cpu: allocating an array of ${size} ${dtype} elements (${size * itemsize(dtype)} bytes) failed: ${(e as Error).message}. ` +
        "Free arrays you no longer need (dispose, scope) or use smaller arrays.",
    );
  }
}

/**
 * Freed host arrays kept for reuse, by dtype and exact length: a training step allocates the
 * same intermediates every call, and allocating (zero-filling) and collecting them cost about
 * as much as a small kernel. Kernels write every element of their outputs, so reused arrays
 * need no clearing (as pooled GPU buffers).
 */
const MAX_POOLED_BYTES = 256 * 2 ** 20;

export class CpuBackend implements Backend {
  readonly name = "cpu" as const;
  private live = 0;
  private liveBytes = 0;
  private readonly pool = new Pool<string, HostArray>(MAX_POOLED_BYTES, (data) => this.discard(data));
  unusableReason: string | undefined = undefined;

  alloc(dtype: DType, size: number): CpuBuffer {
    const data = this.pool.take(`${dtype}:${size}`) ?? residentArray(dtype, size) ?? newHostArray(dtype, size);
    // counted once allocated: a failed allocation leaves the counts as they were
    this.live++;
    this.liveBytes += data.byteLength;
    return new CpuBuffer(data, dtype);
  }

  /** Drops a host array for good: resident ones give their block back. */
  private discard(data: HostArray): void {
    const g = wasmGemm();
    if (g?.isResident(data)) g.freeResident(data);
  }

  free(handle: unknown): void {
    const b = handle as CpuBuffer;
    this.live--;
    this.liveBytes -= b.data.byteLength;
    this.pool.put(`${b.dtype}:${b.data.length}`, b.data, b.data.byteLength);
  }

  write(handle: unknown, _dtype: DType, data: HostArray): void {
    (handle as CpuBuffer).data.set(data);
  }

  readSync(handle: unknown, _dtype: DType, size: number): HostArray {
    return (handle as CpuBuffer).data.slice(0, size);
  }

  /**
   * Copies now; resolves in a later task, as a device read would, so that a loop awaiting
   * reads lets finalization callbacks free the arrays it dropped (microtasks alone never do).
   */
  async read(handle: unknown, dtype: DType, size: number): Promise<HostArray> {
    const out = this.readSync(handle, dtype, size);
    await nextTurn();
    return out;
  }

  compile(kernel: Kernel): JsKernelFn {
    // The caller caches executables by signature, so compiling here happens once per signature.
    return compileJs(kernel, planCpuKernel(kernel));
  }

  kernelSource(kernel: Kernel): string {
    return jsSource(kernel, planCpuKernel(kernel));
  }

  run(exe: unknown, inputs: unknown[], outputs: unknown[], params: Int32Array): void {
    (exe as JsKernelFn)(
      inputs.map((b) => (b as CpuBuffer).data),
      outputs.map((b) => (b as CpuBuffer).data),
      params,
    );
  }

  copy(src: unknown, dst: unknown, _dtype: DType, size: number, srcOffset = 0, dstOffset = 0): void {
    (dst as CpuBuffer).data.set((src as CpuBuffer).data.subarray(srcOffset, srcOffset + size), dstOffset);
  }

  runProgram(program: HostProgram): void {
    let r = program.next(undefined as unknown as number);
    while (!r.done) {
      const v = (r.value.handle as CpuBuffer).data[0]!;
      r = program.next(v);
    }
  }

  /** Nothing is queued on the CPU; resolves in a later task (see `read`). */
  synchronize(): Promise<void> {
    return nextTurn();
  }

  memoryStats(): MemoryStats {
    const { pooledBuffers, pooledBytes } = this.pool;
    return { liveBuffers: this.live, liveBytes: this.liveBytes, pooledBuffers, pooledBytes };
  }

  destroy(): void {
    this.pool.clear();
  }
}
