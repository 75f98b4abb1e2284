/**
 * Elementwise float32 kernels compiled to WebAssembly SIMD for the CPU backend:
 * `out_j[g] = f_j(loads)` (one or more outputs, as an optimizer's update and its moments) where every load is contiguous in g (`x[g]`, at any offset) or constant
 * (a scalar broadcast), and f is float32 arithmetic, comparisons, selects, `sqrt`, `exp` and
 * `tanh`, of those loads and of float32 values the same for every element (any expression:
 * computed once by the caller). Four elements at a time, shared out between the worker threads when large; the last
 * `size % 4` elements are the caller's (its JavaScript loop). Other kernels (strided or
 * broadcast rows, casts, other dtypes) keep their JavaScript loops.
 */
import type { Exp } from "../../../compile/exp.js";
import { affineIn, indexWindow } from "../../../compile/affine.js";
import { GIDX, type MapKernel } from "../../../compile/kernel.js";
import { I32, V128, type WasmFunction, op } from "./encode.js";
import { F32X4_SPLAT, FunctionBuilder, NodeEmitter, supportedOrder } from "./elementwise.js";

const I32_GT_S = [0x4a];
const F32_REINTERPRET_I32 = 0xbe;

/** A load: input `arg` at `rest + g * cg` with cg 0 or 1 (elements; `rest` is the caller's). */
interface MapLoad {
  arg: number;
  node: Exp;
  cg: number;
  rest: Exp;
  /** The elements read, relative to `rest` (see `indexWindow`). */
  lo: number;
  span: number;
}

export interface MapPlan {
  /** Parameters: the outputs, the load bases, the invariants' float32 bits, then the range of 4-element vectors [from, to). */
  fn: WasmFunction;
  loads: MapLoad[];
  /**
   * Float32 values that do not depend on the element (a bias correction `1 - b^t` of a step
   * count): the caller computes them once, in JavaScript (which has `pow`, `log`, ...).
   */
  invariants: Exp[];
  /** Vectors (the units of `WasmGemm.parallel`, align 1), and the elements the kernel reads. */
  units: number;
  align: number;
  work: number;
}

/** The SIMD plan of a plain elementwise kernel of at least `minSize` elements, if it has that form. */
export function planMap(k: MapKernel, minSize: number): MapPlan | undefined {
  if (k.row || k.outputs.some((o) => o.dtype !== "float32" || o.value.op === "const") || k.size < Math.max(minSize, 4)) return undefined;
  const loads: MapLoad[] = [];
  const invariants: Exp[] = [];
  const usesG = new Map<Exp, boolean>();
  const dependsOnG = (x: Exp): boolean => {
    let d = usesG.get(x);
    if (d === undefined) usesG.set(x, (d = (x.op === "var" && x.attr === GIDX) || x.args.some(dependsOnG)));
    return d;
  };
  const leaves = new Map<Exp, boolean>();
  const leaf = (x: Exp): boolean => {
    let ok = leaves.get(x);
    if (ok !== undefined) return ok;
    if (x.op === "load") {
      const a = x.dtype === "float32" ? affineIn(x.args[0]!, [GIDX]) : undefined;
      ok = a !== undefined && (a.coef[0] === 0 || a.coef[0] === 1);
      if (ok) loads.push({ arg: x.attr as number, node: x, cg: a!.coef[0]!, rest: a!.rest, ...indexWindow([k.size], a!.coef) });
    } else {
      ok = x.op !== "const" && x.dtype === "float32" && !dependsOnG(x);
      if (ok) invariants.push(x);
    }
    leaves.set(x, ok);
    return ok;
  };
  // the nodes of every output, each once, in dependency order
  const order: Exp[] = [];
  const ordered = new Set<Exp>();
  for (const o of k.outputs) {
    const part = supportedOrder(o.value, leaf, true);
    if (!part) return undefined;
    for (const x of part) {
      if (ordered.has(x)) continue;
      ordered.add(x);
      order.push(x);
    }
  }
  const [O, L, V] = [k.outputs.length, loads.length, invariants.length];
  // parameters: the outputs, the load bases, the invariants, then vectors [from, to)
  const [from, to] = [O + L + V, O + L + V + 1];
  const f = new FunctionBuilder(O + L + V + 2);
  const g = f.local(I32);
  const get = op.localGet;
  const loadIndex = new Map(loads.map((l, i) => [l.node, i]));
  // loop bodies are built apart, so that the constants they splat go before the loops
  const hoisted: number[] = [];
  const body: number[] = [];
  const nodes = new NodeEmitter(body, f.local.bind(f), hoisted);
  // each invariant splatted once, before the loops
  const invariantAt = new Map(invariants.map((x, j) => {
    const local = f.local(V128);
    hoisted.push(...get(O + L + j), F32_REINTERPRET_I32, ...F32X4_SPLAT, ...op.localSet(local));
    return [x, local];
  }));
  const step = (copies: number): number[] => {
    nodes.emit(order, true, (x, copy) => {
      const v = invariantAt.get(x);
      if (v !== undefined) return get(v);
      const i = loadIndex.get(x);
      if (i === undefined) return undefined;
      return loads[i]!.cg === 1 ? [...get(O + i), ...get(g), ...op.i32Add, ...op.v128Load(copy * 16)] : [...get(O + i), ...op.v128Load32Splat(0)];
    }, copies);
    k.outputs.forEach((o, j) => {
      for (let copy = 0; copy < copies; copy++) body.push(...get(j), ...get(g), ...op.i32Add, ...get(nodes.value(o.value, copy)), ...op.v128Store(copy * 16));
    });
    return body.splice(0);
  };
  // two vectors per step, interleaved (see `NodeEmitter.emit`), then an odd last one alone
  const [pair, single] = [step(2), step(1)];
  const gPlus32 = [...get(g), ...op.i32Const(32), ...op.i32Add];
  f.emit(hoisted, get(from), op.i32Const(16), op.i32Mul, op.localSet(g), get(to), op.i32Const(16), op.i32Mul, op.localSet(to));
  f.emit(op.block, op.loop, gPlus32, get(to), I32_GT_S, op.brIf(1), pair, gPlus32, op.localSet(g), op.br(0), op.end, op.end);
  f.emit(get(g), get(to), op.i32LtS, op.ifThen, single, op.end);
  return { fn: f.fn("map"), loads, invariants, units: Math.floor(k.size / 4), align: 1, work: k.size };
}
