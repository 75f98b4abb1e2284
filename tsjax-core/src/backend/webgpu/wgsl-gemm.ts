/**
 * WGSL for blocked kernels whose reduction is a float32 product of two factors (matmul, batched
 * matmul, convolution as implicit GEMM).
 *
 * The output axes split three ways (as for the CPU GEMM): M axes (read only by the first factor,
 * A), N axes (only by the second, B, the factor along the output's last axis) and batch axes.
 * A first pass (`wgslGemmPack`) evaluates A, with its fused prologue
 * (transposes, padding, casts, im2col), once per element into a scratch buffer laid out
 * `[batch][k][m]`, its rows padded to whole tiles. The product then gives each invocation a
 * `TM` x `TN` block of outputs in registers (16 x 8 for large products, 8 x 4 for small ones,
 * whose shaders compile faster), in workgroups of 8 x 8 invocations: per reduction step it reads
 * `TM / 4` `vec4`s of packed A and `TN` values of B (as `vec4`s where B is a plain load whose
 * columns are consecutive and 16-byte aligned), and does `TM * TN` multiply-adds. Edge tiles
 * read clamped columns and padded rows (no bounds branch in the loop) and guard only their
 * stores; the fused epilogue (bias, activation, ...) is applied to the accumulators as they are
 * stored.
 *
 * Why this shape: on lavapipe (Mesa's CPU driver, whose SIMD lanes are invocations) every
 * storage load costs a per-lane gather, so multiply-adds per load decide the speed; a `vec4`
 * costs about what a scalar does. Workgroup-memory tiles do not pay there (a workgroup runs on
 * one thread, its SIMD groups one after another: shared tiles add barriers and copies and save
 * no loads), and neither did rows shared by a whole workgroup (so that A's loads are uniform).
 * Measured at 1024^2 against a plain register-tiled kernel (8 x 8
 * per invocation, B as `vec4`): 16 x 8 with packed A as `vec4`s 1.2x to 1.5x; the same without
 * packing 1.0x; workgroup-memory tiles 0.6x; uniform rows 0.5x to 0.8x. `bench/src/gemm-probe.ts`
 * (candidates in turns, one process) found no tile that beats 16 x 8 consistently at 1024^2 and
 * 2048^2: 8 x 16 and 16 x 16, 32 x 8, workgroups of 16 x 4 or 4 x 16, A and B packed by tile
 * (`[block][k][128]`) all within the runs' noise of it; k unrolled by 2 and 8 x 32 0.45x to 0.7x.
 *
 * float16 factors (cast to float32 in the kernel IR, so sums are float32 as in JAX): A is packed
 * as float16 (half the scratch bytes; on lavapipe as fast as packing it as float32) and a
 * float16 B is bound as `vec4<f16>`, each load widened to `vec4<f32>`.
 */
import { type Exp, Exp as ExpNode, type ReduceAttr, add, and, div, i32, linearIndex, lt, min, mul, rem, unravelIndex, variable } from "../../compile/exp.js";
import { type BlockedKernel, axisVar } from "../../compile/kernel.js";
import { substitute } from "../../compile/blocking.js";
import { type ProductSplit, splitProduct } from "../../compile/product.js";
import { Emitter, type Syntax } from "../../compile/codegen/emitter.js";
import { affineIn } from "../../compile/affine.js";
import { contiguousStrides } from "../../shape.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { assemble, inputBindings, makeSyntax, nextPow2, store, wgslStorageType } from "./wgsl.js";

/** How a product kernel runs as a WGSL GEMM (see the module comment). */
export interface WgslGemmPlan extends ProductSplit {
  M: number;
  N: number;
  batch: number;
  /** Rows and columns per invocation; invocations per workgroup along N (WX) and M (WY). */
  TM: number;
  TN: number;
  WX: number;
  WY: number;
  /** Workgroups to dispatch. */
  groups: number;
  /** Rows of packed A (M rounded up to whole workgroup tiles). */
  Mpad: number;
  /**
   * Set when B is a plain float32 load, or a float16 load cast to float32, whose columns are
   * consecutive elements, aligned at every 4th column: its input is then bound as `vec4`s
   * (`vec4<f16>` for float16) and B read 4 columns per load.
   */
  vectorB?: { arg: number; dtype: "float32" | "float16" };
  /**
   * The packed A's storage: float16 when A is a float16 value cast to float32 (exact: the cast
   * is applied as A is read, and the packed bytes are halved), else float32.
   */
  packDtype: "float32" | "float16";
}

