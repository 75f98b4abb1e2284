/**
 * Memory controls of the devices: JAX's allocator settings (`XLA_PYTHON_CLIENT_PREALLOCATE`,
 * `_MEM_FRACTION`, `_ALLOCATOR=platform`) as `init({ memory })` options and `TSJAX_*`
 * environment variables, and the ledger each backend keeps of its live bytes, their peak and
 * the limit, which throws a `ResourceExhaustedError` before an allocation would pass it.
 */
import { ResourceExhaustedError, formatBytes } from "../errors.js";
import { checkOptions } from "../util/options.js";
import type { DeviceName, MemoryStats } from "./backend.js";

/** How freed buffers are handled: kept for reuse (`"pool"`), or given back at once (`"platform"`). */
export type AllocatorKind = "pool" | "platform";

/** The `memory` options of `init` (each also settable by an environment variable). */
export interface MemoryOptions {
  /**
   * Reserve the device's memory up front (`TSJAX_PREALLOCATE`; default false): `fraction` of
   * the device's capacity, or `limitBytes`. Arrays are then placed in that arena, and its size
   * is the limit. WebGPU: a few large buffers that arrays are sub-allocated from; CPU: the
   * kernels' WebAssembly memory, grown once.
   */
  preallocate?: boolean;
  /**
   * The share of the device's capacity that tsjax may use, in (0, 1] (`TSJAX_MEM_FRACTION`).
   * Default: no limit, or 0.75 (JAX's default) with `preallocate`. The capacity: WebGPU, the
   * adapter's `maxBufferSize` (WebGPU does not say how much memory a device has); CPU, the 4 GiB
   * that the kernels' WebAssembly memory can hold.
   */
  fraction?: number;
  /** The limit in bytes (`TSJAX_MEM_LIMIT`); overrides `fraction`. Default: none. */
  limitBytes?: number;
  /**
   * `"pool"` (default) keeps freed buffers for reuse; `"platform"` gives every freed buffer back
   * to the platform at once (`TSJAX_ALLOCATOR=platform`, JAX's
   * `XLA_PYTHON_CLIENT_ALLOCATOR=platform`): slower, but memory in use is exactly what live
   * arrays hold, which helps when debugging memory use.
   */
  allocator?: AllocatorKind;
}

const KEYS = ["preallocate", "fraction", "limitBytes", "allocator"] as const;
type Key = (typeof KEYS)[number];

/** Where each setting came from, for the knob that an out-of-memory error names. */
type Source = "init" | "env";

/** Memory options merged from the environment and `init`, validated. */
export interface MemoryConfig {
  preallocate: boolean;
  fraction: number | undefined;
  limitBytes: number | undefined;
  allocator: AllocatorKind;
  from: Partial<Record<Key, Source>>;
}

const ENV: Record<Key, string> = {
  preallocate: "TSJAX_PREALLOCATE",
  fraction: "TSJAX_MEM_FRACTION",
  limitBytes: "TSJAX_MEM_LIMIT",
  allocator: "TSJAX_ALLOCATOR",
};

function env(name: string): string | undefined {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return v === undefined || v === "" ? undefined : v;
}

function checkValue(op: string, key: Key, v: unknown): void {
  const bad = (want: string) => new TypeError(`${op}: ${key} must be ${want}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}.`);
  switch (key) {
    case "preallocate":
      if (typeof v !== "boolean") throw bad("true or false");
      return;
    case "fraction":
      if (typeof v !== "number" || !(v > 0 && v <= 1)) throw bad("a number in (0, 1], the share of the device's capacity");
      return;
    case "limitBytes":
      if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw bad("a positive whole number of bytes");
      return;
    case "allocator":
      if (v !== "pool" && v !== "platform") throw bad('"pool" or "platform"');
      return;
  }
}

/** The options the environment variables give (a malformed one throws, naming it). */
function envOptions(): MemoryOptions {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const raw = env(ENV[key]);
    if (raw === undefined) continue;
    let v: unknown = raw;
    if (key === "preallocate") v = /^(1|true|yes)$/i.test(raw) ? true : /^(0|false|no)$/i.test(raw) ? false : raw;
    else if (key === "fraction" || key === "limitBytes") v = raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    checkValue(ENV[key], key, v);
    out[key] = v;
  }
  return out as MemoryOptions;
}

/**
 * Validates `init`'s `memory` options and merges them over the environment variables.
 *
 * @example
 * memoryConfig({ limitBytes: 2 ** 30 }); // { preallocate: false, limitBytes: 1073741824, ... }
 */
