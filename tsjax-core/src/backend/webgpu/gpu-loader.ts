/**
 * Finds a WebGPU adapter: `navigator.gpu` in browsers (and wherever a host defines it), else,
 * in Node, the optional peer dependency `webgpu` (Dawn), imported lazily so that browser
 * bundles never include it. Hardware adapters are preferred; a software (fallback) adapter,
 * such as SwiftShader in Chromium or lavapipe in Node, is used only when asked for.
 */
import { DeviceError } from "../../errors.js";
import { currentRuntime, unavailableReason } from "./unavailable.js";

/** Information about the WebGPU adapter in use (see `webgpuInfo()`). */
export interface WebGPUInfo {
  /** Vendor, architecture, device and description of the adapter, as one string. */
  adapter: string;
  /** Whether the adapter is a software (fallback) implementation, such as SwiftShader or lavapipe. */
  isFallbackAdapter: boolean;
  /** The device's features (`"shader-f16"`, ...). */
  features: string[];
  /** The device's limits that tsjax reads (`maxStorageBufferBindingSize`, ...). */
  limits: Record<string, number>;
}

async function findGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const rt = currentRuntime();
  if (rt.kind !== "node") throw new DeviceError(`WebGPU is not available: ${unavailableReason("no-api", rt)}.`);
  const name = "webgpu"; // not a literal import: bundlers must not follow it
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as { create(flags: string[]): GPU };
    return mod.create([]);
  } catch (e) {
    throw new DeviceError(`WebGPU is not available: ${unavailableReason("no-api", rt, (e as Error).message)}.`);
  }
}

function isFallback(adapter: GPUAdapter): boolean {
  const a = adapter as GPUAdapter & { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
  return Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter);
}

/** The adapter's vendor, architecture, device and description, as one string. */
export function adapterName(adapter: GPUAdapter): string {
  const ai = adapter.info as GPUAdapterInfo | undefined;
  return [ai?.vendor, ai?.architecture, ai?.device, ai?.description].filter(Boolean).join(" ") || "unknown adapter";
}

/**
 * A WebGPU adapter, hardware first. Throws a DeviceError saying why there is none, in words
 * that fit the runtime; with `allowFallback` false, also when the only adapter is a software one.
 */
export async function findAdapter(allowFallback: boolean): Promise<{ gpu: GPU; adapter: GPUAdapter; fallback: boolean }> {
  const gpu = await findGpu();
  let adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  // An implementation may hand out a software adapter first; ask once more for any other.
  if (adapter && isFallback(adapter)) adapter = (await gpu.requestAdapter({ powerPreference: "low-power" })) ?? adapter;
  const rt = currentRuntime();
  if (!adapter) throw new DeviceError(`WebGPU is not available: ${unavailableReason("no-adapter", rt)}.`);
  const fallback = isFallback(adapter);
  if (fallback && !allowFallback) {
    throw new DeviceError(`WebGPU is not used: ${unavailableReason("fallback-only", rt, adapterName(adapter))}`);
  }
  return { gpu, adapter, fallback };
}
