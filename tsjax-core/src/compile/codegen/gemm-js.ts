/**
 * CPU code for blocked kernels whose reduction is a float32 product of two factors (matmul,
 * batched matmul, convolution as implicit GEMM): the generated JavaScript packs the two factors
 * into WebAssembly memory (evaluating any fused prologue: transposes, padding, casts), runs the
 * SIMD GEMM of `compile/wasm/gemm.ts`, and applies the fused epilogue (bias, activation, ...)
 * while storing the outputs.
 *
 * The output axes split three ways: M axes (used only by the first factor), N axes (only by the
 * second) and batch axes (both or neither); one GEMM [M, K] x [K, N] runs per batch index.
 */
import { type Exp, Exp as ExpNode, type ReduceAttr, linearIndex, variable } from "../exp.js";
import { type BlockedKernel, axisVar } from "../kernel.js";
import { substitute, topReductions } from "../blocking.js";
import { contiguousStrides } from "../../shape.js";
import { paddedSizes, MR, NR } from "../wasm/gemm.js";
import { Emitter, type Syntax } from "./emitter.js";

/** Below this many multiply-adds per GEMM, packing costs more than it saves. */
const MIN_WORK = 4096;

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
  if (mAxes.length === 0 || nAxes.length === 0 || prod(mAxes) * prod(nAxes) * K < MIN_WORK) return undefined;
  return { reduction: r, a, b, K, mAxes, nAxes, batchAxes };
}

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
  const em = new Emitter(syn);
  em.line(
    `const G = R.gemm();`,
    `const ws = G.workspace(${Mp * Kp}, ${Kp * Np}, ${Mp * Np});`,
    `const mem = ws.mem, wa = ws.a, wb = ws.b, wc = ws.c;`,
    `let m = 0, n = 0, base = 0;`,
  );
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
  const strides = contiguousStrides(k.shape);
  const cVar = "gemm_c";
  loops(batchAxes, () => {
    // A: 4-row panels, k-major.
    em.line("m = 0;");
    loops(mAxes, () => {
      em.line(`base = wa + (m >> 2) * ${Kp * MR} + (m & 3);`);
      rLoop((r) => em.line(`mem[base + ${r} * ${MR}] = ${em.emit(a)};`));
      em.line("m++;");
    });
    // B: 8-column panels, k-major.
    rLoop((r) => {
      em.line("n = 0;");
      loops(nAxes, () => {
        em.line(`mem[wb + (n >> 3) * ${Kp * NR} + ${r} * ${NR} + (n & 7)] = ${em.emit(b)};`, "n++;");
      });
    });
    em.line(`G.run(ws, ${Mp}, ${Np}, ${Kp});`);
    // Epilogue: the output value with the reduction replaced by C[m, n].
    const c = new ExpNode("var", "float32", [], cVar);
    const value = substitute(k.value, new Map(), new Map([[reduction, c]]));
    em.line("m = 0;");
    loops(mAxes, () => {
      em.line("n = 0;");
      loops(nAxes, () => {
        const cName = em.fresh("c");
        em.line(`const ${cName} = mem[wc + m * ${Np} + n];`);
        em.bind(cVar, cName);
        const v = em.emit(value);
        const index = em.emit(linearIndex(k.shape.map((_, d) => variable(axisVar(d))), strides));
        em.line(write(index, v), "n++;");
      });
      em.line("m++;");
    });
  });
  return em.lines;
}
