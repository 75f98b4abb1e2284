/**
 * Float32 reductions compiled to WebAssembly SIMD for the CPU backend:
 * `out_j[g] = post_j(reduce over r < R of body_j(g, r))` with `sum`, `max` or `min` (one or more
 * outputs, each with its own reduction over the same R), where the body is float32 arithmetic,
 * comparisons and selects of loads whose index is affine in g and r, and `post` is arithmetic on
 * the result (a mean's scale) and on loads affine in g. Four lanes run at once, along r when every
 * load is contiguous or constant in r (rows: four partial results, combined at the end), else
 * along g when every load is contiguous or constant in g (columns: four outputs at once).
 * Partial sums change the order of additions, as vectorized reductions do in XLA; sums are
 * blocked (partial sums of partial sums), so their rounding errors stay near float32's epsilon
 * for long axes.
 */
import type { Exp, ReduceAttr } from "../../../compile/exp.js";
import { affineIn, indexWindow } from "../../../compile/affine.js";
import { GIDX, POS, ROW, type MapKernel } from "../../../compile/kernel.js";
import { I32, V128, type WasmFunction, op } from "./encode.js";
import { F32, F32X4_SPLAT, FunctionBuilder, NodeEmitter, VEC_BINARY, f32Const, supportedOrder } from "./elementwise.js";

/** Outputs per block when vectorizing along g (16 KiB of float32: stays in the L1 cache). */
const G_BLOCK = 4096;
/**
 * Threads take strips of at least this many outputs of a reduction along g (8 KiB of each input
 * row): narrower strips stream worse than one thread alone (sum over axis 0 of 4096 x 4096 on
 * two cores: 5.8 ms in strips of 1024, 4.1 ms in strips of 2048, 4.8 ms on one thread).
 */
const G_STRIP = 2048;
/** Rows a column sum adds in registers (as a blocked sum of this many levels) before adding them into the outputs. */
const STRIP_LEVELS = 2;
const R_STRIP = 16 ** STRIP_LEVELS;

/** A load of the body: input `arg` at `rest + g * cg + r * cr` (elements; `rest` is the caller's). */
interface ReduceLoad {
  arg: number;
  node: Exp;
  cg: number;
  cr: number;
  rest: Exp;
  /** The elements read, relative to `rest` (see `indexWindow`). */
  lo: number;
  span: number;
}

export interface ReducePlan {
  /** Parameters: the outputs, the load bases, then the range of outputs [from, to) (see `WasmGemm.parallel`). */
  fn: WasmFunction;
  /** Loads in the order of the function's base-address parameters (after `out`). */
  loads: ReduceLoad[];
  /** Outputs, the units of `WasmGemm.parallel`, in multiples of `align`; elements reduced. */
  units: number;
  align: number;
  work: number;
}

/** One output of a reduction kernel: `post(red)`, red = reduce over r < R of `body`. */
interface ReducePart {
  rop: "sum" | "max" | "min";
  red: Exp;
  body: Exp[];
  post: Exp[];
}

/**
 * The reductions of a map kernel's outputs, one per output (a bias gradient's column sums, four
 * at once, as `mergeKernels` groups them), if the kernel has that form: every output reduces
 * once over the same length R; its `post` may also read loads placed by the output alone (an
 * optimizer step's parameter).
 */
