/**
 * The kernel planner: the one place that decides how values become a kernel, for jitted
 * programs and eager ops alike (`program.ts` calls `planKernel` for every kernel it emits, and
 * an eager op is a program of one equation). The plan is in the shared kernel IR (`kernel.ts`);
 * code generators only render it (a backend may still pick how to render a given form, as the
 * CPU backend renders a `contraction` as its WebAssembly GEMM).
 */
import { sizeOf } from "../shape.js";
import type { KernelBody, ShapedArray } from "../core/primitive.js";
import { Exp, i32, unravelIndex, variable } from "./exp.js";
import { planBlocked, topReductions } from "./blocking.js";
import { simplifyIndices } from "./index-ranges.js";
import { GIDX, POS, ROW, axisVar } from "./kernel.js";
import { type Operand, operand, readLinear } from "./operand.js";

/** Reductions at least this long, into at most this many outputs, run as workgroup trees. */
const TREE_MIN_LENGTH = 512;
const TREE_MAX_OUTPUTS = 1024;

/** Runs analysis reads of operands: the loads they make register in no kernel. */
export interface Probe {
  probe<T>(f: () => T): T;
}

/** What the planner chose for a kernel. */
type KernelPlan =
  /**
   * The value does not depend on `axes` (a convolution's weight gradient from a constant
   * cotangent is the same for every output channel): compute `narrow` (size 1 along them) as
   * its own kernel, then `widen` its result, a broadcasting copy.
   */
  | { form: "broadcast"; narrow: Operand; widen: (narrowed: Operand) => Operand }
  /** One kernel; its loads registered where the caller reads (see `Probe`). */
  | { form: "kernel"; body: KernelBody };

/**
 * Plans the kernel computing `ops` (of the given avals), as rows of `row` elements when the
 * caller asks for a row kernel (values that read per-row statistics, such as softmax):
 * - a single value that ignores some axes: computed once along them, then broadcast;
 * - a single large contraction: a register-blocked kernel (`planBlocked`);
 * - few outputs, each a long reduction: rows of 1 (one workgroup tree per output on WebGPU),
 *   marked as a `contraction` when it is one sum of products;
 * - otherwise a map kernel (a row kernel when `row` is given).
 */
export function planKernel(ctx: Probe, ops: readonly Operand[], avals: readonly ShapedArray[], row?: number): KernelPlan {
  if (ops.length === 1 && !row) {
    const op = ops[0]!;
    const unused = ctx.probe(() => unusedAxes(op));
    if (unused.length > 0) {
      const at0 = (idx: readonly Exp[]) => idx.map((x, d) => (unused.includes(d) ? i32(0) : x));
      return {
        form: "broadcast",
        narrow: operand(op.shape.map((n, d) => (unused.includes(d) ? 1 : n)), op.dtype, (idx) => op.at(at0(idx))),
        widen: (narrowed) => operand(op.shape, op.dtype, (idx) => narrowed.at(at0(idx))),
      };
    }
  }
  const size = sizeOf(ops[0]!.shape);
  const blocked = ops.length === 1 && !row ? planBlocked(ops[0]!, avals[0]!.dtype) : undefined;
  if (blocked) return { form: "kernel", body: blocked };
  if (!row && size <= TREE_MAX_OUTPUTS && ops.some((o) => ctx.probe(() => longestReduction(o)) >= TREE_MIN_LENGTH)) row = 1;
  const extents = new Map(row ? [[ROW, size / row], [POS, row]] : [[GIDX, size]]);
  const read = (o: Operand): Exp =>
    simplifyIndices(
      row === 1
        ? readLinear(o, variable(ROW))
        : row
          ? o.at([...unravelIndex(variable(ROW), o.shape.slice(0, -1)), variable(POS)])
          : readLinear(o, variable(GIDX)),
      extents,
    );
  const outputs = ops.map((o, i) => ({ dtype: avals[i]!.dtype, value: read(o) }));
  const contraction = row === 1 && ops.length === 1 ? planBlocked(ops[0]!, avals[0]!.dtype, 1) : undefined;
  const body: KernelBody = {
    kind: "map",
    size,
    outputs,
    ...(row ? { row } : {}),
    ...(contraction ? { contraction: { shape: contraction.shape, value: contraction.value } } : {}),
  };
  return { form: "kernel", body };
}

/** The length of the longest top-level reduction in an operand's expression (0 if none). */
function longestReduction(op: Operand): number {
  return topReductions(readLinear(op, variable(GIDX))).reduce((m, r) => {
    const n = r.args[0]!;
    return n.op === "const" ? Math.max(m, n.value as number) : m;
  }, 0);
}

/** The axes (longer than 1) that a value with a reduction does not depend on. */
function unusedAxes(op: Operand): number[] {
  const value = op.at(op.shape.map((_, d) => variable(axisVar(d))));
  if (topReductions(value).length === 0) return [];
  const used = new Set<string>();
  const seen = new Set<Exp>();
  const walk = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op === "var") used.add(x.attr as string);
    x.args.forEach(walk);
  };
  walk(value);
  return op.shape.map((_, d) => d).filter((d) => op.shape[d]! > 1 && !used.has(axisVar(d)));
}
