/**
 * WGSL for row kernels (softmax, log-softmax, layer norm; and rows of 1, one long reduction per
 * output): one workgroup per row. The per-row statistics (reductions that depend only on the
 * row) are reduced by the whole workgroup: each invocation combines its share, then the
 * workgroup combines the invocations' partial results (`workgroupCombine`).
 *
 * Two shapes of shader:
 * - unrolled (rows of at most `UNROLL_MAX_TERMS * 256` elements, statistics of constant length):
 *   each invocation handles the same few positions of the row (`4 * (lid + W * i) + lane`,
 *   `vec4` loads where the input is contiguous) for every statistic and for the outputs, all in
 *   straight-line code, so the code generator's common-subexpression elimination loads each
 *   element once and computes what the statistics and the outputs share (softmax's `exp`) once;
 * - loops (longer rows, and rows of 1): strided loops over the row per statistic and for the
 *   outputs, reading `vec4`s where a reduction's input is contiguous (`splitReductions`).
 */
import { type DType, intRange } from "../../dtype.js";
import { Exp, type ReduceAttr, type ReduceOp, add, binary, constant, i32, lt, select, structuralKey, variable } from "../../compile/exp.js";
import { POS, ROW, type MapKernel } from "../../compile/kernel.js";
import type { BinaryOp } from "../../compile/scalar-ops.js";
import { Emitter, type Syntax, indent } from "../../compile/codegen/emitter.js";
import { substitute, varsOf } from "../../compile/blocking.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { assemble, makeSyntax, store, wgslStorageType } from "./wgsl.js";
import { VEC, VEC_STORAGE, splitLane, vectorInputBindings, vectorSyntax, withSubgroups } from "./wgsl-lanes.js";
import { combineOf, smallKernel } from "./plan-reduce.js";
import { splitReductions } from "./wgsl-reduce.js";

/** How a row kernel may run on this device. */
export interface RowsOptions {
  /** Use subgroup operations (the device has the `subgroups` feature). */
  subgroups: boolean;
}

/**
 * Invocations per row in the loop form. Small enough that a row's tree takes few barriers (each
 * barrier is a context switch per SIMD group on CPU drivers such as lavapipe), large enough to
 * keep a GPU's lanes busy across the rows in flight.
 */
const ROW_WORKGROUP_SIZE = 64;

/** Workgroup memory for the cooperative reductions of row kernels, by WGSL type. */
const SCRATCH: Partial<Record<DType, string>> = { float32: "f32", int32: "i32", uint32: "u32" };

/** Partial results combined per invocation in the first level of a workgroup tree. */
const TREE_FAN = 8;

/** Most elements per statistic (and outputs) one invocation handles in the unrolled form. */
const UNROLL_MAX_TERMS = 32;

/**
 * Fewest invocations per row in the unrolled form: a softmax or layer norm over 1024 elements
 * then takes 32 per invocation, which on lavapipe (a workgroup's SIMD groups take turns at each
 * barrier) ran 1.1 to 1.5x faster than 64 invocations of 16 in one alternating run.
 */
const UNROLL_MIN_WORKGROUP = 32;

/** Name of the local-invocation-index variable in the unrolled form's expressions. */
const LID = "tj_lid";

/**
 * Statements combining each invocation's partial result `acc` across a workgroup of W
 * invocations, leaving the total in `acc` everywhere; `decls` declares the workgroup memory.
 * With subgroups (sums, and integer max/min): a subgroup reduction, the subgroups' results
 * through workgroup memory (two buffers in turn, so no barrier is needed after reading them).
 * Subgroups are taken to be `subgroup_size` consecutive local invocation indices, as every
 * driver lays them out for one-dimensional workgroups. Otherwise a two-level tree: groups of
 * `TREE_FAN` partial results, then all the groups' (two barriers per reduction).
 */
function workgroupCombine(base: Syntax, W: number, subgroups: boolean) {
  const buffers = new Map<string, string>();
  let turn = 0;
  const buffer = (name: string, t: string, size: number) => {
    buffers.set(name, `var<workgroup> ${name}: array<${t}, ${size}>;`);
    return name;
  };
  return {
    usesSubgroups: false,
    decls: () => [...buffers.values()].join("\n"),
    combine(acc: string, dtype: DType, op: BinaryOp): string[] | undefined {
      const t = SCRATCH[dtype];
      if (!t) return undefined;
      const fn = op === "add" ? "subgroupAdd" : t !== "f32" && (op === "max" || op === "min") ? (op === "max" ? "subgroupMax" : "subgroupMin") : undefined;
      if (subgroups && fn) {
        this.usesSubgroups = true;
        // subgroups have at least 4 invocations
        const buf = buffer(`tj_sg_${t}${turn++ % 2}`, t, Math.max(1, W / 4));
        return [
          `let ${acc}_sg = ${fn}(${acc});`,
          `if (sgid == 0u) { ${buf}[lid / sgsize] = ${acc}_sg; }`,
          "workgroupBarrier();",
          `${acc} = ${buf}[0];`,
          `for (var q: u32 = 1u; q < ${W}u / sgsize; q++) { ${acc} = ${base.binary(op, dtype, acc, `${buf}[q]`)}; }`,
        ];
      }
      const a = buffer(`tj_wg_${t}`, t, W);
      const g = W / TREE_FAN;
      const b = buffer(`tj_wg2_${t}`, t, g);
      return [
        `${a}[lid] = ${acc};`,
        "workgroupBarrier();",
        `if (lid < ${g}u) {`,
        `  var v: ${t} = ${a}[lid * ${TREE_FAN}u];`,
        `  for (var q: u32 = 1u; q < ${TREE_FAN}u; q++) { v = ${base.binary(op, dtype, "v", `${a}[lid * ${TREE_FAN}u + q]`)}; }`,
        `  ${b}[lid] = v;`,
        "}",
        "workgroupBarrier();",
        `${acc} = ${b}[0];`,
        `for (var q: u32 = 1u; q < ${g}u; q++) { ${acc} = ${base.binary(op, dtype, acc, `${b}[q]`)}; }`,
      ];
    },
  };
}

