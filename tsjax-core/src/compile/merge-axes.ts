/**
 * Merging adjacent output axes of a blocked kernel for the CPU GEMM: a projection of a
 * [batch, time, width] activation has two M axes, and the GEMM's WebAssembly prologues and
 * epilogues (a fused GELU, a bias) need one. Axes d and d+1 merge when, written as
 * `q / n` and `q % n` of one variable q, every index simplifies back to affine in q (the loads
 * read them with strides s * n and s); the output's row-major layout is unchanged.
 */
import { type Exp, type ReduceAttr, div, i32, rem, variable } from "./exp.js";
import { type BlockedKernel, axisVar } from "./kernel.js";
import { substitute } from "./blocking.js";
import { simplifyIndices } from "./index-ranges.js";

/** Whether a quotient or remainder of an index still involves variable `name`. */
function splitsVar(e: Exp, name: string, seen = new Set<Exp>()): boolean {
  if (seen.has(e)) return false;
  seen.add(e);
  if ((e.op === "div" || e.op === "rem") && e.dtype === "int32" && uses(e.args[0]!, name)) return true;
  return e.args.some((a) => splitsVar(a, name, seen));
}

function uses(e: Exp, name: string): boolean {
  return (e.op === "var" && e.attr === name) || (e.op !== "reduce" || (e.attr as ReduceAttr).var !== name ? e.args.some((a) => uses(a, name)) : false);
}

/** `k` with every pair of adjacent axes merged where the indices stay affine; `k` itself when none. */
export function mergeAxes(k: BlockedKernel): BlockedKernel {
  let shape = [...k.shape];
  let value = k.value;
  let merged = false;
  for (let d = 0; d + 1 < shape.length; ) {
    const n = shape[d + 1]!;
    const q = variable(axisVar(d));
    const vars = new Map<string, Exp>([[axisVar(d), div(q, i32(n))], [axisVar(d + 1), rem(q, i32(n))]]);
    for (let e = d + 2; e < shape.length; e++) vars.set(axisVar(e), variable(axisVar(e - 1)));
    const next = [...shape.slice(0, d), shape[d]! * n, ...shape.slice(d + 2)];
    const v = simplifyIndices(substitute(value, vars), new Map(next.map((m, e) => [axisVar(e), m])));
    if (splitsVar(v, axisVar(d))) {
      d++;
      continue;
    }
    [shape, value, merged] = [next, v, true];
  }
  if (!merged) return k;
  return { ...k, shape, value, blockAxes: [0, shape.length - 1], tm: 1, tn: 1 };
}
