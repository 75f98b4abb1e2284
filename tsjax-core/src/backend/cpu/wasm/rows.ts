/**
 * Row kernels (softmax, log-softmax, normalizations) compiled to WebAssembly SIMD for the CPU
 * backend. Per row: each reduction over the row (sum/max/min of float32 elementwise work on
 * loads contiguous along the row, possibly using earlier reductions, as softmax's sum of
 * `exp(x - max)`) runs four lanes at once, structurally equal reductions once; then the row's
 * outputs are written four at a time. A sum's body that the outputs use again is stored into
 * the output row by the sum's pass and read back, so softmax evaluates `exp` once per element.
 * Rows must have a multiple of 4 elements, and every load must be contiguous or constant along
 * the row; other row kernels keep their JavaScript loops. A load's place may depend on the row
 * by any index arithmetic of bounded range (a causal mask's `(row % 16) * 16 + j`): the kernel
 * then computes it once per row, as it does int32 values of the row alone (`row % 16`), which,
 * with the position along the row, enter comparisons as float32 (exact within 2^24). Bool loads
 * (the caller copies them in as float32 0 and 1) become lane masks.
 */
import { type Exp, type ReduceAttr, i32, structuralKey } from "../../../compile/exp.js";
import { affineIn, indexWindow } from "../../../compile/affine.js";
import { indexRange } from "../../../compile/index-ranges.js";
import { POS, ROW, type MapKernel } from "../../../compile/kernel.js";
import { I32, V128, type WasmFunction, op } from "./encode.js";
import { F32, F32X4_SPLAT, FunctionBuilder, NodeEmitter, VEC_BINARY, VEC_COMPARE, f32Const, supportedOrder } from "./elementwise.js";

/**
 * A load: input `arg` at `rest + row * cRow + i * cI` (i: the reduction variable or POS). Loads
 * of the same place share one (`node` is the first).
 */
interface RowLoad {
  arg: number;
  node: Exp;
  cRow: number;
  cI: number;
  rest: Exp;
  /** The elements read, relative to `rest` (see `indexWindow`). */
  lo: number;
  span: number;
  /**
   * Where the place of the row's first element is not affine in the row (`cRow` is then 0 and
   * `rest` 0): that place, int32 arithmetic of ROW that the kernel evaluates once per row.
   */
  rowIndex?: Exp;
}

export interface RowsPlan {
  /** Parameters: the outputs, the load bases, then the range of rows [from, to) (see `WasmGemm.parallel`). */
  fn: WasmFunction;
  /** Loads in the order of the function's base-address parameters (after `out`), each place once. */
  loads: RowLoad[];
  /** Rows, the units of `WasmGemm.parallel` (align 1), and the elements the kernel reads. */
  units: number;
  align: number;
  work: number;
}

const usesVar = (e: Exp): boolean => e.op === "var" || e.args.some(usesVar);

/** int32 arithmetic of constants and ROW that `rowIndexCode` compiles (divisors positive constants). */
const rowArithmetic = (e: Exp): boolean =>
  e.dtype === "int32" &&
  (e.op === "const" || (e.op === "var" && e.attr === ROW) ||
    ((e.op === "add" || e.op === "sub" || e.op === "mul") && e.args.every(rowArithmetic)) ||
    ((e.op === "div" || e.op === "rem") && rowArithmetic(e.args[0]!) && e.args[1]!.op === "const" && (e.args[1]!.value as number) > 0));

/** Whether every value of an interval is exact in float32. */
const small = (r: { lo: number; hi: number }) => r.lo >= -(2 ** 24) && r.hi <= 2 ** 24;

const F32_CONVERT_I32_S = [0xb2];
const SIMD_I32X4_SPLAT = [0xfd, 0x11];
const SIMD_I32X4_ADD = [0xfd, 0xae, 0x01];
const SIMD_F32X4_FROM_I32X4 = [0xfd, 0xfa, 0x01];
const V128_0123 = [0xfd, 0x0c, ...new Uint8Array(new Int32Array([0, 1, 2, 3]).buffer)];

