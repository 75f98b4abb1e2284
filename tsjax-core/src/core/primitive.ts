/**
 * Primitives: the closed set of operations everything else is written in.
 *
 * Each primitive is defined in one place with its rules: shape/dtype inference (`abstractEval`)
 * and how it runs, either as a lowering to index expressions (`lower`, fusable), as a
 * special kernel (`kernel`: sort, scan, scatter), or as a direct eager implementation (`impl`:
 * free view changes). Transformations add their rules in the same definitions.
 */
import type { DType } from "../dtype.js";
import type { Operand } from "../compile/operand.js";
import type { Kernel } from "../compile/kernel.js";
import type { DeviceArray } from "../array/device-array.js";
import type { Array } from "../array/array.js";
import { checkSize, fmtShape } from "../shape.js";

/** An abstract value: what tracing knows about an array. */
export interface ShapedArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly weakType: boolean;
}

/** A tangent or cotangent; `null` is a symbolic zero (no work is done for it). */
export type Tangent = Array | null;

/** A linear input of an equation being transposed: only its shape/dtype is known. */
export class UndefinedPrimal {
  constructor(readonly aval: ShapedArray) {}
}

/**
 * A value in the complex lowering (`complex/lower.ts`): a real array, or a `complex64` value
 * as its real and imaginary parts, two float32 arrays of its shape.
 */
export type ComplexValue = Array | readonly [Array, Array];

/** What a complex lowering rule knows about its equation. */
export interface ComplexContext {
  readonly inAvals: readonly ShapedArray[];
  readonly outAvals: readonly ShapedArray[];
}

/** The batch axis of each value under `vmap` (`null`: not batched). */
export type BatchDim = number | null;

/**
 * What the kernel planner (`compile/program.ts`, `compile/plan.ts`) needs to know about a
 * primitive's lowering to decide what to fuse; the compiler never looks at primitive names.
 * Every trait is optional: a primitive without any is elementwise-like (each output element
 * reads a few input elements once).
 */
export interface FusionTraits<P> {
  /** A sum of products over input elements (matmul, convolution): blocked kernels, GEMMs on the CPU. */
  readonly contraction?: boolean;
  /** Reads each input element many times (contractions, sliding windows). */
  readonly rereadsInputs?: boolean;
  /** Combines many input elements into each output element (reductions, windows, contractions). */
  readonly reduction?: boolean;
  /** Repeats input elements into a larger output (a broadcast). */
  readonly broadcast?: boolean;
  /**
   * Whether it repeats each row of its input along the output's last axis only ([R] or [R, 1]
   * to [R, L], also with more leading axes): per-row statistics read this way stay in a row kernel.
   */
  rowBroadcast?(params: P, inShape: readonly number[], outShape: readonly number[]): boolean;
  /** Whether it reduces exactly the last axis of its one input (whole rows: softmax's max and sum). */
  rowReduction?(params: P, inShape: readonly number[]): boolean;
}

/** A kernel without the fields the executor fills in (inputs, runtime parameters). */
export type KernelBody = Kernel extends infer K ? (K extends Kernel ? Omit<K, "inputs" | "numParams"> : never) : never;

export interface Primitive<P = Record<string, unknown>> {
  readonly name: string;
  /** Output shapes/dtypes from input shapes/dtypes; validates and throws readable errors. */
  abstractEval(inputs: readonly ShapedArray[], params: P): ShapedArray[];
  /** Outputs as index functions of the inputs (fusable). */
  lower?(inputs: readonly Operand[], params: P, outputs: readonly ShapedArray[]): Operand[];
  /** A dedicated kernel for the whole op. */
  kernel?(inputs: readonly Operand[], params: P, outputs: readonly ShapedArray[]): KernelBody;
  /** Eager implementation that needs no kernel (views of the input's buffer). */
  impl?(inputs: readonly DeviceArray[], params: P, outputs: readonly ShapedArray[]): DeviceArray[];
  /**
   * Forward-mode rule: primal outputs and their tangents. Tangents may be `null` (zero); the
   * rule is not called when all of them are.
   */
  jvp?(primals: readonly Array[], tangents: readonly Tangent[], params: P): [Array[], Tangent[]];
  /**
   * Transpose of a primitive that is linear in its `UndefinedPrimal` inputs: cotangents for
   * every input (`null` for the others), given the output cotangents.
   */
  transpose?(cts: readonly Tangent[], inputs: readonly (Array | UndefinedPrimal)[], params: P): Tangent[];
  /** Batching rule: outputs and their batch axes, given inputs with batch axes `dims`. */
  batch?(args: readonly Array[], dims: readonly BatchDim[], params: P): [Array[], BatchDim[]];
  /**
   * The primitive written with other primitives (a linear-algebra routine as loops of slices
   * and updates): `jit` inlines it, traced for the equation's input shapes (`core/expand.ts`).
   * Its own rules (JVP, transpose, batching) still apply above it, as for any primitive.
   */
  expand?(inputs: readonly Array[], params: P): Array[];
  /**
   * How the primitive computes with `complex64` operands or results: the same computation on
   * float32 real and imaginary parts (`complex/lower.ts`; existing primitives have theirs in
   * `complex/rules.ts`).
   */
  complex?(inputs: readonly ComplexValue[], params: P, ctx: ComplexContext): ComplexValue[];
  /** What fusion needs to know about the lowering (see `FusionTraits`). */
  readonly fusion?: FusionTraits<P>;
  /** True when equations must be kept even if their outputs are unused (runtime checks). */
  effectful?: boolean;
}

/**
 * Defines a primitive. Its `abstractEval` is wrapped to reject outputs no array can hold
 * (before any trace or kernel sees them), with an error that names the primitive.
 */
export function definePrimitive<P>(def: Primitive<P>): Primitive<P> {
  const abstractEval = def.abstractEval;
  def.abstractEval = function (inputs, params) {
    const outs = abstractEval.call(this, inputs, params);
    for (const o of outs) checkSize(def.name, o.shape, `the result, of shape ${fmtShape(o.shape)},`);
    return outs;
  };
  return def;
}

/** Output aval helper. */
export function aval(shape: readonly number[], dtype: DType, weakType = false): ShapedArray {
  return { shape, dtype, weakType };
}
