/**
 * The WebGPU backend.
 *
 * Dispatches are recorded into one open compute pass and submitted in batches (on a read, a
 * copy, or every few dozen dispatches). A buffer freed while recorded commands may still use it
 * goes back to the pool only after those commands are submitted; since the queue runs in order,
 * writing into a pooled buffer is then always safe.
 */
import { type DType, isSmallIntDType, wideDType } from "../../dtype.js";
import { DTypeError, DeviceError, ResourceExhaustedError, formatBytes } from "../../errors.js";
import type { Kernel, MapKernel, ScanKernel, ScatterKernel, SortKernel } from "../../compile/kernel.js";
import { wgslBlocked, wgslScan, wgslScatterUpdate, wgslSort } from "./wgsl.js";
import { WORKGROUP_SIZE, planWgslMap } from "./plan.js";
import { wgslMapKernel } from "./render.js";
import { blockedInvocations } from "../../compile/codegen/blocked.js";
import { planWgslGemm, wgslGemm, wgslGemmPack } from "./wgsl-gemm.js";
import { type Backend, type HostArray, type HostProgram, type MemoryStats, hostArrayFor } from "../backend.js";
import { bucketBytes } from "./pool.js";
import { Pool } from "../pool.js";
import { type MemoryConfig, MemoryLedger, memoryConfig } from "../memory.js";
import { GpuArena, type GpuSlice, wholeBuffer } from "./arena.js";
import { BindGroupCache } from "./bind-groups.js";
import { COST_KIB, TurnBudget } from "./turn-budget.js";
import { type WebGPUInfo, adapterName, findAdapter } from "./gpu-loader.js";

// GPUBufferUsage / GPUMapMode values (the globals are absent in Node).
const MAP_READ = 0x1;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const UNIFORM = 0x40;
const STORAGE = 0x80;
const DATA_USAGE = STORAGE | COPY_SRC | COPY_DST;

/** Dispatches recorded before a submission is forced. */
const DISPATCHES_PER_SUBMIT = 64;

/** Bytes per element in GPU storage (bool and the 8- and 16-bit integers are stored as 32-bit words). */
function gpuItemsize(dtype: DType): number {
  return dtype === "float16" ? 2 : 4;
}

interface MapExe {
  kind: "map";
  pipeline: GPUComputePipeline;
  threads: number;
  numParams: number;
}
interface SortExe {
  kind: "sort";
  prepare: GPUComputePipeline;
  stage: GPUComputePipeline;
  stageGroupLayout: GPUBindGroupLayout;
  finish: GPUComputePipeline;
  stageParams: GPUBuffer;
  stageCount: number;
  padded: number;
  rows: number;
  length: number;
  numParams: number;
}
interface ScatterExe {
  kind: "scatter";
  init: MapExe;
  update: MapExe;
}
/** A GEMM (`wgsl-gemm.ts`): a pass packing A into a scratch buffer of `packed` elements of `packDtype`, then the product. */
interface GemmExe {
  kind: "gemm";
  pack: MapExe;
  main: MapExe;
  packed: number;
  packDtype: DType;
}
type Exe = MapExe | SortExe | ScatterExe | GemmExe;

export type { WebGPUInfo } from "./gpu-loader.js";

/**
 * Keeps operations in program order around host programs (loops and conditionals that read
 * values back). While a program started in a context is in flight (`chain`), operations
 * issued in that context wait in its `backlog`. Each program's steps run in a child context,
 * so a program nested in another one's step holds back only the rest of that step.
 */
interface OrderContext {
  chain: Promise<void> | undefined;
  backlog: (() => void)[];
}

