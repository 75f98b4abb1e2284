/**
 * Choosing the device an example runs on, and reporting the CPU time it used (on a shared
 * machine the wall time depends on the other processes; the CPU time does not).
 */
import { availableParallelism, loadavg } from "node:os";
import { defaultDevice, init, webgpuInfo, webgpuUnavailableReason } from "tsjax-core";

/**
 * Initializes tsjax and returns a line that says which device runs the example, and why:
 * WebGPU when an adapter exists, else the CPU; `TSJAX_DEVICE=cpu|webgpu` chooses (with
 * `webgpu`, a missing adapter is an error).
 *
 * @example
 * console.log(await chooseDevice()); // "device: cpu (chosen with TSJAX_DEVICE=cpu)"
 */
export async function chooseDevice(): Promise<string> {
  const requested = process.env.TSJAX_DEVICE;
  // With cpu there is no need to start WebGPU at all.
  await (requested === "cpu" ? init("cpu") : init());
  const why = webgpuUnavailableReason();
  if (requested === "webgpu" && why) throw new Error(`TSJAX_DEVICE=webgpu, but WebGPU is unavailable: ${why}`);
  if (defaultDevice() === "webgpu") return `device: webgpu (${webgpuInfo()?.adapter})`;
  return `device: cpu (${requested === "cpu" ? "chosen with TSJAX_DEVICE=cpu" : `WebGPU unavailable: ${why}`})`;
}

/**
 * A line with the CPU time this process has used (all its threads) and the machine's load: on
 * an idle 2-core machine the wall time lies between `cpu / 2` (both cores busy throughout) and
 * `cpu`.
 *
 * @example
 * console.log(cpuTimeLine()); // "CPU time used: 101.3 s (load average at the end: 1.95 on 2 cores)"
 */
export function cpuTimeLine(): string {
  const cpu = process.cpuUsage();
  return `CPU time used: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (load average at the end: ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores)`;
}
