/**
 * From a jaxpr to a program of fused kernels.
 *
 * Every primitive with a lowering turns its inputs' index functions into its outputs' (see
 * `operand.ts`), so chains of elementwise, movement and reduction ops compose into one
 * expression. A value is materialized into a buffer only when it must be: it is an output of
 * the program or an input of a control-flow step, or a fusion rule (`fusion.ts`, over the
 * traits the reading primitive declares) says recomputing it would cost too much. Each
 * materialized value becomes a kernel planned by `planKernel` (`plan.ts`); kernels of equal
 * size with no dependency between them are merged into one multi-output kernel. Control flow
 * becomes host steps that run sub-programs (scan without host reads; while and cond read their
 * predicate). An eager op is the program of its one equation (`buildOpProgram`).
 */
import { sizeOf, contiguousStrides } from "../shape.js";
import type { Jaxpr } from "../core/jaxpr.js";
import type { Array } from "../array/array.js";
import { Literal, Var } from "../core/jaxpr.js";
import type { Primitive, ShapedArray } from "../core/primitive.js";
import { Exp, add, constant, i32, linearIndex, load, param, variable } from "./exp.js";
import { GIDX, type Kernel } from "./kernel.js";
import { type Operand, operand, readLinear } from "./operand.js";
import { type Probe, planKernel } from "./plan.js";
import {
  EQUATION_RULES, INPUT_RULES, KERNEL_INPUT_RULES, MAX_BINDINGS, type Use, type Virtual, isRowStatistic, rowLengthOf,
} from "./fusion.js";

/** A buffer of a program: an input, a kernel output, or the output of a host step. */
export interface Slot {
  readonly id: number;
  readonly aval: ShapedArray;
  readonly size: number;
}

export interface KernelStep {
  kind: "kernel";
  kernel: Kernel;
  inputs: Slot[];
  outputs: Slot[];
  /** For each runtime parameter, the input slot whose view offset it carries. */
  offsetParams: Slot[];
}

/** A sub-program of a host step, with the constant arrays it takes before and after its arguments. */
export interface SubProgram {
  program: Program;
  leading: readonly Array[];
  trailing: readonly Array[];
}

export interface HostStep {
  kind: "host";
  primitive: Primitive<any>;
  params: any;
  inputs: Slot[];
  outputs: Slot[];
  /** Sub-programs (cond branches; while cond and body; scan body). */
  programs: SubProgram[];
}

export type Step = KernelStep | HostStep;

export interface Program {
  inputs: Slot[];
  outputs: Slot[];
  steps: Step[];
  /** Step index after which each slot is no longer read (inputs and outputs excluded). */
  lastUse: Map<Slot, number>;
  /** Inputs whose reads take a runtime offset (scan bodies read slices of xs). */
  offsetInputs: Set<Slot>;
}

/** Re-exported so executors can name kernels. */
export type { Kernel };

// ---------------------------------------------------------------------------------------------

interface Materialized {
  kind: "slot";
  slot: Slot;
}
type Val = Virtual | Materialized;

/** The kernel whose expressions are being built: slot reads register as its inputs. */
interface KernelBuild {
  inputs: Slot[];
  offsetParams: Slot[];
}

/** How an input buffer is read: strides (elements) and whether its view offset is a runtime parameter. */
export interface InputLayout {
  readonly strides: readonly number[];
  readonly contiguous: boolean;
  readonly offset: boolean;
}

/** Counts how often each variable is read (equation inputs and program outputs). */
function countUses(jaxpr: Jaxpr): Map<Var, number> {
  const uses = new Map<Var, number>();
  const use = (a: unknown) => {
    if (a && !(a instanceof Literal)) uses.set(a as Var, (uses.get(a as Var) ?? 0) + 1);
  };
  for (const e of jaxpr.eqns) e.inputs.forEach(use);
  jaxpr.outs.forEach(use);
  return uses;
}

/** Builds sub-programs for host primitives (given by the control-flow module). */
export type HostCompiler = (prim: Primitive<any>, params: any) => SubProgram[] | undefined;

