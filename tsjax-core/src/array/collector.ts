/**
 * Gives the garbage collector a chance when arrays pile up.
 *
 * Arrays that become unreachable are freed by FinalizationRegistry callbacks, which run only
 * after the engine has collected them. The engine does not see device memory (GPU buffers,
 * the CPU kernels' WebAssembly memory), so a loop that drops thousands of small arrays can go
 * a long time without a collection, and memory grows. This counts the buffers and bytes held by
 * arrays; when they have grown well past the lowest count seen since the last collection (by
 * `MIN_GROWTH_BUFFERS` buffers or `MIN_GROWTH_BYTES` bytes, and at least doubled), it asks the
 * engine for a full collection, at most about 5% of the time. The callbacks then run at the
 * next turn of the event loop (an awaited read, a timer).
 *
 * In Node the collection is V8's `gc` (exposed for this module alone, the flag set back at
 * once; `TSJAX_GC=0` turns this off). Browsers offer no such call; there the engine's own
 * schedule applies.
 */

/** Growth, in buffers, that triggers a collection (or the count after the last one, if more). */
const MIN_GROWTH_BUFFERS = 4096;
/** Growth, in bytes, that triggers a collection (or the bytes after the last one, if more). */
const MIN_GROWTH_BYTES = 64 * 2 ** 20;
/** Collections take at most 1 / (1 + this) of the time. */
const PAUSE_FACTOR = 20;

type NodeProcess = { getBuiltinModule?: (m: string) => unknown; versions?: { node?: string }; env?: Record<string, string | undefined> };

let gc: (() => void) | null | undefined;

/** V8's `gc` in Node (without `--expose-gc` on the command line), else null. */
function findGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== "function" || proc.env?.TSJAX_GC === "0") return null;
  try {
    const v8 = proc.getBuiltinModule("node:v8") as { setFlagsFromString(flags: string): void };
    const vm = proc.getBuiltinModule("node:vm") as { runInNewContext(code: string): unknown };
    v8.setFlagsFromString("--expose-gc");
    try {
      const fn = vm.runInNewContext("gc");
      return typeof fn === "function" ? (fn as () => void) : null;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  } catch {
    return null;
  }
}

const now = (): number => (globalThis.performance ?? Date).now();
const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
/** CPU time of the process in ms where the runtime tells it (a collection's cost, unaffected by a busy machine), else wall time. */
const cpuNow = (): number => {
  const u = proc?.cpuUsage?.();
  return u ? (u.user + u.system) / 1000 : now();
};

let buffers = 0;
let bytes = 0;
let lowBuffers = 0;
let lowBytes = 0;
let lastEnd = -Infinity;
let lastCost = 0;
/** Collections requested so far (for tests and monitoring). */
let collections = 0;

/** Notes a buffer allocated for arrays; may request a collection. */
export function noteAlloc(size: number): void {
  buffers++;
  bytes += size;
  if (buffers - lowBuffers < Math.max(MIN_GROWTH_BUFFERS, lowBuffers) && bytes - lowBytes < Math.max(MIN_GROWTH_BYTES, lowBytes)) return;
  if (now() - lastEnd < PAUSE_FACTOR * lastCost) return;
  gc ??= findGc();
  lowBuffers = buffers;
  lowBytes = bytes;
  if (!gc) return;
  const cpu = cpuNow();
  gc();
  collections++;
  lastCost = cpuNow() - cpu;
  lastEnd = now();
}

/** Notes a buffer freed. */
export function noteFree(size: number): void {
  buffers--;
  bytes -= size;
  if (buffers < lowBuffers) lowBuffers = buffers;
  if (bytes < lowBytes) lowBytes = bytes;
}
