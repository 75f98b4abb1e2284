/**
 * `sort`: stable ascending sort along one axis (NaNs last, -0 before +0, as JAX). Returns the
 * sorted array and the int32 permutation (`argsort`) in one kernel.
 */
import { IndexError } from "../errors.js";
import { contiguousStrides, fmtShape, sizeOf } from "../shape.js";
import { linearIndex, variable } from "../compile/exp.js";
import { POS, ROW } from "../compile/kernel.js";
import { aval, definePrimitive } from "../core/primitive.js";
import { rowIndex } from "./reduce.js";

export const sort = definePrimitive<{ dimension: number }>({
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
    return {
      kind: "sort",
      rows: n === 0 ? 0 : sizeOf(x!.shape) / n,
      length: n,
      dtype: x!.dtype,
      key: x!.at(idx),
      outIndex: linearIndex(idx, contiguousStrides(x!.shape)),
    };
  },
});
