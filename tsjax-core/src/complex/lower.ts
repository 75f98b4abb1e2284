/**
 * `complex64`: how complex numbers are stored and computed (the decision for this dtype).
 *
 * - **Storage.** A `complex64` array of shape `s` lives in a float32 buffer of `2 * size`
 *   elements, real and imaginary parts interleaved (`re0, im0, re1, im1, ...`), the layout
 *   of numpy, XLA and the usual JS FFT libraries. Its float32 *storage view* of shape
 *   `[...s, 2]` shares that buffer (`DeviceArray.storageView`), so strided views (transpose,
 *   slices, broadcasts) of complex arrays are as free as real ones, and `data()` returns the
 *   interleaved Float32Array as it is.
 * - **Primitives** accept `complex64` where `jax.lax` does; their abstract evaluation,
 *   JVP, transpose and batching rules work on complex values, so tracing, `grad`, `vmap` and
 *   jaxprs see complex values as JAX does (`c64[3]`).
 * - **Computation.** No backend or code generator knows complex numbers. Before a jaxpr is
 *   compiled (`compile/optimize.ts`), this pass rewrites it into an equivalent real jaxpr: a
 *   complex variable becomes its real and imaginary parts (two float32 arrays), and each
 *   equation that touches complex values becomes the real equations of its *complex rule*
 *   (`Primitive.complex`, or the table in `complex/rules.ts` for the lax primitives): a
 *   complex product is four real products and two sums, a complex `dot_general` four real
 *   ones, movement ops act on both parts alike. The program's complex inputs and outputs are
 *   their storage views (float32 `[...s, 2]`), split into parts where read and interleaved
 *   where returned; intermediate values never are, so the parts fuse like any real
 *   elementwise chain, on the CPU (JS and WebAssembly) and WebGPU alike. Control-flow bodies
 *   (`scan`, `while`, `cond`) take their complex values in storage layout and are lowered the
 *   same way when compiled.
 * - **Eagerly**, a primitive with complex operands or results runs as the compiled program of
 *   its one equation (`complex/eval.ts`), cached per signature, as `jit` would run it.
 * - **Host values.** `data()` gives interleaved `re, im` pairs; `toArray()` and `item()` give
 *   `{ re, im }` objects; `np.array` takes `{ re, im }` objects, and `lax.complex(re, im)`
 *   builds complex arrays from two real ones. JS has no complex literal, so no value is weakly
 *   complex: `x.mul(2)` of a complex `x` stays complex64, and float32 with complex64 promotes to
 *   complex64, as in JAX.
 */
import { Array } from "../array/array.js";
import { DTypeError } from "../errors.js";
import { ClosedJaxpr, Jaxpr, Literal, type Atom, type Var } from "../core/jaxpr.js";
import type { ComplexContext, Primitive, ShapedArray } from "../core/primitive.js";
import { literalArray, traceToJaxpr } from "../core/staging.js";
import { bind } from "../core/trace.js";
import * as O from "../primitives/ops.js";
import { complexRuleOf } from "./rules.js";

/** True for a `complex64` abstract value. */
function isComplexAval(a: ShapedArray): boolean {
  return a.dtype === "complex64";
}

/** The abstract value of how `a` is stored: float32 `[...shape, 2]` for complex64, else `a`. */
function storageAval(a: ShapedArray): ShapedArray {
  return isComplexAval(a) ? { shape: [...a.shape, 2], dtype: "float32", weakType: false } : a;
}

/** Splits a storage view (float32 `[...s, 2]`) into its real and imaginary parts. */
function unpack(x: Array): [Array, Array] {
  const s = x.shape.slice(0, -1);
  const part = (k: number) => O.reshapeTo(O.sliceAxis(x, s.length, k, k + 1), s);
  return [part(0), part(1)];
}

/** Interleaves real and imaginary parts into a storage view (float32 `[...s, 2]`). */
function pack([re, im]: readonly [Array, Array]): Array {
  const s = [...re.shape, 1];
  return O.concat([O.reshapeTo(re, s), O.reshapeTo(im, s)], re.ndim);
}

/** A complex value in the pass: its storage view or its parts, each made when first needed. */
class Cx {
  constructor(
    private stored?: Array,
    private parts?: readonly [Array, Array],
  ) {}
  get pair(): readonly [Array, Array] {
    return (this.parts ??= unpack(this.stored!));
  }
  get packed(): Array {
    return (this.stored ??= pack(this.parts!));
  }
}

type Value = Array | Cx;

/** True when any variable of `jaxpr` (not of nested bodies) is complex. */
function mentionsComplex(jaxpr: Jaxpr): boolean {
  const c = (a: Atom) => isComplexAval(a.aval);
  return jaxpr.inBinders.some(c) || jaxpr.outs.some(c) || jaxpr.eqns.some((e) => e.inputs.some(c) || e.outBinders.some(c));
}