let hostCompiler: HostCompiler | undefined;
/** @internal Registers how control-flow primitives become host steps. */
export function _setHostCompiler(fn: HostCompiler): void {
  hostCompiler = fn;
}

/** Compiles a jaxpr (already optimized) into a program. */
export function buildProgram(jaxpr: Jaxpr, offsetInputs: readonly boolean[] = []): Program {
  const uses = countUses(jaxpr);
  const b = new ProgramBuilder((v) => uses.get(v) ?? 0);
  jaxpr.inBinders.forEach((v, i) => b.input(v, offsetInputs[i] ? { strides: contiguousStrides(v.aval.shape), contiguous: true, offset: true } : undefined));
  for (const e of jaxpr.eqns) b.apply(e.primitive as Primitive<any>, e.params, e.inputs, e.outBinders);
  return b.finish(jaxpr.outs);
}

/**
 * The program of one primitive applied to inputs read with the given layouts: an eager op, as
 * `jit` of one primitive (the same planning and kernels; views stay views, their offsets
 * runtime parameters).
 */
export function buildOpProgram<P>(prim: Primitive<P>, params: P, inAvals: readonly ShapedArray[], layouts: readonly InputLayout[], outAvals: readonly ShapedArray[]): Program {
  const b = new ProgramBuilder(() => 1);
  const ins = inAvals.map((a, i) => {
    const v = new Var(a);
    b.input(v, layouts[i]);
    return v;
  });
  const outs = outAvals.map((a) => new Var(a));
  b.apply(prim as Primitive<any>, params, ins, outs);
  return b.finish(outs);
}

/** A program under construction: values, steps, and the kernel being built. */
class ProgramBuilder implements Probe {
  private nextSlot = 0;
  private readonly steps: Step[] = [];
  private readonly values = new Map<Var, Val>();
  private readonly inputs: Slot[] = [];
  private readonly layouts = new Map<Slot, InputLayout>();
  /** The kernel whose expressions are being read: slot loads register as its inputs. */
  private kernel: KernelBuild | undefined;

  /** `readers(v)`: how many equations (and program outputs) read `v`. */
  constructor(private readonly readers: (v: Var) => number) {}

  input(v: Var, layout?: InputLayout): void {
    const slot = this.newSlot(v.aval);
    this.inputs.push(slot);
    if (layout) this.layouts.set(slot, layout);
    this.values.set(v, { kind: "slot", slot });
  }

  probe<T>(f: () => T): T {
    const saved = this.kernel;
    this.kernel = { inputs: [], offsetParams: [] };
    try {
      return f();
    } finally {
      this.kernel = saved;
    }
  }

