/**
 * The CPU backend: kernels planned by `planCpuKernel` (`plan.ts`: WebAssembly SIMD or
 * JavaScript) and compiled to JavaScript over typed arrays (`js.ts`). Always available; the
 * reference that the WebGPU backend is tested against.
 */
import type { DType } from "../../dtype.js";
import { itemsize } from "../../dtype.js";
import type { Kernel } from "../../compile/kernel.js";
import { compileJs, jsSource, type JsKernelFn } from "./js.js";
import { canonicalKernel, planCpuKernel } from "./plan.js";
import { wasmGemm } from "./wasm/gemm.js";
import { type Backend, type HostArray, type HostProgram, type MemoryStats, hostArrayFor } from "../backend.js";
import { Pool } from "../pool.js";
import { type MemoryConfig, MemoryLedger, memoryConfig } from "../memory.js";
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

/**
 * Grows the kernels' WebAssembly memory once to hold `bytes` of CPU buffers (capped at what it
 * can hold) and lets buffers fill it; returns the bytes reserved (0 where CPU buffers do not
 * live in that memory: one thread, no shared memory).
 */
function preallocateResident(bytes: number): number {
  return wasmGemm()?.reserveResident(bytes) ?? 0;
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

/**
 * What the memory `fraction` is a share of on the CPU: the 4 GiB that the kernels'
 * WebAssembly memory can hold.
 */
const CPU_CAPACITY_BYTES = 2 ** 32;

export class CpuBackend implements Backend {
  readonly name = "cpu" as const;
  private readonly ledger = new MemoryLedger("cpu");
  private pool = this.newPool("pool");
  /** The options in force; read from the environment at first use unless `configureMemory` came first. */
  private config: MemoryConfig | undefined;
  /** Bytes of WebAssembly memory reserved by preallocation. */
  private arenaBytes = 0;
  unusableReason: string | undefined = undefined;

  private newPool(kind: MemoryConfig["allocator"]): Pool<string, HostArray> {
    return new Pool<string, HostArray>(kind === "pool" ? MAX_POOLED_BYTES : 0, (data) => this.discard(data));
  }

  configureMemory(cfg: MemoryConfig): void {
    this.config = cfg;
    this.ledger.configure(cfg, CPU_CAPACITY_BYTES);
    this.pool.clear();
    this.pool = this.newPool(cfg.allocator);
    if (cfg.preallocate) this.arenaBytes = Math.max(this.arenaBytes, preallocateResident(this.ledger.limit));
  }

  private get mem(): MemoryLedger {
    if (!this.config) this.configureMemory(memoryConfig());
    return this.ledger;
  }

  alloc(dtype: DType, size: number): CpuBuffer {
    const bytes = size * itemsize(dtype);
    const mem = this.mem;
    mem.admit(bytes);
    let data = this.pool.take(`${dtype}:${size}`);
    if (!data) {
      // under a limit, pooled arrays give way first: what tsjax holds stays within it
      if (mem.liveBytes + this.pool.pooledBytes + bytes > mem.limit) this.pool.clear();
      data = residentArray(dtype, size) ?? newHostArray(dtype, size);
    }
    // counted once allocated: a failed allocation leaves the counts as they were
    mem.add(data.byteLength);
    return new CpuBuffer(data, dtype);
  }

  /** Drops a host array for good: resident ones give their block back. */
  private discard(data: HostArray): void {
    const g = wasmGemm();
    if (g?.isResident(data)) g.freeResident(data);
  }

  free(handle: unknown): void {
    const b = handle as CpuBuffer;
    this.ledger.remove(b.data.byteLength);
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
    const k = canonicalKernel(kernel);
    return compileJs(k, planCpuKernel(k));
  }

  kernelSource(kernel: Kernel): string {
    const k = canonicalKernel(kernel);
    return jsSource(k, planCpuKernel(k));
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
    const held = this.mem.liveBytes + this.pool.pooledBytes;
    // resident arrays lie inside the arena; others (over its size) come on top of it
    return this.mem.stats(this.pool, this.arenaBytes > 0 ? Math.max(this.arenaBytes, held) : held);
  }

  resetPeak(): void {
    this.mem.resetPeak();
  }

  destroy(): void {
    this.pool.clear();
  }
}
