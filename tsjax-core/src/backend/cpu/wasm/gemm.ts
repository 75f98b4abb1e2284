/**
 * Float32 matrix multiplication in WebAssembly SIMD for the CPU backend: C = A · B on packed
 * operands, with a 4 x 8 register-tiled micro-kernel (8 accumulators of f32x4) and cache
 * blocking along K (KC) and M (MC), the GotoBLAS arrangement.
 *
 * Packed layouts (element offsets inside the module's memory), with M, N, K padded to
 * multiples of 4, 8 and UNROLL (padding holds zeros):
 * - A: row panels of 4 rows, each stored k-major: `A[(m >> 2) * Kp * 4 + k * 4 + (m & 3)]`;
 * - B: column panels of 8 columns, k-major: `B[(n >> 3) * Kp * 8 + k * 8 + (n & 7)]`;
 * - C: row-major `C[m * Np + n]`.
 * Callers (generated CPU kernels) fill A and B through `workspace()` (element by element, or with
 * `pack()` for plain strided sources), call `run()` and read C.
 */
import { LruCache } from "../../../lru.js";
import { V128, I32, type WasmFunction, decodeFunction, encodeModule, op } from "./encode.js";
import { packFunction } from "./pack.js";
import { Heap } from "../../heap.js";
import { relaxedSimdSupported } from "./relaxed-simd.js";

export const MR = 4;
export const NR = 8;
/**
 * k-steps per micro-kernel loop iteration; Kp is a multiple of it. One: V8's optimizing
 * compiler schedules all loads of an unrolled body first and spills the accumulators, which
 * made 4 steps per iteration about 1.5x slower (19 against 28 GFLOP/s on one Zen 3 core).
 */
const UNROLL = 1;
const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB
/**
 * Bounds on the CPU buffers placed in the shared memory (`allocResident`): the memory cannot
 * shrink, so a program that once holds gigabytes keeps them reserved. Larger buffers, and
 * buffers past the total, are ordinary typed arrays (their kernels copy them in and out).
 */
const MAX_RESIDENT_BUFFER = 256 * 2 ** 20;
const MAX_RESIDENT_TOTAL = 2 ** 30;
/** Generated functions kept compiled (see `WasmGemm.fns`). */
const MAX_FUNCTIONS = 1024;

/** A generated function compiled over the shared memory; `sent` once the workers have it. */
interface CompiledFunction {
  f: (...args: number[]) => void;
  id: number;
  module: WebAssembly.Module;
  name: string;
  sent: boolean;
}

/**
 * The 4 x 8 micro-kernel: C[4 x 8] += A-panel · B-panel over kc steps, with parameters
 * (a, b, c, kc, ldc, fresh): when `fresh` (the first block of K) C's old values are not read,
 * the accumulators start at zero (WebAssembly zeroes locals), so C needs no clearing. With
 * `fma`, each multiply-add is one relaxed `f32x4.relaxed_madd` (about 1.5x the throughput on
 * CPUs with FMA; wider tiles, 6 x 8 or 4 x 12, spill in V8 even then and run at half speed).
 */