export function planReduce(k: MapKernel, minWork: number): ReducePlan | undefined {
  // row kernels of one element per row are reductions over ROW (their POS is always 0)
  if ((k.row && k.row !== 1) || k.outputs.some((o) => o.dtype !== "float32")) return undefined;
  const gVar = k.row ? ROW : GIDX;
  const G = k.size;
  const loads: ReduceLoad[] = [];
  const loadAt = new Map<Exp, number>();
  const addLoad = (x: Exp, vars: string[]): boolean => {
    if (loadAt.has(x)) return true;
    if (x.op !== "load" || x.dtype !== "float32") return false;
    const a = affineIn(x.args[0]!, vars);
    if (!a) return false;
    loadAt.set(x, loads.push({ arg: x.attr as number, node: x, cg: a.coef[0]!, cr: vars.length === 3 ? a.coef[1]! : 0, rest: a.rest, lo: 0, span: 0 }) - 1);
    return true;
  };
  const parts: ReducePart[] = [];
  let R = 0;
  for (const o of k.outputs) {
    const reds: Exp[] = [];
    const walk = (x: Exp, seen: Set<Exp>) => {
      if (seen.has(x)) return;
      seen.add(x);
      if (x.op === "reduce") reds.push(x);
      else x.args.forEach((a) => walk(a, seen));
    };
    walk(o.value, new Set());
    if (reds.length !== 1) return undefined;
    const red = reds[0]!;
    const { rop, var: rVar } = red.attr as ReduceAttr;
    const size = red.args[0]!;
    if ((rop !== "sum" && rop !== "max" && rop !== "min") || size.op !== "const" || red.dtype !== "float32") return undefined;
    if (parts.length > 0 && size.value !== R) return undefined;
    R = size.value as number;
    const body = supportedOrder(red.args[1]!, (x) => addLoad(x, [gVar, rVar, POS]));
    const post = body && supportedOrder(o.value, (x) => x === red || addLoad(x, [gVar, POS]));
    if (!body || !post || body[body.length - 1]!.op === "const") return undefined;
    parts.push({ rop, red, body, post });
  }
  if (R < 1 || G * R * parts.length < minWork) return undefined;
  const alongR = R % 4 === 0 && loads.every((l) => l.cr === 0 || l.cr === 1);
  const alongG = G % 4 === 0 && loads.every((l) => l.cg === 0 || l.cg === 1);
  if (!alongR && !alongG) return undefined;
  for (const l of loads) Object.assign(l, indexWindow([G, R], [l.cg, l.cr]));
  const axis = alongR ? "r" : "g";
  return { fn: reduceFunction(axis, R, loads, parts), loads, units: G, align: axis === "g" ? G_STRIP : 1, work: G * R * parts.length };
}

