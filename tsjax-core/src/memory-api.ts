/** Public memory and synchronization helpers. */
import type { DeviceName, MemoryStats } from "./backend/backend.js";
import { backendOf, defaultDevice, devices } from "./backend/devices.js";

/**
 * Live and pooled device memory of one device (the default device when omitted).
 *
 * @example
 * const before = memoryStats().liveBytes;
 * scope(() => { np.ones([1000]).add(1); });
 * memoryStats().liveBytes === before; // true
 */
export function memoryStats(device: DeviceName = defaultDevice()): MemoryStats {
  const b = backendOf(device);
  return b ? b.memoryStats() : { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 };
}

/**
 * Waits until all work queued on a device (all devices when omitted) has finished.
 *
 * @example
 * await synchronize();
 */
export async function synchronize(device?: DeviceName): Promise<void> {
  for (const d of device ? [device] : devices()) await backendOf(d)?.synchronize();
}
