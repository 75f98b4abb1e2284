/**
 * Staging: tracing a function into a jaxpr. A `StagingTrace` records every primitive applied
 * to its tracers as an equation. As the dynamic trace (jit, control-flow bodies, makeJaxpr) it
 * records every operation; as an ordinary trace (linearize) it records only operations that
 * depend on its inputs, while the rest runs eagerly: that is partial evaluation.
 */
import { type Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { adopt } from "../array/frames.js";
import { untracked } from "../array/lifetime.js";
import type { DeviceName } from "../backend/backend.js";
import { defaultDevice } from "../backend/devices.js";
import { scalarArray } from "./eager.js";
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, Var, liveEquations } from "./jaxpr.js";
import type { Primitive, ShapedArray } from "./primitive.js";
import { Trace, Tracer, bind, newMain, withDynamic } from "./trace.js";

export class StagingTracer extends Tracer {
  constructor(
    readonly _trace: StagingTrace,
    readonly aval: ShapedArray,
    /** Where the value will live: its argument's or constant's device, or its operands'. */
    private readonly dev: DeviceName = _trace.main.device,
  ) {
    super();
  }
  override get device(): DeviceName {
    return this.dev;
  }
}

/** Collects equations and constants while a function is traced. */
export class JaxprBuilder {
  /** True for the builder of `linearize` (partial evaluation for reverse mode). */
  constructor(readonly forLinearize = false) {}
  readonly eqns: JaxprEqn[] = [];
  private readonly vars = new Map<StagingTracer, Var>();
  private readonly consts = new Map<Array, StagingTracer>();
  private readonly constVars: Var[] = [];
  private readonly constVals: Array[] = [];
  private readonly literals = new Map<StagingTracer, Literal>();

  newTracer(trace: StagingTrace, aval: ShapedArray, device?: DeviceName): StagingTracer {
    const t = new StagingTracer(trace, aval, device);
    this.vars.set(t, new Var(aval));
    return t;
  }

  /** A tracer standing for a value from outside (a constant, or a tracer of a lower level). */
  constTracer(trace: StagingTrace, x: Array): StagingTracer {
    let t = this.consts.get(x);
    if (t) return t;
    // a constant lives as long as the jaxpr: as long as this trace's frame, or for good
    adopt(x, trace.main.frame);
    const aval: ShapedArray = { shape: x.shape, dtype: x.dtype, weakType: x.weakType };
    t = new StagingTracer(trace, aval, x.device);
    this.consts.set(x, t);
    if (x instanceof DeviceArray && x.literal !== undefined && x.shape.length === 0) {
      this.literals.set(t, new Literal(x.literal, aval));
    } else {
      const v = new Var(aval);
      this.vars.set(t, v);
      this.constVars.push(v);
      this.constVals.push(x);
    }
    return t;
  }

  atom(t: StagingTracer): Atom {
    const a = this.literals.get(t) ?? this.vars.get(t);
    if (!a) throw new Error("internal: tracer from another jaxpr builder");
    return a;
  }

  varOf(t: StagingTracer): Var {
    return this.vars.get(t)!;
  }

  /** The jaxpr from `ins` to `outs` (constants first), without dead equations. */
  build(ins: StagingTracer[], outs: StagingTracer[]): ClosedJaxpr {
    const outAtoms = outs.map((t) => this.atom(t));
    const { kept, live } = liveEquations(this.eqns, outAtoms);
    const usedConsts = this.constVars.map((v, i) => [v, this.constVals[i]!] as const).filter(([v]) => live.has(v));
    const jaxpr = new Jaxpr([...usedConsts.map(([v]) => v), ...ins.map((t) => this.varOf(t))], kept, outAtoms);
    return new ClosedJaxpr(jaxpr, usedConsts.map(([, x]) => x));
  }
}

/** True when `x` is a tangent being recorded by `linearize` (reverse-mode differentiation). */
export function isLinearizeTracer(x: unknown): boolean {
  return x instanceof StagingTracer && x._trace.builder.forLinearize;
}

export class StagingTrace extends Trace {
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }
  newArg(aval: ShapedArray, device?: DeviceName): StagingTracer {
    return this.builder.newTracer(this, aval, device);
  }
  pure(x: Array): Tracer {
    return this.builder.constTracer(this, x);
  }
  lift(x: Tracer): Tracer {
    return this.builder.constTracer(this, x);
  }
  processPrimitive(prim: Primitive<any>, tracers: Tracer[], params: any): Array[] {
    const ins = tracers as StagingTracer[];
    const avalsOut = prim.abstractEval(ins.map((t) => t.aval), params);
    const device: DeviceName = ins[0]?.device ?? (params as { device?: DeviceName } | undefined)?.device ?? this.main.device;
    const outs = avalsOut.map((a) => this.builder.newTracer(this, a, device));
    this.builder.eqns.push({
      primitive: prim,
      inputs: ins.map((t) => this.builder.atom(t)),
      params,
      outBinders: outs.map((t) => this.builder.varOf(t)),
    });
    return outs;
  }
}

/**
 * Traces `fn` on abstract inputs into a closed jaxpr. With `dynamic`, every operation is
 * recorded (jit, control flow); without, only those that depend on the inputs (linearize).
 * `device` is where the inputs live (what their tracers' `device` reports); by default the
 * device of the primitive whose rule is tracing, else the default device.
 */
export function traceToJaxpr(
  fn: (...args: Array[]) => Array[],
  avals: readonly ShapedArray[],
  opts: { label: string; dynamic: boolean; device?: DeviceName },
): ClosedJaxpr {
  // Arrays made while tracing become constants of a jaxpr that callers may cache: they belong
  // to no scope and no transformation frame (they are freed when the jaxpr is collected).
  return untracked(() =>
    newMain(
      StagingTrace,
      opts.label,
      new JaxprBuilder(),
      (main) => {
        const trace = new StagingTrace(main);
        const ins = avals.map((a) => trace.newArg(a));
        const run = () => fn(...ins).map((o) => toStaged(trace, o));
        const outs = opts.dynamic ? withDynamic(main, run) : run();
        return trace.builder.build(ins, outs);
      },
      opts.device,
    ),
  );
}

/** Brings an output into the staging trace (constants and lower-level values become constants). */
export function toStaged(trace: StagingTrace, x: Array): StagingTracer {
  if (x instanceof StagingTracer && x._trace.main === trace.main) return x;
  return trace.builder.constTracer(trace, x) as StagingTracer;
}

/** Evaluates a jaxpr on arrays (concrete, or tracers of enclosing transformations). */
export function evalJaxpr(jaxpr: Jaxpr, args: readonly Array[], device?: DeviceName): Array[] {
  if (args.length !== jaxpr.inBinders.length) {
    throw new Error(`internal: jaxpr takes ${jaxpr.inBinders.length} inputs, got ${args.length}`);
  }
  const env = new Map<Var, Array>();
  jaxpr.inBinders.forEach((v, i) => env.set(v, args[i]!));
  const dev = device ?? args[0]?.device;
  const read = (a: Atom): Array => (a instanceof Literal ? literalArray(a, dev) : env.get(a)!);
  for (const e of jaxpr.eqns) {
    const outs = bind(e.primitive, e.inputs.map(read), e.params);
    e.outBinders.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outs.map(read);
}

/** A literal as a (cached, scalar) array. */
export function literalArray(l: Literal, device?: DeviceName): Array {
  return scalarArray(l.value, l.aval.dtype, l.aval.weakType, device ?? defaultDevice());
}
