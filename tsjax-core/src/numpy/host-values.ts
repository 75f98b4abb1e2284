/**
 * Reading a concrete array's values on the host, for the functions whose result shape depends
 * on them (`np.nonzero` without a static size, `np.realIfClose`, boolean masks).
 */
import type { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { ConcretizationError } from "../errors.js";
import { Tracer } from "../core/trace.js";

type HostData = globalThis.ArrayLike<number>;

/**
 * The values of `x` read on the host, when they are concrete and readable now: a concrete array
 * on a device with synchronous reads, or a `grad`/`jvp` tracer carrying such a value.
 * Otherwise an error naming `op` and what to do instead.
 */
export function hostValues(op: string, x: Array, instead: string): HostData {
  const c = x instanceof DeviceArray ? x : x instanceof Tracer ? x.concreteValue() : undefined;
  if (!c) {
    throw new ConcretizationError(
      `${op}: the result's shape depends on the values of ${String(x)}, which are not known while tracing. ${instead}`,
    );
  }
  if (!c.buffer.backend.readSync) {
    throw new TypeError(
      `${op}: the result's shape depends on the values of an array on ${c.device}, which reads only asynchronously. ${instead}`,
    );
  }
  return c.dataSync();
}
