/**
 * CPU code for blocked kernels whose reduction is a float32 product of two factors (matmul,
 * batched matmul, convolution as implicit GEMM): the generated JavaScript packs the two factors
 * into WebAssembly memory (evaluating any fused prologue: transposes, padding, casts), runs the
 * SIMD GEMM of `wasm/gemm.ts`, and applies the fused epilogue (bias, activation, ...)
 * while storing the outputs.
 *
 * The output axes split three ways: M axes (used only by the first factor), N axes (only by the
 * second) and batch axes (both or neither); one GEMM [M, K] x [K, N] runs per batch index.
 */
import { type Exp, Exp as ExpNode, type ReduceAttr, i32, linearIndex, variable } from "../../compile/exp.js";
import { affineIn, indexWindow } from "../../compile/affine.js";
import { type BlockedKernel, axisVar } from "../../compile/kernel.js";
import { substitute, topReductions } from "../../compile/blocking.js";
import { contiguousStrides } from "../../shape.js";
import { MIN_THREADED_ELEMENTS, paddedSizes, packSpan, MR, NR } from "./wasm/gemm.js";
import { compileEpilogue } from "./wasm/epilogue.js";
import { compileGatherPack } from "./wasm/gather-pack.js";
import { splitIntoDigits } from "../../compile/digits.js";
import { encodeFunction } from "./wasm/encode.js";
import { Emitter, type Syntax } from "../../compile/codegen/emitter.js";

/** Below this many multiply-adds per GEMM, packing costs more than it saves. */
const MIN_WORK = 4096;
/**
 * Below this many multiply-adds per GEMM of a batch (attention's per-head products), the
 * register-blocked JavaScript loop is faster than a packed GEMM per batch index.
 */
const MIN_BATCHED_WORK = 1024;

export interface GemmPlan {
  reduction: Exp;
  a: Exp;
  b: Exp;
  K: number;
  mAxes: number[];
  nAxes: number[];
  batchAxes: number[];
}

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

/** How to run `k` as packed GEMMs, or undefined when its reduction is not a float32 product. */
export function planGemm(k: BlockedKernel): GemmPlan | undefined {
  const reds = topReductions(k.value);
  if (reds.length !== 1) return undefined;
  const r = reds[0]!;
  const [size, body] = r.args as [Exp, Exp];
  if ((r.attr as ReduceAttr).rop !== "sum" || size.op !== "const" || r.dtype !== "float32") return undefined;
  if (body.op !== "mul" || body.args[0]!.dtype !== "float32" || body.args[1]!.dtype !== "float32") return undefined;
  let [a, b] = body.args as [Exp, Exp];
  const rank = k.shape.length;
  let inA = axesOf(a, rank);
  let inB = axesOf(b, rank);
  // The factor that runs along the output's last (contiguous) axis is B, so that rows of C are
  // rows of the output and the epilogue writes contiguously (a product commutes).
  if (inA.has(rank - 1) && !inB.has(rank - 1)) {
    [a, b] = [b, a];
    [inA, inB] = [inB, inA];
  }
  const dims = k.shape.map((_, d) => d);
  const mAxes = dims.filter((d) => inA.has(d) && !inB.has(d));
  const nAxes = dims.filter((d) => inB.has(d) && !inA.has(d));
  const batchAxes = dims.filter((d) => !mAxes.includes(d) && !nAxes.includes(d));
  const K = size.value as number;
  const prod = (axes: number[]) => axes.reduce((p, d) => p * k.shape[d]!, 1);
  const work = prod(mAxes) * prod(nAxes) * K;
  if (mAxes.length === 0 || nAxes.length === 0 || work < MIN_BATCHED_WORK || work * prod(batchAxes) < MIN_WORK) return undefined;
  return { reduction: r, a, b, K, mAxes, nAxes, batchAxes };
}

/**
 * A factor that is a plain float32 load, affine in its one packed axis and the reduction
 * variable: packed by `WasmGemm.pack` (from input `arg`, element [x, k] at
 * `offset + x * sx + k * sk`) instead of element by element.
 */
interface StridedFactor {
  arg: number;
  offset: Exp;
  sx: number;
  sk: number;
}

function stridedFactor(f: Exp, axes: number[], rVar: string): StridedFactor | undefined {
  if (f.op !== "load" || f.dtype !== "float32" || axes.length !== 1) return undefined;
  const aff = affineIn(f.args[0]!, [axisVar(axes[0]!), rVar]);
  return aff && { arg: f.attr as number, offset: aff.rest, sx: aff.coef[0]!, sk: aff.coef[1]! };
}