export function memoryConfig(options?: MemoryOptions): MemoryConfig {
  const given = checkOptions("init: memory", options, { accepted: KEYS, signature: "init({ memory: { preallocate, fraction, limitBytes, allocator } })" });
  for (const key of KEYS) if (given[key] !== undefined) checkValue("init: memory", key, given[key]);
  const fromEnv = envOptions();
  const from: MemoryConfig["from"] = {};
  const pick = <K extends Key>(key: K): MemoryOptions[K] => {
    if (given[key] !== undefined) from[key] = "init";
    else if (fromEnv[key] !== undefined) from[key] = "env";
    return given[key] ?? fromEnv[key];
  };
  const cfg: MemoryConfig = {
    preallocate: pick("preallocate") ?? false,
    fraction: pick("fraction"),
    limitBytes: pick("limitBytes"),
    allocator: pick("allocator") ?? "pool",
    from,
  };
  if (cfg.preallocate && cfg.allocator === "platform") {
    throw new TypeError(
      `init: memory: allocator "platform" (${knob(from, "allocator")}) gives each buffer back to the platform and cannot preallocate ` +
        `(${knob(from, "preallocate")}); choose one of them.`,
    );
  }
  return cfg;
}

/** How the user sets `key`: the init option or the environment variable it came from. */
function knob(from: MemoryConfig["from"], key: Key): string {
  return from[key] === "env" ? `the environment variable ${ENV[key]}` : `init({ memory: { ${key} } })`;
}

/** JAX's default share of the device's memory for preallocation. */
const DEFAULT_PREALLOCATE_FRACTION = 0.75;

/** The limit in bytes on a device of `capacity` bytes (Infinity for none), and the knob that sets it. */
export function resolveLimit(cfg: MemoryConfig, capacity: number): { limit: number; knob: string } {
  if (cfg.limitBytes !== undefined) return { limit: cfg.limitBytes, knob: `raise the limit (${knob(cfg.from, "limitBytes")})` };
  if (cfg.fraction === undefined && !cfg.preallocate) return { limit: Infinity, knob: "" };
  const f = cfg.fraction ?? DEFAULT_PREALLOCATE_FRACTION;
  const how = cfg.fraction === undefined ? `${knob(cfg.from, "preallocate")} reserves ${f} of it by default; set init({ memory: { fraction } }) or TSJAX_MEM_FRACTION` : knob(cfg.from, "fraction");
  return {
    limit: Math.floor(f * capacity),
    knob: `raise the share of the device's ${formatBytes(capacity)} that tsjax may use (${how}), or set init({ memory: { limitBytes } })`,
  };
}

/**
 * Live buffers of one device, their peak and the limit. A backend asks `admit` before it
 * allocates, and notes allocations and frees with `add`/`remove`.
 */
export class MemoryLedger {
  live = 0;
  liveBytes = 0;
  peakBytes = 0;
  limit = Infinity;
  /** What to change when the limit is reached. */
  knob = "";

  constructor(readonly device: DeviceName) {}

  /** Sets the limit from a configuration, for a device of `capacity` bytes. */
  configure(cfg: MemoryConfig, capacity: number): void {
    ({ limit: this.limit, knob: this.knob } = resolveLimit(cfg, capacity));
  }

  /** Throws a ResourceExhaustedError when `bytes` more would pass the limit. */
  admit(bytes: number): void {
    if (this.liveBytes + bytes > this.limit) throw this.exhausted(bytes, `it would pass the limit of ${formatBytes(this.limit)}`);
  }

  /** The error for an allocation of `bytes` that cannot be served, and why. */
  exhausted(bytes: number, why: string): ResourceExhaustedError {
    return new ResourceExhaustedError(
      `${this.device}: out of memory: allocating ${formatBytes(bytes)} failed because ${why}; ` +
        `${formatBytes(this.liveBytes)} are held by ${this.live} live buffers.`,
      this.device,
      bytes,
      this.liveBytes,
      this.limit,
      `Free arrays you no longer need (x.dispose(), scope(fn), jit with donate), or ${this.knob}.`,
    );
  }

  add(bytes: number): void {
    this.live++;
    this.liveBytes += bytes;
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes;
  }

  remove(bytes: number): void {
    this.live--;
    this.liveBytes -= bytes;
  }

  /** The device's `MemoryStats`, with its pool's counts and the bytes it holds from the platform. */
  stats(pool: { pooledBuffers: number; pooledBytes: number }, reservedBytes: number): MemoryStats {
    const { pooledBuffers, pooledBytes } = pool;
    return { liveBuffers: this.live, liveBytes: this.liveBytes, pooledBuffers, pooledBytes, peakBytes: this.peakBytes, limitBytes: this.limit, reservedBytes };
  }

  /** Starts the peak again from the bytes live now. */
  resetPeak(): void {
    this.peakBytes = this.liveBytes;
  }
}
