/**
 * `bind`: applies a primitive to arrays. Every library function reaches the primitives through
 * here, so transformations (which interpret primitives) see every operation.
 */
import type { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import type { DeviceName } from "../backend/backend.js";
import { evalPrimitive } from "./eager.js";
import type { Primitive } from "./primitive.js";

/** Applies `prim` to `args` with `params`; returns its outputs. */
export function bind<P>(prim: Primitive<P>, args: readonly Array[], params: P, device?: DeviceName): Array[] {
  return evalPrimitive(prim, args as DeviceArray[], params, device);
}

/** `bind` for single-output primitives. */
export function bind1<P>(prim: Primitive<P>, args: readonly Array[], params: P, device?: DeviceName): Array {
  return bind(prim, args, params, device)[0]!;
}

/** True for concrete arrays (as opposed to traced values inside transformations). */
export function isConcrete(x: Array): x is DeviceArray {
  return x instanceof DeviceArray;
}