/**
 * An elementwise value over two axis variables (vars) as a WebAssembly function (see
 * `compileEpilogue`): an X x Y block written at `out.coef` strides. `rests` are the loads' index
 * parts that depend on neither variable (batch axes, view offsets), in the order of
 * `plan.loads`; `out.rest` is the output's.
 */
function wasmElementwise(value: Exp, cVar: string, vars: string[], X: number, Y: number, ldc: number, out: { coef: number[]; rest: Exp }) {
  const affine = (index: Exp) => {
    const a = affineIn(index, vars);
    return a && { sm: a.coef[0]!, sn: a.coef[1]! };
  };
  const plan = compileEpilogue(value, cVar, Y, ldc, { sm: out.coef[0]!, sn: out.coef[1]! }, affine);
  if (!plan) return undefined;
  const rests = plan.loads.map((l) => affineIn(l.node.args[0]!, vars)!.rest);
  // the window of each load's input that the function reads (copied in before each call)
  const windows = plan.loads.map((l) => indexWindow([X, Y], [l.sm, l.sn]));
  return { plan, rests, windows, outRest: out.rest, code: encodeFunction(plan.fn), rows: X, threaded: X * Y >= MIN_THREADED_ELEMENTS };
}

type WasmElementwise = NonNullable<ReturnType<typeof wasmElementwise>>;

/** The epilogue in WebAssembly: one M axis and one N axis, the output affine in them. */
function wasmEpilogue(value: Exp, cVar: string, outIndex: Exp, mAxes: number[], nAxes: number[], M: number, N: number, Np: number) {
  if (mAxes.length !== 1 || nAxes.length !== 1) return undefined;
  const vars = [axisVar(mAxes[0]!), axisVar(nAxes[0]!)];
  const out = affineIn(outIndex, vars);
  return out && wasmElementwise(value, cVar, vars, M, N, Np, out);
}

/**
 * A factor with a fused prologue (an activation, a mask) over its one packed axis and the
 * reduction variable, computed in WebAssembly into a row-major X x K block that is then packed.
 */
function wasmPrologue(f: Exp, axes: number[], rVar: string, X: number, K: number) {
  if (axes.length !== 1) return undefined;
  const axis = axisVar(axes[0]!);
  // an X x K block (rows along k), or a K x X block when only that one runs as SIMD (loads
  // contiguous along the packed axis: a transposed operand); `pack` reads either
  const alongK = wasmElementwise(f, "", [axis, rVar], X, K, 0, { coef: [K, 1], rest: i32(0) });
  if (!alongK || alongK.plan.vector) return alongK && { ...alongK, transposed: false };
  const alongX = wasmElementwise(f, "", [rVar, axis], K, X, 0, { coef: [X, 1], rest: i32(0) });
  return alongX?.plan.vector ? { ...alongX, transposed: true } : { ...alongK, transposed: false };
}

/**
 * A factor over several packed axes, or whose reduction variable is unravelled into digits
 * (im2col), gathered into its panels by a WebAssembly loop nest (see `compileGatherPack`).
 */
function gatherFactor(f: Exp, axes: number[], shape: readonly number[], rVar: string, K: number, W: number, Kp: number) {
  const split = splitIntoDigits(f, rVar, K, `${rVar}_d`);
  if (!split) return undefined;
  const xLoops = axes.map((d) => ({ name: axisVar(d), size: shape[d]! }));
  const kLoops = split.digits.map((d) => ({ name: d.name, size: d.size }));
  const all = [...xLoops, ...kLoops];
  const names = all.map((l) => l.name);
  const plan = compileGatherPack(split.value, xLoops, kLoops, W, Kp, (index) => affineIn(index, names));
  if (!plan) return undefined;
  const windows = plan.loads.map((l) => indexWindow(all.map((l) => l.size), l.coef));
  const X = xLoops.reduce((p, l) => p * l.size, 1);
  return { plan, windows, code: encodeFunction(plan.fn), units: xLoops[0]!.size, threaded: X * K >= MIN_THREADED_ELEMENTS };
}

type GatherFactor = NonNullable<ReturnType<typeof gatherFactor>>;

/**
 * The body of the generated function (`ins`, `outs`, `p` and the runtime `R` in scope).
 * `write(index, value)` spells an output store.
 */
