/**
 * Reduction primitives (reduce_sum/prod/max/min over axes, argmax/argmin along an axis) and
 * cumulative primitives (cumsum/cumprod/cummax/cummin).
 *
 * Reductions lower to a loop expression; float16 accumulates in float32. Cumulative ops run as
 * a scan kernel (one pass per row).
 */
import type { DType } from "../dtype.js";
import { DTypeError, IndexError } from "../errors.js";
import { fmtShape, sizeOf } from "../shape.js";
import { type Exp, type ReduceOp, add, cast, freshVar, i32, linearIndex, mul, reduce, unravelIndex, variable } from "../compile/exp.js";
import { type Operand, operand } from "../compile/operand.js";
import { POS, ROW } from "../compile/kernel.js";
import { type Primitive, aval, definePrimitive } from "../core/primitive.js";
import { contiguousStrides } from "../shape.js";
import type { Array } from "../array/array.js";
import { UndefinedPrimal } from "../core/primitive.js";
import { ClosedJaxpr } from "../core/jaxpr.js";
import { traceToJaxpr } from "../core/staging.js";
import { moveAxis } from "../transforms/vmap.js";
import { scan } from "./control.js";
import * as O from "./ops.js";
import { range } from "../util.js";

/** Orderings (max, min, arg*, cummax/cummin) and cumprod are not defined for complex64 here. */
function checkNotComplex(name: string, dtype: DType): void {
  if (dtype === "complex64") {
    if (name === "cumprod") {
      throw new DTypeError("lax.cumprod: complex64 cumulative products are not implemented; np.prod reduces complex arrays, and lax.scan with multiply accumulates them.");
    }
    throw new DTypeError(`lax.${name}: does not accept complex64 operands (complex numbers have no order); apply it to np.real(x), np.imag(x) or np.abs(x).`);
  }
}

function checkAxes(name: string, shape: readonly number[], axes: readonly number[]): void {
  if (axes.some((a, i) => a < 0 || a >= shape.length || (i > 0 && a <= axes[i - 1]!))) {
    throw new IndexError(`lax.${name}: axes ${fmtShape(axes)} must be sorted, unique and within the ${shape.length} axes of ${fmtShape(shape)}.`);
  }
}

/** The accumulation dtype for a reduction over `dtype`. */
function accDtype(dtype: DType): DType {
  return dtype === "float16" ? "float32" : dtype;
}

/**
 * `rop` over `axes` of `x`, as an operand of the kept shape. When the reduced axes are the
 * trailing ones and `x` reads linearly, the loop reads consecutive elements.
 */
function reduceOperand(x: Operand, axes: readonly number[], rop: ReduceOp, outDtype: DType): Operand {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => x.shape[i]!);
  const redShape = axes.map((i) => x.shape[i]!);
  const R = sizeOf(redShape);
  const acc = rop === "argmax" || rop === "argmin" ? x.dtype : accDtype(x.dtype);
  const finish = (e: Exp) => (rop === "argmax" || rop === "argmin" ? e : cast(e, outDtype));
  const body = (v: Exp) => (acc === x.dtype ? v : cast(v, acc));
  const at = (idx: readonly Exp[]) => {
    const rv = freshVar();
    const r = unravelIndex(variable(rv), redShape);
    const full = new globalThis.Array<Exp>(x.shape.length);
    kept.forEach((d, k) => (full[d] = idx[k]!));
    axes.forEach((d, k) => (full[d] = r[k]!));
    return finish(reduce(rop, rv, R, body(x.at(full))));
  };
  const trailing = axes.every((a, k) => a === x.shape.length - axes.length + k);
  const linear =
    trailing && x.linear
      ? (o: Exp) => {
          const rv = freshVar();
          return finish(reduce(rop, rv, R, body(x.linear!(add(mul(o, i32(R)), variable(rv))))));
        }
      : undefined;
  return operand(outShape, outDtype, at, linear);
}

type ReducePrim = Primitive<{ axes: readonly number[] }>;

