/** Public memory and synchronization helpers. */
import type { DeviceName, MemoryStats } from "./backend/backend.js";
import { backendOf, defaultDevice, devices } from "./backend/devices.js";

/**
 * Device memory of one device (the default device when omitted): buffers held by live arrays,
 * freed buffers pooled for reuse, the peak of live bytes, the limit, and the bytes reserved
 * from the platform (see `init({ memory })`).
 *
 * @example
 * const before = memoryStats().liveBytes;
 * scope(() => { np.ones([1000]).add(1); });
 * memoryStats().liveBytes === before; // true
 * memoryStats().peakBytes;            // at least before + 8000
 */
export function memoryStats(device: DeviceName = defaultDevice()): MemoryStats {
  const b = backendOf(device);
  return b ? b.memoryStats() : { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0, peakBytes: 0, limitBytes: Infinity, reservedBytes: 0 };
}

/**
 * Starts `memoryStats().peakBytes` again from the bytes live now, on one device (the default
 * device when omitted), to measure the peak of a phase of a program.
 *
 * @example
 * resetPeak();
 * const loss = step(params, batch);
 * console.log(memoryStats().peakBytes); // the most the step held at once
 */
export function resetPeak(device: DeviceName = defaultDevice()): void {
  backendOf(device)?.resetPeak();
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
