/**
 * Elementwise float32 kernels compiled to WebAssembly SIMD for the CPU backend:
 * `out[g] = f(loads)` where every load is contiguous in g (`x[g]`, at any offset) or constant
 * (a scalar broadcast), and f is float32 arithmetic, comparisons, selects, `sqrt`, `exp` and
 * `tanh`. Four elements at a time, shared out between the worker threads when large; the last
 * `size % 4` elements are the caller's (its JavaScript loop). Other kernels (strided or
 * broadcast rows, casts, other dtypes) keep their JavaScript loops.
 */
import type { Exp } from "../exp.js";
import { affineIn, indexWindow } from "../affine.js";
import { GIDX, type MapKernel } from "../kernel.js";
import { I32, type WasmFunction, op } from "./encode.js";
import { FunctionBuilder, NodeEmitter, supportedOrder } from "./elementwise.js";

const I32_GT_S = [0x4a];

/** A load: input `arg` at `rest + g * cg` with cg 0 or 1 (elements; `rest` is the caller's). */
export interface MapLoad {
  arg: number;
  node: Exp;
  cg: number;
  rest: Exp;
  /** The elements read, relative to `rest` (see `indexWindow`). */
  lo: number;
  span: number;
}

export interface MapPlan {
  /** Parameters: out, the load bases, then the range of 4-element vectors [from, to). */
  fn: WasmFunction;
  loads: MapLoad[];
  /** Vectors (the units of `WasmGemm.parallel`, align 1), and the elements the kernel reads. */
  units: number;
  align: number;
  work: number;
}

/** The SIMD plan of a plain elementwise kernel of at least `minSize` elements, if it has that form. */
export function planMap(k: MapKernel, minSize: number): MapPlan | undefined {
  if (k.row || k.outputs.length !== 1 || k.outputs[0]!.dtype !== "float32" || k.size < Math.max(minSize, 4)) return undefined;
  const value = k.outputs[0]!.value;
  const loads: MapLoad[] = [];
  const order = supportedOrder(
    value,
    (x) => {
      if (x.op !== "load") return false;
      const a = x.dtype === "float32" ? affineIn(x.args[0]!, [GIDX]) : undefined;
      const ok = a !== undefined && (a.coef[0] === 0 || a.coef[0] === 1);
      if (ok) loads.push({ arg: x.attr as number, node: x, cg: a.coef[0]!, rest: a.rest, ...indexWindow([k.size], a.coef) });
      return ok;
    },
    true,
  );
  if (!order || order[order.length - 1]!.op === "const") return undefined;
  const L = loads.length;
  // parameters: 0 out, 1.. load bases, then vectors [from, to)
  const [from, to] = [L + 1, L + 2];
  const f = new FunctionBuilder(L + 3);
  const g = f.local(I32);
  const get = op.localGet;
  const loadIndex = new Map(loads.map((l, i) => [l.node, i]));
  // loop bodies are built apart, so that the constants they splat go before the loops
  const hoisted: number[] = [];
  const body: number[] = [];
  const nodes = new NodeEmitter(body, f.local.bind(f), hoisted);
  const step = (copies: number): number[] => {
    nodes.emit(order, true, (x, copy) => {
      const i = loadIndex.get(x);
      if (i === undefined) return undefined;
      return loads[i]!.cg === 1 ? [...get(1 + i), ...get(g), ...op.i32Add, ...op.v128Load(copy * 16)] : [...get(1 + i), ...op.v128Load32Splat(0)];
    }, copies);
    for (let copy = 0; copy < copies; copy++) body.push(...get(0), ...get(g), ...op.i32Add, ...get(nodes.value(value, copy)), ...op.v128Store(copy * 16));
    return body.splice(0);
  };
  // two vectors per step, interleaved (see `NodeEmitter.emit`), then an odd last one alone
  const [pair, single] = [step(2), step(1)];
  const gPlus32 = [...get(g), ...op.i32Const(32), ...op.i32Add];
  f.emit(hoisted, get(from), op.i32Const(16), op.i32Mul, op.localSet(g), get(to), op.i32Const(16), op.i32Mul, op.localSet(to));
  f.emit(op.block, op.loop, gPlus32, get(to), I32_GT_S, op.brIf(1), pair, gPlus32, op.localSet(g), op.br(0), op.end, op.end);
  f.emit(get(g), get(to), op.i32LtS, op.ifThen, single, op.end);
  return { fn: f.fn("map"), loads, units: Math.floor(k.size / 4), align: 1, work: k.size };
}