function reduceFunction(axis: "r" | "g", R: number, loads: ReduceLoad[], parts: ReducePart[]): WasmFunction {
  const [O, L] = [parts.length, loads.length];
  // parameters: the outputs, the load bases, then outputs [from, to) (multiples of 4 along g)
  const [from, to] = [O + L, O + L + 1];
  const f = new FunctionBuilder(O + L + 2);
  const emit = f.emit.bind(f);
  const newLocal = f.local.bind(f);
  const [g, r, acc] = [newLocal(I32), newLocal(I32), newLocal(V128)];
  const get = op.localGet;
  const set = op.localSet;
  const loadIndex = new Map(loads.map((l, i) => [l.node, i]));
  const identity = (rop: ReducePart["rop"]) => (rop === "sum" ? 0 : rop === "max" ? -Infinity : Infinity);
  const combineOf = (rop: ReducePart["rop"]) => (rop === "sum" ? "add" : rop);

  const nodes = new NodeEmitter(f.body, newLocal);
  // byte address of a load at (g, r)
  const address = (i: number) => [...get(O + i), ...get(g), ...op.i32Const(loads[i]!.cg * 4), ...op.i32Mul, ...op.i32Add, ...get(r), ...op.i32Const(loads[i]!.cr * 4), ...op.i32Mul, ...op.i32Add];
  const bodyLeaf = (x: Exp) => {
    const i = loadIndex.get(x);
    if (i === undefined) return undefined;
    const contiguous = axis === "r" ? loads[i]!.cr === 1 : loads[i]!.cg === 1;
    return [...address(i), ...(contiguous ? op.v128Load(0) : op.v128Load32Splat(0))];
  };
  // a post's own loads (cr = 0): one element per output along r, four along g
  const postLeaf = (x: Exp) => {
    const i = loadIndex.get(x);
    if (i === undefined) return undefined;
    return [...address(i), ...(axis === "r" ? op.f32Load(0) : loads[i]!.cg === 1 ? op.v128Load(0) : op.v128Load32Splat(0))];
  };
  const outAddress = (o: number) => [...get(o), ...get(g), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add];
  const loopWhile = f.loopWhile.bind(f);
  if (axis === "r") {
    emit(get(from), set(g), op.loop);
    parts.forEach(({ rop, red, body, post }, o) => {
      const combine = combineOf(rop);
      emit(f32Const(identity(rop)), F32X4_SPLAT, set(acc));
      emit(op.i32Const(0), set(r));
      const term = (into: number) => {
        nodes.emit(body, true, bodyLeaf);
        emit(get(into), get(nodes.value(body[body.length - 1]!)), VEC_BINARY[combine]!, set(into));
      };
      if (rop === "sum") f.blockedSum(r, op.i32Const(R), 4, acc, term, FunctionBuilder.sumLevels(R / 4));
      else {
        emit(op.loop);
        term(acc);
        loopWhile(r, 4, op.i32Const(R));
      }
      // the four partial results, combined in lane order
      const total = newLocal(F32);
      f.combineLanes(acc, total, combine);
      nodes.emit(post, false, (x) => (x === red ? get(total) : postLeaf(x)));
      emit(outAddress(o), get(nodes.value(post[post.length - 1]!)), op.f32Store(0));
    });
    loopWhile(g, 1, get(to));
  } else {
    // Blocks of outputs accumulate in place, row by row (r outer), so that the inputs stream
    // contiguously and the block stays in cache; each output still sums r in order.
    const [g0, g1] = [newLocal(I32), newLocal(I32)];
    const overBlock = (inner: () => void) => {
      emit(get(g0), set(g), op.loop);
      inner();
      loopWhile(g, 4, get(g1));
    };
    emit(get(from), set(g0), op.loop);
    // g1 = min(g0 + BLOCK, to)
    emit(get(g0), op.i32Const(G_BLOCK), op.i32Add, get(to), get(g0), op.i32Const(G_BLOCK), op.i32Add, get(to), op.i32LtS, [0x1b], set(g1));
    parts.forEach(({ rop, red, body, post }, o) => {
      const combine = combineOf(rop);
      overBlock(() => emit(outAddress(o), f32Const(identity(rop)), F32X4_SPLAT, op.v128Store(0)));
      if (rop === "sum") {
        // Sums: strips of R_STRIP rows; within a strip each group of four outputs adds its
        // rows as a blocked sum in registers, then into the output (so the rounding errors grow
        // with R / R_STRIP, not R).
        const [r0, rEnd] = [newLocal(I32), newLocal(I32)];
        emit(op.i32Const(0), set(r0), op.loop);
        emit(get(r0), op.i32Const(R_STRIP), op.i32Add, op.i32Const(R), get(r0), op.i32Const(R_STRIP), op.i32Add, op.i32Const(R), op.i32LtS, [0x1b], set(rEnd));
        overBlock(() => {
          emit(f32Const(0), F32X4_SPLAT, set(acc), get(r0), set(r));
          f.blockedSum(r, get(rEnd), 1, acc, (into) => {
            nodes.emit(body, true, bodyLeaf);
            emit(get(into), get(nodes.value(body[body.length - 1]!)), VEC_BINARY.add!, set(into));
          }, STRIP_LEVELS);
          emit(outAddress(o), outAddress(o), op.v128Load(0), get(acc), VEC_BINARY.add!, op.v128Store(0));
        });
        loopWhile(r0, R_STRIP, op.i32Const(R));
      } else {
        emit(op.i32Const(0), set(r), op.loop);
        overBlock(() => {
          nodes.emit(body, true, bodyLeaf);
          emit(outAddress(o), outAddress(o), op.v128Load(0), get(nodes.value(body[body.length - 1]!)), VEC_BINARY[combine]!, op.v128Store(0));
        });
        loopWhile(r, 1, op.i32Const(R));
      }
      overBlock(() => {
        emit(outAddress(o), op.v128Load(0), set(acc));
        nodes.emit(post, true, (x) => (x === red ? get(acc) : postLeaf(x)));
        emit(outAddress(o), get(nodes.value(post[post.length - 1]!)), op.v128Store(0));
      });
    });
    loopWhile(g0, G_BLOCK, get(to));
  }
  return f.fn("reduce");
}
