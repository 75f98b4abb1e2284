/**
 * `reduce_window`: sum, max or min over sliding windows (pooling), with strides, padding (by
 * the reduction's identity), base and window dilation.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import type { DType } from "../dtype.js";
import { type Exp, and, cast, constant, freshVar, reduce, select, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import { moveAxis } from "../transforms/vmap.js";
import { gather } from "./indexing.js";
import { pad } from "./structural.js";
import { binaryPrims } from "./elementwise.js";
import * as O from "./ops.js";
import { range } from "../util.js";
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

export const reduceWindow: Primitive<ReduceWindowParams> = definePrimitive<ReduceWindowParams>({
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
  jvp([x], [t], params) {
    const y = O.bind1(reduceWindow, [x!], params);
    if (params.op === "sum") return [[y], [O.bind1(reduceWindow, [t!], params)]];
    // max/min: gather each window's elements, and take the tangent of the chosen ones
    // (split evenly between ties).
    const coords = windowCoords(x!.shape, y.shape, params, x!.device);
    const k = y.ndim;
    const patches = O.bind1(gather, [x!, coords], { axes: range(x!.ndim), mode: "fill", fillValue: reduceIdentity(params.op, x!.dtype) });
    const tp = O.bind1(gather, [t!, coords], { axes: range(x!.ndim), mode: "fill", fillValue: 0 });
    const ind = O.convert(O.eq(patches, O.broadcastDims(y, patches.shape, range(k))), x!.dtype);
    return [[y], [O.div(O.sumAxes(O.mul(tp, ind), [k]), O.sumAxes(ind, [k]))]];
  },
  transpose([ct], [x], params) {
    if (params.op !== "sum") throw new Error("internal: reduce_window max/min is not linear");
    if (!ct) return [null];
    const shape = (x as UndefinedPrimal).aval.shape;
    const wd = dims(params, shape);
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
    const one = <T>(v: T, rest: readonly T[]) => [v, ...rest];
    return [
      [
        O.bind1(reduceWindow, [moveAxis(x!, d!, 0)], {
          op: params.op,
          windowDimensions: one(1, params.windowDimensions),
          windowStrides: one(1, params.windowStrides),
          padding: one([0, 0] as const, params.padding),
          baseDilation: one(1, params.baseDilation),
          windowDilation: one(1, params.windowDilation),
        }),
      ],
      [0],
    ];
  },
});

/**
 * Input coordinates of every window element: `[...outShape, K, ndim]` int32 (K = window size);
 * positions in padding or between dilated elements get -1 (out of range, so gathers fill).
 */
function windowCoords(inShape: readonly number[], outShape: readonly number[], p: ReduceWindowParams, device: DeviceName): Array {
  const K = p.windowDimensions.reduce((a, b) => a * b, 1);
  const shape = [...outShape, K];
  const k = outShape.length;
  const tap = O.iotaLike(shape, k, device);
  let valid: Array | undefined;
  const cols = inShape.map((n, d) => {
    const stride = p.windowDimensions.slice(d + 1).reduce((a, b) => a * b, 1);
    const kd = O.bind1(binaryPrims.rem, [O.bind1(binaryPrims.div, [tap, O.full(tap, stride)], {}), O.full(tap, p.windowDimensions[d]!)], {});
    const y = O.iotaLike(shape, d, device);
    const pos = O.add(O.sub(O.mul(y, O.full(y, p.windowStrides[d]!)), O.full(y, p.padding[d]![0])), O.mul(kd, O.full(kd, p.windowDilation[d]!)));
    const bd = p.baseDilation[d]!;
    const idx = bd === 1 ? pos : O.bind1(binaryPrims.div, [pos, O.full(pos, bd)], {});
    let ok = O.and(O.ge(pos, O.full(pos, 0)), O.lt(idx, O.full(idx, n)));
    if (bd !== 1) ok = O.and(ok, O.eq(O.bind1(binaryPrims.rem, [pos, O.full(pos, bd)], {}), O.full(pos, 0)));
    valid = valid ? O.and(valid, ok) : ok;
    return idx;
  });
  return O.concat(cols.map((c) => O.reshapeTo(O.select(valid!, c, O.full(c, -1)), [...shape, 1])), shape.length);
}

