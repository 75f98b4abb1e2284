/**
 * The product form of a blocked kernel, shared by the backends' GEMMs (the CPU's WebAssembly
 * GEMM, WebGPU's `wgsl-gemm.ts`): a value that is one float32 sum over a product of two factors.
 */
import type { Exp, ReduceAttr } from "./exp.js";
import { type BlockedKernel, axisVar } from "./kernel.js";
import { topReductions } from "./blocking.js";

/**
 * A product's factors and how the output axes split between them: M axes (read only by `a`),
 * N axes (only by `b`, the factor along the output's last axis when one factor is) and batch
 * axes (both or neither); `K` is the reduction's length.
 */
export interface ProductSplit {
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

/**
 * `k`'s value as a product (see `ProductSplit`), or undefined when it is not one float32 sum of
 * a product of two float32 factors that each miss some output axis.
 */
export function splitProduct(k: BlockedKernel): ProductSplit | undefined {
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
  if (mAxes.length === 0 || nAxes.length === 0) return undefined;
  return { reduction: r, a, b, K: size.value as number, mAxes, nAxes, batchAxes };
}
