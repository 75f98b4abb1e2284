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
    const full = new Array<Exp>(x.shape.length);
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
  return definePrimitive({
    name,
    abstractEval([x], { axes }) {
      checkAxes(name, x!.shape, axes);
      if ((rop === "sum" || rop === "prod") && x!.dtype === "bool") {
        throw new DTypeError(`lax.${name}: does not accept bool operands; convert with x.astype("int32") first.`);
      }
      return [aval(x!.shape.filter((_, i) => !axes.includes(i)), x!.dtype, x!.weakType)];
    },
    lower([x], { axes }, [out]) {
      return [reduceOperand(x!, axes, rop, out!.dtype)];
    },
  });
}

export const reduceSum = reducePrimitive("reduce_sum", "sum");
export const reduceProd = reducePrimitive("reduce_prod", "prod");
export const reduceMax = reducePrimitive("reduce_max", "max");
export const reduceMin = reducePrimitive("reduce_min", "min");

function argPrimitive(name: "argmax" | "argmin"): Primitive<{ axis: number }> {
  return definePrimitive({
    name,
    abstractEval([x], { axis }) {
      checkAxes(name, x!.shape, [axis]);
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
  });
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

function cumulativePrimitive(name: string, op: "sum" | "prod" | "max" | "min"): Primitive<{ axis: number; reverse: boolean }> {
  return definePrimitive({
    name,
    abstractEval([x], { axis }) {
      checkAxes(name, x!.shape, [axis]);
      if ((op === "sum" || op === "prod") && x!.dtype === "bool") {
        throw new DTypeError(`lax.${name}: does not accept bool operands; convert with x.astype("int32") first.`);
      }
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
  });
}

export const cumsum = cumulativePrimitive("cumsum", "sum");
export const cumprod = cumulativePrimitive("cumprod", "prod");
export const cummax = cumulativePrimitive("cummax", "max");
export const cummin = cumulativePrimitive("cummin", "min");
