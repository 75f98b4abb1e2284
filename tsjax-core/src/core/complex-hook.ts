/**
 * How eager evaluation runs primitives with `complex64` values: installed by `jit` (which
 * compiles them through `complex/eval.ts`). A module without imports, so that the eager core
 * can read it without an import cycle at load time.
 */
import type { DeviceArray } from "../array/device-array.js";
import type { Primitive } from "./primitive.js";

export const complexEval: { run?: (prim: Primitive<any>, args: readonly DeviceArray[], params: any) => DeviceArray[] } = {};