function reducePrimitive(name: string, rop: "sum" | "prod" | "max" | "min"): ReducePrim {
  const prim: ReducePrim = definePrimitive({
    name,
    fusion: { reduction: true, rowReduction: ({ axes }, inShape) => axes.length === 1 && axes[0] === inShape.length - 1 },
    abstractEval([x], { axes }) {
      checkAxes(name, x!.shape, axes);
      if ((rop === "sum" || rop === "prod") && x!.dtype === "bool") {
        throw new DTypeError(`lax.${name}: does not accept bool operands; convert with x.astype("int32") first.`);
      }
      if (rop === "max" || rop === "min") checkNotComplex(name, x!.dtype);
      return [aval(x!.shape.filter((_, i) => !axes.includes(i)), x!.dtype, x!.weakType)];
    },
    lower([x], { axes }, [out]) {
      return [reduceOperand(x!, axes, rop, out!.dtype)];
    },
    jvp([x], [t], params) {
      const y = O.bind1(prim, [x!], params);
      if (rop === "sum") return [[y], [O.bind1(prim, [t!], params)]];
      if (rop === "prod") return [[y], [prodJvp(x!, t!, params.axes)]];
      // max/min: the tangent of the chosen elements, split evenly between ties.
      const kept = keptAxes(x!.ndim, params.axes);
      const ind = O.convert(O.eq(x!, O.broadcastDims(y, x!.shape, kept)), x!.dtype);
      const counts = O.sumAxes(ind, params.axes);
      return [[y], [O.div(O.sumAxes(O.mul(t!, ind), params.axes), counts)]];
    },
    transpose([ct], [x], { axes }) {
      if (rop !== "sum") throw new Error(`internal: ${name} is not linear`);
      const shape = (x as UndefinedPrimal).aval.shape;
      return [ct && O.broadcastDims(ct, shape, keptAxes(shape.length, axes))];
    },
    batch([x], [d], { axes }) {
      return [[O.bind1(prim, [moveAxis(x!, d!, 0)], { axes: axes.map((a) => a + 1) })], [0]];
    },
  });
  return prim;
}

function keptAxes(ndim: number, axes: readonly number[]): number[] {
  return range(ndim).filter((i) => !axes.includes(i));
}

/** d prod(x) = sum_j t_j prod_{k != j} x_k, exact with zeros (exclusive products from both sides). */
function prodJvp(x: Array, t: Array, axes: readonly number[]): Array {
  const kept = keptAxes(x.ndim, axes);
  const keptShape = kept.map((i) => x.shape[i]!);
  const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
  const flat = (a: Array) => O.reshapeTo(O.transposeTo(a, [...kept, ...axes]), [...keptShape, n]);
  const xf = flat(x);
  const tf = flat(t);
  const last = keptShape.length;
  const ones = O.full({ shape: [...keptShape, 1], dtype: x.dtype, weakType: false, device: x.device }, 1);
  const left = O.concat([ones, O.sliceAxis(O.bind1(cumprod, [xf], { axis: last, reverse: false }), last, 0, n - 1)], last);
  const right = O.concat([O.sliceAxis(O.bind1(cumprod, [xf], { axis: last, reverse: true }), last, 1, n), ones], last);
  return O.sumAxes(O.mul(tf, O.mul(left, right)), [last]);
}

export const reduceSum = reducePrimitive("reduce_sum", "sum");
export const reduceProd = reducePrimitive("reduce_prod", "prod");
export const reduceMax = reducePrimitive("reduce_max", "max");
export const reduceMin = reducePrimitive("reduce_min", "min");

function argPrimitive(name: "argmax" | "argmin"): Primitive<{ axis: number }> {
  const prim: Primitive<{ axis: number }> = definePrimitive({
    name,
    abstractEval([x], { axis }) {
      checkAxes(name, x!.shape, [axis]);
      checkNotComplex(name, x!.dtype);
      if (x!.shape[axis] === 0) {
        throw new IndexError(`${name}: attempt to get ${name} of an empty sequence (axis ${axis} of ${fmtShape(x!.shape)} has size 0).`);
      }
      return [aval(x!.shape.filter((_, i) => i !== axis), "int32")];
    },
    lower([x], { axis }) {
      // Compare bools as 0/1 and float16 as float32.
      const src: Operand =
        x!.dtype === "bool" || x!.dtype === "float16"
          ? operand(x!.shape, x!.dtype === "bool" ? "int32" : "float32", (idx) => cast(x!.at(idx), x!.dtype === "bool" ? "int32" : "float32"))
          : x!;
      return [reduceOperand(src, [axis], name, "int32")];
    },
    jvp([x], _t, params) {
      return [[O.bind1(prim, [x!], params)], [null]];
    },
    batch([x], [d], { axis }) {
      return [[O.bind1(prim, [moveAxis(x!, d!, 0)], { axis: axis + 1 })], [0]];
    },
  });
  return prim;
}

export const argmax = argPrimitive("argmax");
export const argmin = argPrimitive("argmin");

/** The full index of element `j` of row `row` when rows run over every axis but `axis`. */
export function rowIndex(shape: readonly number[], axis: number, row: Exp, j: Exp): Exp[] {
  const rest = shape.filter((_, i) => i !== axis);
  const r = unravelIndex(row, rest);
  const idx: Exp[] = [];
  let k = 0;
  for (let d = 0; d < shape.length; d++) idx.push(d === axis ? j : r[k++]!);
  return idx;
}

type CumPrim = Primitive<{ axis: number; reverse: boolean }>;

