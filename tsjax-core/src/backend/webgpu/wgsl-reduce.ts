/**
 * WGSL for map kernels with reductions (sums over an axis, and what is fused around them), in
 * one of two forms that `planWgslReduce` picks:
 * - `lanes: 4`, when some input is read contiguously along the output index (a sum over a
 *   leading axis, whose outputs are columns): each invocation computes 4 neighbouring outputs
 *   from `vec4` loads, their reductions run as one loop with 4 accumulators, and the outputs
 *   are stored as one `vec4`;
 * - `lanes: 1`, when a reduction reads an input contiguously along its own variable (a sum
 *   over the last axis): the reduction runs over `vec4`s, adding the 4 lanes of each first.
 * Float sums stay blocked (sums of blocks of about sqrt(n) terms), so their error bound grows
 * with about 2 sqrt(n) roundings instead of n.
 */
import type { DType } from "../../dtype.js";
import { Exp, type ReduceAttr, binary, i32, variable } from "../../compile/exp.js";
import { GIDX, type MapKernel } from "../../compile/kernel.js";
import { Emitter, type Syntax, indent } from "../../compile/codegen/emitter.js";
import { substitute, topReductions } from "../../compile/blocking.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { assemble, makeSyntax, store, wgslStorageType } from "./wgsl.js";
import { VEC, splitLane, vectorInputBindings, vectorSyntax } from "./wgsl-lanes.js";
import { LANE_OPS, type WgslReducePlan, combineOf, splittable } from "./plan-reduce.js";

/**
 * Rewrites every reduction that `splittable` accepts into a reduction over `vec4`s: `rop` over
 * `r4 < n / 4` of the 4 lanes' values combined pairwise. Inputs read as vectors go to `vecArgs`.
 */
export function splitReductions(e: Exp, inputs: readonly DType[], vecArgs: Set<number>, memo = new Map<Exp, Exp>()): Exp {
  const known = memo.get(e);
  if (known) return known;
  let out = e;
  if (e.args.length > 0) {
    const args = e.args.map((a) => splitReductions(a, inputs, vecArgs, memo));
    if (args.some((a, i) => a !== e.args[i])) out = new Exp(e.op, e.dtype, args, e.attr);
  }
  if (out.op === "reduce" && splittable(out, inputs)) {
    const { rop, var: v } = out.attr as ReduceAttr;
    const v4 = `${v}v`;
    const laneMemos = [0, 1, 2, 3].map(() => new Map<Exp, Exp>());
    const lanes = laneMemos.map((m, k) => splitLane(out.args[1]!, v, variable(v4), k, inputs, vecArgs, m));
    const op = combineOf(rop);
    const body = binary(op, binary(op, lanes[0]!, lanes[1]!), binary(op, lanes[2]!, lanes[3]!));
    out = new Exp("reduce", out.dtype, [i32((out.args[0]!.value as number) / VEC), body], { rop, var: v4 });
  }
  memo.set(e, out);
  return out;
}

/**
 * Emits reductions that share their operation, length and variable (the lanes of one output
 * reduction) as one loop with an accumulator each; float sums as sums of blocks of about
 * `sqrt(n)` terms. Returns the accumulators' names.
 */
function emitFusedReductions(em: Emitter, syn: Syntax, group: readonly Exp[]): string[] {
  const { rop, var: v } = group[0]!.attr as ReduceAttr;
  const n = group[0]!.args[0]!.value as number;
  const dtype = group[0]!.dtype;
  const op = combineOf(rop);
  const accs = group.map(() => em.fresh("acc"));
  const r = em.fresh("r");
  const blocked = rop === "sum" && dtype === "float32" && n > 32;
  const parts = blocked ? group.map(() => em.fresh("p")) : accs;
  em.pushScope([]);
  em.bind(v, r);
  const vals = group.map((g) => em.emit(g.args[1]!));
  em.line(...parts.map((p, i) => syn.assign(p, syn.binary(op, dtype, p, vals[i]!))));
  const body = em.popScope();
  em.line(...accs.map((a) => syn.var(a, dtype, syn.reduceInit(rop, dtype))));
  if (!blocked) {
    em.line(...syn.loop(r, syn.literal(n, "int32"), body));
    return accs;
  }
  let B = 1;
  while (B * B < n) B *= 2;
  const b = em.fresh("b");
  em.line(`for (var ${b}: i32 = 0; ${b} < ${n}; ${b} += ${B}) {`, ...indent([
    ...parts.map((p) => syn.var(p, dtype, syn.reduceInit(rop, dtype))),
    // (a constant trip count when the blocks divide the length: the driver may unroll it)
    `for (var ${r}: i32 = ${b}; ${r} < ${n % B === 0 ? `${b} + ${B}` : `min(${b} + ${B}, ${n})`}; ${r}++) {`,
    ...indent(body),
    "}",
    ...accs.map((a, i) => syn.assign(a, syn.binary(op, dtype, a, parts[i]!))),
  ]), "}");
  return accs;
}

