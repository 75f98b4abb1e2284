/**
 * WGSL for blocked kernels whose reduction is a float32 product of two factors (matmul, batched
 * matmul, convolution as implicit GEMM), shaped for the way WebGPU invocations run.
 *
 * The output axes split three ways (as for the CPU GEMM): M axes (read only by the first factor,
 * A), N axes (only by the second, B, the factor along the output's last axis) and batch axes. A
 * workgroup computes `TM` rows of M (all its invocations share them) by `W * TN` columns of N
 * (each invocation `TN` columns, `W` apart) for one batch index. Everything that depends on the
 * rows (A's loads, A's fused prologue) derives from the workgroup's index only, so it is
 * uniform across the workgroup: a CPU driver such as lavapipe, whose SIMD lanes are
 * invocations, loads it once for all lanes instead of once per lane, and a GPU broadcasts it.
 * B's loads are the only per-invocation reads, `W` neighbouring invocations reading neighbouring
 * addresses. Edge tiles read clamped rows and columns (no bounds branch in the loop) and guard
 * only their stores. The fused epilogue (bias, activation, ...) is applied to the `TM * TN`
 * accumulators before they are stored.
 */
import { type Exp, Exp as ExpNode, type ReduceAttr, add, and, div, i32, linearIndex, lt, min, mul, rem, unravelIndex, variable } from "../../compile/exp.js";
import { type BlockedKernel, axisVar } from "../../compile/kernel.js";
import { substitute, topReductions } from "../../compile/blocking.js";
import { Emitter } from "../../compile/codegen/emitter.js";
import { contiguousStrides } from "../../shape.js";
import { WgslHelpers } from "../../compile/codegen/wgsl-helpers.js";
import { assemble, inputBindings, makeSyntax, nextPow2, store, wgslStorageType } from "../../compile/codegen/wgsl.js";

/** How a product kernel runs as a WGSL GEMM (see the module comment). */
export interface WgslGemmPlan {
  reduction: Exp;
  a: Exp;
  b: Exp;
  mAxes: number[];
  nAxes: number[];
  batchAxes: number[];
  M: number;
  N: number;
  batch: number;
  /** Rows per workgroup, invocations per workgroup, columns per invocation. */
  TM: number;
  W: number;
  TN: number;
  /** Workgroups to dispatch. */
  groups: number;
}

/** Rows of A per workgroup (accumulators per invocation: TM x TN). */
const TILE_M = 8;
/** Columns per invocation. */
const TILE_N = 4;
/** Invocations per workgroup (along N). */
const LANES = 64;
/** Below this many multiply-adds the generic blocked kernel is as good. */
const MIN_WORK = 1 << 15;

function axesOf(e: Exp, rank: number): Set<number> {
  const names = new Map(Array.from({ length: rank }, (_, d) => [axisVar(d), d]));
  const found = new Set<number>();
  const seen = new Set<Exp>();
  const walk = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op === "var" && names.has(x.attr as string)) found.add(names.get(x.attr as string)!);
    x.args.forEach(walk);
  };
  walk(e);
  return found;
}

const prod = (shape: readonly number[], axes: readonly number[]) => axes.reduce((p, d) => p * shape[d]!, 1);

/**
 * The GEMM plan of a blocked kernel, or undefined when its value is not one float32 sum of a
 * product of two factors that each miss some output axis.
 */
export function planWgslGemm(k: BlockedKernel): WgslGemmPlan | undefined {
  const reds = topReductions(k.value);
  if (reds.length !== 1) return undefined;
  const r = reds[0]!;
  const [size, body] = r.args as [Exp, Exp];
  if ((r.attr as ReduceAttr).rop !== "sum" || size.op !== "const" || r.dtype !== "float32") return undefined;
  if (body.op !== "mul" || body.dtype !== "float32") return undefined;
  let [a, b] = body.args as [Exp, Exp];
  const rank = k.shape.length;
  let inA = axesOf(a, rank);
  let inB = axesOf(b, rank);
  // B, the per-invocation factor, runs along the output's last (contiguous) axis when a factor does
  if (inA.has(rank - 1) && !inB.has(rank - 1)) {
    [a, b] = [b, a];
    [inA, inB] = [inB, inA];
  }
  const dims = k.shape.map((_, d) => d);
  const mAxes = dims.filter((d) => inA.has(d) && !inB.has(d));
  const nAxes = dims.filter((d) => inB.has(d) && !inA.has(d));
  const batchAxes = dims.filter((d) => !mAxes.includes(d) && !nAxes.includes(d));
  if (mAxes.length === 0 || nAxes.length === 0) return undefined;
  const M = prod(k.shape, mAxes);
  const N = prod(k.shape, nAxes);
  const batch = prod(k.shape, batchAxes);
  if (M * N * batch * (size.value as number) < MIN_WORK) return undefined;
  const TM = Math.min(TILE_M, M);
  const TN = N >= LANES * TILE_N ? TILE_N : N >= LANES * 2 ? 2 : 1;
  const W = Math.min(LANES, Math.max(8, nextPow2(Math.ceil(N / TN))));
  const groups = Math.ceil(N / (W * TN)) * Math.ceil(M / TM) * batch;
  return { reduction: r, a, b, mAxes, nAxes, batchAxes, M, N, batch, TM, W, TN, groups };
}