function microKernel(fma: boolean): WasmFunction {
  const [a, b, c, kc, ldc, fresh] = [0, 1, 2, 3, 4, 5];
  const acc = (r: number, h: number) => 6 + r * 2 + h;
  const [av, b0, b1, cr] = [14, 15, 16, 17];
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const rowsOfC = (store: boolean) => {
    emit(op.localGet(c), op.localSet(cr));
    for (let r = 0; r < MR; r++) {
      for (let h = 0; h < 2; h++) {
        if (store) emit(op.localGet(cr), op.localGet(acc(r, h)), op.v128Store(h * 16));
        else emit(op.localGet(cr), op.v128Load(h * 16), op.localSet(acc(r, h)));
      }
      emit(op.localGet(cr), op.localGet(ldc), op.i32Add, op.localSet(cr));
    }
  };
  emit(op.localGet(fresh), op.i32Eqz, op.ifThen);
  rowsOfC(false);
  emit(op.end);
  emit(op.loop);
  for (let u = 0; u < UNROLL; u++) {
    emit(op.localGet(b), op.v128Load(u * 32), op.localSet(b0));
    emit(op.localGet(b), op.v128Load(u * 32 + 16), op.localSet(b1));
    for (let r = 0; r < MR; r++) {
      emit(op.localGet(a), op.v128Load32Splat(u * 16 + r * 4), op.localSet(av));
      for (let h = 0; h < 2; h++) {
        const bh = h === 0 ? b0 : b1;
        if (fma) emit(op.localGet(av), op.localGet(bh), op.localGet(acc(r, h)), op.f32x4RelaxedMadd, op.localSet(acc(r, h)));
        else emit(op.localGet(acc(r, h)), op.localGet(av), op.localGet(bh), op.f32x4Mul, op.f32x4Add, op.localSet(acc(r, h)));
      }
    }
  }
  emit(op.localGet(a), op.i32Const(16 * UNROLL), op.i32Add, op.localSet(a));
  emit(op.localGet(b), op.i32Const(32 * UNROLL), op.i32Add, op.localSet(b));
  emit(op.localGet(kc), op.i32Const(UNROLL), op.i32Sub, op.localTee(kc), op.brIf(0), op.end);
  rowsOfC(true);
  return { name: "mk", params: 6, locals: [...Array.from({ length: 11 }, () => V128), I32], body };
}

/** Whether this JavaScript engine runs WebAssembly SIMD. */
export function wasmSimdSupported(): boolean {
  try {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    new WebAssembly.Instance(new WebAssembly.Module(encodeModule([microKernel(false)], { initial: 1, maximum: 1, shared: false })), { env: { mem } });
    return true;
  } catch {
    return false;
  }
}

/** Padded sizes of a product [M, K] x [K, N]. */
export function paddedSizes(M: number, N: number, K: number): { Mp: number; Np: number; Kp: number } {
  const up = (n: number, m: number) => Math.ceil(n / m) * m;
  return { Mp: up(M, MR), Np: up(N, NR), Kp: up(Math.max(K, 1), UNROLL) };
}

/** Source elements that `WasmGemm.pack` copies for an X x K matrix of strides sx, sk. */
export function packSpan(X: number, K: number, sx: number, sk: number): number {
  return (X - 1) * Math.abs(sx) + (K - 1) * Math.abs(sk) + 1;
}

/** Offsets (in float32 elements) of the packed operands, the result and the scratch space in `mem`. */
export interface GemmWorkspace {
  mem: Float32Array;
  a: number;
  b: number;
  c: number;
  scratch: number;
}

type PackFn = (src: number, dst: number, X: number, K: number, sx: number, sk: number, W: number, panelBytes: number) => void;

/** Block sizes of the loops around the micro-kernel: along K (A's and B's panels in L1/L2), along M. */
const KC = 256;
const MC = 64;

/**
 * The blocked loops over one range of B's column panels [p0, p1), as a WebAssembly function
 * calling the micro-kernel (function 0): K in blocks of KC, M in blocks of MC, then each 4 x 8
 * tile. Parameters (a, b, c, Mp, Np, Kp, p0, p1), a, b and c in elements. In WebAssembly rather
 * than JavaScript because the K = 128 products of a training step make a call per 4K
 * multiply-adds, where a call from JavaScript costs several percent.
 */