const I32_OPS: Record<string, number[]> = { add: op.i32Add, sub: [0x6b], mul: op.i32Mul, div: [0x6d], rem: [0x6f] };

/** i32 code of a `rowArithmetic` expression (truncating division and remainder, as JavaScript's). */
function rowIndexCode(e: Exp, row: number): number[] {
  if (e.op === "const") return op.i32Const(e.value as number);
  if (e.op === "var") return op.localGet(row);
  return [...rowIndexCode(e.args[0]!, row), ...rowIndexCode(e.args[1]!, row), ...I32_OPS[e.op]!];
}

interface Reduction {
  node: Exp;
  rop: "sum" | "max" | "min";
  order: Exp[];
}

export function planRows(k: MapKernel): RowsPlan | undefined {
  const L = k.row;
  if (!L || L % 4 !== 0 || k.outputs.some((o) => o.dtype !== "float32")) return undefined;
  const loads: RowLoad[] = [];
  const rows = k.size / L;
  // loads of the same place (in different passes over the row) share one base address
  const slots = new Map<Exp, number>();
  const byPlace = new Map<string, number>();
  const placeKeys = new Map<Exp, string>();
  const addLoad = (l: RowLoad): true => {
    const place = `${l.arg} ${l.cRow} ${l.cI} ${structuralKey(l.rest, placeKeys)} ${l.rowIndex ? structuralKey(l.rowIndex, placeKeys) : ""}`;
    let slot = byPlace.get(place);
    if (slot === undefined) byPlace.set(place, (slot = loads.push(l) - 1));
    slots.set(l.node, slot);
    return true;
  };
  const positions = new Set<Exp>();
  // int32 arithmetic of the row alone (a causal mask's `row % 16`): computed once per row, as float32
  const rowValues: Exp[] = [];
  const extents = new Map([[ROW, rows], [POS, L]]);
  const loadOf = (x: Exp, inner: string): boolean => {
    // the position along the row (a one-hot's column), as float32 (see `supportedOrder`'s smallInts)
    if (x.op === "var" && x.attr === inner && L <= 2 ** 24) return positions.add(x), true;
    if (x.op !== "const" && usesVar(x) && rowArithmetic(x) && small(indexRange(x, extents))) return rowValues.includes(x) || rowValues.push(x), true;
    if (x.op !== "load" || (x.dtype !== "float32" && x.dtype !== "bool" && x.dtype !== "int32")) return false;
    const a = affineIn(x.args[0]!, [ROW, inner]);
    if (a && (a.coef[1] === 0 || a.coef[1] === 1) && !usesVar(a.rest)) {
      return addLoad({ arg: x.attr as number, node: x, cRow: a.coef[0]!, cI: a.coef[1]!, rest: a.rest, ...indexWindow([rows, L], [a.coef[0]!, a.coef[1]!]) });
    }
    // a place computed per row: the window is the range of its values
    const b = affineIn(x.args[0]!, [inner]);
    if (!b || (b.coef[0] !== 0 && b.coef[0] !== 1) || !rowArithmetic(b.rest)) return false;
    const range = indexRange(b.rest, new Map([[ROW, rows]]));
    if (!Number.isFinite(range.lo) || !Number.isFinite(range.hi)) return false;
    const span = range.hi - range.lo + 1 + (L - 1) * b.coef[0]!;
    return addLoad({ arg: x.attr as number, node: x, cRow: 0, cI: b.coef[0]!, rest: i32(0), lo: range.lo, span, rowIndex: b.rest });
  };
  // reductions in dependency order: a reduction's body may use earlier ones; a reduction
  // structurally equal to one planned (softmax builds its row maximum several times) reuses it
  const reductions: Reduction[] = [];
  const done = new Set<Exp>();
  const keys = new Map<Exp, string>();
  const byKey = new Map<string, Exp>();
  const same = new Map<Exp, Exp>();
  const addReduction = (red: Exp): boolean => {
    if (done.has(red)) return true;
    const key = structuralKey(red, keys);
    const planned = byKey.get(key);
    if (planned) {
      same.set(red, planned);
      done.add(red);
      return true;
    }
    const { rop, var: rVar } = red.attr as ReduceAttr;
    const size = red.args[0]!;
    if ((rop !== "sum" && rop !== "max" && rop !== "min") || !size.isConst(L) || red.dtype !== "float32") return false;
    const order = supportedOrder(red.args[1]!, (x) => (x.op === "reduce" ? addReduction(x) : loadOf(x, rVar)), true, true);
    if (!order) return false;
    done.add(red);
    byKey.set(key, red);
    reductions.push({ node: red, rop, order });
    return true;
  };
  // the nodes of every output (a layer normalization's gradient writes a row's sum beside its
  // elementwise output), each once, in dependency order
  const outputsOrder = (leaf: (x: Exp) => boolean): Exp[] | undefined => {
    const order: Exp[] = [];
    const seen = new Set<Exp>();
    for (const o of k.outputs) {
      const part = supportedOrder(o.value, leaf, true, true);
      if (!part || o.value.op === "const") return undefined;
      for (const x of part) if (!seen.has(x)) order.push(x), seen.add(x);
    }
    return order;
  };
  let outOrder = outputsOrder((x) => (x.op === "reduce" ? addReduction(x) : loadOf(x, POS)));
  if (!outOrder || reductions.some((r) => r.order[r.order.length - 1]!.op === "const")) return undefined;
  // int32 sums and differences run on float32 values: exact only within 2^24
  for (const r of reductions) extents.set((r.node.attr as ReduceAttr).var, L);
  const inexact = (x: Exp) => x.dtype === "int32" && (x.op === "add" || x.op === "sub") && !small(indexRange(x, extents));
  if ([...outOrder, ...reductions.flatMap((r) => r.order)].some(inexact)) return undefined;
  // A sum's body that the outputs compute again (softmax's exp(x - max)) is stored into the
  // output row by the sum's pass and read back by the output pass instead.
  const stash = findStash(reductions, outOrder);
  if (stash) {
    outOrder = outputsOrder((x) => x === stash.out || (x.op === "reduce" ? done.has(x) : slots.has(x) || positions.has(x) || rowValues.includes(x)))!;
  }
  const outputs = k.outputs.map((o) => o.value);
  return { fn: rowsFunction(L, outputs, loads, slots, reductions, same, outOrder, stash, rowValues), loads, units: k.size / L, align: 1, work: k.size * (reductions.length + 1) };
}

