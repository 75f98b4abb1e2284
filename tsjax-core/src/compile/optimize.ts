/**
 * Jaxpr-level optimizations run before compilation: inlining of call-like primitives
 * (nested jit, custom derivatives, checkpoint) and of expanded primitives (`Primitive.expand`),
 * common-subexpression elimination and
 * dead-code elimination.
 */
import { identityId } from "../util/identity.js";
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, Var, liveEquations } from "../core/jaxpr.js";
import type { Primitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import { expansionJaxpr } from "../core/expand.js";
import { lowerComplex } from "../complex/lower.js";

/** Primitives whose body (a closed jaxpr in `params[bodyParam]`) can be inlined. */
const INLINABLE: Record<string, string> = {
  pjit: "jaxpr",
  custom_jvp_call: "call",
  custom_vjp_call: "call",
  remat: "jaxpr",
};

/** A string key for primitive params (objects by identity where JSON cannot express them). */
export function paramsKey(params: unknown): string {
  return JSON.stringify(params ?? null, (_k, v) => {
    if (v instanceof ClosedJaxpr || v instanceof Jaxpr || typeof v === "function") return `#${identityId(v as object)}`;
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    return v;
  });
}

/**
 * Rewrites an equation into an equivalent closed jaxpr that `inlineCalls` then inlines (a short
 * scan, unrolled: `unroll.ts`), or returns undefined. Set by `registerHostSteps`, which owns
 * control flow in programs (this module does not import the primitives).
 */
type EqnRewriter = (e: JaxprEqn) => ClosedJaxpr | undefined;
let rewriter: EqnRewriter | undefined;
/** @internal Sets the equation rewriter (see `EqnRewriter`). */
export function _setEqnRewriter(fn: EqnRewriter): void {
  rewriter = fn;
}

/**
 * Replaces call-like equations by the equations of their bodies, recursively. Constants held
 * by inlined bodies become extra inputs, appended to the inputs, with their values returned.
 */
function inlineCalls(jaxpr: Jaxpr): { jaxpr: Jaxpr; extraConsts: Array[] } {
  const eqns: JaxprEqn[] = [];
  const constVars = new Map<Array, Var>();
  const constAtom = (x: Array): Var => {
    let v = constVars.get(x);
    if (!v) constVars.set(x, (v = new Var({ shape: x.shape, dtype: x.dtype, weakType: x.weakType })));
    return v;
  };
  const emit = (j: Jaxpr, args: readonly Atom[]): Atom[] => {
    const local = new Map<Var, Atom>();
    j.inBinders.forEach((v, i) => local.set(v, args[i]!));
    const rd = (a: Atom): Atom => (a instanceof Var ? (local.get(a) ?? a) : a);
    for (const e of j.eqns) {
      const ins = e.inputs.map(rd);
      const body = INLINABLE[e.primitive.name];
      const prim = e.primitive as Primitive<unknown>;
      const closed = body ? (e.params[body] as ClosedJaxpr) : prim.expand ? expansionJaxpr(prim, e.params, e.inputs.map((a) => a.aval)) : rewriter?.(e);
      if (closed) {
        const outs = emit(closed.jaxpr, [...closed.consts.map(constAtom), ...ins]);
        e.outBinders.forEach((v, i) => local.set(v, outs[i]!));
        continue;
      }
      const outBinders = e.outBinders.map((v) => new Var(v.aval));
      e.outBinders.forEach((v, i) => local.set(v, outBinders[i]!));
      eqns.push({ primitive: e.primitive, inputs: ins, params: e.params, outBinders });
    }
    return j.outs.map(rd);
  };
  const outs = emit(jaxpr, jaxpr.inBinders);
  return {
    jaxpr: new Jaxpr([...jaxpr.inBinders, ...constVars.values()], eqns, outs),
    extraConsts: [...constVars.keys()],
  };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Folds the stacking and slicing that unrolled scans leave (`unroll.ts`): a `slice` that takes
 * exactly one operand of a `concatenate` is that operand, and a `reshape` of a `reshape` reshapes
 * the first input (or is it, when the shapes match). The backward steps of an unrolled scan then
 * read the forward steps' carries, not slices of their stack.
 */
export function simplifyStacks(jaxpr: Jaxpr): Jaxpr {
  const rename = new Map<Var, Atom>();
  const producer = new Map<Var, JaxprEqn>();
  const rd = (a: Atom): Atom => (a instanceof Var ? (rename.get(a) ?? a) : a);
  const eqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(rd);
    const src = inputs[0] instanceof Var ? producer.get(inputs[0]) : undefined;
    const out = e.outBinders[0]!;
    if (e.primitive.name === "slice" && src?.primitive.name === "concatenate") {
      const d = src.params.dimension as number;
      const { startIndices: s, limitIndices: l, strides: st } = e.params as { startIndices: number[]; limitIndices: number[]; strides: number[] };
      const whole = inputs[0]!.aval.shape.every((n, i) => i === d || (s[i] === 0 && l[i] === n)) && st.every((k) => k === 1);
      let at = 0;
      const piece = src.inputs.find((x) => {
        const hit = at === s[d] && at + x.aval.shape[d]! === l[d];
        at += x.aval.shape[d]!;
        return hit;
      });
      if (whole && piece) {
        rename.set(out, piece);
        continue;
      }
    }
    if (e.primitive.name === "reshape" && src?.primitive.name === "reshape") {
      const first = src.inputs[0]!;
      if (sameShape(first.aval.shape, out.aval.shape)) {
        rename.set(out, first);
        continue;
      }
      inputs[0] = first;
    }
    const kept = { ...e, inputs };
    if (e.primitive.name === "concatenate" || e.primitive.name === "reshape") producer.set(out, kept);
    eqns.push(kept);
  }
  return new Jaxpr(jaxpr.inBinders, eqns, jaxpr.outs.map(rd));
}

/** Merges equations that apply the same primitive with the same params to the same inputs. */
function cse(jaxpr: Jaxpr): Jaxpr {
  const seen = new Map<string, readonly Var[]>();
  const rename = new Map<Var, Var>();
  const atomKey = new Map<Var, number>();
  let n = 0;
  const keyOf = (a: Atom) => {
    if (a instanceof Literal) return `L${a.aval.dtype}:${String(a.value)}`;
    const v = rename.get(a) ?? a;
    let k = atomKey.get(v);
    if (k === undefined) atomKey.set(v, (k = n++));
    return `V${k}`;
  };
  const rd = (a: Atom): Atom => (a instanceof Var ? (rename.get(a) ?? a) : a);
  const eqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(rd);
    const prim = e.primitive as Primitive<unknown>;
    if (!prim.effectful) {
      const key = `${prim.name}|${paramsKey(e.params)}|${inputs.map(keyOf).join(",")}`;
      const prev = seen.get(key);
      if (prev) {
        e.outBinders.forEach((v, i) => rename.set(v, prev[i]!));
        continue;
      }
      seen.set(key, e.outBinders);
    }
    eqns.push({ ...e, inputs });
  }
  return new Jaxpr(jaxpr.inBinders, eqns, jaxpr.outs.map(rd));
}

/** Removes equations whose outputs are not used (keeping effectful ones). */
function dce(jaxpr: Jaxpr): Jaxpr {
  return new Jaxpr(jaxpr.inBinders, liveEquations(jaxpr.eqns, jaxpr.outs).kept, jaxpr.outs);
}

/**
 * The standard pipeline: inline (and unroll short scans), lower complex values to float32 parts
 * (`complex/lower.ts`), fold the stacks of unrolled scans (`simplifyStacks`), CSE, DCE. Returns
 * the extra constant inputs of inlined bodies and complex rules.
 */
export function optimize(jaxpr: Jaxpr): { jaxpr: Jaxpr; extraConsts: Array[] } {
  const { jaxpr: inlined, extraConsts } = inlineCalls(jaxpr);
  const { jaxpr: real, extraConsts: ruleConsts } = lowerComplex(inlined);
  return { jaxpr: dce(cse(simplifyStacks(real))), extraConsts: [...extraConsts, ...ruleConsts] };
}