/** WGSL for a row kernel with rows of `L` elements (see the file comment). */
export function wgslRows(k: MapKernel, L: number, opts: RowsOptions): string {
  if (smallKernel(k)) return loopRows(k, L, opts, false);
  return unrolledRows(k, L, opts) ?? loopRows(k, L, opts, true);
}

const outputBindings = (k: MapKernel, vector: boolean) =>
  k.outputs.map((o, i) => ({ name: `out${i}`, type: vector ? `vec4<${wgslStorageType(o.dtype)}>` : wgslStorageType(o.dtype), access: "read_write" as const }));

/** The workgroup's row: uniform (from workgroup_id only), so the barriers after the early return stay in uniform control flow. */
const rowPrologue = (rows: number) => ["let row = i32(wid.x + wid.y * nwg.x);", `if (row >= ${rows}) { return; }`];

/** The loop form; reductions over `vec4`s when `vectors` (not in small kernels, see `smallKernel`). */
function loopRows(k: MapKernel, L: number, opts: RowsOptions, vectors: boolean): string {
  const h = new WgslHelpers();
  const base = makeSyntax(h);
  const W = ROW_WORKGROUP_SIZE;
  const vecArgs = new Set<number>();
  const values = vectors ? k.outputs.map((o) => splitReductions(o.value, k.inputs, vecArgs)) : k.outputs.map((o) => o.value);
  const wg = workgroupCombine(base, W, opts.subgroups);
  const syn: Syntax = {
    ...vectorSyntax(base, vecArgs),
    cooperative: {
      width: W,
      loop: (name, size, body) => [`for (var ${name}: i32 = i32(lid); ${name} < ${size}; ${name} += ${W}i) {`, ...indent(body), "}"],
      combine: (acc, dtype, op) => wg.combine(acc, dtype, op),
    },
  };
  const em = new Emitter(syn);
  em.pushScope([]);
  em.bind(ROW, "row");
  em.markCooperative();
  em.pushScope([]);
  em.bind(POS, "j");
  const vals = values.map((v) => em.emit(v));
  k.outputs.forEach((o, i) => em.line(`out${i}[row * ${L} + j] = ${store(o.dtype, vals[i]!)};`));
  const inner = em.popScope();
  em.line(`for (var j: i32 = i32(lid); j < ${L}; j += ${W}i) {`, ...indent(inner), "}");
  const rowLines = em.popScope();
  const bindings = [...vectorInputBindings(k.inputs, vecArgs), ...outputBindings(k, false)];
  const src = assemble(h, bindings, k.numParams, [...rowPrologue(k.size / L), ...em.lines, ...rowLines], wg.decls(), W);
  return wg.usesSubgroups ? withSubgroups(src) : src;
}

/** The identity of a reduction, as an expression. */
function identity(rop: ReduceOp, dtype: DType): Exp {
  if (rop === "sum") return constant(0, dtype);
  if (rop === "prod") return constant(1, dtype);
  const max = rop === "max";
  if (dtype === "float32") return constant(max ? -Infinity : Infinity, dtype);
  return constant(intRange(dtype)[max ? 0 : 1], dtype);
}

/** Combines terms pairwise (a balanced tree: rounding errors grow with its depth). */
function tree(op: BinaryOp, terms: Exp[]): Exp {
  if (terms.length === 1) return terms[0]!;
  const h = Math.ceil(terms.length / 2);
  return binary(op, tree(op, terms.slice(0, h)), tree(op, terms.slice(h)));
}

/** Replaces the reductions whose structural key is in `byKey` by their variables. */
function replaceStats(e: Exp, byKey: ReadonlyMap<string, Exp>, keys: Map<Exp, string>, memo = new Map<Exp, Exp>()): Exp {
  const known = memo.get(e);
  if (known) return known;
  let out: Exp | undefined;
  if (e.op === "reduce") out = byKey.get(structuralKey(e, keys));
  if (!out) {
    const args = e.args.map((a) => replaceStats(a, byKey, keys, memo));
    out = args.every((a, i) => a === e.args[i]) ? e : new Exp(e.op, e.dtype, args, e.attr);
  }
  memo.set(e, out);
  return out;
}

