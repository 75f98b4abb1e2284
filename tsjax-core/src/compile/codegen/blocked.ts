/**
 * Emission of blocked kernels (shared by the JS and WGSL generators): one invocation computes a
 * `tm` x `tn` tile of outputs (interleaved: strided by the number of tiles along each axis); a single top-level sum-reduction becomes one loop with one
 * accumulator per tile element, and the summands of the tile are emitted together so that
 * common loads (a row of A, a column of B) are read once per step.
 */
import { type Exp, Exp as ExpNode, type ReduceAttr, add, and, div, i32, linearIndex, lt, rem, unravelIndex, variable } from "../exp.js";
import { type BlockedKernel, GIDX, axisVar } from "../kernel.js";
import { substitute, topReductions } from "../blocking.js";
import { contiguousStrides } from "../../shape.js";
import { Emitter, type Syntax } from "./emitter.js";

/** Number of invocations of a blocked kernel. */
export function blockedInvocations(k: BlockedKernel): number {
  const [ai, aj] = k.blockAxes;
  return k.shape.reduce((p, n, d) => p * (d === ai ? Math.ceil(n / k.tm) : d === aj ? Math.ceil(n / k.tn) : n), 1);
}

/**
 * Statements computing and storing a blocked kernel's tile for invocation `gidx`.
 * `write(index, value)` spells an output store.
 */
export function emitBlocked(syn: Syntax, k: BlockedKernel, write: (index: string, value: string) => string): string[] {
  const em = new Emitter(syn);
  em.bind(GIDX, "gidx");
  const [ai, aj] = k.blockAxes;
  const M = k.shape[ai]!;
  const N = k.shape[aj]!;
  const nI = Math.ceil(M / k.tm);
  const nJ = Math.ceil(N / k.tn);
  const g = variable(GIDX);
  // Interleaved tiles: element (a, b) of the tile is output (ib + a*nI, jb + b*nJ), so that
  // neighbouring invocations (consecutive jb) read neighbouring addresses at every step.
  const ib = rem(div(g, i32(nJ)), i32(nI));
  const jb = rem(g, i32(nJ));
  const others = k.shape.map((_, d) => d).filter((d) => d !== ai && d !== aj);
  const restIdx = unravelIndex(div(g, i32(nI * nJ)), others.map((d) => k.shape[d]!));
  const strides = contiguousStrides(k.shape);

  const elems: { vars: Map<string, Exp>; axes: Exp[]; guard: Exp | undefined }[] = [];
  for (let a = 0; a < k.tm; a++) {
    for (let b = 0; b < k.tn; b++) {
      const axes = k.shape.map((_, d) => (d === ai ? add(ib, i32(a * nI)) : d === aj ? add(jb, i32(b * nJ)) : restIdx[others.indexOf(d)]!));
      const conds = [(a + 1) * nI > M ? lt(axes[ai]!, i32(M)) : undefined, (b + 1) * nJ > N ? lt(axes[aj]!, i32(N)) : undefined].filter(
        (c): c is Exp => c !== undefined,
      );
      elems.push({
        vars: new Map(axes.map((e, d) => [axisVar(d), e])),
        axes,
        guard: conds.length === 0 ? undefined : conds.length === 1 ? conds[0] : and(conds[0]!, conds[1]!),
      });
    }
  }

  const reds = topReductions(k.value);
  const r = reds.length === 1 ? reds[0]! : undefined;
  const fused = r && (r.attr as ReduceAttr).rop === "sum" && r.args[0]!.op === "const";
  let values: Exp[];
  if (fused) {
    const { var: loopVar } = r.attr as ReduceAttr;
    const accs = elems.map(() => em.fresh("acc"));
    accs.forEach((acc) => em.line(syn.var(acc, r.dtype, syn.reduceInit("sum", r.dtype))));
    const loopName = em.fresh("r");
    em.pushScope([]);
    em.bind(loopVar, loopName);
    elems.forEach((el, idx) => {
      const v = em.emit(substitute(r.args[1]!, el.vars));
      em.line(syn.assign(accs[idx]!, syn.binary("add", r.dtype, accs[idx]!, v)));
    });
    const body = em.popScope();
    em.line(...syn.loop(loopName, syn.literal(r.args[0]!.value, "int32"), body));
    values = elems.map((el, idx) => {
      const accName = `blkacc${idx}`;
      em.bind(accName, accs[idx]!);
      return substitute(k.value, el.vars, new Map([[r, new ExpNode("var", r.dtype, [], accName)]]));
    });
  } else {
    values = elems.map((el) => substitute(k.value, el.vars));
  }
  elems.forEach((el, idx) => {
    const guard = el.guard ? em.emit(el.guard) : undefined;
    em.pushScope([]);
    const v = em.emit(values[idx]!);
    const index = em.emit(linearIndex(el.axes, strides));
    em.line(write(index, v));
    const lines = em.popScope();
    em.line(...(guard ? syn.ifThen(guard, lines) : lines));
  });
  return em.lines;
}