  /** Appends the equation `outs = prim(ins)`: virtual values, a kernel, or a host step. */
  apply(prim: Primitive<any>, params: unknown, ins: readonly (Var | Literal)[], outs: readonly Var[]): void {
    const outAvals = outs.map((v) => v.aval);
    if (prim.lower) {
      this.fuseInputs(prim, params, ins, outAvals);
      let lowered = prim.lower(ins.map((a) => this.operandOf(a)), params, outAvals);
      let m = lowered.map((o) => this.measure(o));
      // a kernel binds at most MAX_BINDINGS buffers: materialize the widest virtual inputs first
      while (m.some((x) => x.numInputs + 1 > MAX_BINDINGS)) {
        const widest = ins
          .map((a) => ({ a, v: this.virtualInput(a) }))
          .filter((x) => x.v)
          .sort((x, y) => y.v!.numInputs - x.v!.numInputs)[0];
        if (!widest) break;
        this.materialize(widest.a as Var);
        lowered = prim.lower(ins.map((a) => this.operandOf(a)), params, outAvals);
        m = lowered.map((o) => this.measure(o));
      }
      const uses = this.usesOf(prim, params, ins, outAvals, false);
      const outSize = sizeOf(outAvals[0]!.shape);
      const rowLength = rowLengthOf(uses);
      const rowStat = outAvals.length === 1 && !rowLength && isRowStatistic(uses, prim.fusion ?? {}, params, ins.map((a) => a.aval.shape), outSize);
      const contraction = !!prim.fusion?.contraction || uses.some((u) => u.v.contraction);
      lowered.forEach((op, i) =>
        this.values.set(outs[i]!, {
          kind: "virtual", op, size: sizeOf(op.shape), ...m[i]!, ...(rowLength ? { rowLength } : {}), ...(rowStat ? { rowStat } : {}),
          ...(contraction ? { contraction } : {}),
        }),
      );
      return;
    }
    if (prim.kernel) {
      for (const u of this.usesOf(prim, params, ins, outAvals, true)) {
        if (KERNEL_INPUT_RULES.some((r) => r.when(u, []))) this.materialize(u.var);
      }
      const operands = ins.map((a) => this.operandOf(a));
      const { result: body, build } = this.inKernel(() => prim.kernel!(operands, params, outAvals));
      this.pushKernel({ ...body, inputs: build.inputs.map((x) => x.aval.dtype), numParams: build.offsetParams.length } as Kernel, build, outAvals).forEach((s, i) =>
        this.values.set(outs[i]!, { kind: "slot", slot: s }),
      );
      return;
    }
    const programs = hostCompiler?.(prim, params);
    if (!programs) {
      throw new Error(`jit: the primitive '${prim.name}' cannot be compiled (it has no lowering).`);
    }
    const inSlots = ins.map((a) => this.slotOf(a));
    const outSlots = outAvals.map((a) => this.newSlot(a));
    this.steps.push({ kind: "host", primitive: prim, params, inputs: inSlots, outputs: outSlots, programs });
    outSlots.forEach((s, i) => this.values.set(outs[i]!, { kind: "slot", slot: s }));
  }

  /** Materializes the program outputs and finishes the program (merged kernels, last uses). */
  finish(outs: readonly (Var | Literal)[]): Program {
    const outputs = outs.map((a) => this.slotOf(a));
    mergeKernels(this.steps);
    const offsetInputs = new Set(this.inputs.filter((s) => this.layouts.get(s)?.offset));
    return { inputs: this.inputs, outputs, steps: this.steps, lastUse: lastUses(this.steps, new Set([...this.inputs, ...outputs])), offsetInputs };
  }

  /** Materializes the virtual inputs that the fusion rules say must not be recomputed. */
  private fuseInputs(prim: Primitive<any>, params: unknown, ins: readonly (Var | Literal)[], outAvals: readonly ShapedArray[]): void {
    for (const a of ins) {
      const [u] = this.usesOf(prim, params, [a], outAvals, false, ins.length);
      if (u && INPUT_RULES.some((r) => r.when(u, []))) this.materialize(u.var);
    }
    for (const rule of EQUATION_RULES) {
      const all = this.usesOf(prim, params, ins, outAvals, true);
      for (const u of all) if (rule.when(u, all)) this.materialize(u.var);
    }
  }

  /** The virtual inputs among `ins` as fusion sees them (`distinct`: each variable once). */
  private usesOf(prim: Primitive<any>, params: unknown, ins: readonly (Var | Literal)[], outAvals: readonly ShapedArray[], distinct: boolean, inputs = ins.length): (Use & { var: Var })[] {
    const outShape = outAvals[0]!.shape;
    const out: (Use & { var: Var })[] = [];
    for (const a of distinct ? new Set(ins) : ins) {
      const v = this.virtualInput(a);
      if (!v) continue;
      out.push({ var: a as Var, v, traits: prim.fusion ?? {}, params, outShape, outSize: sizeOf(outShape), inputs, outputs: outAvals.length, readers: this.readers(a as Var) });
    }
    return out;
  }

  private newSlot(aval: ShapedArray): Slot {
    return { id: this.nextSlot++, aval, size: sizeOf(aval.shape) };
  }

