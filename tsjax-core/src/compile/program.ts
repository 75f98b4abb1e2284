/**
 * From a jaxpr to a program of fused kernels.
 *
 * Every primitive with a lowering turns its inputs' index functions into its outputs' (see
 * `operand.ts`), so chains of elementwise, movement and reduction ops compose into one
 * expression. A value is materialized into a buffer only when it must be:
 * - it is an output of the program, or an input of a control-flow step;
 * - it contains a reduction (or matmul/convolution) and is read through a broadcast, which
 *   would recompute the reduction for every element;
 * - it is used more than once and is expensive to recompute.
 * Each materialized value becomes a kernel; kernels of equal size with no dependency between
 * them are merged into one multi-output kernel. Control flow becomes host steps that run
 * sub-programs (scan without host reads; while and cond read their predicate).
 */
import { sizeOf, contiguousStrides } from "../shape.js";
import type { ClosedJaxpr, Jaxpr, Var } from "../core/jaxpr.js";
import type { Array } from "../array/array.js";
import { optimize } from "./optimize.js";
import { planBlocked, topReductions } from "./blocking.js";
import { Literal } from "../core/jaxpr.js";
import type { Primitive, ShapedArray } from "../core/primitive.js";
import { simplifyIndices } from "./index-ranges.js";
import { type Exp, add, constant, i32, linearIndex, load, param, unravelIndex, variable } from "./exp.js";
import { GIDX, POS, ROW, type Kernel, type MapKernel, axisVar } from "./kernel.js";
import { type Operand, operand, readLinear } from "./operand.js";
import { Exp as ExpClass } from "./exp.js";

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

type Step = KernelStep | HostStep;

export interface Program {
  inputs: Slot[];
  outputs: Slot[];
  steps: Step[];
  /** Step index after which each slot is no longer read (inputs and outputs excluded). */
  lastUse: Map<Slot, number>;
  /** Inputs whose reads take a runtime offset (scan bodies read slices of xs). */
  offsetInputs: Set<Slot>;
}

// ---------------------------------------------------------------------------------------------

/** Expression nodes above which a value used several times is materialized rather than recomputed. */
const RECOMPUTE_LIMIT = 24;
/** Primitives whose lowering reads each input element many times (a reduction inside). */
const REREADING = new Set(["dot_general", "conv_general_dilated", "reduce_window"]);
/** Primitives whose lowering is a product reduction (blocked kernels; GEMMs on the CPU). */
const CONTRACTIONS = new Set(["dot_general", "conv_general_dilated"]);

/** Reductions at least this long, into at most this many outputs, run as workgroup trees. */
const TREE_MIN_LENGTH = 512;
const TREE_MAX_OUTPUTS = 1024;

/** The length of the longest top-level reduction in an operand's expression (0 if none). */
function longestReduction(op: Operand): number {
  const saved = building;
  building = { inputs: [], offsetParams: [] };
  try {
    return topReductions(readLinear(op, variable(GIDX))).reduce((m, r) => {
      const n = r.args[0]!;
      return n.op === "const" ? Math.max(m, n.value as number) : m;
    }, 0);
  } finally {
    building = saved;
  }
}

/** Buffers one kernel may bind (WebGPU guarantees 8 storage buffers per shader stage). */
const MAX_BINDINGS = 8;

interface Virtual {
  kind: "virtual";
  op: Operand;
  size: number;
  cost: number;
  hasReduce: boolean;
  /**
   * Set when the value reads per-row reductions through a broadcast along its last axis
   * (softmax's max and sum): it is computed by a row kernel with rows of this length.
   */
  rowLength?: number;
  /**
   * A per-row statistic (a reduction over the last axis, then elementwise or reshaped): cheap
   * to recompute, and identical copies in one kernel are computed once, so it is not
   * materialized for having several uses.
   */
  rowStat?: boolean;
  /**
   * Reads (virtually) the result of a matmul or convolution: a row kernel must not take it in
   * through a broadcast (it would run the contraction per row, as plain loops, not as the
   * blocked or GEMM kernel that the contraction gets alone).
   */
  contraction?: boolean;
  /** Buffers its expression reads. */
  numInputs: number;
}
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
let building: KernelBuild | undefined;

function argOf(slot: Slot): number {
  const b = building!;
  let i = b.inputs.indexOf(slot);
  if (i < 0) {
    b.inputs.push(slot);
    i = b.inputs.length - 1;
  }
  return i;
}