function panelsFunction(): WasmFunction {
  const [a, b, c, Mp, Np, Kp, p0, p1] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [k0, kc, i0, i1, jp, i, bPtr, aPtr, cPtr] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const get = op.localGet;
  const set = op.localSet;
  // min(x, y) of two i32 expressions
  const min = (x: number[], y: number[]) => [...x, ...y, ...x, ...y, ...op.i32LtS, 0x1b];
  const loopUntil = (local: number, step: number[], end: number[]) =>
    emit(get(local), step, op.i32Add, op.localTee(local), end, op.i32LtS, op.brIf(0), op.end);
  emit(op.i32Const(0), set(k0), op.loop);
  emit(min(op.i32Const(KC), [...get(Kp), ...get(k0), ...op.i32Sub]), set(kc));
  emit(op.i32Const(0), set(i0), op.loop);
  emit(min([...get(i0), ...op.i32Const(MC), ...op.i32Add], get(Mp)), set(i1));
  emit(get(p0), set(jp), op.loop);
  // bPtr = (b + (jp * Kp + k0) * 8) * 4
  emit(get(b), get(jp), get(Kp), op.i32Mul, get(k0), op.i32Add, op.i32Const(8), op.i32Mul, op.i32Add, op.i32Const(4), op.i32Mul, set(bPtr));
  emit(get(i0), set(i), op.loop);
  // aPtr = (a + i * Kp + k0 * 4) * 4, cPtr = (c + i * Np + jp * 8) * 4
  emit(get(a), get(i), get(Kp), op.i32Mul, op.i32Add, get(k0), op.i32Const(4), op.i32Mul, op.i32Add, op.i32Const(4), op.i32Mul, set(aPtr));
  emit(get(c), get(i), get(Np), op.i32Mul, op.i32Add, get(jp), op.i32Const(8), op.i32Mul, op.i32Add, op.i32Const(4), op.i32Mul, set(cPtr));
  emit(get(aPtr), get(bPtr), get(cPtr), get(kc), get(Np), op.i32Const(4), op.i32Mul, get(k0), op.i32Eqz, op.call(0));
  loopUntil(i, op.i32Const(MR), get(i1));
  loopUntil(jp, op.i32Const(1), get(p1));
  loopUntil(i0, op.i32Const(MC), get(Mp));
  loopUntil(k0, op.i32Const(KC), get(Kp));
  return { name: "panels", params: 8, locals: Array.from({ length: 9 }, () => I32), body };
}

type PanelsFn = (a: number, b: number, c: number, Mp: number, Np: number, Kp: number, p0: number, p1: number) => void;

/**
 * Takes chunks of `chunk` units (GEMM column panels, rows, outputs) from the shared counter
 * `ctrl[10]` until none are left (threads that run slower, or start later, take fewer), and
 * runs `run(from, to)` on each. Self-contained: also runs in workers.
 */
function runShare(ctrl: Int32Array, units: number, chunk: number, run: (from: number, to: number) => void): void {
  for (let p = Atomics.add(ctrl, 10, chunk); p < units; p = Atomics.add(ctrl, 10, chunk)) run(p, Math.min(p + chunk, units));
}

/**
 * A worker's entry into job `seq` through the gate (ctrl[12]: the job's sequence number above
 * bit 8, bit 7 closed, the workers that joined below): false once the calling thread has closed
 * it (every unit taken) or a later job has opened. The calling thread waits only for the workers
 * that joined, not for one that the OS has not scheduled yet (the machine's cores busy).
 */
function joinJob(ctrl: Int32Array, seq: number): boolean {
  for (;;) {
    const g = Atomics.load(ctrl, 12);
    if (g >>> 8 !== (seq & 0x7fffff) || (g & 0x80) !== 0) return false;
    if (Atomics.compareExchange(ctrl, 12, g, g + 1) === g) return true;
  }
}

/**
 * The shared control block: [0] job sequence, [1] finished workers, [2] job kind (GEMM or
 * function), [3] threads with a share, [4] units, [5] chunk, [6] function id, [7] argument
 * count, [10] next unit, [11] browser workers started, [12] the job's gate (`joinJob`),
 * [16...] arguments.
 */
const CTRL_INTS = 128;
const ARGS_AT = 16;
const JOB_GEMM = 0;
const JOB_FUNCTION = 1;
/** Where browser workers count themselves in when they have started (see `browserThreads`). */
const READY_AT = 11;

/** Below this many elements of work a function runs on the calling thread alone (a wake-up costs tens of microseconds). */
export const MIN_THREADED_ELEMENTS = 1 << 17;

/** How long the calling thread polls for the workers' end of a GEMM before it sleeps. */
const SPIN_MS = 2;

/**
 * Below this many multiply-adds a GEMM runs on the calling thread alone: a transformer layer's
 * products (a few million) gain little from a second thread and, on a machine whose cores are
 * busy, cost more CPU time in wake-ups and waits than they save.
 */
const MIN_THREADED_WORK = 1 << 23;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}

interface NodeMessagePort {
  postMessage(message: unknown): void;
  unref(): void;
}