/**
 * Emits the top-level reductions of `lanes` (values per lane; a reduction at the same place in
 * each lane's values forms a group) with `emitFusedReductions`, and returns the values reading
 * their accumulators.
 */
function fuseReductions(em: Emitter, base: Syntax, lanes: Exp[][]): Exp[][] {
  const tops = lanes.map((vals) => vals.flatMap((v) => topReductions(v)));
  const nodes = new Map<Exp, Exp>();
  tops[0]!.forEach((_, t) => {
    const group = [...new Set(tops.map((ts) => ts[t]!))].filter((r) => !nodes.has(r));
    if (group.length === 0 || !LANE_OPS.has((group[0]!.attr as ReduceAttr).rop) || group[0]!.args[0]!.op !== "const") return;
    const accs = emitFusedReductions(em, base, group);
    group.forEach((r, i) => {
      const name = `fr${nodes.size}`;
      em.bind(name, accs[i]!);
      nodes.set(r, new Exp("var", r.dtype, [], name));
    });
  });
  return lanes.map((vals) => vals.map((v) => substitute(v, new Map(), nodes)));
}

/** WGSL for a map kernel with reductions, in the form `planWgslReduce` chose. */
export function wgslReduceMap(k: MapKernel, plan: WgslReducePlan): string {
  const h = new WgslHelpers();
  const base = makeSyntax(h);
  const vecArgs = new Set<number>();
  if (plan.lanes === 1) {
    const values = k.outputs.map((o) => splitReductions(o.value, k.inputs, vecArgs));
    const em = new Emitter(vectorSyntax(base, vecArgs));
    em.bind(GIDX, "gidx");
    const vals = fuseReductions(em, base, [values])[0]!.map((v) => em.emit(v));
    k.outputs.forEach((o, i) => em.line(`out${i}[gidx] = ${store(o.dtype, vals[i]!)};`));
    const bindings = [
      ...vectorInputBindings(k.inputs, vecArgs),
      ...k.outputs.map((o, i) => ({ name: `out${i}`, type: wgslStorageType(o.dtype), access: "read_write" as const })),
    ];
    return assemble(h, bindings, k.numParams, [`if (gidx >= ${k.size}) { return; }`, ...em.lines]);
  }
  // four outputs per invocation: the output index is 4 * gidx + lane
  const memos = [0, 1, 2, 3].map(() => new Map<Exp, Exp>());
  let lanes = [0, 1, 2, 3].map((l) => k.outputs.map((o) => splitLane(o.value, GIDX, variable("g4"), l, k.inputs, vecArgs, memos[l])));
  const em = new Emitter(vectorSyntax(base, vecArgs));
  em.bind("g4", "gidx");
  // each output reduction's 4 lanes run as one loop
  lanes = fuseReductions(em, base, lanes);
  const stores = k.outputs.map((o, i) => {
    const t = wgslStorageType(o.dtype);
    return `out${i}[gidx] = vec4<${t}>(${lanes.map((vals) => store(o.dtype, em.emit(vals[i]!))).join(", ")});`;
  });
  const bindings = [
    ...vectorInputBindings(k.inputs, vecArgs),
    ...k.outputs.map((o, i) => ({ name: `out${i}`, type: `vec4<${wgslStorageType(o.dtype)}>`, access: "read_write" as const })),
  ];
  return assemble(h, bindings, k.numParams, [`if (gidx >= ${plan.threads}) { return; }`, ...em.lines, ...stores]);
}