  /** Runs `f` with slot reads registering in a new kernel; returns its result and that kernel's reads. */
  private inKernel<T>(f: () => T): { result: T; build: KernelBuild } {
    const saved = this.kernel;
    const build: KernelBuild = { inputs: [], offsetParams: [] };
    this.kernel = build;
    try {
      return { result: f(), build };
    } finally {
      this.kernel = saved;
    }
  }

  private argOf(slot: Slot): number {
    const b = this.kernel!;
    let i = b.inputs.indexOf(slot);
    if (i < 0) {
      b.inputs.push(slot);
      i = b.inputs.length - 1;
    }
    return i;
  }

  private slotOperand(slot: Slot): Operand {
    const layout = this.layouts.get(slot);
    const off = () => {
      if (!layout?.offset) return i32(0);
      const b = this.kernel!;
      let k = b.offsetParams.indexOf(slot);
      if (k < 0) {
        b.offsetParams.push(slot);
        k = b.offsetParams.length - 1;
      }
      return param(k);
    };
    const strides = layout?.strides ?? contiguousStrides(slot.aval.shape);
    const { shape, dtype } = slot.aval;
    return operand(
      shape,
      dtype,
      (idx) => load(this.argOf(slot), linearIndex(idx, strides, off()), dtype),
      (layout?.contiguous ?? true) ? (i) => load(this.argOf(slot), add(i, off()), dtype) : undefined,
    );
  }

  private operandOf(a: Var | Literal): Operand {
    if (a instanceof Literal) return literalOperand(a);
    const v = this.values.get(a)!;
    return v.kind === "slot" ? this.slotOperand(v.slot) : v.op;
  }

  private virtualInput(a: Var | Literal): Virtual | undefined {
    if (a instanceof Literal) return undefined;
    const v = this.values.get(a)!;
    return v.kind === "virtual" ? v : undefined;
  }

  /** Scans a sample expression of an operand: node count, whether it reduces, buffers read. */
  private measure(op: Operand): { cost: number; hasReduce: boolean; numInputs: number } {
    const { result: e, build } = this.inKernel(() => readLinear(op, variable(GIDX)));
    const seen = new Set<Exp>();
    let hasReduce = false;
    const walk = (x: Exp) => {
      if (seen.has(x)) return;
      seen.add(x);
      if (x.op === "reduce") hasReduce = true;
      for (const a of x.args) walk(a);
    };
    walk(e);
    return { cost: seen.size, hasReduce, numInputs: build.inputs.length };
  }

  /** Emits the kernels computing `ops` into new slots of the given avals (rows of `row` when given). */
  private emitKernel(ops: readonly Operand[], avals: readonly ShapedArray[], row?: number): Slot[] {
    const { result: plan, build } = this.inKernel(() => planKernel(this, ops, avals, row));
    if (plan.form === "broadcast") {
      const [narrow] = this.emitKernel([plan.narrow], [{ ...avals[0]!, shape: plan.narrow.shape }]);
      return this.emitKernel([plan.widen(this.slotOperand(narrow!))], avals);
    }
    return this.pushKernel({ ...plan.body, inputs: build.inputs.map((s) => s.aval.dtype), numParams: build.offsetParams.length } as Kernel, build, avals);
  }

  private pushKernel(kernel: Kernel, build: KernelBuild, avals: readonly ShapedArray[]): Slot[] {
    const outputs = avals.map((a) => this.newSlot(a));
    this.steps.push({ kind: "kernel", kernel, inputs: build.inputs, outputs, offsetParams: build.offsetParams });
    return outputs;
  }

  private materialize(v: Var): Slot {
    const val = this.values.get(v)!;
    if (val.kind === "slot") return val.slot;
    const [slot] = this.emitKernel([val.op], [v.aval], val.rowLength);
    this.values.set(v, { kind: "slot", slot: slot! });
    return slot!;
  }

  private slotOf(a: Var | Literal): Slot {
    return a instanceof Literal ? this.emitKernel([literalOperand(a)], [a.aval])[0]! : this.materialize(a);
  }
}

