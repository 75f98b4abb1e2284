/**
 * The one interface every backend implements: allocate/free/write/read buffers, compile and
 * run kernels. Buffers hold one dtype; host data uses the host layout of `hostArrayFor`.
 */
import type { DType } from "../dtype.js";
import type { Kernel } from "../compile/kernel.js";

/** Names of the devices tsjax can run on. */
export type DeviceName = "cpu" | "webgpu";

/** Host-side typed array for a dtype: float16 travels as its bits, bool as bytes, small integers in their own width. */
export type HostArray = Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** Allocates a host array of `size` elements of `dtype`. */
export function hostArrayFor(dtype: DType, size: number): HostArray {
  switch (dtype) {
    case "float32": return new Float32Array(size);
    case "float16": return new Uint16Array(size);
    case "int32": return new Int32Array(size);
    case "uint32": return new Uint32Array(size);
    case "int16": return new Int16Array(size);
    case "uint16": return new Uint16Array(size);
    case "int8": return new Int8Array(size);
    case "uint8": return new Uint8Array(size);
    case "bool": return new Uint8Array(size);
    // interleaved (re, im) pairs: complex64 is stored as float32 (see dtype.ts storageDType)
    case "complex64": return new Float32Array(2 * size);
  }
}

/** Counts of device memory, for leak tests and monitoring. */
export interface MemoryStats {
  /** Buffers held by live arrays. */
  liveBuffers: number;
  liveBytes: number;
  /** Freed buffers kept for reuse. */
  pooledBuffers: number;
  pooledBytes: number;
}

/** An opaque device buffer handle. */
export type BufferHandle = unknown;
/** An opaque compiled kernel. */
export type Executable = unknown;

/**
 * A host program that needs device values to decide what to do next (loops and conditionals):
 * it yields a buffer to read (its first element), and receives that element as a number.
 */
export type HostProgram = Iterator<{ handle: BufferHandle; dtype: DType }, void, number>;

export interface Backend {
  readonly name: DeviceName;
  /** Allocates storage for `size` elements of `dtype`. */
  alloc(dtype: DType, size: number): BufferHandle;
  /** Returns a buffer to the backend (it may be pooled). */
  free(handle: BufferHandle): void;
  /** Fills a freshly allocated buffer from host data. */
  write(handle: BufferHandle, dtype: DType, data: HostArray): void;
  /**
   * Reads `size` elements back to the host: the values the buffer holds at the call, in program
   * order. The copy is taken (or queued) before this returns, so the buffer may be freed and
   * reused at once, while the read is still pending.
   */
  read(handle: BufferHandle, dtype: DType, size: number): Promise<HostArray>;
  /** Synchronous read, where the backend can do it (CPU). */
  readSync?(handle: BufferHandle, dtype: DType, size: number): HostArray;
  /** Compiles a kernel (cached by the backend where useful). */
  compile(kernel: Kernel): Executable;
  /** The source code this backend compiles a kernel into (JavaScript, WGSL), for `jit(f).lower`. */
  kernelSource(kernel: Kernel): string;
  /** Runs a compiled kernel. Outputs are fresh buffers of the kernel's output sizes. */
  run(exe: Executable, inputs: BufferHandle[], outputs: BufferHandle[], params: Int32Array): void;
  /** Copies `size` elements from `src[srcOffset..]` to `dst[dstOffset..]` (offsets in elements). */
  copy(src: BufferHandle, dst: BufferHandle, dtype: DType, size: number, srcOffset?: number, dstOffset?: number): void;
  /**
   * Runs a host program: synchronously where reads are synchronous (cpu); otherwise in the
   * background, with later operations queued behind it so that their order is kept.
   */
  runProgram(program: HostProgram): void;
  /** Waits for all submitted work to finish. */
  synchronize(): Promise<void>;
  memoryStats(): MemoryStats;
  /** Releases the device; arrays on it become unusable. */
  destroy(): void;
  /** Why the backend can no longer be used, if it cannot. */
  readonly unusableReason: string | undefined;
}
