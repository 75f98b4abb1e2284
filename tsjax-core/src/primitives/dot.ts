/**
 * `dot_general`: contraction over paired axes with batch axes, as `jax.lax.dot_general`.
 * Output axes: batch, then lhs free axes, then rhs free axes. float16 accumulates in float32.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, sizeOf } from "../shape.js";
import { type Exp, binary, cast, freshVar, reduce, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import { moveAxis } from "../transforms/vmap.js";
import * as O from "./ops.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";

export interface DotGeneralParams {
  /** [lhs contracting axes, rhs contracting axes]. */
  contracting: readonly [readonly number[], readonly number[]];
  /** [lhs batch axes, rhs batch axes]. */
  batch: readonly [readonly number[], readonly number[]];
}

function freeAxes(ndim: number, used: readonly number[]): number[] {
  return range(ndim).filter((i) => !used.includes(i));
}

export const dotGeneral: Primitive<DotGeneralParams> = definePrimitive<DotGeneralParams>({
  name: "dot_general",
  fusion: { contraction: true, rereadsInputs: true, reduction: true },
  abstractEval([l, r], { contracting: [lc, rc], batch: [lb, rb] }) {
    const where = `lax.dotGeneral(${fmtShape(l!.shape)} ${l!.dtype}, ${fmtShape(r!.shape)} ${r!.dtype})`;
    if (l!.dtype !== r!.dtype) throw new DTypeError(`${where}: operands must have the same dtype; use np.matmul/np.dot for promotion.`);
    if (l!.dtype === "bool") throw new DTypeError(`${where}: bool operands are not supported; convert them with astype first.`);
    const valid = (axes: readonly number[], n: number) => axes.every((a, i) => a >= 0 && a < n && axes.indexOf(a) === i);
    if (lc.length !== rc.length || lb.length !== rb.length || !valid([...lc, ...lb], l!.shape.length) || !valid([...rc, ...rb], r!.shape.length)) {
      throw new ShapeError(`${where}: bad dimension numbers contracting=${formatValue([lc, rc])} batch=${formatValue([lb, rb])}.`);
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
        const li = new globalThis.Array<Exp>(l!.shape.length);
        const ri = new globalThis.Array<Exp>(r!.shape.length);
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
  jvp([l, r], [tl, tr], params) {
    const y = O.bind1(dotGeneral, [l!, r!], params);
    let t: Array | null = tl ? O.bind1(dotGeneral, [tl, r!], params) : null;
    if (tr) {
      const u = O.bind1(dotGeneral, [l!, tr], params);
      t = t ? O.add(t, u) : u;
    }
    return [[y], [t]];
  },
  transpose([ct], [l, r], { contracting: [lc, rc], batch: [lb, rb] }) {
    if (!ct) return [null, null];
    const la = l instanceof UndefinedPrimal ? l.aval : l!;
    const ra = r instanceof UndefinedPrimal ? r.aval : r!;
    const nb = lb.length;
    const lf = freeAxes(la.shape.length, [...lc, ...lb]);
    const rf = freeAxes(ra.shape.length, [...rc, ...rb]);
    const sorted = (a: readonly number[]) => [...a].sort((x, y) => x - y);
    const place = (res: Array, asAxes: number[]) => O.transposeTo(res, range(asAxes.length).map((i) => asAxes.indexOf(i)));
    let ctL: Array | null = null;
    let ctR: Array | null = null;
    if (l instanceof UndefinedPrimal) {
      const res = O.bind1(dotGeneral, [ct, r as Array], { contracting: [range(nb + lf.length + rf.length, nb + lf.length), rf], batch: [range(nb), rb] });
      ctL = place(res, [...lb, ...lf, ...sorted(rc).map((a) => lc[rc.indexOf(a)]!)]);
    }
    if (r instanceof UndefinedPrimal) {
      const res = O.bind1(dotGeneral, [ct, l as Array], { contracting: [range(nb + lf.length, nb), lf], batch: [range(nb), lb] });
      ctR = place(res, [...rb, ...rf, ...sorted(lc).map((a) => rc[lc.indexOf(a)]!)]);
    }
    return [ctL, ctR];
  },
  batch([l, r], [dl, dr], { contracting: [lc, rc], batch: [lb, rb] }) {
    const inc = (a: readonly number[]) => a.map((v) => v + 1);
    if (dl !== null && dr !== null) {
      const out = O.bind1(dotGeneral, [moveAxis(l!, dl!, 0), moveAxis(r!, dr!, 0)], { contracting: [inc(lc), inc(rc)], batch: [[0, ...inc(lb)], [0, ...inc(rb)]] });
      return [[out], [0]];
    }
    if (dl !== null) {
      const out = O.bind1(dotGeneral, [moveAxis(l!, dl!, 0), r!], { contracting: [inc(lc), rc], batch: [inc(lb), rb] });
      return [[out], [lb.length]];
    }
    const out = O.bind1(dotGeneral, [l!, moveAxis(r!, dr!, 0)], { contracting: [lc, inc(rc)], batch: [lb, inc(rb)] });
    const nlf = l!.shape.length - lc.length - lb.length;
    return [[out], [lb.length + nlf]];
  },
});