/** WGSL for a blocked kernel planned by `planWgslGemm`. */
export function wgslGemm(k: BlockedKernel, p: WgslGemmPlan): string {
  const h = new WgslHelpers();
  const syn = makeSyntax(h);
  const em = new Emitter(syn);
  const { TM, TN, W, M, N } = p;
  const nNB = Math.ceil(N / (W * TN));
  const nMB = Math.ceil(M / TM);
  em.bind("tj_g", "g");
  em.bind("tj_l", "l");
  const g = variable("tj_g");
  const lane = variable("tj_l");
  const nb = rem(g, i32(nNB));
  const mb = rem(div(g, i32(nNB)), i32(nMB));
  const bt = div(g, i32(nNB * nMB));
  const batchIdx = unravelIndex(bt, p.batchAxes.map((d) => k.shape[d]!));
  const rows = Array.from({ length: TM }, (_, i) => add(mul(mb, i32(TM)), i32(i)));
  const cols = Array.from({ length: TN }, (_, j) => add(add(mul(nb, i32(W * TN)), i32(j * W)), lane));
  const clampRows = M % TM !== 0;
  const clampCols = N % (W * TN) !== 0;
  const axesAt = (m: Exp, n: Exp) => {
    const mIdx = unravelIndex(m, p.mAxes.map((d) => k.shape[d]!));
    const nIdx = unravelIndex(n, p.nAxes.map((d) => k.shape[d]!));
    return k.shape.map((_, d) => {
      const im = p.mAxes.indexOf(d);
      if (im >= 0) return mIdx[im]!;
      const inn = p.nAxes.indexOf(d);
      return inn >= 0 ? nIdx[inn]! : batchIdx[p.batchAxes.indexOf(d)]!;
    });
  };
  const varsOf = (axes: Exp[]) => new Map(axes.map((e, d) => [axisVar(d), e]));
  // the loads of the reduction read clamped rows and columns: always inside the inputs
  const readRows = rows.map((m) => (clampRows ? min(m, i32(M - 1)) : m));
  const readCols = cols.map((n) => (clampCols ? min(n, i32(N - 1)) : n));

  const r = p.reduction;
  const { var: loopVar } = r.attr as ReduceAttr;
  const K = r.args[0]!.value as number;
  const accs = Array.from({ length: TM * TN }, () => em.fresh("acc"));
  accs.forEach((acc) => em.line(syn.var(acc, "float32", "0.0f")));
  const loopName = em.fresh("kk");
  em.pushScope([]);
  em.bind(loopVar, loopName);
  const aVals = readRows.map((m) => em.emit(substitute(p.a, varsOf(axesAt(m, readCols[0]!)))));
  const bVals = readCols.map((n) => em.emit(substitute(p.b, varsOf(axesAt(readRows[0]!, n)))));
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const acc = accs[i * TN + j]!;
      em.line(`${acc} = ${acc} + ${aVals[i]} * ${bVals[j]};`);
    }
  }
  const body = em.popScope();
  em.line(...syn.loop(loopName, syn.literal(K, "int32"), body));

  const strides = contiguousStrides(k.shape);
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const axes = axesAt(rows[i]!, cols[j]!);
      const accName = `gemmacc${i * TN + j}`;
      em.bind(accName, accs[i * TN + j]!);
      const value = substitute(k.value, varsOf(axes), new Map([[r, new ExpNode("var", r.dtype, [], accName)]]));
      const conds = [clampRows ? lt(rows[i]!, i32(M)) : undefined, clampCols ? lt(cols[j]!, i32(N)) : undefined].filter(
        (c): c is Exp => c !== undefined,
      );
      const guard = conds.length === 0 ? undefined : em.emit(conds.length === 1 ? conds[0]! : and(conds[0]!, conds[1]!));
      em.pushScope([]);
      const v = em.emit(value);
      const index = em.emit(linearIndex(axes, strides));
      em.line(`out0[${index}] = ${store(k.dtype, v)};`);
      const lines = em.popScope();
      em.line(...(guard ? syn.ifThen(guard, lines) : lines));
    }
  }
  const bindings = [...inputBindings(k.inputs), { name: "out0", type: wgslStorageType(k.dtype), access: "read_write" as const }];
  const head = [
    // the workgroup's index: uniform, so the early return keeps every invocation of a
    // workgroup active together (the drivers' uniform-load paths need that)
    "let g = i32(wid.x + wid.y * nwg.x);",
    `if (g >= ${p.groups}) { return; }`,
    "let l = i32(lid);",
  ];
  return assemble(h, bindings, k.numParams, [...head, ...em.lines], "", W);
}
