/**
 * Reverse mode as JAX does it: linearize, then transpose.
 *
 * `linearizeFlat` runs the JVP with tangent inputs that are staging tracers of a
 * non-dynamic staging trace: primal work runs eagerly (values are known), tangent work is
 * recorded (it depends on the unknown tangents). The recorded jaxpr is the linear map from
 * input tangents to output tangents; its constants are the residuals the backward pass needs.
 * `backwardPass` evaluates that jaxpr transposed, equation by equation in reverse.
 */
import type { Array } from "../array/array.js";
import { isInexactDType } from "../dtype.js";
import { type ClosedJaxpr, type Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.js";
import { type ShapedArray, type Tangent, UndefinedPrimal } from "../core/primitive.js";
import { JaxprBuilder, StagingTrace, type StagingTracer, evalJaxpr, literalArray, toStaged } from "../core/staging.js";
import { bind, newMain, withDeviceHint } from "../core/trace.js";
import { addJaxvals } from "../core/ad-util.js";
import { jvpFlat } from "./jvp.js";

/** The linear part of a function at a point. */
export interface Linearized {
  primalsOut: Array[];
  /** Linear map from the non-null tangent inputs to the non-null tangent outputs. */
  jaxpr: ClosedJaxpr;
  /** Which inputs are differentiable (float): those have a tangent input in `jaxpr`. */
  inMask: boolean[];
  /** Which outputs have a (possibly nonzero) tangent: those are outputs of `jaxpr`. */
  outMask: boolean[];
  outAvals: ShapedArray[];
}

function tangentAval(x: Array): ShapedArray {
  return { shape: x.shape, dtype: x.dtype, weakType: x.weakType };
}

/** Linearizes `f` at `primals`. */
export function linearizeFlat(f: (...xs: Array[]) => Array[], primals: readonly Array[], label = "linearize"): Linearized {
  return newMain(StagingTrace, label, new JaxprBuilder(true), (main) => {
    const st = new StagingTrace(main);
    const inMask = primals.map((p) => isInexactDType(p.dtype));
    const tanIn: (StagingTracer | null)[] = primals.map((p, i) => (inMask[i] ? st.newArg(tangentAval(p), p.device) : null));
    const [primalsOut, tanOut] = jvpFlat(f, primals, tanIn, label);
    const outMask = tanOut.map((t) => t !== null);
    const outs = tanOut.filter((t): t is Array => t !== null).map((t) => toStaged(st, t));
    const jaxpr = st.builder.build(tanIn.filter((t): t is StagingTracer => t !== null), outs);
    return { primalsOut, jaxpr, inMask, outMask, outAvals: primalsOut.map(tangentAval) };
  }, primals[0]?.device);
}

/** Adds two cotangents (either may be a symbolic zero). */
function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a === null) return b;
  if (b === null) return a;
  return addJaxvals(a, b);
}

/**
 * Transposes a jaxpr that is linear in its undefined inputs: `args` gives every input, as a
 * value (known) or an `UndefinedPrimal` (linear). Equations whose inputs are all known are
 * evaluated forward first; the others are transposed in reverse order. Returns cotangents of
 * the undefined inputs (in order); `null` cotangents are zeros.
 */
export function backwardPassWith(jaxpr: Jaxpr, args: readonly (Array | UndefinedPrimal)[], cts: readonly Tangent[]): Tangent[] {
  const known = new Map<Var, Array>();
  const device = args.find((a): a is Array => !(a instanceof UndefinedPrimal))?.device;
  jaxpr.inBinders.forEach((v, i) => {
    const a = args[i]!;
    if (!(a instanceof UndefinedPrimal)) known.set(v, a);
  });
  const readPrimal = (a: Literal | Var): Array | UndefinedPrimal =>
    a instanceof Literal ? literalArray(a, device) : (known.get(a) ?? new UndefinedPrimal(a.aval));
  const linearEqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const ins = e.inputs.map(readPrimal);
    if (ins.some((x) => x instanceof UndefinedPrimal)) {
      linearEqns.push(e);
      continue;
    }
    const outs = bind(e.primitive, ins as Array[], e.params);
    e.outBinders.forEach((v, i) => known.set(v, outs[i]!));
  }
  const ctEnv = new Map<Var, Tangent>();
  const writeCt = (v: Var, ct: Tangent) => {
    if (ct === null) return;
    ctEnv.set(v, addTangents(ctEnv.get(v) ?? null, ct));
  };
  jaxpr.outs.forEach((a, i) => {
    if (!(a instanceof Literal) && !known.has(a)) writeCt(a, cts[i] ?? null);
  });
  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const e = linearEqns[k]!;
    const ctsOut = e.outBinders.map((v) => ctEnv.get(v) ?? null);
    e.outBinders.forEach((v) => ctEnv.delete(v));
    if (ctsOut.every((c) => c === null)) continue;
    const ins = e.inputs.map(readPrimal);
    if (!e.primitive.transpose) {
      throw new TypeError(
        `Transpose rule for '${e.primitive.name}' is not implemented: reverse-mode differentiation (grad/vjp) ` +
          "needs it for every operation applied to tangents.",
      );
    }
    const dev = (ctsOut.find((c) => c !== null) ?? ins.find((x): x is Array => !(x instanceof UndefinedPrimal)))?.device ?? device;
    const transpose = e.primitive.transpose;
    const ctsIn = withDeviceHint(dev, () => transpose(ctsOut, ins, e.params));
    ins.forEach((x, i) => {
      if (x instanceof UndefinedPrimal) writeCt(e.inputs[i] as Var, ctsIn[i] ?? null);
    });
  }
  return jaxpr.inBinders.filter((_, i) => args[i] instanceof UndefinedPrimal).map((v) => ctEnv.get(v) ?? null);
}

/** Transposes a closed linear jaxpr (constants known, other inputs linear). */
function backwardPass(closed: ClosedJaxpr, cts: readonly Tangent[]): Tangent[] {
  const args = [...closed.consts, ...closed.inAvals.map((a) => new UndefinedPrimal(a))];
  return backwardPassWith(closed.jaxpr, args, cts);
}

/** Evaluates the linear map of a `Linearized` on tangents of the differentiable inputs. */
export function applyLinear(lin: Linearized, tangents: readonly Tangent[]): Tangent[] {
  const ins = tangents.filter((_, i) => lin.inMask[i]);
  if (ins.some((t) => t === null)) {
    throw new TypeError("internal: applyLinear needs every differentiable tangent (use zeros)");
  }
  const outs = evalJaxpr(lin.jaxpr.jaxpr, [...lin.jaxpr.consts, ...(ins as Array[])]);
  let k = 0;
  return lin.outMask.map((m) => (m ? outs[k++]! : null));
}

/** Cotangents of the inputs (null for non-differentiable ones) from cotangents of the outputs. */
export function applyTranspose(lin: Linearized, cts: readonly Tangent[]): Tangent[] {
  const ctsIn = backwardPass(lin.jaxpr, cts.filter((_, i) => lin.outMask[i]));
  let k = 0;
  return lin.inMask.map((m) => (m ? ctsIn[k++]! : null));
}
