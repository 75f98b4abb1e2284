/**
 * Devices: which backends exist, which one new arrays go to, and WebGPU start-up.
 *
 * The CPU device always exists. WebGPU needs an asynchronous start (`await init()`); after it,
 * WebGPU is the default device (on a hardware adapter; a software one only when asked for).
 * `TSJAX_DEVICE=cpu|webgpu` (environment variable) overrides the default; `defaultDevice(name)`
 * overrides both.
 */
import { DeviceError } from "../errors.js";
import type { Backend, DeviceName } from "./backend.js";
import { CpuBackend } from "./cpu/cpu-backend.js";
import { WebGPUBackend } from "./webgpu/webgpu-backend.js";
import type { WebGPUInfo } from "./webgpu/gpu-loader.js";
import { type MemoryConfig, type MemoryOptions, memoryConfig } from "./memory.js";

const backends: Partial<Record<DeviceName, Backend>> = { cpu: new CpuBackend() };
let chosen: DeviceName | undefined;
let webgpuReason: string | undefined;
let pendingInit: Promise<WebGPUBackend> | undefined;
/** Memory options from the last `init({ memory })`, for devices started later. */
let memory: MemoryConfig | undefined;

const DEVICE_NAMES: readonly DeviceName[] = ["cpu", "webgpu"];

function checkName(op: string, name: unknown): DeviceName {
  if (!DEVICE_NAMES.includes(name as DeviceName)) {
    throw new DeviceError(`${op}: unknown device ${typeof name === "string" ? JSON.stringify(name) : String(name)}; use "cpu" or "webgpu".`);
  }
  return name as DeviceName;
}

function envDevice(): DeviceName | undefined {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TSJAX_DEVICE;
  return v ? checkName("TSJAX_DEVICE", v) : undefined;
}

function usable(name: DeviceName): boolean {
  const b = backends[name];
  return b !== undefined && b.unusableReason === undefined;
}

/** Options of `init`. */
export interface InitOptions {
  /**
   * The device to use, made the default. `"webgpu"` starts WebGPU on any adapter, a software
   * (fallback) one included, and throws if there is none; `"cpu"` does not start WebGPU.
   */
  device?: DeviceName;
  /**
   * Memory controls, as JAX's `XLA_PYTHON_CLIENT_*` variables: `{ preallocate, fraction,
   * limitBytes, allocator }` (each also an environment variable: `TSJAX_PREALLOCATE`,
   * `TSJAX_MEM_FRACTION`, `TSJAX_MEM_LIMIT`, `TSJAX_ALLOCATOR`; options given here win). They
   * apply to every device, from this call on (preallocation once per device).
   */
  memory?: MemoryOptions;
}

const INIT_KEYS: readonly string[] = ["device", "memory"];

/** Waits for any start in progress, then starts WebGPU unless it is usable. Throws why not. */
async function startWebgpu(allowFallback: boolean): Promise<void> {
  while (pendingInit) await pendingInit.catch(() => undefined);
  if (usable("webgpu")) return;
  pendingInit = WebGPUBackend.create(allowFallback, memory);
  try {
    backends.webgpu = await pendingInit;
    webgpuReason = undefined;
  } catch (e) {
    webgpuReason = (e as Error).message;
    throw e;
  } finally {
    pendingInit = undefined;
  }
}

/**
 * Starts the WebGPU device (browser `navigator.gpu`, or the `webgpu` package in Node) and makes
 * it the default. Without arguments a missing WebGPU is not an error: the CPU stays the default
 * and `webgpuUnavailableReason()` says why. A hardware adapter is preferred; where the only
 * adapter is a software (fallback) one (SwiftShader in a browser, lavapipe in Node), which is
 * slower than the CPU backend, the CPU is used unless WebGPU is asked for:
 * `init({ device: "webgpu" })` (or `init("webgpu")`, or `TSJAX_DEVICE=webgpu` in Node), which
 * throws where there is no WebGPU at all. `init({ device: "cpu" })` does not start WebGPU.
 * Calling it again after the device was lost or destroyed creates a new one. `memory` sets the
 * memory controls (a limit, preallocation, the allocator; see `MemoryOptions`).
 *
 * @example
 * import { init, np, webgpuUnavailableReason } from "tsjax-core";
 * await init();                        // ["cpu", "webgpu"] where a hardware adapter exists
 * console.log(webgpuUnavailableReason() ?? "on WebGPU");
 * await init({ device: "webgpu" });    // WebGPU even on a software adapter
 * await init({ memory: { limitBytes: 2 ** 30 } }); // at most 1 GiB of arrays per device
 * const x = np.ones([1024]);           // on the default device
 */