/** Whether `e` is a multiple of 4 for every value of its variables (constants, and multiples by constants). */
function multipleOf4(e: Exp): boolean {
  if (e.op === "const") return (e.value as number) % 4 === 0;
  if (e.op === "add" || e.op === "sub") return multipleOf4(e.args[0]!) && multipleOf4(e.args[1]!);
  if (e.op === "mul") return multipleOf4(e.args[0]!) || multipleOf4(e.args[1]!);
  return false;
}

/** A float16 value cast to float32 (the cast is exact), if `e` is one. */
function fromFloat16(e: Exp): Exp | undefined {
  return e.op === "cast" && e.args[0]!.dtype === "float16" ? e.args[0]! : undefined;
}

/** The input B reads as `vec4`s (see `WgslGemmPlan.vectorB`), if it can. */
function vectorFactor(b: Exp, nAxes: number[], N: number, TN: number, rVar: string): WgslGemmPlan["vectorB"] {
  const ld = fromFloat16(b) ?? b;
  if (ld.op !== "load" || nAxes.length !== 1 || N % 4 !== 0 || TN % 4 !== 0) return undefined;
  if (ld.dtype !== "float32" && ld.dtype !== "float16") return undefined;
  const aff = affineIn(ld.args[0]!, [axisVar(nAxes[0]!), rVar]);
  if (!aff || aff.coef[0] !== 1 || aff.coef[1]! % 4 !== 0 || !multipleOf4(aff.rest)) return undefined;
  return { arg: ld.attr as number, dtype: ld.dtype };
}

/** Rows and columns per invocation (TM x TN accumulators). */
const TILE_M = 16;
const TILE_N = 8;
/** Invocations per workgroup along N and M. */
const LANES_N = 8;
const LANES_M = 8;
/** WebGPU's least maxComputeWorkgroupsPerDimension: smaller grids are dispatched exactly. */
const MAX_UNFOLDED_GROUPS = 65535;
/** From this many multiply-adds on, products take the full tile. */
const BIG_WORK = 1 << 27;
/** Below this many multiply-adds the generic blocked kernel is as good. */
const MIN_WORK = 1 << 15;

const prod = (shape: readonly number[], axes: readonly number[]) => axes.reduce((p, d) => p * shape[d]!, 1);

/**
 * The GEMM plan of a blocked kernel, or undefined when its value is not one float32 sum of a
 * product of two factors that each miss some output axis.
 */
export function planWgslGemm(k: BlockedKernel): WgslGemmPlan | undefined {
  const split = splitProduct(k);
  if (!split) return undefined;
  const { reduction: r, b, mAxes, nAxes, batchAxes } = split;
  const size = r.args[0]!;
  const M = prod(k.shape, mAxes);
  const N = prod(k.shape, nAxes);
  const batch = prod(k.shape, batchAxes);
  if (M * N * batch * (size.value as number) < MIN_WORK) return undefined;
  // small products take smaller tiles: their shaders compile several times faster
  const small = M * N * batch * (size.value as number) < BIG_WORK;
  const TM = Math.min(small ? TILE_M / 2 : TILE_M, Math.ceil(M / 4) * 4);
  const TN = Math.min(small ? TILE_N / 2 : TILE_N, N);
  const WX = Math.min(LANES_N, nextPow2(Math.ceil(N / TN)));
  const WY = Math.min(LANES_M, nextPow2(Math.ceil(M / TM)));
  const groups = Math.ceil(N / (WX * TN)) * Math.ceil(M / (WY * TM)) * batch;
  const Mpad = Math.ceil(M / (WY * TM)) * WY * TM;
  const vectorB = vectorFactor(b, nAxes, N, TN, (r.attr as ReduceAttr).var);
  const packDtype = fromFloat16(split.a) ? "float16" : "float32";
  return { ...split, M, N, batch, TM, TN, WX, WY, groups, Mpad, packDtype, ...(vectorB ? { vectorB } : {}) };
}

/** Elements of the packed A (see `wgslGemmPack`). */
function packedSize(p: WgslGemmPlan): number {
  return p.batch * (p.reduction.args[0]!.value as number) * p.Mpad;
}

/** Rows of packed A per invocation of the packing pass: the most of 16, 8 and 4 that divides `Mpad`. */
function packRun(p: WgslGemmPlan): number {
  return p.Mpad % 16 === 0 ? 16 : p.Mpad % 8 === 0 ? 8 : 4;
}