/** Worker threads in Node (where the main thread may block on `Atomics.wait`); none elsewhere. */
function nodeThreads(): { Worker: new (src: string, opts: object) => NodeWorker; MessageChannel: new () => { port1: NodeMessagePort; port2: NodeMessagePort }; cores: number } | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown; versions?: { node?: string }; env?: Record<string, string | undefined> } }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== "function" || typeof SharedArrayBuffer === "undefined") return undefined;
  const wt = proc.getBuiltinModule("node:worker_threads") as { Worker: new (src: string, opts: object) => NodeWorker; MessageChannel: new () => { port1: NodeMessagePort; port2: NodeMessagePort } };
  const os = proc.getBuiltinModule("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] };
  const fromEnv = Number(proc.env?.TSJAX_CPU_THREADS);
  const cores = fromEnv > 0 ? fromEnv : (os.availableParallelism?.() ?? os.cpus().length);
  return cores > 1 ? { Worker: wt.Worker, MessageChannel: wt.MessageChannel, cores: Math.min(cores, 8) } : undefined;
}

/**
 * Web Workers in a browser, where the calling thread may block on `Atomics.wait`: inside a
 * worker (a page's main thread may not block) of a cross-origin isolated page (which has
 * `SharedArrayBuffer`). Elsewhere (a plain page, its main thread), none: one thread.
 */