/** A sum over the row whose body equals a node of the output pass (the loop variables aside). */
interface Stash {
  reduction: Reduction;
  out: Exp;
}

function findStash(reductions: Reduction[], outOrder: Exp[]): Stash | undefined {
  const memo = new Map<Exp, string>();
  const keyIn = (e: Exp, v: string) => structuralKey(e, memo, new Map([[v, "#i"]]));
  for (const reduction of reductions) {
    const { rop, var: rVar } = reduction.node.attr as ReduceAttr;
    const body = reduction.order[reduction.order.length - 1]!;
    if (rop !== "sum" || body.op === "load") continue;
    const key = keyIn(body, rVar);
    const out = outOrder.find((x) => x.op !== "load" && x.op !== "reduce" && x.op !== "const" && keyIn(x, POS) === key);
    if (out) return { reduction, out };
  }
  return undefined;
}

function rowsFunction(L: number, outputs: Exp[], loads: RowLoad[], loadIndex: Map<Exp, number>, reductions: Reduction[], same: Map<Exp, Exp>, outOrder: Exp[], stash: Stash | undefined, rowValues: Exp[]): WasmFunction {
  // parameters: the outputs, the load bases, then rows [from, to)
  const O = outputs.length;
  const [from, to] = [O + loads.length, O + loads.length + 1];
  const f = new FunctionBuilder(O + loads.length + 2);
  const emit = f.emit.bind(f);
  const newLocal = f.local.bind(f);
  const [row, i, acc] = [newLocal(I32), newLocal(I32), newLocal(V128)];
  const get = op.localGet;
  const set = op.localSet;
  const scalar = new Map(reductions.map((r) => [r.node, newLocal(F32)]));
  // the byte address of the row's first element, for loads placed per row
  const rowBase = new Map(loads.flatMap((l, j) => (l.rowIndex ? [[j, newLocal(I32)] as const] : [])));
  // per-row int32 values, splatted as float32
  const rowValue = new Map(rowValues.map((x) => [x, newLocal(V128)]));
  const nodes = new NodeEmitter(f.body, newLocal);
  // the byte address of element i of this row of output `o` (the stash: the first output's)
  const outAddressOf = (o: number) => [...get(o), ...get(row), ...op.i32Const(L * 4), ...op.i32Mul, ...op.i32Add, ...get(i), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add];
  const outAddress = outAddressOf(0);
  const leaf = (x: Exp): number[] | undefined => {
    // the positions i .. i + 3 as float32
    if (x.op === "var") return [...get(i), ...SIMD_I32X4_SPLAT, ...V128_0123, ...SIMD_I32X4_ADD, ...SIMD_F32X4_FROM_I32X4];
    if (x === stash?.out) return [...outAddress, ...op.v128Load(0)];
    const rv = rowValue.get(x);
    if (rv !== undefined) return get(rv);
    const s = scalar.get(same.get(x) ?? x);
    if (s !== undefined) return [...get(s), ...F32X4_SPLAT];
    const j = loadIndex.get(x);
    if (j === undefined) return undefined;
    const l = loads[j]!;
    const base = rowBase.get(j);
    const start = base !== undefined ? get(base) : [...get(O + j), ...get(row), ...op.i32Const(l.cRow * 4), ...op.i32Mul, ...op.i32Add];
    const address = [...start, ...get(i), ...op.i32Const(l.cI * 4), ...op.i32Mul, ...op.i32Add];
    // a bool is 0 or 1 here (see `RowLoad`): its lane mask is `!= 0`
    const mask = l.node.dtype === "bool" ? [...f32Const(0), ...F32X4_SPLAT, ...VEC_COMPARE.ne!] : [];
    return [...address, ...(l.cI === 1 ? op.v128Load(0) : op.v128Load32Splat(0)), ...mask];
  };
  const loopWhile = (local: number, stepBy: number, end: number) => f.loopWhile(local, stepBy, op.i32Const(end));

  emit(get(from), set(row), op.loop);
  for (const [j, local] of rowBase) emit(get(O + j), rowIndexCode(loads[j]!.rowIndex!, row), op.i32Const(4), op.i32Mul, op.i32Add, set(local));
  for (const [x, local] of rowValue) emit(rowIndexCode(x, row), F32_CONVERT_I32_S, F32X4_SPLAT, set(local));
  for (const r of reductions) {
    const combine = r.rop === "sum" ? "add" : r.rop;
    emit(f32Const(r.rop === "sum" ? 0 : r.rop === "max" ? -Infinity : Infinity), F32X4_SPLAT, set(acc));
    emit(op.i32Const(0), set(i));
    const term = (into: number) => {
      nodes.emit(r.order, true, leaf);
      const body = nodes.value(r.order[r.order.length - 1]!);
      if (r === stash?.reduction) emit(outAddress, get(body), op.v128Store(0));
      emit(get(into), get(body), VEC_BINARY[combine]!, set(into));
    };
    // sums are blocked (partial sums of partial sums), as every float sum
    if (r.rop === "sum") f.blockedSum(i, op.i32Const(L), 4, acc, term, FunctionBuilder.sumLevels(L / 4));
    else {
      emit(op.loop);
      term(acc);
      loopWhile(i, 4, L);
    }
    // the four partial results, combined in lane order
    f.combineLanes(acc, scalar.get(r.node)!, combine);
  }
  emit(op.i32Const(0), set(i), op.loop);
  nodes.emit(outOrder, true, leaf);
  outputs.forEach((x, o) => emit(outAddressOf(o), get(nodes.value(x)), op.v128Store(0)));
  loopWhile(i, 4, L);
  f.loopWhile(row, 1, get(to));
  return f.fn("rows");
}
