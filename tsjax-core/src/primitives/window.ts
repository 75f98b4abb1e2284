/**
 * `reduce_window`: sum, max or min over sliding windows (pooling), with strides, padding (by
 * the reduction's identity), base and window dilation.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import type { DType } from "../dtype.js";
import { type Exp, and, cast, constant, freshVar, reduce, select, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { aval, definePrimitive } from "../core/primitive.js";
import { type WindowDim, windowOutputSize, windowTap } from "./window-math.js";

export interface ReduceWindowParams {
  op: "sum" | "max" | "min";
  windowDimensions: readonly number[];
  windowStrides: readonly number[];
  padding: readonly (readonly [number, number])[];
  baseDilation: readonly number[];
  windowDilation: readonly number[];
}

function dims(p: ReduceWindowParams, shape: readonly number[]): WindowDim[] {
  return shape.map((size, i) => ({
    size,
    window: p.windowDimensions[i]!,
    stride: p.windowStrides[i]!,
    padLo: p.padding[i]![0],
    padHi: p.padding[i]![1],
    baseDilation: p.baseDilation[i]!,
    windowDilation: p.windowDilation[i]!,
  }));
}

/** The identity of a window reduction, used for padding. */
export function reduceIdentity(op: "sum" | "max" | "min", dtype: DType): number | boolean {
  if (op === "sum") return dtype === "bool" ? false : 0;
  const max = op === "max";
  switch (dtype) {
    case "bool": return !max;
    case "int32": return max ? -2147483648 : 2147483647;
    case "uint32": return max ? 0 : 4294967295;
    default: return max ? -Infinity : Infinity;
  }
}

export const reduceWindow = definePrimitive<ReduceWindowParams>({
  name: "reduce_window",
  abstractEval([x], p) {
    const n = x!.shape.length;
    const where = `lax.reduceWindow(${fmtShape(x!.shape)}, ${p.op})`;
    for (const [name, v] of [["windowDimensions", p.windowDimensions], ["windowStrides", p.windowStrides], ["baseDilation", p.baseDilation], ["windowDilation", p.windowDilation]] as const) {
      if (v.length !== n || v.some((e) => !Number.isInteger(e) || e < 1)) {
        throw new ShapeError(`${where}: ${name} needs ${n} integers >= 1, got ${JSON.stringify(v)}.`);
      }
    }
    if (p.padding.length !== n) throw new ShapeError(`${where}: padding needs ${n} [low, high] pairs, got ${JSON.stringify(p.padding)}.`);
    if (p.op === "sum" && x!.dtype === "bool") throw new DTypeError(`${where}: sum of bools is not supported; convert with astype first.`);
    return [aval(dims(p, x!.shape).map(windowOutputSize), x!.dtype, x!.weakType)];
  },
  lower([x], p, [out]) {
    const wd = dims(p, x!.shape);
    const acc = p.op === "sum" && x!.dtype === "float16" ? "float32" : x!.dtype;
    const identity = constant(reduceIdentity(p.op, acc), acc);
    const loopSize = p.windowDimensions.reduce((a, b) => a * b, 1);
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const rv = freshVar();
        const k = unravelIndex(variable(rv), p.windowDimensions);
        let valid: Exp | undefined;
        const src = wd.map((d, i) => {
          const tap = windowTap(d, idx[i]!, k[i]!);
          valid = valid ? and(valid, tap.valid) : tap.valid;
          return tap.index;
        });
        const v = cast(x!.at(src), acc);
        return cast(reduce(p.op, rv, loopSize, valid ? select(valid, v, identity) : v), out!.dtype);
      }),
    ];
  },
});