export class WebGPUBackend implements Backend {
  readonly name = "webgpu" as const;
  readonly hasF16: boolean;
  /**
   * Whether row kernels use subgroup operations: the device has `subgroups`, and
   * `TSJAX_WEBGPU_SUBGROUPS=0` does not turn them off. Internal: tests set it to cover both
   * paths (kernels compiled afterwards follow it).
   */
  subgroups: boolean;
  readonly maxBindingBytes: number;
  readonly maxBuffersPerStage: number;
  private readonly maxWorkgroups: number;
  private readonly uniformAlign: number;
  private pool: Pool<number, GpuSlice>;
  private readonly uniformPool: Pool<number, GPUBuffer>;
  private readonly groups: BindGroupCache;
  /** Native work created since the event loop last turned (see `TurnBudget`). */
  readonly budget = new TurnBudget();
  /**
   * Pipelines by WGSL source, held weakly: identical kernels share one while any compiled
   * program or cached eager op uses it, and a pipeline (hundreds of KiB on some drivers) goes
   * away with the last jitted function that used it.
   */
  private readonly pipelines = new Map<string, WeakRef<GPUComputePipeline>>();
  private readonly pipelineGone = new FinalizationRegistry<string>((key) => {
    if (this.pipelines.get(key)?.deref() === undefined) this.pipelines.delete(key);
  });
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private pending = 0;
  private deferred: GpuSlice[] = [];
  /** Scratch buffers of copies recorded since the last submission (destroyed after it). */
  private scratch: GPUBuffer[] = [];
  private readonly ledger = new MemoryLedger("webgpu");
  /** The preallocated buffers arrays are sub-allocated from (`init({ memory: { preallocate } })`). */
  private arena: GpuArena | undefined;
  /** Bytes of live buffers outside the arena. */
  private outsideBytes = 0;
  private firstError: string | undefined;
  /** Where operations issued now go (see `OrderContext`): the top level, or a host program's step. */
  private readonly root: OrderContext = { chain: undefined, backlog: [] };
  private ctx: OrderContext = this.root;
  /** Depth of running queued work (see `endChain`). */
  private draining = 0;
  /** Shader pipelines compiled so far (identical WGSL is compiled once while it is in use). */
  pipelinesCompiled = 0;

  /** Pipelines alive now (some compiled program or cached eager op uses them). */
  get livePipelines(): number {
    let n = 0;
    for (const r of this.pipelines.values()) if (r.deref()) n++;
    return n;
  }
  private lostReason: string | undefined;

  private constructor(
    /** Dawn's instance must stay referenced while its device is used, or callbacks never fire. */
    private readonly gpu: GPU,
    readonly device: GPUDevice,
    readonly info: WebGPUInfo,
  ) {
    this.hasF16 = device.features.has("shader-f16");
    this.subgroups = device.features.has("subgroups") && envVar("TSJAX_WEBGPU_SUBGROUPS") !== "0";
    this.maxBindingBytes = device.limits.maxStorageBufferBindingSize;
    this.maxBuffersPerStage = device.limits.maxStorageBuffersPerShaderStage;
    this.maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
    this.uniformAlign = device.limits.minUniformBufferOffsetAlignment;
    this.groups = new BindGroupCache(device, () => this.budget.addBindGroup());
    this.pool = this.newPool("pool");
    this.uniformPool = new Pool(1 << 20, (b) => this.drop(b));
    device.lost.then((info) => {
      this.lostReason ??=
        info.reason === "destroyed" ? "it was destroyed" : `it was lost (${info.message || "no reason given"})`;
    });
    const onError = (ev: { error: GPUError }) => {
      this.firstError ??= ev.error.message;
    };
    if (typeof device.addEventListener === "function") {
      device.addEventListener("uncapturederror", onError as unknown as EventListener);
    } else {
      (device as { onuncapturederror: unknown }).onuncapturederror = onError;
    }
  }

  /**
   * Requests an adapter (hardware first; a software one only with `allowFallback`) and a device
   * with the adapter's real limits; throws a DeviceError that says why there is none.
   */
  static async create(allowFallback = true, memory?: MemoryConfig): Promise<WebGPUBackend> {
    const { gpu, adapter, fallback } = await findAdapter(allowFallback);
    const wanted = [
      "maxStorageBufferBindingSize", "maxBufferSize", "maxStorageBuffersPerShaderStage",
      "maxComputeWorkgroupsPerDimension", "maxComputeInvocationsPerWorkgroup", "maxComputeWorkgroupSizeX",
      "maxComputeWorkgroupSizeY", "maxComputeWorkgroupStorageSize", "maxUniformBufferBindingSize",
      "minStorageBufferOffsetAlignment",
    ] as const;
    const requiredLimits: Record<string, number> = {};
    for (const k of wanted) requiredLimits[k] = adapter.limits[k];
    const requiredFeatures = (["shader-f16", "subgroups"] as GPUFeatureName[]).filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
    const limits: Record<string, number> = {};
    for (const k of wanted) limits[k] = device.limits[k];
    const info = { adapter: adapterName(adapter), isFallbackAdapter: fallback, features: [...device.features], limits };
    const backend = new WebGPUBackend(gpu, device, info);
    try {
      await backend.configureMemoryAsync(memory ?? memoryConfig());
    } catch (e) {
      backend.destroy();
      throw e;
    }
    return backend;
  }