/**
 * The pass that packs A for `wgslGemm`: `packed[t][k][m]` = A at batch index t, row m (rows
 * past M repeat row M - 1) and reduction step k, with A's fused prologue evaluated, so that the
 * GEMM reads 4 rows of A with one `vec4` load. A float16 A is packed as float16.
 *
 * Each invocation packs a run of `packRun` consecutive rows at one (t, k): the part of the
 * prologue that depends on k alone (an im2col's unravelling of k into channel and tap, its
 * padding tests) is computed once per run, the row's M axes are unravelled once per run and
 * then stepped with carries (compares and selects, no division), and the run is stored as
 * `vec4`s. (As a map kernel over the flat index, each element paid about 11 integer divisions
 * and remainders: the CNN step's packing passes cost 2 to 6x their products.)
 */
export function wgslGemmPack(k: BlockedKernel, p: WgslGemmPlan): { code: string; threads: number; size: number } {
  const h = new WgslHelpers();
  const em = new Emitter(makeSyntax(h));
  const K = p.reduction.args[0]!.value as number;
  const R = packRun(p);
  const runs = p.Mpad / R;
  const threads = p.batch * K * runs;
  const dims = p.mAxes.map((d) => k.shape[d]!);
  const last = dims.length - 1;
  const lines = [
    `if (gidx >= ${threads}) { return; }`,
    `let q = u32(gidx) % ${runs}u;`,
    `let gk = u32(gidx) / ${runs}u;`,
    `let kq = i32(gk % ${K}u);`,
    `let bt = i32(gk / ${K}u);`,
    `let m0 = i32(q) * ${R};`,
  ];
  em.bind("tj_kq", "kq");
  em.bind("tj_bt", "bt");
  em.bind("tj_m0", "m0");
  const vars = new Map<string, Exp>([[(p.reduction.attr as ReduceAttr).var, variable("tj_kq")]]);
  const bIdx = unravelIndex(variable("tj_bt"), p.batchAxes.map((d) => k.shape[d]!));
  p.batchAxes.forEach((d, i) => vars.set(axisVar(d), bIdx[i]!));
  const a = p.packDtype === "float16" ? fromFloat16(p.a)! : p.a;
  // the first row's M indices (clamped to row M - 1), then each next row's by a carry chain
  const first = unravelIndex(min(variable("tj_m0"), i32(p.M - 1)), dims).map((e) => em.emit(e));
  let prev = first.map((code, j) => {
    const name = `mi0_${j}`;
    em.line(`let ${name}: i32 = ${code};`);
    return name;
  });
  const values: string[] = [];
  for (let i = 0; i < R; i++) {
    if (i > 0) {
      // step to row m0 + i while it is a real row (rows past M repeat row M - 1)
      const cur: string[] = new globalThis.Array<string>(dims.length);
      let carry = "true";
      for (let j = last; j >= 0; j--) {
        const s = `mi${i}_${j}`;
        const stepped = `${prev[j]} + select(0, 1, ${carry})`;
        if (j > 0) {
          em.line(`let ${s}s = ${stepped};`, `let ${s}w = ${s}s == ${dims[j]};`);
          em.line(`let ${s}: i32 = select(${prev[j]}, select(${s}s, 0, ${s}w), m0 + ${i} < ${p.M});`);
          carry = `${s}w`;
        } else em.line(`let ${s}: i32 = select(${prev[j]}, ${stepped}, m0 + ${i} < ${p.M});`);
        cur[j] = s;
      }
      prev = cur;
    }
    p.mAxes.forEach((d, j) => {
      em.bind(`tj_mi${i}_${j}`, prev[j]!);
      vars.set(axisVar(d), variable(`tj_mi${i}_${j}`));
    });
    values.push(em.emit(substitute(a, vars)));
  }
  const type = wgslStorageType(p.packDtype);
  for (let j = 0; j < R / 4; j++) {
    em.line(`out0[gk * ${p.Mpad / 4}u + q * ${R / 4}u + ${j}u] = vec4<${type}>(${values.slice(4 * j, 4 * j + 4).join(", ")});`);
  }
  const bindings = [...inputBindings(k.inputs), { name: "out0", type: `vec4<${type}>`, access: "read_write" as const }];
  return { code: assemble(h, bindings, k.numParams, [...lines, ...em.lines]), threads, size: packedSize(p) };
}

/**
 * WGSL for a blocked kernel planned by `planWgslGemm`. Its inputs are the kernel's, then A
 * packed by `wgslGemmPack` (bound as `vec4`s).
 */