function literalOperand(l: Literal): Operand {
  const c = constant(l.value, l.aval.dtype);
  return operand(l.aval.shape, l.aval.dtype, () => c, () => c);
}

/** Step index of the last read of every slot that is neither an input nor an output. */
function lastUses(steps: readonly Step[], keep: Set<Slot>): Map<Slot, number> {
  const last = new Map<Slot, number>();
  steps.forEach((s, i) => {
    for (const x of s.inputs) if (!keep.has(x)) last.set(x, i);
    for (const x of s.outputs) if (!keep.has(x) && !last.has(x)) last.set(x, i);
  });
  return last;
}

// ---------------------------------------------------------------------------------------------
// kernel merging

/** Rewrites `load` argument indices of an expression. */
function remapLoads(e: Exp, map: (arg: number) => number, memo = new Map<Exp, Exp>()): Exp {
  const done = memo.get(e);
  if (done) return done;
  const args = e.args.map((a) => remapLoads(a, map, memo));
  const attr = e.op === "load" ? map(e.attr as number) : e.attr;
  const out = args.every((a, i) => a === e.args[i]) && attr === e.attr ? e : new Exp(e.op, e.dtype, args, attr);
  memo.set(e, out);
  return out;
}

/** Rewrites runtime-parameter slots of an expression. */
function remapParams(e: Exp, map: (slot: number) => number, memo = new Map<Exp, Exp>()): Exp {
  const done = memo.get(e);
  if (done) return done;
  const args = e.args.map((a) => remapParams(a, map, memo));
  const attr = e.op === "param" ? map(e.attr as number) : e.attr;
  const out = args.every((a, i) => a === e.args[i]) && attr === e.attr ? e : new Exp(e.op, e.dtype, args, attr);
  memo.set(e, out);
  return out;
}

/**
 * Merges each map kernel into the latest earlier map kernel of the same size that it does not
 * depend on (directly or through a step in between), making multi-output kernels. Contractions
 * into few outputs (`MapKernel.contraction`) are not merged: the CPU runs each as a GEMM.
 */
function mergeKernels(steps: Step[]): void {
  for (let j = 1; j < steps.length; j++) {
    const b = steps[j]!;
    if (b.kind !== "kernel" || b.kernel.kind !== "map" || b.kernel.contraction) continue;
    const reads = new Set(b.inputs);
    for (let i = j - 1; i >= 0; i--) {
      const a = steps[i]!;
      const dependsOnA = a.outputs.some((s) => reads.has(s));
      if (dependsOnA) break;
      const room = new Set([...a.inputs, ...b.inputs]).size + a.outputs.length + b.outputs.length <= MAX_BINDINGS;
      if (a.kind === "kernel" && a.kernel.kind === "map" && !a.kernel.contraction && a.kernel.size === b.kernel.size && a.kernel.row === b.kernel.row && room) {
        // Steps between a and b must not read b's outputs (they cannot: b comes after them),
        // and b must not read anything produced after a (checked by the loop above).
        const ak = a.kernel;
        const inputs = [...a.inputs];
        const argMap = b.inputs.map((s) => {
          const k = inputs.indexOf(s);
          if (k >= 0) return k;
          inputs.push(s);
          return inputs.length - 1;
        });
        const params = [...a.offsetParams];
        const paramMap = b.offsetParams.map((s) => {
          const k = params.indexOf(s);
          if (k >= 0) return k;
          params.push(s);
          return params.length - 1;
        });
        const outs = b.kernel.outputs.map((o) => ({
          dtype: o.dtype,
          value: remapParams(remapLoads(o.value, (x) => argMap[x]!), (x) => paramMap[x]!),
        }));
        a.kernel = { ...ak, inputs: inputs.map((s) => s.aval.dtype), numParams: params.length, outputs: [...ak.outputs, ...outs] };
        a.inputs = inputs;
        a.offsetParams = params;
        a.outputs = [...a.outputs, ...b.outputs];
        steps.splice(j, 1);
        j--;
        break;
      }
    }
  }
}

