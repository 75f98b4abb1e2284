/**
 * `defineExpanded`: a primitive whose implementation is its expansion into other primitives
 * (`Primitive.expand`). Eagerly the expansion runs as a compiled program (traced once per
 * signature, like a nested `jit`); under `jit` it is inlined. The primitive keeps its own
 * JVP, transpose and batching rules, so transformations never look inside the loops.
 */
import type { DeviceArray } from "../../array/device-array.js";
import { expansionJaxpr } from "../../core/expand.js";
import { type Primitive, type ShapedArray, definePrimitive } from "../../core/primitive.js";
import { runJaxpr } from "../../core/run-jaxpr.js";

type ExpandedDef<P> = Omit<Primitive<P>, "impl" | "lower" | "kernel" | "expand"> & Required<Pick<Primitive<P>, "expand">>;

const avalOf = (x: DeviceArray): ShapedArray => ({ shape: x.shape, dtype: x.dtype, weakType: x.weakType });

/** Defines a primitive implemented by its expansion (see the module comment). */
export function defineExpanded<P>(def: ExpandedDef<P>): Primitive<P> {
  const prim: Primitive<P> = definePrimitive<P>({
    ...def,
    impl: (args, params) => runJaxpr(expansionJaxpr(prim, params, args.map(avalOf)), args),
  });
  return prim;
}