  get unusableReason(): string | undefined {
    return this.lostReason;
  }

  private check(): void {
    if (this.lostReason) {
      throw new DeviceError(
        `WebGPU device is unusable: ${this.lostReason}. Arrays that lived on it are gone; ` +
          "call `await init()` to create a new device, then recreate your arrays.",
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // memory

  alloc(dtype: DType, size: number): GpuSlice {
    this.check();
    this.checkBudget();
    if (dtype === "float16") this.checkF16();
    const bytes = size * gpuItemsize(dtype);
    if (bytes > this.maxBindingBytes) {
      throw new DeviceError(
        `webgpu: an array of ${size} ${dtype} elements needs ${bytes} bytes, over this device's ` +
          `maxStorageBufferBindingSize of ${this.maxBindingBytes} bytes. Split the array, or use the cpu device.`,
      );
    }
    if (this.arena) return this.allocInArena(bytes);
    const bucket = bucketBytes(bytes);
    this.ledger.admit(bucket);
    let buf = this.pool.take(bucket);
    if (!buf) {
      // under a limit, pooled buffers give way first: what tsjax holds stays within it
      if (this.ledger.liveBytes + this.pool.pooledBytes + bucket > this.ledger.limit) this.pool.clear();
      buf = wholeBuffer(this.createBuffer(bucket, DATA_USAGE));
    }
    this.ledger.add(bucket);
    this.outsideBytes += bucket;
    return buf;
  }

  private allocInArena(bytes: number): GpuSlice {
    const arena = this.arena!;
    const size = arena.sizeOf(bytes);
    this.ledger.admit(size);
    // freed slices go back to the arena when their commands are submitted: submit, then retry
    const slice = arena.alloc(size) ?? (this.encoder && !this.deferring ? (this.flush(), arena.alloc(size)) : undefined);
    if (!slice) {
      throw this.ledger.exhausted(
        size,
        `the preallocated arena of ${formatBytes(arena.bytes)} has no free range that large ` +
          `(${formatBytes(arena.bytes - arena.used)} free in all, in pieces)`,
      );
    }
    this.ledger.add(size);
    return slice;
  }

  private newPool(kind: MemoryConfig["allocator"]): Pool<number, GpuSlice> {
    return new Pool(kind === "pool" ? Math.min(1 << 30, this.device.limits.maxBufferSize) : 0, (b) => this.drop(b.buffer));
  }

  private drop(b: GPUBuffer): void {
    this.groups.forget(b);
    b.destroy();
  }

  /** What the memory `fraction` is a share of: the adapter's `maxBufferSize` (WebGPU does not report a device's memory). */
  get capacityBytes(): number {
    return this.device.limits.maxBufferSize;
  }

  /** `configureMemoryAsync` without waiting: a failed preallocation is reported by the next read. */
  configureMemory(cfg: MemoryConfig): void {
    this.configureMemoryAsync(cfg).catch((e: Error) => {
      this.firstError ??= e.message;
    });
  }

  /**
   * Applies memory options; with `preallocate`, reserves the arena (once per device) and
   * resolves when the device has confirmed it, or rejects with a ResourceExhaustedError.
   */
  async configureMemoryAsync(cfg: MemoryConfig): Promise<void> {
    this.check();
    this.ledger.configure(cfg, this.capacityBytes);
    this.pool.clear();
    this.pool = this.newPool(cfg.allocator);
    if (!cfg.preallocate || this.arena) return;
    if (this.pipelinesCompiled > 0) {
      throw new DeviceError(
        "init: memory: preallocate must be set before the webgpu device runs its first kernel (its kernels bind buffers " +
          "differently then): pass it to the first init() call or set TSJAX_PREALLOCATE, or call destroyDevice(\"webgpu\") and init again.",
      );
    }
    const total = this.ledger.limit;
    this.device.pushErrorScope("out-of-memory");
    this.device.pushErrorScope("validation");
    const arena = new GpuArena(
      (bytes) => {
        // mapped at creation: the buffer starts out zeroed on the host, so the device does not
        // clear it lazily (Dawn would clear all of it at its first use)
        const b = this.device.createBuffer({ size: bytes, usage: DATA_USAGE, mappedAtCreation: true });
        b.unmap();
        return b;
      },
      total,
      this.device.limits.maxBufferSize,
      this.device.limits.minStorageBufferOffsetAlignment,
    );
    const [invalid, oom] = [await this.device.popErrorScope(), await this.device.popErrorScope()];
    if (invalid || oom) {
      arena.destroy();
      throw new ResourceExhaustedError(
        `webgpu: preallocating ${formatBytes(total)} failed: ${(oom ?? invalid)!.message}.`,
        "webgpu",
        total,
        this.ledger.liveBytes,
        total,
        "Preallocate less: lower init({ memory: { fraction } }) (TSJAX_MEM_FRACTION) or limitBytes, or turn preallocation off.",
      );
    }
    this.arena = arena;
  }

  resetPeak(): void {
    this.ledger.resetPeak();
  }

  private createBuffer(size: number, usage: number): GPUBuffer {
    this.budget.addKiB(COST_KIB.buffer + size / 1024);
    return this.device.createBuffer({ size, usage });
  }

  private createEncoder(): GPUCommandEncoder {
    this.budget.addKiB(COST_KIB.encoder);
    return this.device.createCommandEncoder();
  }

  private get deferring(): boolean {
    return this.ctx.chain !== undefined;
  }

  /** Queues `op` behind the host program in flight in the current context. */
  private defer(op: () => void): void {
    const ctx = this.ctx;
    ctx.backlog.push(() => this.within(ctx, op));
  }

  private within<T>(ctx: OrderContext, fn: () => T): T {
    const prev = this.ctx;
    this.ctx = ctx;
    try {
      return fn();
    } finally {
      this.ctx = prev;
    }
  }

  free(handle: unknown): void {
    // While a host program is in flight, operations queued behind it (at the top level) may
    // still read this buffer, even when it is freed from inside one of the program's steps:
    // the buffer goes back only once everything queued so far has run.
    if (this.root.chain !== undefined) {
      this.root.backlog.push(() => this.within(this.root, () => this.free(handle)));
      return;
    }
    const buf = handle as GpuSlice;
    this.ledger.remove(buf.size);
    if (!buf.inArena) this.outsideBytes -= buf.size;
    if (this.lostReason) return;
    if (this.encoder) this.deferred.push(buf);
    else this.recycle(buf);
  }

  /** Gives a freed buffer back (to the arena or the pool) once no recorded command uses it. */
  private recycle(buf: GpuSlice): void {
    if (buf.inArena) this.arena?.release(buf);
    else this.pool.put(buf.size, buf, buf.size);
  }

  write(handle: unknown, dtype: DType, data: HostArray): void {
    this.check();
    let src: ArrayBufferView = data;
    if (dtype === "bool") src = Uint32Array.from(data as Uint8Array);
    else if (isSmallIntDType(dtype)) src = wideDType(dtype) === "int32" ? Int32Array.from(data) : Uint32Array.from(data);
    let bytes = src.byteLength;
    if (bytes % 4 !== 0) {
      const padded = new Uint8Array(Math.ceil(bytes / 4) * 4);
      padded.set(new Uint8Array(src.buffer, src.byteOffset, bytes));
      src = padded;
      bytes = padded.byteLength;
    }
    const h = handle as GpuSlice;
    if (bytes > 0) this.device.queue.writeBuffer(h.buffer, h.offset, src.buffer, src.byteOffset, bytes);
  }

  /**
   * Copies the buffer to a staging buffer now, in program order (behind a host program in
   * flight, like every other operation), so the values read are those the buffer holds at the
   * call even if it is freed and reused right after.
   */
  read(handle: unknown, dtype: DType, size: number): Promise<HostArray> {
    try {
      this.check();
    } catch (e) {
      return Promise.reject(e);
    }
    if (!this.deferring) return this.readNow(handle, dtype, size);
    return new Promise((resolve, reject) => this.defer(() => this.readNow(handle, dtype, size).then(resolve, reject)));
  }

  /** Encodes and submits the copy at once; resolves when it has landed on the host. */
  private readNow(handle: unknown, dtype: DType, size: number): Promise<HostArray> {
    try {
      this.check();
      this.flush();
    } catch (e) {
      return Promise.reject(e);
    }
    const bytes = Math.ceil((size * gpuItemsize(dtype)) / 4) * 4;
    let staging: GPUBuffer | undefined;
    if (bytes > 0) {
      staging = this.createBuffer(bytes, MAP_READ | COPY_DST);
      const enc = this.createEncoder();
      const h = handle as GpuSlice;
      enc.copyBufferToBuffer(h.buffer, h.offset, staging, 0, bytes);
      this.device.queue.submit([enc.finish()]);
    }
    return this.landed(staging, bytes, dtype, size);
  }

  private async landed(staging: GPUBuffer | undefined, bytes: number, dtype: DType, size: number): Promise<HostArray> {
    const out = new Uint8Array(bytes);
    if (staging) {
      try {
        await staging.mapAsync(MAP_READ);
      } catch (e) {
        this.check();
        throw new DeviceError(`webgpu: reading an array back failed: ${(e as Error).message}`);
      }
      out.set(new Uint8Array(staging.getMappedRange()));
      staging.unmap();
      staging.destroy();
    } else {
      await this.device.queue.onSubmittedWorkDone();
    }
    this.throwPendingError();
    if (dtype === "bool") return Uint8Array.from(new Uint32Array(out.buffer, 0, size));
    if (isSmallIntDType(dtype)) {
      const words = wideDType(dtype) === "int32" ? new Int32Array(out.buffer, 0, size) : new Uint32Array(out.buffer, 0, size);
      const host = hostArrayFor(dtype, size);
      host.set(words);
      return host;
    }
    if (dtype === "float16") return new Uint16Array(out.buffer, 0, size);
    if (dtype === "int32") return new Int32Array(out.buffer, 0, size);
    if (dtype === "uint32") return new Uint32Array(out.buffer, 0, size);
    return new Float32Array(out.buffer, 0, size);
  }

  private throwPendingError(): void {
    if (this.firstError) {
      const msg = this.firstError;
      this.firstError = undefined;
      throw new DeviceError(`webgpu: a kernel failed on the device: ${msg}`);
    }
  }

  copy(src: unknown, dst: unknown, dtype: DType, size: number, srcOffset = 0, dstOffset = 0): void {
    this.check();
    if (this.deferring) {
      this.defer(() => this.copy(src, dst, dtype, size, srcOffset, dstOffset));
      return;
    }
    const item = gpuItemsize(dtype);
    const [from, to] = [srcOffset * item, dstOffset * item];
    const bytes = Math.ceil((size * item) / 4) * 4;
    if (bytes === 0) return;
    if (from % 4 !== 0 || to % 4 !== 0) {
      throw new DeviceError(`webgpu: a float16 copy at an odd element offset (${srcOffset} -> ${dstOffset}) is not supported; use an even number of elements.`);
    }
    this.endPass();
    this.encoder ??= this.createEncoder();
    const [s, d] = [src as GpuSlice, dst as GpuSlice];
    if (s.buffer !== d.buffer) {
      this.encoder.copyBufferToBuffer(s.buffer, s.offset + from, d.buffer, d.offset + to, bytes);
      return;
    }
    // two slices of one arena buffer: WebGPU copies only between different buffers, so the
    // copy goes through a scratch buffer, destroyed once the commands are submitted
    const scratch = this.createBuffer(bytes, COPY_SRC | COPY_DST);
    this.encoder.copyBufferToBuffer(s.buffer, s.offset + from, scratch, 0, bytes);
    this.encoder.copyBufferToBuffer(scratch, 0, d.buffer, d.offset + to, bytes);
    this.scratch.push(scratch);
  }

  memoryStats(): MemoryStats {
    return this.ledger.stats(this.pool, (this.arena?.bytes ?? 0) + this.outsideBytes + this.pool.pooledBytes);
  }

  // ------------------------------------------------------------------------------------------
  // kernels

  /** Throws a clear error for float16 where the device lacks "shader-f16" (before any kernel compiles). */
  private checkF16(): void {
    if (this.hasF16) return;
    throw new DTypeError(
      `webgpu: float16 arrays need the "shader-f16" feature, which this adapter (${this.info.adapter}) lacks. ` +
        'Use float32 (x.astype("float32")), or the cpu device.',
    );
  }

  private pipeline(source: string, layout?: GPUPipelineLayout): GPUComputePipeline {
    // Slices of one arena buffer are bound side by side, and WebGPU tracks usage per buffer: a
    // buffer bound read-only and read-write in one dispatch is an error, so with an arena every
    // storage binding is read-write (and `unalias` keeps bindings from overlapping).
    const code = this.arena ? source.replaceAll("var<storage, read>", "var<storage, read_write>") : source;
    const key = layout ? `explicit\n${code}` : code;
    let p = this.pipelines.get(key)?.deref();
    if (!p) {
      if (code.startsWith("enable f16;")) this.checkF16();
      this.pipelinesCompiled++;
      this.device.pushErrorScope("validation");
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: layout ?? "auto", compute: { module, entryPoint: "main" } });
      this.device.popErrorScope().then((err) => {
        if (err) this.firstError ??= `${err.message}\n--- kernel source ---\n${code.slice(0, 4000)}`;
      });
      this.pipelines.set(key, new WeakRef(p));
      this.pipelineGone.register(p, key);
    }
    return p;
  }

  private checkBindings(count: number, what: string): void {
    if (count > this.maxBuffersPerStage) {
      throw new DeviceError(
        `webgpu: ${what} needs ${count} storage buffers but this device allows ` +
          `${this.maxBuffersPerStage} per shader (maxStorageBuffersPerShaderStage).`,
      );
    }
  }

  private mapExe(code: string, threads: number, numParams: number): MapExe {
    return { kind: "map", pipeline: this.pipeline(code), threads, numParams };
  }

  compile(kernel: Kernel): Exe {
    this.check();
    switch (kernel.kind) {
      case "map": {
        this.checkBindings(kernel.inputs.length + kernel.outputs.length, "a kernel");
        const plan = planWgslMap(kernel);
        return this.mapExe(wgslMapKernel(kernel, plan, this), plan.threads, kernel.numParams);
      }
      case "scan":
        this.checkBindings(kernel.inputs.length + 1, "a cumulative kernel");
        return this.mapExe(wgslScan(kernel), kernel.rows, kernel.numParams);
      case "blocked": {
        this.checkBindings(kernel.inputs.length + 1, "a kernel");
        // products run as GEMMs (a packing pass, then one workgroup per tile) where the packed
        // operand fits among the storage buffers
        const gemm = kernel.inputs.length + 2 <= this.maxBuffersPerStage ? planWgslGemm(kernel) : undefined;
        if (gemm) {
          const pack = wgslGemmPack(kernel, gemm);
          return {
            kind: "gemm",
            pack: this.mapExe(pack.code, pack.threads, kernel.numParams),
            main: this.mapExe(wgslGemm(kernel, gemm), gemm.groups * WORKGROUP_SIZE, kernel.numParams),
            packed: pack.size,
            packDtype: gemm.packDtype,
          };
        }
        return this.mapExe(wgslBlocked(kernel), blockedInvocations(kernel), kernel.numParams);
      }
      case "scatter":
        return this.compileScatter(kernel);
      case "sort":
        return this.compileSort(kernel);
    }
  }

  /** The WGSL of a kernel (a sort's three passes joined by `// ---` lines); needs no device. */
  kernelSource(k: Kernel): string {
    switch (k.kind) {
      case "map": return wgslMapKernel(k, planWgslMap(k), this);
      case "scan": return wgslScan(k);
      case "scatter": return wgslScatterUpdate(k);
      case "blocked": {
        const gemm = planWgslGemm(k);
        if (!gemm) return wgslBlocked(k);
        return [wgslGemmPack(k, gemm).code, wgslGemm(k, gemm)].join("\n// ---\n");
      }
      case "sort": {
        const s = wgslSort(k);
        return [s.prepare, s.stage, s.finish].join("\n// ---\n");
      }
    }
  }

  private compileScatter(k: ScatterKernel): ScatterExe {
    this.checkBindings(k.inputs.length + 1, "a scatter kernel");
    const init: MapKernel = { kind: "map", size: k.size, inputs: k.inputs, numParams: k.numParams, outputs: [{ dtype: k.dtype, value: k.init }] };
    const plan = planWgslMap(init);
    return {
      kind: "scatter",
      init: this.mapExe(wgslMapKernel(init, plan, this), plan.threads, k.numParams),
      update: this.mapExe(wgslScatterUpdate(k), k.updates, k.numParams),
    };
  }

  private compileSort(k: SortKernel): SortExe {
    this.checkBindings(k.inputs.length + 3, "a sort kernel");
    const src = wgslSort(k);
    const P = src.padded;
    const stages: [number, number][] = [];
    for (let kk = 2; kk <= P; kk *= 2) for (let j = kk / 2; j >= 1; j /= 2) stages.push([kk, j]);
    const stride = Math.max(this.uniformAlign, 16);
    const stageParams = this.device.createBuffer({
      size: Math.max(stride * stages.length, 16),
      usage: UNIFORM,
      mappedAtCreation: true,
    });
    const view = new Uint32Array(stageParams.getMappedRange());
    stages.forEach(([kk, j], i) => {
      view[(i * stride) / 4] = kk;
      view[(i * stride) / 4 + 1] = j;
    });
    stageParams.unmap();
    const stageGroupLayout = this.device.createBindGroupLayout({
      entries: [
        { binding: 0, visibility: 4 /* COMPUTE */, buffer: { type: "storage" } },
        { binding: 1, visibility: 4, buffer: { type: "storage" } },
        { binding: 2, visibility: 4, buffer: { type: "uniform", hasDynamicOffset: true } },
      ],
    });
    const layout = this.device.createPipelineLayout({ bindGroupLayouts: [stageGroupLayout] });
    return {
      kind: "sort",
      prepare: this.pipeline(src.prepare),
      stage: this.pipeline(src.stage, layout),
      stageGroupLayout,
      finish: this.pipeline(src.finish),
      stageParams,
      stageCount: stages.length,
      padded: P,
      rows: k.rows,
      length: k.length,
      numParams: k.numParams,
    };
  }

  run(exe: unknown, inputs: unknown[], outputs: unknown[], params: Int32Array): void {
    this.check();
    this.checkBudget();
    if (this.deferring) {
      this.defer(() => this.run(exe, inputs, outputs, params));
      return;
    }
    const e = exe as Exe;
    const ins = inputs as GpuSlice[];
    const outs = outputs as GpuSlice[];
    const uniform = params.length > 0 ? this.uniformBuffer(params) : undefined;
    switch (e.kind) {
      case "map":
        this.dispatch(e.pipeline, [...ins, ...outs], uniform, e.threads);
        break;
      case "scatter":
        this.dispatch(e.init.pipeline, [...ins, ...outs], uniform, e.init.threads);
        this.dispatch(e.update.pipeline, [...ins, ...outs], uniform, e.update.threads);
        break;
      case "sort":
        this.runSort(e, ins, outs, uniform);
        break;
      case "gemm": {
        const packed = this.alloc(e.packDtype, e.packed);
        this.dispatch(e.pack.pipeline, [...ins, packed], uniform, e.pack.threads);
        this.dispatch(e.main.pipeline, [...ins, packed, ...outs], uniform, e.main.threads);
        this.free(packed);
        break;
      }
    }
    if (uniform) this.freeUniform(uniform);
    if (this.pending >= DISPATCHES_PER_SUBMIT) this.flush();
  }

  private runSort(e: SortExe, ins: GpuSlice[], outs: GpuSlice[], uniform: GPUBuffer | undefined): void {
    const n = e.rows * e.padded;
    const keys = this.alloc("uint32", n);
    let perm: GpuSlice;
    try {
      perm = this.alloc("uint32", n);
    } catch (err) {
      this.free(keys);
      throw err;
    }
    this.dispatch(e.prepare, [...ins, keys, perm], uniform, n);
    const stride = Math.max(this.uniformAlign, 16);
    this.budget.addBindGroup();
    const group = this.device.createBindGroup({
      layout: e.stageGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: keys.buffer, offset: keys.offset, size: keys.size } },
        { binding: 1, resource: { buffer: perm.buffer, offset: perm.offset, size: perm.size } },
        { binding: 2, resource: { buffer: e.stageParams, size: 16 } },
      ],
    });
    for (let s = 0; s < e.stageCount; s++) {
      this.dispatchGroup(e.stage, group, n / 2, [s * stride]);
    }
    this.dispatch(e.finish, [...ins, perm, ...outs], uniform, e.rows * e.length);
    this.free(keys);
    this.free(perm);
  }

  private uniformBuffer(params: Int32Array): GPUBuffer {
    const bytes = Math.ceil((params.length * 4) / 16) * 16;
    const bucket = bucketBytes(bytes);
    const buf = this.uniformPool.take(bucket) ?? this.createBuffer(bucket, UNIFORM | COPY_DST);
    const padded = new Int32Array(bucket / 4);
    padded.set(params);
    this.device.queue.writeBuffer(buf, 0, padded.buffer, 0, bucket);
    return buf;
  }

  private deferredUniforms: GPUBuffer[] = [];
  private freeUniform(buf: GPUBuffer): void {
    if (this.encoder) this.deferredUniforms.push(buf);
    else this.uniformPool.put(buf.size, buf, buf.size);
  }

  private dispatch(pipeline: GPUComputePipeline, buffers: GpuSlice[], uniform: GPUBuffer | undefined, threads: number): void {
    if (threads === 0) return;
    const bound = this.arena ? this.unalias(buffers) : buffers;
    this.dispatchGroup(pipeline, this.groups.get(pipeline, uniform ? [...bound, wholeBuffer(uniform)] : bound), threads);
  }

  /**
   * With an arena every binding is read-write, and WebGPU forbids two writable bindings of the
   * same range in one dispatch: an array bound twice (`x * x`) is bound the second time as a
   * scratch copy, destroyed once the commands are submitted.
   */
  private unalias(slices: GpuSlice[]): GpuSlice[] {
    let out = slices;
    slices.forEach((s, i) => {
      if (!slices.slice(0, i).some((t) => t.buffer === s.buffer && t.offset === s.offset)) return;
      this.endPass();
      this.encoder ??= this.createEncoder();
      const scratch = this.createBuffer(s.size, DATA_USAGE);
      this.encoder.copyBufferToBuffer(s.buffer, s.offset, scratch, 0, s.size);
      this.scratch.push(scratch);
      if (out === slices) out = [...slices];
      out[i] = wholeBuffer(scratch);
    });
    return out;
  }

  private dispatchGroup(pipeline: GPUComputePipeline, group: GPUBindGroup, threads: number, offsets?: number[]): void {
    const groups = Math.ceil(threads / WORKGROUP_SIZE);
    if (groups === 0) return;
    let x = groups;
    let y = 1;
    if (groups > this.maxWorkgroups) {
      y = Math.ceil(groups / this.maxWorkgroups);
      x = Math.ceil(groups / y);
      if (y > this.maxWorkgroups) {
        throw new DeviceError(`webgpu: ${threads} invocations exceed the device's grid limit (maxComputeWorkgroupsPerDimension=${this.maxWorkgroups}).`);
      }
    }
    this.encoder ??= this.createEncoder();
    this.pass ??= this.encoder.beginComputePass();
    this.budget.addKiB(COST_KIB.dispatch);
    this.pass.setPipeline(pipeline);
    if (offsets) this.pass.setBindGroup(0, group, offsets);
    else this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(x, y);
    this.pending++;
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = undefined;
    }
  }

  /** Submits recorded work and recycles buffers freed while it was recorded. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = undefined;
    this.pending = 0;
    for (const b of this.deferred) this.recycle(b);
    for (const b of this.scratch) this.drop(b);
    this.scratch = [];
    for (const b of this.deferredUniforms) this.uniformPool.put(b.size, b, b.size);
    this.deferred = [];
    this.deferredUniforms = [];
  }

  runProgram(program: HostProgram): void {
    this.check();
    if (this.deferring) {
      this.defer(() => this.runProgram(program));
      return;
    }
    const outer = this.ctx;
    // The program's steps run in a context of their own: what they issue goes at once, except
    // what follows a nested host program (a loop in a loop body) still in flight, which waits
    // for it. The program's next read waits for the same.
    const inner: OrderContext = { chain: undefined, backlog: [] };
    const step = (input: number | undefined) => this.within(inner, () => program.next(input as number));
    const settle = async () => {
      while (inner.chain) await inner.chain;
    };
    const first = step(undefined);
    if (first.done && !inner.chain) return;
    const drive = async () => {
      let r: IteratorResult<{ handle: unknown; dtype: DType }, void> = first;
      try {
        for (;;) {
          await settle();
          if (r.done) return;
          const host = await this.readNow(r.value.handle, r.value.dtype, 1);
          r = step(host[0]!);
        }
      } finally {
        await settle();
      }
    };
    outer.chain = drive().then(
      () => this.endChain(outer),
      (e: unknown) => {
        this.firstError ??= `a loop or conditional failed: ${(e as Error).message}`;
        this.endChain(outer);
      },
    );
  }

  private endChain(ctx: OrderContext): void {
    ctx.chain = undefined;
    this.draining++;
    try {
      while (!ctx.chain && ctx.backlog.length > 0) ctx.backlog.shift()!();
    } finally {
      this.draining--;
    }
  }

  /** Work queued behind a host program (`draining`) was admitted when it was issued. */
  private checkBudget(): void {
    if (this.draining === 0) this.budget.check();
  }

  /** Resolves once no host program is in flight and the backlog is empty. */
  private async idle(): Promise<void> {
    while (this.root.chain) await this.root.chain;
  }

  async synchronize(): Promise<void> {
    this.check();
    await this.idle();
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.throwPendingError();
  }

  destroy(): void {
    if (this.lostReason) return;
    this.lostReason = "it was destroyed";
    this.encoder = undefined;
    this.pass = undefined;
    this.pool.clear();
    this.uniformPool.clear();
    this.arena?.destroy();
    this.arena = undefined;
    this.groups.clear();
    this.device.destroy();
  }
}

/** An environment variable (Node), or undefined. */
function envVar(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}
