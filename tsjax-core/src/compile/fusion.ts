/**
 * Fusion policy as data: when `program.ts` materializes a value into a buffer instead of
 * recomputing it inside the kernels that read it. Each rule is a named predicate with a one-line
 * reason, over what a value's expression looks like (`Virtual`) and the `FusionTraits` that
 * the reading primitive declares; no rule names a primitive.
 */
import type { FusionTraits } from "../core/primitive.js";
import type { Operand } from "./operand.js";

/** Expression nodes above which a value used several times is materialized rather than recomputed. */
const RECOMPUTE_LIMIT = 24;
/** Buffers one kernel may bind (WebGPU guarantees 8 storage buffers per shader stage). */
export const MAX_BINDINGS = 8;

/** A value not computed yet: an index function that readers compose into their kernels. */
export interface Virtual {
  kind: "virtual";
  op: Operand;
  size: number;
  /** Expression nodes of a sample element. */
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
   * Reads (virtually) the result of a contraction: a row kernel must not take it in through a
   * broadcast (it would run the contraction per row, as plain loops, not as the blocked or
   * GEMM kernel that the contraction gets alone).
   */
  contraction?: boolean;
  /** Buffers its expression reads. */
  numInputs: number;
}

/** A virtual value as one input of an equation being built. */
export interface Use {
  v: Virtual;
  /** The traits of the equation's primitive, and its parameters. */
  traits: FusionTraits<any>;
  params: unknown;
  outShape: readonly number[];
  outSize: number;
  /** How many inputs and outputs the equation has. */
  inputs: number;
  outputs: number;
  /** How many equations (and program outputs) read the value. */
  readers: number;
}

interface Rule {
  readonly name: string;
  readonly reason: string;
  /** Whether to materialize `u`'s value; `all` are the equation's distinct virtual inputs. */
  when(u: Use, all: readonly Use[]): boolean;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The value stays virtual as a per-row statistic that this equation broadcasts along rows. */
function readAsRowStatistic(u: Use): boolean {
  return !u.v.rowLength && !u.v.contraction && u.outputs === 1 && (u.traits.rowBroadcast?.(u.params, u.v.op.shape, u.outShape) ?? false);
}

/** The value is a row kernel's value that this equation carries on elementwise. */
function continuesRows(u: Use): boolean {
  return !!u.v.rowLength && sameShape(u.v.op.shape, u.outShape);
}

/** The equation's result is a row kernel's value (it reads per-row statistics). */
function makesRows(all: readonly Use[]): boolean {
  return all.some((u) => continuesRows(u) || (u.v.hasReduce && readAsRowStatistic(u)));
}

/** A reduction other than a per-row statistic (which costs nothing per element of its row). */
const plainReduction = (v: Virtual) => v.hasReduce && !v.rowLength && !v.rowStat;

/** Rules for each virtual input of an equation whose primitive has a lowering, in order. */
export const INPUT_RULES: readonly Rule[] = [
  {
    name: "readThroughBroadcast",
    reason: "a reduction read through a broadcast would be recomputed for every copy",
    when: (u) => u.v.hasReduce && u.v.size < u.outSize && !readAsRowStatistic(u),
  },
  {
    name: "readRepeatedly",
    reason: "contractions and windows read each input element many times",
    when: (u) => u.v.hasReduce && !!u.traits.rereadsInputs,
  },
  {
    name: "nestedReduction",
    reason: "a reduction of a reduction (a matmul's column sums) runs on the inner one's result",
    when: (u) => plainReduction(u.v) && !!u.traits.reduction,
  },
  {
    name: "sharedAndCostly",
    reason: "a value read by several equations is computed once when recomputing it costs too much",
    when: (u) => u.readers > 1 && (plainReduction(u.v) || u.v.cost > (u.v.rowLength || u.v.rowStat ? 4 * RECOMPUTE_LIMIT : RECOMPUTE_LIMIT)),
  },
  {
    name: "rowsEnd",
    reason: "a row kernel's value flows only into elementwise ops and reductions of whole rows",
    when: (u) => u.v.rowLength !== undefined && !sameShape(u.v.op.shape, u.outShape) && !u.traits.rowReduction?.(u.params, u.v.op.shape),
  },
  {
    name: "costlyBroadcast",
    reason: "a costly value (random bits of one key per row) broadcast would be recomputed for every copy",
    when: (u) => !!u.traits.broadcast && !u.v.hasReduce && u.v.size < u.outSize && u.v.cost > RECOMPUTE_LIMIT,
  },
];

/** Rules over all the virtual inputs of an equation, applied after `INPUT_RULES`, in order. */
export const EQUATION_RULES: readonly Rule[] = [
  {
    name: "contractionBesideReduction",
    reason: "a contraction runs as a blocked (GEMM) kernel only as the one reduction of its kernel",
    when: (u, all) => !!u.v.contraction && u.v.hasReduce && all.filter((x) => x.v.hasReduce).length > 1,
  },
  {
    name: "reductionInRowKernel",
    reason: "in a row kernel other reductions (a matmul feeding softmax) would run per element",
    when: (u, all) => makesRows(all) && plainReduction(u.v) && sameShape(u.v.op.shape, u.outShape),
  },
];

/** Rules for the inputs of a primitive with its own kernel (sort, scatter, cumulative ops). */
export const KERNEL_INPUT_RULES: readonly Rule[] = [
  {
    name: "rereadByKernel",
    reason: "a dedicated kernel may read an input more than once, so a costly one is computed first",
    when: (u) => u.v.hasReduce || u.v.cost > RECOMPUTE_LIMIT,
  },
  {
    name: "kernelBindings",
    reason: "a dedicated kernel binds the buffers of all its inputs, within the binding limit",
    when: (u) => u.v.numInputs + u.inputs > MAX_BINDINGS - 2,
  },
];

/**
 * After lowering: the row length of a row kernel when the equation's value still reads
 * (virtually) per-row reductions, else undefined (the last input that says so wins).
 */
export function rowLengthOf(all: readonly Use[]): number | undefined {
  let rowLength: number | undefined;
  for (const u of all) {
    if (continuesRows(u)) rowLength = u.v.rowLength;
    else if (u.v.hasReduce && readAsRowStatistic(u)) rowLength = u.outShape[u.outShape.length - 1];
  }
  return rowLength;
}

/**
 * After lowering: whether the equation's one output is a per-row statistic: a reduction of
 * whole rows of a row kernel's value, or elementwise work on per-row statistics only.
 */
export function isRowStatistic(all: readonly Use[], traits: FusionTraits<any>, params: unknown, inShapes: readonly (readonly number[])[], outSize: number): boolean {
  const reducing = all.filter((u) => u.v.hasReduce).map((u) => u.v);
  return inShapes.length === 1 && traits.rowReduction?.(params, inShapes[0]!)
    ? reducing.every((v) => v.rowLength)
    : reducing.length > 0 && reducing.every((v) => v.rowStat && v.size === outSize);
}
