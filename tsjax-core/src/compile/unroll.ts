/**
 * Unrolling of short scans before compilation: a `scan` of a few steps (a `layerStack` of
 * transformer blocks, and the scans that its gradient adds) becomes its body's equations, once
 * per step, on static slices of `xs`, with the `ys` stacked by `concatenate`. The program then
 * has no host step for it: kernels fuse across steps, the stacked carries that the backward
 * scan reads are the forward steps' values themselves (see `simplifyStacks` in `optimize.ts`),
 * and CSE merges the forward computation that the backward body repeats (the scan's JVP saves
 * only the carries) with the forward scan's. A scan stays a host step when it is long or its
 * body large (`MAX_UNROLL_LENGTH`, `MAX_UNROLLED_EQNS`): its program would grow with it.
 */
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Var } from "../core/jaxpr.js";
import { aval } from "../core/primitive.js";
import { type ScanParams, scan } from "../primitives/control.js";
import { concatenate, reshape, slice } from "../primitives/structural.js";

/** Scans of at most this many steps are unrolled... */
export const MAX_UNROLL_LENGTH = 8;
/** ...when the unrolled program has at most this many equations (nested bodies counted). */
const MAX_UNROLLED_EQNS = 4096;

/** Equations of a jaxpr, those of the bodies in its params included. */
function eqnCount(j: Jaxpr): number {
  let n = 0;
  for (const e of j.eqns) {
    n++;
    for (const v of Object.values(e.params ?? {})) if (v instanceof ClosedJaxpr) n += eqnCount(v.jaxpr);
  }
  return n;
}

/** Appends the equations of `j` applied to `args` to `eqns` (fresh binders); returns its outputs. */
function inline(j: Jaxpr, args: readonly Atom[], eqns: JaxprEqn[]): Atom[] {
  const env = new Map<Var, Atom>();
  j.inBinders.forEach((v, i) => env.set(v, args[i]!));
  const rd = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
  for (const e of j.eqns) {
    const outBinders = e.outBinders.map((v) => new Var(v.aval));
    e.outBinders.forEach((v, i) => env.set(v, outBinders[i]!));
    eqns.push({ primitive: e.primitive, inputs: e.inputs.map(rd), params: e.params, outBinders });
  }
  return j.outs.map(rd);
}

/**
 * A closed jaxpr equal to the `scan` equation `e` (same inputs and outputs), with the loop
 * unrolled; undefined for other equations and for scans too long or too large to unroll.
 */
export function unrollScan(e: JaxprEqn): ClosedJaxpr | undefined {
  if (e.primitive !== scan) return undefined;
  const p = e.params as ScanParams;
  const L = p.length;
  if (L < 1 || L > MAX_UNROLL_LENGTH || L * eqnCount(p.body.jaxpr) > MAX_UNROLLED_EQNS) return undefined;
  const eqns: JaxprEqn[] = [];
  const apply = (primitive: JaxprEqn["primitive"], inputs: Atom[], params: unknown, shape: readonly number[], like: Atom): Var => {
    const out = new Var(aval(shape, like.aval.dtype, like.aval.weakType));
    eqns.push({ primitive, inputs, params, outBinders: [out] });
    return out;
  };
  const bodyConsts = p.body.jaxpr.inBinders.slice(0, p.body.consts.length).map((v) => new Var(v.aval));
  const ins = e.inputs.map((a) => new Var(a.aval));
  const consts = ins.slice(0, p.numConsts);
  const xs = ins.slice(p.numConsts + p.numCarry);
  let carry: Atom[] = ins.slice(p.numConsts, p.numConsts + p.numCarry);
  const numYs = e.outBinders.length - p.numCarry;
  const ys: Atom[][] = Array.from({ length: numYs }, () => new Array<Atom>(L));
  for (let t = 0; t < L; t++) {
    const i = p.reverse ? L - 1 - t : t;
    const x = xs.map((xv) => {
      const [, ...rest] = xv.aval.shape;
      const starts = [i, ...rest.map(() => 0)];
      const one = apply(slice, [xv], { startIndices: starts, limitIndices: [i + 1, ...rest], strides: starts.map(() => 1) }, [1, ...rest], xv);
      return apply(reshape, [one], { newSizes: rest }, rest, xv);
    });
    const outs = inline(p.body.jaxpr, [...bodyConsts, ...consts, ...carry, ...x], eqns);
    carry = outs.slice(0, p.numCarry);
    outs.slice(p.numCarry).forEach((y, k) => (ys[k]![i] = y));
  }
  const stacked = ys.map((list) => {
    const rows = list.map((y) => apply(reshape, [y], { newSizes: [1, ...y.aval.shape] }, [1, ...y.aval.shape], y));
    return rows.length === 1 ? rows[0]! : apply(concatenate, rows, { dimension: 0 }, [L, ...list[0]!.aval.shape], list[0]!);
  });
  return new ClosedJaxpr(new Jaxpr([...bodyConsts, ...ins], eqns, [...carry, ...stacked]), p.body.consts);
}
