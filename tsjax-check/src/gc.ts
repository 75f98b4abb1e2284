/** Forcing a garbage collection (Node), to see which objects are still referenced. */

let gcFn: (() => void) | undefined | null;

/** A full-GC function, or null where none can be had (browsers without `--expose-gc`). */
async function getGc(): Promise<(() => void) | null> {
  if (gcFn !== undefined) return gcFn;
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === "function") return (gcFn = g);
  try {
    const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
    if (!proc?.versions?.node) return (gcFn = null);
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as () => void;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** Waits a macrotask (so `WeakRef`s read in this job are released) and collects garbage. */
export async function collectGarbage(): Promise<boolean> {
  const gc = await getGc();
  if (!gc) return false;
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
  return true;
}
