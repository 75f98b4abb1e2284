/**
 * `reduce_window`: sum, max or min over sliding windows (pooling), with strides, padding (by
 * the reduction's identity), base and window dilation.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { type DType, intRange } from "../dtype.js";
import { cast, constant, freshVar, reduce, select, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { moveAxis } from "../transforms/vmap.js";
import { windowPatches } from "./window-patches.js";
import { pad } from "./structural.js";
import * as O from "./ops.js";
import { range } from "../util.js";
import { type WindowParams, windowDims, windowOutputSize, windowSource, withLeadingWindowAxis } from "./window-math.js";
import { formatValue } from "../util/format.js";

export interface ReduceWindowParams extends WindowParams {
  op: "sum" | "max" | "min";
}

/** The identity of a window reduction, used for padding. */
export function reduceIdentity(op: "sum" | "max" | "min", dtype: DType): number | boolean {
  if (op === "sum") return dtype === "bool" ? false : 0;
  const max = op === "max";
  switch (dtype) {
    case "bool": return !max;
    case "float32": case "float16": return max ? -Infinity : Infinity;
    default: return intRange(dtype)[max ? 0 : 1]!;
  }
}

export const reduceWindow: Primitive<ReduceWindowParams> = definePrimitive<ReduceWindowParams>({
  name: "reduce_window",
  fusion: { rereadsInputs: true, reduction: true },
  abstractEval([x], p) {
    const n = x!.shape.length;
    const where = `lax.reduceWindow(${fmtShape(x!.shape)}, ${p.op})`;
    for (const [name, v] of [["windowDimensions", p.windowDimensions], ["windowStrides", p.windowStrides], ["baseDilation", p.baseDilation], ["windowDilation", p.windowDilation]] as const) {
      if (v.length !== n || v.some((e) => !Number.isInteger(e) || e < 1)) {
        throw new ShapeError(`${where}: ${name} needs ${n} integers >= 1, got ${formatValue(v)}.`);
      }
    }
    if (p.padding.length !== n) throw new ShapeError(`${where}: padding needs ${n} [low, high] pairs, got ${formatValue(p.padding)}.`);
    if (p.op === "sum" && x!.dtype === "bool") throw new DTypeError(`${where}: sum of bools is not supported; convert with astype first.`);
    return [aval(windowDims(p, x!.shape).map(windowOutputSize), x!.dtype, x!.weakType)];
  },
  lower([x], p, [out]) {
    const wd = windowDims(p, x!.shape);
    const acc = p.op === "sum" && x!.dtype === "float16" ? "float32" : x!.dtype;
    const identity = constant(reduceIdentity(p.op, acc), acc);
    const loopSize = p.windowDimensions.reduce((a, b) => a * b, 1);
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const rv = freshVar();
        const k = unravelIndex(variable(rv), p.windowDimensions);
        const { index: src, valid } = windowSource(wd, idx, k);
        const v = cast(x!.at(src), acc);
        return cast(reduce(p.op, rv, loopSize, valid ? select(valid, v, identity) : v), out!.dtype);
      }),
    ];
  },
  jvp([x], [t], params) {
    const y = O.bind1(reduceWindow, [x!], params);
    if (params.op === "sum") return [[y], [O.bind1(reduceWindow, [t!], params)]];
    // max/min: each window's elements, and the tangent of the chosen ones (split evenly
    // between ties)
    const { op, ...windows } = params;
    const patches = O.bind1(windowPatches, [x!], { ...windows, fill: reduceIdentity(op, x!.dtype) });
    const tp = O.bind1(windowPatches, [t!], { ...windows, fill: 0 });
    const k = y.ndim;
    const ind = O.convert(O.eq(patches, O.broadcastDims(y, patches.shape, range(k))), x!.dtype);
    return [[y], [O.div(O.sumAxes(O.mul(tp, ind), [k]), O.sumAxes(ind, [k]))]];
  },
  transpose([ct], [x], params) {
    if (params.op !== "sum") throw new Error("internal: reduce_window max/min is not linear");
    if (!ct) return [null];
    const shape = (x as UndefinedPrimal).aval.shape;
    const wd = windowDims(params, shape);
    const inD = wd.map((d) => (d.size === 0 ? 0 : 1 + d.baseDilation * (d.size - 1)));
    const wD = wd.map((d) => 1 + d.windowDilation * (d.window - 1));
    const outD = ct.shape.map((n, i) => (n === 0 ? 0 : 1 + params.windowStrides[i]! * (n - 1)));
    const config = shape.map((_, i) => {
      const before = wD[i]! - params.padding[i]![0] - 1;
      return [before, inD[i]! + wD[i]! - 1 - outD[i]! - before, params.windowStrides[i]! - 1] as const;
    });
    const padded = O.bind1(pad, [ct, O.scalar(0, ct.dtype, ct.device)], { config });
    return [
      O.bind1(reduceWindow, [padded], {
        op: "sum",
        windowDimensions: params.windowDimensions,
        windowStrides: params.baseDilation,
        padding: shape.map(() => [0, 0] as const),
        baseDilation: shape.map(() => 1),
        windowDilation: params.windowDilation,
      }),
    ];
  },
  batch([x], [d], params) {
    return [[O.bind1(reduceWindow, [moveAxis(x!, d!, 0)], withLeadingWindowAxis(params))], [0]];
  },
});
