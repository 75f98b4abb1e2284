/**
 * `dot_general`: contraction over paired axes with batch axes, as `jax.lax.dot_general`.
 * Output axes: batch, then lhs free axes, then rhs free axes. float16 accumulates in float32.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, sizeOf } from "../shape.js";
import { type Exp, binary, cast, freshVar, reduce, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { aval, definePrimitive } from "../core/primitive.js";

export interface DotGeneralParams {
  /** [lhs contracting axes, rhs contracting axes]. */
  contracting: readonly [readonly number[], readonly number[]];
  /** [lhs batch axes, rhs batch axes]. */
  batch: readonly [readonly number[], readonly number[]];
}

function freeAxes(ndim: number, used: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !used.includes(i));
}

export const dotGeneral = definePrimitive<DotGeneralParams>({
  name: "dot_general",
  abstractEval([l, r], { contracting: [lc, rc], batch: [lb, rb] }) {
    const where = `lax.dotGeneral(${fmtShape(l!.shape)} ${l!.dtype}, ${fmtShape(r!.shape)} ${r!.dtype})`;
    if (l!.dtype !== r!.dtype) throw new DTypeError(`${where}: operands must have the same dtype; use np.matmul/np.dot for promotion.`);
    if (l!.dtype === "bool") throw new DTypeError(`${where}: bool operands are not supported; convert them with astype first.`);
    const valid = (axes: readonly number[], n: number) => axes.every((a, i) => a >= 0 && a < n && axes.indexOf(a) === i);
    if (lc.length !== rc.length || lb.length !== rb.length || !valid([...lc, ...lb], l!.shape.length) || !valid([...rc, ...rb], r!.shape.length)) {
      throw new ShapeError(`${where}: bad dimension numbers contracting=${JSON.stringify([lc, rc])} batch=${JSON.stringify([lb, rb])}.`);
    }
    lc.forEach((a, i) => {
      if (l!.shape[a] !== r!.shape[rc[i]!]) {
        throw new ShapeError(`${where}: contracting axes ${a} and ${rc[i]} have sizes ${l!.shape[a]} and ${r!.shape[rc[i]!]}; they must be equal.`);
      }
    });
    lb.forEach((a, i) => {
      if (l!.shape[a] !== r!.shape[rb[i]!]) {
        throw new ShapeError(`${where}: batch axes ${a} and ${rb[i]} have sizes ${l!.shape[a]} and ${r!.shape[rb[i]!]}; they must be equal.`);
      }
    });
    const shape = [
      ...lb.map((a) => l!.shape[a]!),
      ...freeAxes(l!.shape.length, [...lc, ...lb]).map((a) => l!.shape[a]!),
      ...freeAxes(r!.shape.length, [...rc, ...rb]).map((a) => r!.shape[a]!),
    ];
    return [aval(shape, l!.dtype, l!.weakType && r!.weakType)];
  },
  lower([l, r], { contracting: [lc, rc], batch: [lb, rb] }, [out]) {
    const lf = freeAxes(l!.shape.length, [...lc, ...lb]);
    const rf = freeAxes(r!.shape.length, [...rc, ...rb]);
    const kShape = lc.map((a) => l!.shape[a]!);
    const acc = out!.dtype === "float16" ? "float32" : out!.dtype;
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const rv = freshVar();
        const k = unravelIndex(variable(rv), kShape);
        const li = new Array<Exp>(l!.shape.length);
        const ri = new Array<Exp>(r!.shape.length);
        lb.forEach((a, i) => (li[a] = idx[i]!));
        rb.forEach((a, i) => (ri[a] = idx[i]!));
        lf.forEach((a, i) => (li[a] = idx[lb.length + i]!));
        rf.forEach((a, i) => (ri[a] = idx[lb.length + lf.length + i]!));
        lc.forEach((a, i) => (li[a] = k[i]!));
        rc.forEach((a, i) => (ri[a] = k[i]!));
        const prod = binary("mul", cast(l!.at(li), acc), cast(r!.at(ri), acc));
        return cast(reduce("sum", rv, sizeOf(kShape), prod), out!.dtype);
      }),
    ];
  },
});