export async function init(options?: InitOptions): Promise<DeviceName[]>;
export async function init(...required: DeviceName[]): Promise<DeviceName[]>;
export async function init(...args: (DeviceName | InitOptions | undefined)[]): Promise<DeviceName[]> {
  let required: DeviceName[];
  let device: DeviceName | undefined;
  if (args.length === 1 && typeof args[0] === "object" && args[0] !== null) {
    const opts = args[0];
    const unknown = Object.keys(opts).filter((k) => !INIT_KEYS.includes(k));
    if (unknown.length > 0) {
      throw new TypeError(`init: unknown option ${unknown.map((k) => JSON.stringify(k)).join(", ")}; the options are { device, memory }.`);
    }
    device = opts.device === undefined ? undefined : checkName("init", opts.device);
    if (opts.memory !== undefined) await configureMemory(memoryConfig(opts.memory));
    required = device ? [device] : [];
  } else {
    required = args.filter((a) => a !== undefined).map((a) => checkName("init", a));
  }
  const env = envDevice();
  const wantWebgpu = required.length === 0 || required.includes("webgpu");
  if (wantWebgpu && !usable("webgpu")) {
    const asked = required.includes("webgpu") || env === "webgpu";
    try {
      await startWebgpu(asked);
    } catch (e) {
      if (required.includes("webgpu")) throw e;
    }
  }
  if (device) chosen = device;
  return devices();
}

/** Applies memory options to the devices that exist, and keeps them for those started later. */
async function configureMemory(cfg: MemoryConfig): Promise<void> {
  memory = cfg;
  backends.cpu!.configureMemory(cfg);
  const gpu = backends.webgpu as WebGPUBackend | undefined;
  if (gpu && !gpu.unusableReason) await gpu.configureMemoryAsync(cfg);
}

/**
 * Why WebGPU is not in use after `init()` (undefined when it is): no WebGPU in this browser or
 * Node install, no adapter, only a software adapter, or the device was lost or destroyed.
 *
 * @example
 * await init();
 * const why = webgpuUnavailableReason(); // undefined, or a sentence that says what to do
 */
export function webgpuUnavailableReason(): string | undefined {
  return usable("webgpu") ? undefined : (webgpuReason ?? backends.webgpu?.unusableReason ?? "init() has not been called");
}

/**
 * The devices that are ready to use.
 *
 * @example
 * devices(); // ["cpu"] before init(), ["cpu", "webgpu"] after, where WebGPU exists
 */
export function devices(): DeviceName[] {
  return DEVICE_NAMES.filter(usable);
}

/**
 * Gets, or with an argument sets, the device new arrays are created on.
 *
 * @example
 * defaultDevice("cpu");   // run everything that follows on the CPU
 * defaultDevice();        // "cpu"
 */
export function defaultDevice(name?: DeviceName): DeviceName {
  if (name !== undefined) {
    getBackend(checkName("defaultDevice", name), "defaultDevice");
    chosen = name;
    return name;
  }
  const preferred = chosen ?? envDevice();
  if (preferred) {
    getBackend(preferred, chosen ? "defaultDevice" : "TSJAX_DEVICE");
    return preferred;
  }
  return usable("webgpu") ? "webgpu" : "cpu";
}

/** The backend of a device; throws a DeviceError that says how to get it. */
export function getBackend(name: DeviceName, op = "tsjax"): Backend {
  const b = backends[checkName(op, name)];
  if (!b) {
    throw new DeviceError(
      `${op}: the ${name} device is not initialized. Call \`await init(${name === "webgpu" ? '{ device: "webgpu" }' : ""})\` once at startup` +
        (webgpuReason ? ` (the last attempt failed: ${webgpuReason})` : "") + ".",
    );
  }
  if (b.unusableReason) {
    throw new DeviceError(
      `${op}: the ${name} device is unusable: ${b.unusableReason}. Call \`await init()\` to create a new one.`,
    );
  }
  return b;
}

/** The backend object of a device even when it is unusable (for arrays that still point at it). */
export function backendOf(name: DeviceName): Backend | undefined {
  return backends[name];
}

/**
 * Destroys a device and frees all its memory. Arrays on it throw a clear error when used.
 * `await init()` creates a new WebGPU device afterwards. The CPU device cannot be destroyed.
 *
 * @example
 * destroyDevice("webgpu");
 */
export function destroyDevice(name: DeviceName): void {
  if (checkName("destroyDevice", name) === "cpu") {
    throw new DeviceError('destroyDevice: the cpu device cannot be destroyed.');
  }
  backends[name]?.destroy();
  if (chosen === name) chosen = undefined;
}

/**
 * Information about the WebGPU adapter in use (name, whether it is a software adapter,
 * features, limits), if any.
 *
 * @example
 * await init();
 * console.log(webgpuInfo()?.adapter ?? "no WebGPU");
 */
export function webgpuInfo(): WebGPUInfo | undefined {
  const b = backends.webgpu as WebGPUBackend | undefined;
  return b && !b.unusableReason ? b.info : undefined;
}