/** Scans a sample expression of an operand: node count, whether it reduces, buffers read. */
function measure(op: Operand): { cost: number; hasReduce: boolean; numInputs: number } {
  const saved = building;
  building = { inputs: [], offsetParams: [] };
  try {
    const e = readLinear(op, variable(GIDX));
    const seen = new Set<ExpClass>();
    let hasReduce = false;
    const walk = (x: ExpClass) => {
      if (seen.has(x)) return;
      seen.add(x);
      if (x.op === "reduce") hasReduce = true;
      for (const a of x.args) walk(a);
    };
    walk(e);
    return { cost: seen.size, hasReduce, numInputs: building.inputs.length };
  } finally {
    building = saved;
  }
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

/** Compiles a closed jaxpr into a sub-program; `offsetArgs` marks arguments read at runtime offsets. */
export function compileSub(closed: ClosedJaxpr, offsetArgs: readonly boolean[] = []): SubProgram {
  const { jaxpr, extraConsts } = optimize(closed.jaxpr);
  const nc = closed.consts.length;
  const offsets = jaxpr.inBinders.map((_, i) => i >= nc && i - nc < offsetArgs.length && (offsetArgs[i - nc] ?? false));
  return { program: buildProgram(jaxpr, offsets), leading: closed.consts, trailing: extraConsts };
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
  let nextSlot = 0;
  const newSlot = (aval: ShapedArray): Slot => ({ id: nextSlot++, aval, size: sizeOf(aval.shape) });
  const steps: Step[] = [];
  const values = new Map<Var, Val>();
  const uses = countUses(jaxpr);
  const inputs = jaxpr.inBinders.map((v) => newSlot(v.aval));
  const offsetSet = new Set<Slot>(inputs.filter((_, i) => offsetInputs[i]));
  jaxpr.inBinders.forEach((v, i) => values.set(v, { kind: "slot", slot: inputs[i]! }));

  const slotOperand = (slot: Slot): Operand => {
    const off = () => {
      if (!offsetSet.has(slot)) return i32(0);
      const b = building!;
      let k = b.offsetParams.indexOf(slot);
      if (k < 0) {
        b.offsetParams.push(slot);
        k = b.offsetParams.length - 1;
      }
      return param(k);
    };
    const strides = contiguousStrides(slot.aval.shape);
    return operand(
      slot.aval.shape,
      slot.aval.dtype,
      (idx) => load(argOf(slot), linearIndex(idx, strides, off()), slot.aval.dtype),
      (i) => load(argOf(slot), add(i, off()), slot.aval.dtype),
    );
  };

  const literalOperand = (l: Literal): Operand => {
    const c = constant(l.value, l.aval.dtype);
    return operand(l.aval.shape, l.aval.dtype, () => c, () => c);
  };

  const operandOf = (a: Var | Literal): Operand => {
    if (a instanceof Literal) return literalOperand(a);
    const v = values.get(a)!;
    return v.kind === "slot" ? slotOperand(v.slot) : v.op;
  };

  /**
   * The axes (longer than 1) that a reduction `op` does not depend on: a convolution's weight
   * gradient from a constant cotangent (`grad` of `sum(conv(x, w))`) is the same for every
   * output channel, and is computed once, then broadcast.
   */
  const unusedAxes = (op: Operand): number[] => {
    const saved = building;
    building = { inputs: [], offsetParams: [] };
    try {
      const value = op.at(op.shape.map((_, d) => variable(axisVar(d))));
      if (topReductions(value).length === 0) return [];
      const used = new Set<string>();
      const seen = new Set<ExpClass>();
      const walk = (x: ExpClass) => {
        if (seen.has(x)) return;
        seen.add(x);
        if (x.op === "var") used.add(x.attr as string);
        x.args.forEach(walk);
      };
      walk(value);
      return op.shape.map((_, d) => d).filter((d) => op.shape[d]! > 1 && !used.has(axisVar(d)));
    } finally {
      building = saved;
    }
  };

  /** Emits a kernel computing `ops` into new slots of the given avals (a row kernel when `row`). */
  const emitKernel = (ops: Operand[], avals: ShapedArray[], row?: number): Slot[] => {
    if (ops.length === 1 && !row) {
      const unused = unusedAxes(ops[0]!);
      if (unused.length > 0) {
        // compute over size 1 along the unused axes, then broadcast (a plain copy kernel)
        const op = ops[0]!;
        const at0 = (idx: readonly Exp[]) => idx.map((x, d) => (unused.includes(d) ? i32(0) : x));
        const small = operand(op.shape.map((n, d) => (unused.includes(d) ? 1 : n)), op.dtype, (idx) => op.at(at0(idx)));
        const [slot] = emitKernel([small], [{ ...avals[0]!, shape: small.shape }]);
        const read = slotOperand(slot!);
        return emitKernel([operand(op.shape, op.dtype, (idx) => read.at(at0(idx)))], avals);
      }
    }
    const size = sizeOf(ops[0]!.shape);
    building = { inputs: [], offsetParams: [] };
    try {
      const gidx = variable(GIDX);
      const blocked = ops.length === 1 && !row ? planBlocked(ops[0]!, avals[0]!.dtype) : undefined;
      // few outputs, each a long reduction: one workgroup per output (a row kernel of rows of 1)
      if (!blocked && !row && size <= TREE_MAX_OUTPUTS && ops.some((o) => longestReduction(o) >= TREE_MIN_LENGTH)) row = 1;
      const extents = new Map(row ? [[ROW, size / row], [POS, row]] : [[GIDX, size]]);
      const read = (o: Operand): Exp =>
        simplifyIndices(
          row === 1
            ? readLinear(o, variable(ROW))
            : row
              ? o.at([...unravelIndex(variable(ROW), o.shape.slice(0, -1)), variable(POS)])
              : readLinear(o, gidx),
          extents,
        );
      const outputs = blocked ? [] : ops.map((o, i) => ({ dtype: avals[i]!.dtype, value: read(o) }));
      const outSlots = avals.map((a) => newSlot(a));
      const dtypes = building.inputs.map((s) => s.aval.dtype);
      const asProduct = row === 1 && ops.length === 1 ? planBlocked(ops[0]!, avals[0]!.dtype, 1) : undefined;
      const kernel: Kernel = blocked
        ? { ...blocked, inputs: dtypes, numParams: building.offsetParams.length }
        : ({ kind: "map", size, inputs: dtypes, numParams: building.offsetParams.length, outputs, ...(row ? { row } : {}), ...(asProduct ? { asProduct } : {}) } as MapKernel);
      steps.push({ kind: "kernel", kernel, inputs: building.inputs, outputs: outSlots, offsetParams: building.offsetParams });
      return outSlots;
    } finally {
      building = undefined;
    }
  };

  const materialize = (v: Var): Slot => {
    const val = values.get(v)!;
    if (val.kind === "slot") return val.slot;
    const [slot] = emitKernel([val.op], [v.aval], val.rowLength);
    values.set(v, { kind: "slot", slot: slot! });
    return slot!;
  };

  const slotOf = (a: Var | Literal): Slot => (a instanceof Literal ? emitKernel([literalOperand(a)], [a.aval])[0]! : materialize(a));

  const virtualInput = (a: Var | Literal): Virtual | undefined => {
    if (a instanceof Literal) return undefined;
    const v = values.get(a)!;
    return v.kind === "virtual" ? v : undefined;
  };

  for (const e of jaxpr.eqns) {
    const prim = e.primitive as Primitive<any>;
    const outAvals = e.outBinders.map((v) => v.aval);
    if (prim.lower) {
      const outShape = outAvals[0]!.shape;
      const outSize = sizeOf(outShape);
      let rowLength: number | undefined;
      // Materialize inputs that would otherwise be recomputed too often.
      for (const a of e.inputs) {
        const v = virtualInput(a);
        if (!v) continue;
        // per-row reductions broadcast along the last axis stay virtual: a row kernel computes
        // them once per row
        const rowBroadcast = !v.rowLength && !v.contraction && outAvals.length === 1 && isRowBroadcast(prim.name, e.params, v.op.shape, outShape);
        const readThroughBroadcast = v.hasReduce && v.size < outSize && !rowBroadcast;
        // matmuls, convolutions and windows read each input element many times
        const readRepeatedly = v.hasReduce && REREADING.has(prim.name);
        // a reduction of a matmul (or other per-element reduction) runs on the matmul's result
        const nestedReduction = v.hasReduce && !v.rowLength && !v.rowStat && /^reduce_/.test(prim.name);
        // (a row kernel's value counts its per-row statistics, which cost nothing per element)
        const limit = v.rowLength || v.rowStat ? 4 * RECOMPUTE_LIMIT : RECOMPUTE_LIMIT;
        const sharedAndCostly = (uses.get(a as Var) ?? 0) > 1 && ((v.hasReduce && !v.rowLength && !v.rowStat) || v.cost > limit);
        // values of row kernels flow only into elementwise ops and reductions of whole rows
        const rowsEnd = v.rowLength !== undefined && !sameShape(v.op.shape, outShape) && !isRowReduction(prim.name, e.params, v.op.shape);
        // a costly value (random bits of one key per row) broadcast would be recomputed for
        // every copy of each element
        const costlyBroadcast = prim.name === "broadcast_in_dim" && !v.hasReduce && v.size < outSize && v.cost > RECOMPUTE_LIMIT;
        if (readThroughBroadcast || readRepeatedly || nestedReduction || sharedAndCostly || rowsEnd || costlyBroadcast) materialize(a as Var);
      }
      // A contraction runs as a blocked (GEMM) kernel only as the one reduction of its kernel:
      // next to another reduction (a max-pool gradient's count of maxima) it is computed first.
      const reducing = new Set(e.inputs.filter((a) => virtualInput(a)?.hasReduce));
      if (reducing.size > 1) for (const a of reducing) if (virtualInput(a)?.contraction) materialize(a as Var);
      // In a row kernel, other reductions (a matmul feeding softmax) would run per element,
      // without the blocked matmul kernels: they are computed by their own kernels first.
      const makesRows = e.inputs.some((a) => {
        const v = virtualInput(a);
        return v && ((v.rowLength && sameShape(v.op.shape, outShape)) || (!v.rowLength && !v.contraction && v.hasReduce && outAvals.length === 1 && isRowBroadcast(prim.name, e.params, v.op.shape, outShape)));
      });
      if (makesRows) {
        for (const a of e.inputs) {
          const v = virtualInput(a);
          if (v && v.hasReduce && !v.rowLength && !v.rowStat && sameShape(v.op.shape, outShape)) materialize(a as Var);
        }
      }
      let outs = prim.lower(e.inputs.map(operandOf), e.params, outAvals);
      let m = outs.map(measure);
      // Keep kernels within the binding limit: materialize the widest virtual inputs first.
      while (m.some((x) => x.numInputs + 1 > MAX_BINDINGS)) {
        const widest = e.inputs
          .map((a) => ({ a, v: virtualInput(a) }))
          .filter((x) => x.v)
          .sort((x, y) => y.v!.numInputs - x.v!.numInputs)[0];
        if (!widest) break;
        materialize(widest.a as Var);
        outs = prim.lower(e.inputs.map(operandOf), e.params, outAvals);
        m = outs.map(measure);
      }
      // a row kernel's value when it still reads (virtually) per-row reductions
      for (const a of e.inputs) {
        const v = virtualInput(a);
        if (v?.rowLength && sameShape(v.op.shape, outShape)) rowLength = v.rowLength;
        else if (v && !v.rowLength && !v.contraction && v.hasReduce && outAvals.length === 1 && isRowBroadcast(prim.name, e.params, v.op.shape, outShape)) {
          rowLength = outShape[outShape.length - 1];
        }
      }
      const reducingNow = e.inputs.map(virtualInput).filter((v) => v?.hasReduce) as Virtual[];
      const rowStat =
        outAvals.length === 1 &&
        !rowLength &&
        (e.inputs.length === 1 && isRowReduction(prim.name, e.params, e.inputs[0]!.aval.shape)
          ? reducingNow.every((v) => v.rowLength)
          : reducingNow.length > 0 && reducingNow.every((v) => v.rowStat && v.size === outSize));
      const contraction = CONTRACTIONS.has(prim.name) || e.inputs.some((a) => virtualInput(a)?.contraction);
      outs.forEach((op, i) =>
        values.set(e.outBinders[i]!, {
          kind: "virtual", op, size: sizeOf(op.shape), ...m[i]!, ...(rowLength ? { rowLength } : {}), ...(rowStat ? { rowStat } : {}),
          ...(contraction ? { contraction } : {}),
        }),
      );
      continue;
    }
    if (prim.kernel) {
      // Special kernels may read an input more than once: do not recompute costly inputs.
      for (const a of e.inputs) {
        const v = virtualInput(a);
        if (v && (v.hasReduce || v.cost > RECOMPUTE_LIMIT || v.numInputs + e.inputs.length > MAX_BINDINGS - 2)) materialize(a as Var);
      }
      const ins = e.inputs.map(operandOf);
      const b: KernelBuild = { inputs: [], offsetParams: [] };
      building = b;
      let body;
      try {
        body = prim.kernel(ins, e.params, outAvals);
      } finally {
        building = undefined;
      }
      const kernel = { ...body, inputs: b.inputs.map((x) => x.aval.dtype), numParams: b.offsetParams.length } as Kernel;
      const outSlots = outAvals.map((a) => newSlot(a));
      steps.push({ kind: "kernel", kernel, inputs: b.inputs, outputs: outSlots, offsetParams: b.offsetParams });
      outSlots.forEach((x, i) => values.set(e.outBinders[i]!, { kind: "slot", slot: x }));
      continue;
    }
    const programs = hostCompiler?.(prim, e.params);
    if (!programs) {
      throw new Error(`jit: the primitive '${prim.name}' cannot be compiled (it has no lowering).`);
    }
    const ins = e.inputs.map(slotOf);
    const outSlots = outAvals.map((a) => newSlot(a));
    steps.push({ kind: "host", primitive: prim, params: e.params, inputs: ins, outputs: outSlots, programs });
    outSlots.forEach((s, i) => values.set(e.outBinders[i]!, { kind: "slot", slot: s }));
  }

  const outputs = jaxpr.outs.map(slotOf);
  mergeKernels(steps, new Set(outputs));
  return { inputs, outputs, steps, lastUse: lastUses(steps, new Set([...inputs, ...outputs])), offsetInputs: offsetSet };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * Whether `broadcast_in_dim` repeats each row of its input along the output's last axis only
 * ([R] or [R, 1] to [R, L], and the same with more leading axes).
 */
function isRowBroadcast(prim: string, params: any, inShape: readonly number[], outShape: readonly number[]): boolean {
  if (prim !== "broadcast_in_dim" || outShape.length === 0) return false;
  const bd = params.broadcastDimensions as readonly number[];
  const last = outShape.length - 1;
  for (let d = 0; d < last; d++) {
    const k = bd.indexOf(d);
    if (k < 0 || inShape[k] !== outShape[d]) return false;
  }
  const k = bd.indexOf(last);
  return k < 0 || inShape[k] === 1;
}

/** Whether a primitive reduces whole rows (the last axis): reduce_* over exactly that axis. */
function isRowReduction(prim: string, params: any, inShape: readonly number[]): boolean {
  if (!/^reduce_(sum|max|min|prod)$/.test(prim)) return false;
  const axes = params.axes as readonly number[];
  return axes.length === 1 && axes[0] === inShape.length - 1;
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
function remapLoads(e: ExpClass, map: (arg: number) => number, memo = new Map<ExpClass, ExpClass>()): ExpClass {
  const done = memo.get(e);
  if (done) return done;
  const args = e.args.map((a) => remapLoads(a, map, memo));
  const attr = e.op === "load" ? map(e.attr as number) : e.attr;
  const out = args.every((a, i) => a === e.args[i]) && attr === e.attr ? e : new ExpClass(e.op, e.dtype, args, attr);
  memo.set(e, out);
  return out;
}

/** Rewrites runtime-parameter slots of an expression. */
function remapParams(e: ExpClass, map: (slot: number) => number, memo = new Map<ExpClass, ExpClass>()): ExpClass {
  const done = memo.get(e);
  if (done) return done;
  const args = e.args.map((a) => remapParams(a, map, memo));
  const attr = e.op === "param" ? map(e.attr as number) : e.attr;
  const out = args.every((a, i) => a === e.args[i]) && attr === e.attr ? e : new ExpClass(e.op, e.dtype, args, attr);
  memo.set(e, out);
  return out;
}

/**
 * Merges each map kernel into the latest earlier map kernel of the same size that it does not
 * depend on (directly or through a step in between), making multi-output kernels. Kernels that
 * run as a GEMM on the CPU (`asProduct`: one output) are not merged: each stays a GEMM.
 */
function mergeKernels(steps: Step[], _outputs: Set<Slot>): void {
  for (let j = 1; j < steps.length; j++) {
    const b = steps[j]!;
    if (b.kind !== "kernel" || b.kernel.kind !== "map" || b.kernel.asProduct) continue;
    const reads = new Set(b.inputs);
    for (let i = j - 1; i >= 0; i--) {
      const a = steps[i]!;
      const dependsOnA = a.outputs.some((s) => reads.has(s));
      if (dependsOnA) break;
      const room = new Set([...a.inputs, ...b.inputs]).size + a.outputs.length + b.outputs.length <= MAX_BINDINGS;
      if (a.kind === "kernel" && a.kernel.kind === "map" && !a.kernel.asProduct && a.kernel.size === b.kernel.size && a.kernel.row === b.kernel.row && room) {
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
