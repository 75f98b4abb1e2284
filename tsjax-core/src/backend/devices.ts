/**
 * Devices: which backends exist, which one new arrays go to, and WebGPU start-up.
 *
 * The CPU device always exists. WebGPU needs an asynchronous start (`await init()`); after it,
 * WebGPU is the default device. `TSJAX_DEVICE=cpu|webgpu` (environment variable) overrides the
 * default; `defaultDevice(name)` overrides both.
 */
import { DeviceError } from "../errors.js";
import type { Backend, DeviceName } from "./backend.js";
import { CpuBackend } from "./cpu/cpu-backend.js";
import { WebGPUBackend } from "./webgpu/webgpu-backend.js";

const backends: Partial<Record<DeviceName, Backend>> = { cpu: new CpuBackend() };
let chosen: DeviceName | undefined;
let webgpuReason: string | undefined;
let pendingInit: Promise<WebGPUBackend> | undefined;

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

/**
 * Starts the WebGPU device (browser `navigator.gpu`, or the `webgpu` package in Node) and makes
 * it the default. Without arguments a missing WebGPU is not an error: the CPU stays the
 * default, and `webgpuUnavailableReason()` says why. `init("webgpu")` throws instead.
 * Calling it again after the device was lost or destroyed creates a new one.
 *
 * @example
 * import { init, np } from "tsjax-core";
 * await init();                 // ["cpu", "webgpu"] where WebGPU exists
 * const x = np.ones([1024]);    // on the default device
 */
export async function init(...required: DeviceName[]): Promise<DeviceName[]> {
  for (const r of required) checkName("init", r);
  const wantWebgpu = required.length === 0 || required.includes("webgpu");
  if (wantWebgpu && !usable("webgpu")) {
    pendingInit ??= WebGPUBackend.create();
    try {
      backends.webgpu = await pendingInit;
      webgpuReason = undefined;
    } catch (e) {
      webgpuReason = (e as Error).message;
      if (required.includes("webgpu")) throw e;
    } finally {
      pendingInit = undefined;
    }
  }
  return devices();
}

/** Why WebGPU is not available after `init()` (undefined when it is). */
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
      `${op}: the ${name} device is not initialized. Call \`await init()\` once at startup` +
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

/** Information about the WebGPU adapter in use (name, features, limits), if any. */
export function webgpuInfo(): WebGPUBackend["info"] | undefined {
  const b = backends.webgpu as WebGPUBackend | undefined;
  return b && !b.unusableReason ? b.info : undefined;
}