function browserThreads(): { cores: number } | undefined {
  const g = globalThis as { WorkerGlobalScope?: abstract new () => unknown; crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  if (typeof g.WorkerGlobalScope !== "function" || !(globalThis instanceof g.WorkerGlobalScope)) return undefined;
  if (!g.crossOriginIsolated || typeof SharedArrayBuffer === "undefined" || typeof Worker !== "function") return undefined;
  const cores = g.navigator?.hardwareConcurrency ?? 1;
  return cores > 1 ? { cores: Math.min(cores, 8) } : undefined;
}

/**
 * A WebAssembly instance with its memory, reused (and grown) across calls. In Node with more
 * than one core, the memory is shared with worker threads that take a share of the column
 * panels of each large GEMM (`TSJAX_CPU_THREADS` overrides the number of threads); in a
 * browser worker of a cross-origin isolated page, with Web Workers that take a share of the
 * GEMMs (generated functions stay on the calling thread there: a blocked Web Worker cannot
 * receive their modules), counted in as they start. In both, the CPU
 * backend places its buffers in it (`allocResident`), so that kernels read and write them in
 * place: a shared memory's views stay valid when it grows.
 */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly panels: PanelsFn;
  private readonly packFn: PackFn;
  private view: Float32Array;
  private readonly workers: NodeWorker[] = [];
  /** Browser workers (see `browserThreads`): they take a share once started. */
  private readonly webWorkers: Worker[] = [];
  /** The control block shared with the workers (see `CTRL_INTS`). */
  private readonly ctrl: Int32Array | undefined;
  /** Ports on which the workers receive the modules of generated functions. */
  private readonly ports: { postMessage(message: unknown): void }[] = [];
  private readonly heap: Heap;
  /** The buffer objects of this memory (one per size it has had): views on them are resident. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /** GEMMs and functions run so far with the worker threads taking a share. */
  threadedJobs = 0;
  private workspaceAt = 0;
  private workspaceBytes = 0;
  private residentBytes = 0;

  /** `fma`: use relaxed SIMD's fused multiply-add where the engine has it (`relaxedSimdSupported`). */
  constructor(threads = true, fma = true) {
    const env = threads ? nodeThreads() : undefined;
    const web = threads && !env ? browserThreads() : undefined;
    const shared = env !== undefined || web !== undefined;
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
    const module = new WebAssembly.Module(encodeModule([microKernel(fma && relaxedSimdSupported()), packFunction(), panelsFunction()], { initial: 16, maximum: MAX_PAGES, shared }));
    const instance = new WebAssembly.Instance(module, { env: { mem: this.memory } });
    this.panels = instance.exports.panels as PanelsFn;
    this.packFn = instance.exports.pack as PackFn;
    this.view = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
    this.heap = new Heap(0, MAX_PAGES * PAGE, (bytes) => this.growTo(bytes));
    if (env) {
      this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_INTS * 4));
      for (let w = 1; w < env.cores; w++) {
        const { port1, port2 } = new env.MessageChannel();
        const worker = new env.Worker(workerSource(), { eval: true, workerData: { module, memory: this.memory, ctrl: this.ctrl.buffer, index: w, port: port2 }, transferList: [port2] });
        worker.unref();
        port1.unref();
        this.workers.push(worker);
        this.ports.push(port1);
      }
    }
    if (web) {
      this.ctrl = new Int32Array(new SharedArrayBuffer(CTRL_INTS * 4));
      const url = URL.createObjectURL(new Blob([browserWorkerSource()], { type: "text/javascript" }));
      for (let w = 1; w < web.cores; w++) {
        const worker = new Worker(url, { name: `tsjax-cpu-${w}` });
        worker.postMessage({ module, memory: this.memory, ctrl: this.ctrl.buffer });
        this.webWorkers.push(worker);
      }
    }
  }

  private growTo(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return true;
    try {
      this.memory.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      return false;
    }
    this.buffers.add(this.memory.buffer);
    return true;
  }

  /**
   * A block of `bytes` bytes in this memory for a CPU buffer, as (buffer, byte offset), or
   * undefined where buffers cannot live here (an unshared memory detaches its views when it
   * grows) or the block is past the bounds. Return it with `freeResident`.
   */
  allocResident(bytes: number): { buffer: ArrayBufferLike; byteOffset: number } | undefined {
    if (!this.ctrl || bytes === 0 || bytes > Math.max(MAX_RESIDENT_BUFFER, this.reserved) || this.residentBytes + bytes > Math.max(MAX_RESIDENT_TOTAL, this.reserved)) return undefined;
    const at = this.heap.alloc(bytes);
    if (at === undefined) return undefined;
    this.residentBytes += bytes;
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return { buffer, byteOffset: at };
  }

  /** Bytes reserved for CPU buffers by `reserveResident` (preallocation). */
  private reserved = 0;

  /**
   * Preallocation: grows this memory once so that `bytes` of CPU buffers fit without growing it
   * again, and lets buffers of any size up to that live here. Returns the bytes reserved: 0
   * where buffers cannot live here; less than asked where the memory's 4 GiB cannot hold more.
   */
  reserveResident(bytes: number): number {
    if (!this.ctrl || bytes <= this.reserved) return this.ctrl ? this.reserved : 0;
    const room = MAX_PAGES * PAGE - PAGE - this.heap.end;
    const want = Math.max(0, Math.min(bytes - this.residentBytes, room));
    if (!this.growTo(this.heap.end + want)) return this.reserved;
    this.reserved = Math.max(this.reserved, this.residentBytes + want);
    return this.reserved;
  }

  /** Bytes of this memory now (it grows, and never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes of the blocks that `allocResident` gave out and that are not freed. */
  get residentInUse(): number {
    return this.residentBytes;
  }

  /** Whether `array` is a view on this memory (from `allocResident`). */
  isResident(array: ArrayBufferView): boolean {
    return this.buffers.has(array.buffer);
  }

  /** Returns the block of a resident array (whole, as `allocResident` gave it). */
  freeResident(array: ArrayBufferView): void {
    this.heap.release(array.byteOffset);
    this.residentBytes -= array.byteLength;
  }

  /**
   * The element address in this memory of `src[start]`, for a WebAssembly kernel that reads
   * `span` elements from there: the array's own place when it is resident, else a copy of
   * those elements at element address `scratch`. Other element types (a bool mask) are
   * always copied, as float32 values.
   */
  input(src: Float32Array | Uint8Array | Int32Array, start: number, span: number, scratch: number): number {
    if (src instanceof Float32Array && this.buffers.has(src.buffer)) return src.byteOffset / 4 + start;
    this.view.set(src.subarray(start, start + span), scratch);
    return scratch;
  }

  /** Where a kernel writes the output `out`: in place when it is resident, else at `scratch`. */
  output(out: Float32Array, scratch: number): number {
    return this.buffers.has(out.buffer) ? out.byteOffset / 4 : scratch;
  }

  /** Completes `output`: copies `count` elements written at `at` into `out` unless in place. */
  finish(out: Float32Array, at: number, count: number): void {
    if (!this.buffers.has(out.buffer)) out.set(this.view.subarray(at, at + count));
  }

  /**
   * Generated functions by source, the most recently used ones (a program that makes many
   * distinct kernels, as thousands of jitted functions do, does not keep them all). The workers
   * drop the instances of evicted ones too.
   */
  private readonly fns = new LruCache<string, CompiledFunction>(MAX_FUNCTIONS, (_code, e) => {
    if (e.sent) for (const port of this.ports) port.postMessage({ drop: e.id });
  });
  private nextFnId = 0;

  /**
   * A function over this instance's memory, from `encodeFunction`'s string (generated
   * kernels), and its id for the workers: compiled on first use and sent to the workers.
   */
  private compiled(code: string): CompiledFunction {
    // the same function again (a batched GEMM's epilogue, once per batch index): no LRU update;
    // the most recent entry is never the one evicted
    if (code === this.lastCode) return this.lastEntry!;
    let entry = this.fns.get(code);
    if (!entry) {
      const fn = decodeFunction(code);
      const shared = this.ctrl !== undefined;
      const module = new WebAssembly.Module(encodeModule([fn], { initial: 16, maximum: MAX_PAGES, shared }));
      const f = new WebAssembly.Instance(module, { env: { mem: this.memory } }).exports[fn.name] as (...args: number[]) => void;
      entry = { f, id: this.nextFnId++, module, name: fn.name, sent: false };
      this.fns.set(code, entry);
    }
    this.lastCode = code;
    this.lastEntry = entry;
    return entry;
  }
  private lastCode: string | undefined;
  private lastEntry: CompiledFunction | undefined;

  /** Sends a function to the workers before their first share of it. */
  private send(e: CompiledFunction): void {
    if (e.sent) return;
    e.sent = true;
    for (const port of this.ports) port.postMessage({ id: e.id, module: e.module, name: e.name });
  }

  /**
   * Runs a generated function whose last two parameters are a range [from, to) of its outer
   * loop (rows, outputs): `f(...args, from, to)` over [0, units), in chunks that are multiples
   * of `align`, shared with the worker threads when `threaded` (enough work) and there are
   * any; else in one call.
   */
  parallel(code: string, units: number, align: number, threaded: boolean, ...args: number[]): void {
    const e = this.compiled(code);
    const { f, id } = e;
    const T = this.ctrl && this.ports.length > 0 && threaded && args.length <= CTRL_INTS - ARGS_AT ? Math.min(this.threads, Math.ceil(units / align)) : 1;
    if (T === 1) return f(...args, 0, units);
    this.send(e);
    const chunk = Math.ceil(units / (4 * T) / align) * align;
    const ctrl = this.ctrl!;
    ctrl[6] = id;
    ctrl[7] = args.length;
    ctrl.set(args, ARGS_AT);
    this.threadedJobs++;
    this.startJob(JOB_FUNCTION, T, units, chunk);
    runShare(ctrl, units, chunk, (from, to) => f(...args, from, to));
    this.awaitWorkers(T);
  }

  /** Threads (this one included) that run large GEMMs. */
  get threads(): number {
    return this.webWorkers.length > 0 ? Atomics.load(this.ctrl!, READY_AT) + 1 : this.workers.length + 1;
  }

  /**
   * Space for a product of padded sizes Mp x Kp by Kp x Np (see `paddedSizes`): packed A and B,
   * C, and `scratchLen` elements of scratch space for `pack`. The padding lanes of A's and B's
   * last panels are zeroed (every other packed element must be written by the caller). The
   * view is valid until the next call.
   */
  workspace(Mp: number, Np: number, Kp: number, scratchLen = 0): GemmWorkspace {
    const align = (n: number) => Math.ceil(n / 16) * 16;
    const bLen = align(Mp * Kp);
    const cLen = bLen + align(Kp * Np);
    const scratchOff = cLen + align(Mp * Np);
    const bytes = (scratchOff + scratchLen) * 4;
    if (bytes > this.workspaceBytes) {
      if (this.workspaceBytes > 0) this.heap.release(this.workspaceAt);
      const at = this.heap.alloc(bytes);
      if (at === undefined) {
        this.workspaceBytes = 0;
        throw new Error(`tsjax cpu: a WebAssembly workspace of ${bytes} bytes does not fit in its 4 GiB memory (${this.residentBytes} bytes hold CPU buffers); use smaller operands or the WebGPU device`);
      }
      this.workspaceAt = at;
      this.workspaceBytes = bytes;
    }
    if (this.view.buffer !== this.memory.buffer || this.view.length * 4 !== this.memory.buffer.byteLength) {
      this.view = new Float32Array(this.memory.buffer);
    }
    const a = this.workspaceAt / 4;
    const [b, c, scratch] = [a + bLen, a + cLen, a + scratchOff];
    this.view.fill(0, a + (Mp - MR) * Kp, a + Mp * Kp);
    this.view.fill(0, b + (Np - NR) * Kp, b + Np * Kp);
    return { mem: this.view, a, b, c, scratch };
  }

  /**
   * Packs a plain strided float32 matrix, element [x, k] at `src[offset + x * sx + k * sk]`
   * (x < X, k < K), as A (W = 4, x the row) or B (W = 8, x the column) of a workspace whose
   * padded depth is Kp, at element offset `dst`. A source that is not resident is first copied
   * into the workspace's scratch space, which must hold `packSpan(X, K, sx, sk)` elements.
   */
  pack(ws: GemmWorkspace, src: Float32Array, offset: number, X: number, K: number, sx: number, sk: number, W: number, Kp: number, dst: number): void {
    const lo = offset + Math.min(0, (X - 1) * sx) + Math.min(0, (K - 1) * sk);
    const at = this.input(src, lo, packSpan(X, K, sx, sk), ws.scratch);
    this.packResident(ws, at + offset - lo, X, K, sx, sk, W, Kp, dst);
  }

  /** `pack` from a matrix already in the workspace's memory, element [0, 0] at element `src`. */
  packResident(_ws: GemmWorkspace, src: number, X: number, K: number, sx: number, sk: number, W: number, Kp: number, dst: number): void {
    this.packFn(src * 4, dst * 4, X, K, sx * 4, sk * 4, W, Kp * W * 4);
  }

  /** C = A · B on a workspace filled by the caller (sizes padded, see `paddedSizes`). */
  run(ws: GemmWorkspace, Mp: number, Np: number, Kp: number): void {
    const { a, b, c } = ws;
    const panels = Np / NR;
    const T = this.ctrl && Mp * Np * Kp >= MIN_THREADED_WORK ? Math.min(this.threads, panels) : 1;
    if (T === 1) return this.panels(a, b, c, Mp, Np, Kp, 0, panels);
    const ctrl = this.ctrl!;
    const chunk = Math.max(1, Math.floor(panels / (8 * T)));
    ctrl.set([a, b, c, Mp, Np, Kp], ARGS_AT);
    this.threadedJobs++;
    this.startJob(JOB_GEMM, T, panels, chunk);
    runShare(ctrl, panels, chunk, (p0, p1) => this.panels(a, b, c, Mp, Np, Kp, p0, p1));
    this.awaitWorkers(T);
  }

  /** Wakes the workers for a job whose arguments are in place; workers with index < T take a share. */
  private startJob(kind: number, T: number, units: number, chunk: number): void {
    const ctrl = this.ctrl!;
    ctrl[2] = kind;
    ctrl[3] = T;
    ctrl[4] = units;
    ctrl[5] = chunk;
    Atomics.store(ctrl, 10, 0);
    Atomics.store(ctrl, 1, 0);
    // the gate of the next job, open, no worker in (see `joinJob`)
    Atomics.store(ctrl, 12, ((Atomics.load(ctrl, 0) + 1) & 0x7fffff) << 8);
    Atomics.add(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  }

  /**
   * Waits for the workers that joined the job (see `joinJob`): they are about to finish (the
   * units are shared out dynamically), so it spins briefly before sleeping, which takes a
   * wake-up. A worker that has not woken by the time every unit is taken stays out.
   */
  private awaitWorkers(_T: number): void {
    const ctrl = this.ctrl!;
    // every unit is taken: close the gate, then wait for the workers that joined
    let g = Atomics.load(ctrl, 12);
    for (let seen = Atomics.compareExchange(ctrl, 12, g, g | 0x80); seen !== g; seen = Atomics.compareExchange(ctrl, 12, g, g | 0x80)) g = seen;
    const joined = g & 0x7f;
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(ctrl, 1) < joined && performance.now() < spinUntil);
    for (let done = Atomics.load(ctrl, 1); done < joined; done = Atomics.load(ctrl, 1)) Atomics.wait(ctrl, 1, done);
  }

  /** Stops the worker threads. */
  destroy(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    for (const w of this.webWorkers) w.terminate();
    this.webWorkers.length = 0;
  }
}