export function gemmBody(syn: Syntax, k: BlockedKernel, plan: GemmPlan, write: (index: string, value: string) => string): string[] {
  const { reduction, a, b, K, mAxes, nAxes, batchAxes } = plan;
  const size = (axes: number[]) => axes.reduce((p, d) => p * k.shape[d]!, 1);
  const M = size(mAxes);
  const N = size(nAxes);
  const { Mp, Np, Kp } = paddedSizes(M, N, K);
  const rVar = (reduction.attr as ReduceAttr).var;
  const stridedA = stridedFactor(a, mAxes, rVar);
  const stridedB = stridedFactor(b, nAxes, rVar);
  const span = (f: StridedFactor | undefined, X: number) => (f ? packSpan(X, K, f.sx, f.sk) : 0);
  const packScratch = Math.ceil(Math.max(span(stridedA, M), span(stridedB, N)) / 4) * 4;
  const strides = contiguousStrides(k.shape);
  const cVar = "gemm_c";
  // the output value with the reduction replaced by C[m, n]
  const value = substitute(k.value, new Map(), new Map([[reduction, new ExpNode("var", "float32", [], cVar)]]));
  const outIndex = linearIndex(k.shape.map((_, d) => variable(axisVar(d))), strides);
  const epi = wasmEpilogue(value, cVar, outIndex, mAxes, nAxes, M, N, Np);
  const proA = stridedA ? undefined : wasmPrologue(a, mAxes, rVar, M, K);
  const proB = stridedB ? undefined : wasmPrologue(b, nAxes, rVar, N, K);
  const gatherA = stridedA || proA ? undefined : gatherFactor(a, mAxes, k.shape, rVar, K, MR, Kp);
  const gatherB = stridedB || proB ? undefined : gatherFactor(b, nAxes, k.shape, rVar, K, NR, Kp);
  const em = new Emitter(syn);
  const packCall = (f: StridedFactor, X: number, W: number, dst: string) =>
    em.line(`G.pack(ws, in${f.arg}, ${em.emit(f.offset)}, ${X}, ${K}, ${f.sx}, ${f.sk}, ${W}, ${Kp}, ${dst});`);
  const total = k.shape.reduce((p, d) => p * d, 1);
  // WebAssembly prologues and epilogues read their loads' windows in place when the inputs are
  // resident, else copies in the scratch space, each at a fixed place after the space `pack`
  // copies into; prologues then write a block there (eTmp), epilogues the whole output (eOut,
  // in place when the output is resident)
  const wasmFns = [proA, proB, epi].filter((x): x is WasmElementwise => x !== undefined);
  const windowAt = new Map<WasmElementwise | GatherFactor, number[]>();
  let windowsEnd = packScratch;
  for (const x of [...wasmFns, ...[gatherA, gatherB].filter((g): g is GatherFactor => g !== undefined)]) {
    windowAt.set(x, x.windows.map((w) => {
      const at = windowsEnd;
      windowsEnd += Math.ceil(w.span / 4) * 4;
      return at;
    }));
  }
  const tmp = Math.ceil(Math.max(proA ? M * K : 0, proB ? N * K : 0) / 4) * 4;
  em.line(
    `const G = R.gemm();`,
    `const ws = G.workspace(${Mp}, ${Np}, ${Kp}, ${windowsEnd + tmp + (epi ? total : 0)});`,
    `const mem = ws.mem, wa = ws.a, wb = ws.b, wc = ws.c;`,
    `let m = 0, n = 0, base = 0;`,
  );
  if (wasmFns.length > 0) em.line(`const eTmp = ws.scratch + ${windowsEnd};`, `const eOut = ${epi ? `G.output(out0, eTmp + ${tmp})` : `eTmp + ${tmp}`};`);
  // a call of a WebAssembly elementwise function writing at `outBase` (elements), reading the
  // windows of its loads in place or copied in (`G.input`)
  const wasmCall = (x: WasmElementwise, c: string, outBase: string) => {
    const at = windowAt.get(x)!;
    const bases = x.plan.loads.map((l, i) => {
      const w = em.fresh("w");
      const { lo, span } = x.windows[i]!;
      em.line(`const ${w} = G.input(in${l.arg}, ${em.emit(x.rests[i]!)} + ${lo}, ${span}, ws.scratch + ${at[i]});`);
      return `(${w} - ${lo}) * 4`;
    });
    em.line(`G.parallel("${x.code}", ${x.rows}, 1, ${x.threaded}, ${c}, (${outBase} + ${em.emit(x.outRest)}) * 4${bases.map((b) => `, ${b}`).join("")});`);
  };
  const prologueCall = (x: WasmElementwise & { transposed: boolean }, X: number, W: number, dst: string) => {
    wasmCall(x, "0", "eTmp");
    const [sx, sk] = x.transposed ? [1, X] : [K, 1];
    em.line(`G.packResident(ws, eTmp, ${X}, ${K}, ${sx}, ${sk}, ${W}, ${Kp}, ${dst});`);
  };
  // a gather into the panels at `dst`: each load reads its window in place or copied in, the
  // part of the window inside the input (padding may reach past it), and is clamped to that
  const gatherCall = (g: GatherFactor, dst: string) => {
    const at = windowAt.get(g)!;
    const params = g.plan.loads.map((l, i) => {
      const [rest, s, e, w] = [em.fresh("rest"), em.fresh("s"), em.fresh("e"), em.fresh("w")];
      const { lo, span } = g.windows[i]!;
      em.line(
        `const ${rest} = ${em.emit(l.rest)};`,
        `const ${s} = Math.max(0, ${rest} + ${lo}), ${e} = Math.max(${s}, Math.min(in${l.arg}.length, ${rest} + ${lo + span}));`,
        `const ${w} = G.input(in${l.arg}, ${s}, ${e} - ${s}, ws.scratch + ${at[i]});`,
      );
      return `(${w} - ${s} + ${rest}) * 4, ${w} * 4, Math.max(${e} - ${s} - 1, 0) * 4`;
    });
    em.line(`G.parallel("${g.code}", ${g.units}, 1, ${g.threaded}, ${dst} * 4${params.map((p) => `, ${p}`).join("")});`);
  };
  // Nested loops binding the axis variables of `axes`, around `inner`.
  const loops = (axes: number[], inner: () => void): void => {
    if (axes.length === 0) return inner();
    const [d, ...rest] = axes as [number, ...number[]];
    const name = em.fresh("ax");
    em.pushScope([]);
    em.bind(axisVar(d), name);
    loops(rest, inner);
    const body = em.popScope();
    em.line(...syn.loop(name, String(k.shape[d]), body));
  };
  const rLoop = (inner: (name: string) => void): void => {
    const name = em.fresh("r");
    em.pushScope([]);
    em.bind((reduction.attr as ReduceAttr).var, name);
    inner(name);
    const body = em.popScope();
    em.line(...syn.loop(name, String(K), body));
  };
  loops(batchAxes, () => {
    // A: 4-row panels, k-major.
    if (stridedA) packCall(stridedA, M, MR, "wa");
    else if (proA) prologueCall(proA, M, MR, "wa");
    else if (gatherA) gatherCall(gatherA, "wa");
    else {
      em.line("m = 0;");
      loops(mAxes, () => {
        em.line(`base = wa + (m >> 2) * ${Kp * MR} + (m & 3);`);
        rLoop((r) => em.line(`mem[base + ${r} * ${MR}] = ${em.emit(a)};`));
        em.line("m++;");
      });
    }
    // B: 8-column panels, k-major.
    if (stridedB) packCall(stridedB, N, NR, "wb");
    else if (proB) prologueCall(proB, N, NR, "wb");
    else if (gatherB) gatherCall(gatherB, "wb");
    else {
      rLoop((r) => {
        em.line("n = 0;");
        loops(nAxes, () => {
          em.line(`mem[wb + (n >> 3) * ${Kp * NR} + ${r} * ${NR} + (n & 7)] = ${em.emit(b)};`, "n++;");
        });
      });
    }
    em.line(`G.run(ws, ${Mp}, ${Np}, ${Kp});`);
    if (epi) return wasmCall(epi, "wc * 4", "eOut");
    // Epilogue
    em.line("m = 0;");
    loops(mAxes, () => {
      em.line("n = 0;");
      loops(nAxes, () => {
        const cName = em.fresh("c");
        em.line(`const ${cName} = mem[wc + m * ${Np} + n];`);
        em.bind(cVar, cName);
        const v = em.emit(value);
        em.line(write(em.emit(outIndex), v), "n++;");
      });
      em.line("m++;");
    });
  });
  if (epi) em.line(`G.finish(out0, eOut, ${total});`);
  return em.lines;
}