function unrolledRows(k: MapKernel, L: number, opts: RowsOptions): string | undefined {
  // the per-row statistics that the workgroup computes, inner ones first
  const vars = new Map<Exp, Set<string>>();
  const keys = new Map<Exp, string>();
  const stats: Exp[] = [];
  const statKeys = new Set<string>();
  const seen = new Set<Exp>();
  const visit = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    x.args.forEach(visit);
    if (x.op !== "reduce" || [...varsOf(x, vars)].some((v) => v !== ROW)) return;
    const { rop } = x.attr as ReduceAttr;
    if (rop === "argmax" || rop === "argmin" || !SCRATCH[x.dtype]) return;
    const key = structuralKey(x, keys);
    if (!statKeys.has(key)) stats.push(x);
    statKeys.add(key);
  };
  k.outputs.forEach((o) => visit(o.value));
  if (stats.length === 0 || stats.some((s) => s.args[0]!.op !== "const")) return undefined;
  const lengths = stats.map((s) => s.args[0]!.value as number);
  const vector = L % VEC === 0 && lengths.every((n) => n % VEC === 0);
  const lanes = vector ? VEC : 1;
  let W = UNROLL_MIN_WORKGROUP;
  while (W < 256 && W * lanes * (UNROLL_MAX_TERMS / 4) < L) W *= 2;
  const per = (n: number) => Math.ceil(n / (lanes * W));
  if ([L, ...lengths].some((n) => per(n) * lanes > UNROLL_MAX_TERMS)) return undefined;

  const h = new WgslHelpers();
  const base = makeSyntax(h);
  const vecArgs = new Set<number>();
  const em = new Emitter(vectorSyntax(base, vecArgs));
  em.bind(ROW, "row");
  em.bind(LID, "i32(lid)");
  const wg = workgroupCombine(base, W, opts.subgroups);
  /** Vector (or element) position i of this invocation: lid + W * i. */
  const at = (i: number) => add(variable(LID), i32(W * i));
  /** `e` at each position (and lane) of this invocation, for positions below n along `v`. */
  const spread = (e: Exp, v: string, n: number, fill?: Exp): Exp[] => {
    const out: Exp[] = [];
    for (let i = 0; i < per(n); i++) {
      for (let l = 0; l < lanes; l++) {
        const x = vector ? splitLane(e, v, at(i), l, k.inputs, vecArgs) : substitute(e, new Map([[v, at(i)]]));
        const inside = (i + 1) * W * lanes <= n;
        out.push(inside || !fill ? x : select(lt(at(i), i32(n / lanes)), x, fill));
      }
    }
    return out;
  };
  const byKey = new Map<string, Exp>();
  stats.forEach((s, t) => {
    const { rop, var: v } = s.attr as ReduceAttr;
    const body = replaceStats(s.args[1]!, byKey, keys);
    const op = combineOf(rop);
    const partial = em.emit(tree(op, spread(body, v, s.args[0]!.value as number, identity(rop, s.dtype))));
    const acc = `st${t}`;
    em.line(base.var(acc, s.dtype, partial), ...wg.combine(acc, s.dtype, op)!);
    em.bind(acc, acc);
    byKey.set(structuralKey(s, keys), new Exp("var", s.dtype, [], acc));
  });
  const values = k.outputs.map((o) => replaceStats(o.value, byKey, keys));
  const vectorOut = vector && k.outputs.every((o) => VEC_STORAGE.has(o.dtype));
  const stores: string[] = [];
  const perOut = values.map((v) => spread(v, POS, L));
  for (let i = 0; i < per(L); i++) {
    const guard = (i + 1) * W * lanes > L ? `if (${em.emit(at(i))} < ${L / lanes}) ` : "";
    k.outputs.forEach((o, q) => {
      const lane = (l: number) => store(o.dtype, em.emit(perOut[q]![i * lanes + l]!));
      if (vectorOut) {
        stores.push(`${guard}{ out${q}[row * ${L / VEC} + ${em.emit(at(i))}] = vec4<${wgslStorageType(o.dtype)}>(${[0, 1, 2, 3].map(lane).join(", ")}); }`);
      } else {
        for (let l = 0; l < lanes; l++) {
          const pos = vector ? `${em.emit(at(i))} * ${VEC} + ${l}` : em.emit(at(i));
          stores.push(`${guard}{ out${q}[row * ${L} + ${pos}] = ${lane(l)}; }`);
        }
      }
    });
  }
  const bindings = [...vectorInputBindings(k.inputs, vecArgs), ...outputBindings(k, vectorOut)];
  const src = assemble(h, bindings, k.numParams, [...rowPrologue(k.size / L), ...em.lines, ...stores], wg.decls(), W);
  return wg.usesSubgroups ? withSubgroups(src) : src;
}
