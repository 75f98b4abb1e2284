/**
 * GEMM epilogues compiled to WebAssembly: `out[m, n] = f(C[m, n], loads...)` for the float32
 * expressions that follow a matmul (bias, activation, gradient masks, an optimizer update),
 * several times faster than the same loop in JavaScript on V8. Rows that are contiguous along
 * n run as SIMD, four elements at a time.
 *
 * The expression may use the GEMM result (variable `c`), float32 and bool loads (a mask: the
 * caller copies it in as float32 0 and 1) whose index is affine
 * in the two output variables m and n (the constant part is added by the caller, as a byte
 * address), float32 arithmetic, comparisons, bool logic, selects, and `exp`, `tanh` and
 * `logistic` (the SIMD forms of `NodeEmitter`, within a few ulps of the JavaScript backend's,
 * as in row kernels: a fused GELU). Anything else (casts, other transcendental functions,
 * other dtypes) makes `compileEpilogue` return undefined, and the caller keeps its JavaScript
 * loop. The arithmetic is exact float32 arithmetic, as in the JavaScript backend (WebAssembly
 * does not contract or reassociate).
 */
import type { Exp } from "../../../compile/exp.js";
import { type WasmFunction, I32, op } from "./encode.js";
import { F32X4_SPLAT, NodeEmitter, VEC_COMPARE, f32Const, supportedOrder } from "./elementwise.js";

/** A load of the epilogue: input `arg` at `base + m * sm + n * sn` (elements). */
interface EpilogueLoad {
  arg: number;
  node: Exp;
  sm: number;
  sn: number;
}

export interface EpiloguePlan {
  fn: WasmFunction;
  /** The loads, in the order of the function's base-address parameters (after c and out). */
  loads: EpilogueLoad[];
  /** Whether rows run as SIMD (the output and every load contiguous or constant along n). */
  vector: boolean;
}

/**
 * The epilogue `value` over rows [from, to) of an M x N block as a WebAssembly function with
 * parameters (c, out, ...load bases, from, to), the first ones byte addresses: C is row-major
 * with rows of `ldc` elements, the output element [m, n] is at `out + (m * osm + n * osn) * 4`.
 * `affine(index)` gives a load index's coefficients along m and n (its constant part is the
 * caller's), or undefined.
 */
export function compileEpilogue(
  value: Exp,
  cVar: string,
  N: number,
  ldc: number,
  out: { sm: number; sn: number },
  affine: (index: Exp) => { sm: number; sn: number } | undefined,
): EpiloguePlan | undefined {
  if (value.dtype !== "float32" || value.op === "const") return undefined;
  const loads: EpilogueLoad[] = [];
  // exp, tanh and logistic run as SIMD, on a splat in scalar code (see `NodeEmitter.emit`)
  const order = supportedOrder(value, (e) => {
    if (e.op === "var") return e.attr === cVar;
    if (e.op !== "load") return false;
    const a = e.dtype === "float32" || e.dtype === "bool" ? affine(e.args[0]!) : undefined;
    if (a) loads.push({ arg: e.attr as number, node: e, ...a });
    return a !== undefined;
  }, true);
  if (!order) return undefined;

  // locals: m, n, cRow, oRow, load rows, then values
  // parameters: 0 c, 1 out, 2.. load bases, then rows [from, to) of the block
  const [from, to] = [2 + loads.length, 3 + loads.length];
  const P = 4 + loads.length;
  const [m, n, cRow, oRow] = [P, P + 1, P + 2, P + 3];
  const row = (i: number) => P + 4 + i;
  const locals: number[] = [I32, I32, I32, I32, ...loads.map(() => I32)];
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const get = op.localGet;
  const set = op.localSet;
  const loadIndex = new Map(loads.map((l, i) => [l.node, i]));

  emit(get(from), set(m), op.loop);
  emit(get(0), get(m), op.i32Const(ldc * 4), op.i32Mul, op.i32Add, set(cRow));
  emit(get(1), get(m), op.i32Const(out.sm * 4), op.i32Mul, op.i32Add, set(oRow));
  loads.forEach((l, i) => emit(get(2 + i), get(m), op.i32Const(l.sm * 4), op.i32Mul, op.i32Add, set(row(i))));
  emit(op.i32Const(0), set(n));
  // Rows contiguous along n (the output, and each load contiguous or constant along n) run four
  // elements at a time; the rest of a row (or a whole row otherwise) one at a time.
  const vector = out.sn === 1 && loads.every((l) => l.sn === 0 || l.sn === 1);
  const N4 = vector ? N - (N % 4) : 0;
  // the byte address of element n of a row that starts at `rowBase` with stride `sn`
  const at = (rowBase: number, sn: number) => [...get(rowBase), ...get(n), ...op.i32Const(sn * 4), ...op.i32Mul, ...op.i32Add];
  const pass = (lanes: 1 | 4, end: number) => {
    const isVector = lanes === 4;
    const nodes = new NodeEmitter(body, (type) => {
      locals.push(type);
      return P + locals.length - 1;
    });
    emit(op.loop);
    nodes.emit(order, isVector, (e) => {
      if (e.op === "var") return [...at(cRow, 1), ...(isVector ? op.v128Load(0) : op.f32Load(0))];
      const i = loadIndex.get(e);
      if (i === undefined) return undefined;
      const sn = loads[i]!.sn;
      // a bool (copied in as float32 0 or 1 by `WasmGemm.input`): its lane mask, or i32 0/1
      const mask = e.dtype !== "bool" ? [] : isVector ? [...f32Const(0), ...F32X4_SPLAT, ...VEC_COMPARE.ne!] : [...f32Const(0), 0x5c];
      return [...at(row(i), sn), ...(!isVector ? op.f32Load(0) : sn === 0 ? op.v128Load32Splat(0) : op.v128Load(0)), ...mask];
    });
    emit(at(oRow, out.sn), get(nodes.value(value)), isVector ? op.v128Store(0) : op.f32Store(0));
    emit(get(n), op.i32Const(lanes), op.i32Add, op.localTee(n), op.i32Const(end), op.i32LtS, op.brIf(0), op.end);
  };
  if (N4 > 0) pass(4, N4);
  if (N4 < N) pass(1, N);
  emit(get(m), op.i32Const(1), op.i32Add, op.localTee(m), get(to), op.i32LtS, op.brIf(0), op.end);
  return { fn: { name: "epilogue", params: P, locals, body }, loads, vector };
}