export function wgslGemm(k: BlockedKernel, p: WgslGemmPlan): string {
  const h = new WgslHelpers();
  const base = makeSyntax(h);
  const vec = p.vectorB?.arg;
  // the input bound as vec4s: its other (scalar) reads pick a component
  const syn: Syntax = vec === undefined ? base : { ...base, load: (arg, index, dtype) => (arg === vec ? `in${arg}[(${index}) >> 2u][(${index}) & 3]` : base.load(arg, index, dtype)) };
  const em = new Emitter(syn);
  const { TM, TN, WX, WY, M, N } = p;
  const BM = WY * TM;
  const BN = WX * TN;
  const nNB = Math.ceil(N / BN);
  const nMB = Math.ceil(M / BM);
  em.bind("tj_g", "g");
  em.bind("tj_lx", "lx");
  em.bind("tj_ly", "ly");
  const g = variable("tj_g");
  const nb = rem(g, i32(nNB));
  const mb = rem(div(g, i32(nNB)), i32(nMB));
  const bt = div(g, i32(nNB * nMB));
  const batchIdx = unravelIndex(bt, p.batchAxes.map((d) => k.shape[d]!));
  const row0 = add(mul(mb, i32(BM)), mul(variable("tj_ly"), i32(TM)));
  const col0 = add(mul(nb, i32(BN)), mul(variable("tj_lx"), i32(TN)));
  const rows = Array.from({ length: TM }, (_, i) => add(row0, i32(i)));
  const cols = Array.from({ length: TN }, (_, j) => add(col0, i32(j)));
  const clampRows = M % BM !== 0;
  const clampCols = N % BN !== 0;
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
  // B's loads read clamped columns: always inside the inputs
  const readCols = cols.map((n) => (clampCols ? min(n, i32(N - 1)) : n));

  const r = p.reduction;
  const { var: loopVar } = r.attr as ReduceAttr;
  const K = r.args[0]!.value as number;
  const accs = Array.from({ length: TM * TN }, () => em.fresh("acc"));
  accs.forEach((acc) => em.line(syn.var(acc, "float32", "0.0f")));
  const loopName = em.fresh("kk");
  em.pushScope([]);
  em.bind(loopVar, loopName);
  // A: TM / 4 vec4 loads of the packed rows (padded: never out of range)
  const packed = `in${k.inputs.length}`;
  const aBase = em.emit(div(add(mul(bt, i32(K * p.Mpad)), row0), i32(4)));
  const aVals: string[] = [];
  for (let q = 0; q < TM / 4; q++) {
    const v = em.fresh("av");
    const av = `${packed}[${aBase} + ${loopName} * ${p.Mpad / 4} + ${q}]`;
    em.line(`let ${v} = ${p.packDtype === "float16" ? `vec4<f32>(${av})` : av};`);
    aVals.push(...["x", "y", "z", "w"].map((c) => `${v}.${c}`));
  }
  let bVals: string[];
  if (vec === undefined) bVals = readCols.map((n) => em.emit(substitute(p.b, varsOf(axesAt(i32(0), n)))));
  else {
    // one vec4 load per 4 columns, at the (clamped) first column of each
    bVals = [];
    for (let q = 0; q < TN; q += 4) {
      const n = clampCols ? min(cols[q]!, i32(N - 4)) : cols[q]!;
      const index = em.emit(substitute((fromFloat16(p.b) ?? p.b).args[0]!, varsOf(axesAt(i32(0), n))));
      const v = em.fresh("bv");
      const bv = `in${vec}[(${index}) >> 2u]`;
      em.line(`let ${v} = ${p.vectorB!.dtype === "float16" ? `vec4<f32>(${bv})` : bv};`);
      bVals.push(...["x", "y", "z", "w"].map((c) => `${v}.${c}`));
    }
  }
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
  const inputs = inputBindings(k.inputs).map((b, i) => (i === vec ? { ...b, type: `vec4<${b.type}>` } : b));
  const bindings = [...inputs, { name: packed, type: `vec4<${wgslStorageType(p.packDtype)}>`, access: "read" as const }, { name: "out0", type: wgslStorageType(k.dtype), access: "read_write" as const }];
  const head = [
    // the workgroup's index (uniform across the workgroup)
    "let g = i32(wid.x + wid.y * nwg.x);",
    // a grid over one dimension's limit is folded into two, with spare workgroups at the end;
    // otherwise no return at all (a CPU driver then runs the loop without a lane mask)
    ...(p.groups > MAX_UNFOLDED_GROUPS ? [`if (g >= ${p.groups}) { return; }`] : []),
    `let lx = i32(lid % ${WX}u);`,
    `let ly = i32(lid / ${WX}u);`,
  ];
  return assemble(h, bindings, k.numParams, [...head, ...em.lines], "", WX * WY);
}