/**
 * The worker threads' program: wait for a job, run its share (GEMM panels, or chunks of a
 * generated function, whose modules arrive on the port in the order of their ids), report.
 */
function workerSource(): string {
  return `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { module, memory, ctrl, index, port } = workerData;
const env = { env: { mem: memory } };
const panels = new WebAssembly.Instance(module, env).exports.panels;
const fns = new Map();
const c = new Int32Array(ctrl);
const runShare = ${runShare.toString()};
const joinJob = ${joinJob.toString()};
/** Takes the functions sent and dropped since the last job (drops free evicted instances). */
const drain = () => {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    if (m.message.drop !== undefined) fns.delete(m.message.drop);
    else fns.set(m.message.id, new WebAssembly.Instance(m.message.module, env).exports[m.message.name]);
  }
};
let seen = 0;
for (;;) {
  Atomics.wait(c, 0, seen);
  seen = Atomics.load(c, 0);
  drain();
  const [kind, T, units, chunk, id, nargs] = c.subarray(2, 8);
  if (index >= T) continue;
  const args = Array.from(c.subarray(${ARGS_AT}, ${ARGS_AT} + (kind === ${JOB_GEMM} ? 6 : nargs)));
  if (!joinJob(c, seen)) continue;
  if (kind === ${JOB_GEMM}) {
    const [a, b, cc, Mp, Np, Kp] = args;
    runShare(c, units, chunk, (p0, p1) => panels(a, b, cc, Mp, Np, Kp, p0, p1));
  } else {
    while (!fns.has(id)) drain(); // (a message may take a moment to arrive)
    const f = fns.get(id);
    runShare(c, units, chunk, (from, to) => f(...args, from, to));
  }
  Atomics.add(c, 1, 1);
  Atomics.notify(c, 1);
}
`;
}