/**
 * The real jaxpr equivalent to `jaxpr`: complex inputs and outputs in storage layout,
 * complex equations replaced by their rules (see the module comment). Constants that rules
 * made are returned, to be passed after the inputs. A jaxpr without complex variables is
 * returned as it is.
 */
export function lowerComplex(jaxpr: Jaxpr): { jaxpr: Jaxpr; extraConsts: Array[] } {
  if (!mentionsComplex(jaxpr)) return { jaxpr, extraConsts: [] };
  const closed = traceToJaxpr((...ins) => interpret(jaxpr, ins), jaxpr.inBinders.map((v) => storageAval(v.aval)), {
    label: "complex64",
    dynamic: true,
  });
  const n = closed.consts.length;
  const j = closed.jaxpr;
  return { jaxpr: new Jaxpr([...j.inBinders.slice(n), ...j.inBinders.slice(0, n)], j.eqns, j.outs), extraConsts: [...closed.consts] };
}

const loweredBodies = new WeakMap<ClosedJaxpr, ClosedJaxpr>();

/** `lowerComplex` of a closed jaxpr (a control-flow body), cached. */
function lowerClosed(closed: ClosedJaxpr): ClosedJaxpr {
  let out = loweredBodies.get(closed);
  if (!out) {
    const { jaxpr, extraConsts } = lowerComplex(closed.jaxpr);
    if (jaxpr === closed.jaxpr) out = closed;
    else {
      // the rules' constants lead, then the body's own, then its arguments
      const k = jaxpr.inBinders.length - extraConsts.length;
      const ins = [...jaxpr.inBinders.slice(k), ...jaxpr.inBinders.slice(0, k)];
      out = new ClosedJaxpr(new Jaxpr(ins, jaxpr.eqns, jaxpr.outs), [...extraConsts, ...closed.consts]);
    }
    loweredBodies.set(closed, out);
  }
  return out;
}

/** Evaluates `jaxpr` on real arrays (complex values in storage layout), staging the rules. */
function interpret(jaxpr: Jaxpr, ins: readonly Array[]): Array[] {
  const env = new Map<Var, Value>();
  jaxpr.inBinders.forEach((v, i) => env.set(v, isComplexAval(v.aval) ? new Cx(ins[i]) : ins[i]!));
  const read = (a: Atom): Value => {
    if (!(a instanceof Literal)) return env.get(a)!;
    if (!isComplexAval(a.aval)) return literalArray(a);
    // a complex literal holds a real number
    return new Cx(undefined, [O.scalar(a.value as number, "float32"), O.scalar(0, "float32")]);
  };
  for (const e of jaxpr.eqns) {
    const inVals = e.inputs.map(read);
    const inAvals = e.inputs.map((a) => a.aval);
    const outAvals = e.outBinders.map((v) => v.aval);
    const outs = inAvals.some(isComplexAval) || outAvals.some(isComplexAval)
      ? lowerEquation(e.primitive, inVals, e.params, { inAvals, outAvals })
      : bind(e.primitive, inVals as Array[], e.params);
    e.outBinders.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outs.map((a) => {
    const v = read(a);
    return v instanceof Cx ? v.packed : v;
  });
}

/** The values of one equation with complex operands or results. */
function lowerEquation(prim: Primitive<any>, ins: readonly Value[], params: any, ctx: ComplexContext): Value[] {
  const rule = prim.complex ?? complexRuleOf(prim);
  if (rule) {
    const outs = rule(ins.map((v) => (v instanceof Cx ? v.pair : v)), params, ctx);
    return outs.map((o, i) => {
      const complex = isComplexAval(ctx.outAvals[i]!);
      if (complex !== !(o instanceof Array)) throw new Error(`internal: the complex rule of ${prim.name} returned a wrong kind of value`);
      return o instanceof Array ? o : new Cx(undefined, o);
    });
  }
  if (hasBodies(params)) {
    // control flow: complex values cross in storage layout; bodies are lowered alike
    const outs = bind(prim, ins.map((v) => (v instanceof Cx ? v.packed : v)), mapBodies(params));
    return outs.map((o, i) => (isComplexAval(ctx.outAvals[i]!) ? new Cx(o) : o));
  }
  throw new DTypeError(
    `lax.${prim.name}: complex64 operands are not supported (operands: ${ctx.inAvals.map((a) => a.dtype).join(", ")}). ` +
      "Apply it to np.real(x) and np.imag(x) separately where that is what you mean.",
  );
}

function isBody(v: unknown): boolean {
  return v instanceof ClosedJaxpr || (globalThis.Array.isArray(v) && v.length > 0 && v.every((b) => b instanceof ClosedJaxpr));
}

function hasBodies(params: unknown): boolean {
  return params !== null && typeof params === "object" && Object.values(params).some(isBody);
}

function mapBodies(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v instanceof ClosedJaxpr ? lowerClosed(v) : isBody(v) ? (v as ClosedJaxpr[]).map(lowerClosed) : v;
  }
  return out;
}
