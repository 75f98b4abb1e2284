/**
 * `sort`: stable ascending sort along one axis (NaNs last; -0 and +0 are equal and keep their
 * order, as JAX). Returns the
 * sorted array and the int32 permutation (`argsort`) in one kernel.
 */
import { IndexError } from "../errors.js";
import { contiguousStrides, fmtShape, sizeOf } from "../shape.js";
import { linearIndex, variable } from "../compile/exp.js";
import { POS, ROW } from "../compile/kernel.js";
import { type Primitive, aval, definePrimitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { moveAxis } from "../core/batching.js";
import { takeAlongAxis } from "./ops.js";
import { rowIndex } from "./reduce.js";

export const sort: Primitive<{ dimension: number }> = definePrimitive<{ dimension: number }>({
  name: "sort",
  abstractEval([x], { dimension }) {
    if (dimension < 0 || dimension >= x!.shape.length) {
      throw new IndexError(`lax.sort: dimension ${dimension} out of range for shape ${fmtShape(x!.shape)}.`);
    }
    return [aval(x!.shape, x!.dtype, x!.weakType), aval(x!.shape, "int32")];
  },
  kernel([x], { dimension }) {
    const idx = rowIndex(x!.shape, dimension, variable(ROW), variable(POS));
    const n = x!.shape[dimension]!;
    // An empty array still compiles (nothing runs): keep the row length nonzero so that no
    // code generator emits a division by zero.
    return {
      kind: "sort",
      rows: n === 0 ? 0 : sizeOf(x!.shape) / n,
      length: Math.max(n, 1),
      dtype: x!.dtype,
      key: x!.at(idx),
      outIndex: linearIndex(idx, contiguousStrides(x!.shape)),
    };
  },
  jvp([x], [t], params) {
    const [sorted, perm] = bind(sort, [x!], params);
    return [[sorted!, perm!], [takeAlongAxis(t!, perm!, params.dimension), null]];
  },
  batch([x], [d], { dimension }) {
    return [bind(sort, [moveAxis(x!, d!, 0)], { dimension: dimension + 1 }), [0, 0]];
  },
});