/**
 * The browser workers' program: on its first message (module, memory, control block) it counts
 * itself in (its index is its place in that count, so the started workers are 1..n), then
 * waits for GEMM jobs and runs its share. It reads the job sequence before counting itself in,
 * so that it never misses a job that counted it.
 */
function browserWorkerSource(): string {
  return `
self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, ctrl } = event.data;
  const panels = new WebAssembly.Instance(module, { env: { mem: memory } }).exports.panels;
  const c = new Int32Array(ctrl);
  const runShare = ${runShare.toString()};
  const joinJob = ${joinJob.toString()};
  let seen = Atomics.load(c, 0);
  const index = Atomics.add(c, ${READY_AT}, 1) + 1;
  for (;;) {
    Atomics.wait(c, 0, seen);
    seen = Atomics.load(c, 0);
    const [kind, T, units, chunk] = c.subarray(2, 6);
    if (index >= T || kind !== ${JOB_GEMM}) continue;
    const [a, b, cc, Mp, Np, Kp] = c.subarray(${ARGS_AT}, ${ARGS_AT} + 6);
    if (!joinJob(c, seen)) continue;
    runShare(c, units, chunk, (p0, p1) => panels(a, b, cc, Mp, Np, Kp, p0, p1));
    Atomics.add(c, 1, 1);
    Atomics.notify(c, 1);
  }
};
`;
}

let shared: WasmGemm | null | undefined;

/** The process-wide instance, or null where WebAssembly SIMD is unavailable. */
export function wasmGemm(): WasmGemm | null {
  if (shared === undefined) {
    shared = null;
    if (wasmSimdSupported()) {
      try {
        shared = new WasmGemm();
      } catch {
        // no shared memory or workers here (or reserving the shared memory failed): one thread
        shared = new WasmGemm(false);
      }
    }
  }
  return shared;
}
