/**
 * Expanded primitives (`Primitive.expand`): primitives written with other primitives, such as
 * the linear-algebra routines (loops of slices and updates). The expansion is traced once per
 * signature (params, input shapes and dtypes) into a closed jaxpr; `jit` inlines that jaxpr
 * (`compile/optimize.ts`) and eager evaluation runs it compiled, as a nested `jit` would.
 */
import { LruCache } from "../lru.js";
import { avalStr, type ClosedJaxpr } from "./jaxpr.js";
import type { Primitive, ShapedArray } from "./primitive.js";
import { traceToJaxpr } from "./staging.js";

const caches = new WeakMap<Primitive<any>, LruCache<string, ClosedJaxpr>>();

/** The expansion of `prim` for inputs of `avals`, traced (and cached) on first use. */
export function expansionJaxpr<P>(prim: Primitive<P>, params: P, avals: readonly ShapedArray[]): ClosedJaxpr {
  const expand = prim.expand;
  if (!expand) throw new Error(`internal: primitive ${prim.name} has no expansion`);
  let cache = caches.get(prim);
  if (!cache) caches.set(prim, (cache = new LruCache(256)));
  const key = `${JSON.stringify(params)}|${avals.map((a) => `${avalStr(a)}${a.weakType ? "~" : ""}`).join(",")}`;
  let closed = cache.get(key);
  if (!closed) {
    closed = traceToJaxpr((...xs) => expand(xs, params), avals, { label: prim.name, dynamic: true });
    // Captured arrays would tie the cached jaxpr to one device: expansions make constants as
    // literals (scalars broadcast) or ops (iota), never as uploaded arrays.
    if (closed.consts.length > 0) throw new Error(`internal: the expansion of ${prim.name} captured ${closed.consts.length} array constants`);
    cache.set(key, closed);
  }
  return closed;
}