function cumulativePrimitive(name: string, op: "sum" | "prod" | "max" | "min"): CumPrim {
  const prim: CumPrim = definePrimitive({
    name,
    abstractEval([x], { axis }) {
      checkAxes(name, x!.shape, [axis]);
      if ((op === "sum" || op === "prod") && x!.dtype === "bool") {
        throw new DTypeError(`lax.${name}: does not accept bool operands; convert with x.astype("int32") first.`);
      }
      if (op !== "sum") checkNotComplex(name, x!.dtype);
      return [x!];
    },
    kernel([x], { axis, reverse }, [out]) {
      const idx = rowIndex(x!.shape, axis, variable(ROW), variable(POS));
      const n = x!.shape[axis]!;
      return {
        kind: "scan",
        rows: n === 0 ? 0 : sizeOf(x!.shape) / n,
        length: n,
        op,
        reverse,
        dtype: out!.dtype,
        value: x!.at(idx),
        outIndex: linearIndex(idx, contiguousStrides(x!.shape)),
      };
    },
    jvp([x], [t], params) {
      const y = O.bind1(prim, [x!], params);
      if (op === "sum") return [[y], [O.bind1(prim, [t!], params)]];
      return [[y], [cumulativeJvp(op, x!, y, t!, params.axis, params.reverse)]];
    },
    transpose([ct], _ins, { axis, reverse }) {
      if (op !== "sum") throw new Error(`internal: ${name} is not linear`);
      return [ct && O.bind1(prim, [ct], { axis, reverse: !reverse })];
    },
    batch([x], [d], { axis, reverse }) {
      return [[O.bind1(prim, [moveAxis(x!, d!, 0)], { axis: axis + 1, reverse })], [0]];
    },
  });
  return prim;
}

/**
 * Exact JVP of cumprod/cummax/cummin, linear in the tangent `t` (so reverse mode can transpose
 * it): every primal value it needs is computed first, outside the tangent computation.
 */
function cumulativeJvp(op: "prod" | "max" | "min", x: Array, y: Array, t: Array, axis: number, reverse: boolean): Array {
  if (x.shape[axis] === 0) return t;
  return op === "prod" ? cumprodJvp(x, y, t, axis, reverse) : cumExtremeJvp(op, x, y, t, axis, reverse);
}

/**
 * cummax/cummin: each output takes the tangent of the element that is the running extreme,
 * the latest one in scan order among ties (a gather of `t`).
 */
function cumExtremeJvp(op: "max" | "min", x: Array, y: Array, t: Array, axis: number, reverse: boolean): Array {
  const n = x.shape[axis]!;
  const pos = O.iotaLike(x.shape, axis, x.device);
  // x_k == y_k exactly when x_k reaches (or ties) the extreme of the elements before it.
  const reaches = O.eq(x, y);
  const source = reverse
    ? O.bind1(cummin, [O.select(reaches, pos, O.full(pos, n))], { axis, reverse: true })
    : O.bind1(cummax, [O.select(reaches, pos, O.full(pos, -1))], { axis, reverse: false });
  return O.takeAlongAxis(t, source, axis);
}

/**
 * cumprod: a scan carrying only the tangent, dy_i = dy_{i-1} * x_i + (prod of the elements
 * before i) * t_i, with the primal factors passed in as scanned inputs (exact with zeros).
 */
function cumprodJvp(x: Array, y: Array, t: Array, axis: number, reverse: boolean): Array {
  const n = x.shape[axis]!;
  const ones = O.full({ shape: x.shape.map((s, i) => (i === axis ? 1 : s)), dtype: x.dtype, weakType: false, device: x.device }, 1);
  // products of the elements before each position, in scan order
  const before = reverse
    ? O.concat([O.sliceAxis(y, axis, 1, n), ones], axis)
    : O.concat([ones, O.sliceAxis(y, axis, 0, n - 1)], axis);
  const [xm, bm, tm] = [x, before, t].map((a) => moveAxis(a, axis, 0));
  const rowAval = { shape: xm!.shape.slice(1), dtype: x.dtype, weakType: false };
  const body = traceToJaxpr(
    (dy, xi, bi, ti) => {
      const next = O.add(O.mul(dy!, xi!), O.mul(bi!, ti!));
      return [next, next];
    },
    [rowAval, rowAval, rowAval, rowAval],
    { label: "cumprod_jvp", dynamic: true },
  );
  const [, dys] = O.bind(scan, [...body.consts, O.zerosLike({ ...rowAval, device: x.device }), xm!, bm!, tm!], {
    body: new ClosedJaxpr(body.jaxpr, []),
    length: n,
    reverse,
    numConsts: body.consts.length,
    numCarry: 1,
  });
  return moveAxis(dys!, 0, axis);
}

export const cumsum = cumulativePrimitive("cumsum", "sum");
export const cumprod = cumulativePrimitive("cumprod", "prod");
export const cummax = cumulativePrimitive("cummax", "max");
export const cummin = cumulativePrimitive("cummin", "min");
