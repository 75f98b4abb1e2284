/**
 * Eager evaluation of primitives with `complex64` operands or results: the equation is traced
 * once per signature into a one-equation jaxpr and run compiled, which lowers it to float32
 * parts (`complex/lower.ts`), as `jit` would.
 */
import type { DeviceArray } from "../array/device-array.js";
import type { ClosedJaxpr } from "../core/jaxpr.js";
import { avalStr } from "../core/jaxpr.js";
import type { Primitive, ShapedArray } from "../core/primitive.js";
import { traceToJaxpr } from "../core/staging.js";
import { bind } from "../core/trace.js";
import { paramsKey } from "../compile/optimize.js";
import { LruCache } from "../lru.js";
import { runJaxpr } from "../core/run-jaxpr.js";

const programs = new LruCache<string, ClosedJaxpr>(2048);

/** Runs `prim` on concrete arrays of which some operands or results are complex. */
export function evalComplexPrimitive<P>(prim: Primitive<P>, args: readonly DeviceArray[], params: P): DeviceArray[] {
  const avals: ShapedArray[] = args.map((a) => ({ shape: a.shape, dtype: a.dtype, weakType: a.weakType }));
  const key = `${prim.name}|${paramsKey(params)}|${avals.map((a) => `${avalStr(a)}${a.weakType ? "~" : ""}`).join(",")}`;
  let closed = programs.get(key);
  if (!closed) {
    closed = traceToJaxpr((...xs) => bind(prim, xs, params), avals, { label: prim.name, dynamic: true, device: args[0]?.device });
    programs.set(key, closed);
  }
  return runJaxpr(closed, args);
}
