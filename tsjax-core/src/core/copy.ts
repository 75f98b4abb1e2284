/**
 * The `copy` primitive: the identity that always produces a fresh contiguous array. Arrays
 * materialize their views with it (`_setMaterialize`). It has a module of its own, above
 * `eager.ts` (which evaluates it) and `trace.ts` (whose `bind1` its rules use), so that the eager
 * core does not import the trace stack.
 */
import { _setMaterialize } from "../array/device-array.js";
import { type Primitive, definePrimitive } from "./primitive.js";
import { evalPrimitive } from "./eager.js";
import { bind1 } from "./trace.js";

/** Identity that always produces a fresh contiguous array (materializes views). */
export const copyPrimitive: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "copy",
  abstractEval: ([x]) => [x!],
  lower: ([x]) => [x!],
  jvp: ([x], [t]) => [[bind1(copyPrimitive, [x!], {})], [t && bind1(copyPrimitive, [t], {})]],
  transpose: ([ct]) => [ct ?? null],
  batch: ([x], [d]) => [[bind1(copyPrimitive, [x!], {})], [d!]],
});

_setMaterialize((x) => evalPrimitive(copyPrimitive, [x], {})[0]!);
