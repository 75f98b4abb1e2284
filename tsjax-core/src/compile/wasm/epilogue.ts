/**
 * GEMM epilogues compiled to WebAssembly: `out[m, n] = f(C[m, n], loads...)` for the float32
 * expressions that follow a matmul (bias, activation, gradient masks, an optimizer update),
 * several times faster than the same loop in JavaScript on V8.
 *
 * The expression may use the GEMM result (variable `c`), float32 loads whose index is affine
 * in the two output variables m and n (the constant part is added by the caller, as a byte
 * address), float32 arithmetic, comparisons, bool logic and selects. Anything else (casts,
 * transcendental functions, other dtypes) makes `compileEpilogue` return undefined, and the
 * caller keeps its JavaScript loop. All of this is exact float32 arithmetic, as in the
 * JavaScript backend (WebAssembly does not contract or reassociate).
 */
import type { Exp } from "../exp.js";
import { type WasmFunction, I32, op } from "./encode.js";

const F32 = 0x7d;

/** A load of the epilogue: input `arg` at `base + m * sm + n * sn` (elements). */
export interface EpilogueLoad {
  arg: number;
  node: Exp;
  sm: number;
  sn: number;
}

export interface EpiloguePlan {
  fn: WasmFunction;
  /** The loads, in the order of the function's base-address parameters (after c and out). */
  loads: EpilogueLoad[];
}

const F32_BINARY: Record<string, number> = { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, min: 0x96, max: 0x97 };
const F32_COMPARE: Record<string, number> = { eq: 0x5b, ne: 0x5c, lt: 0x5d, gt: 0x5e, le: 0x5f, ge: 0x60 };
const BOOL_BINARY: Record<string, number> = { and: 0x71, or: 0x72, xor: 0x73, ne: 0x73, eq: 0x46 };
const F32_UNARY: Record<string, number> = { neg: 0x8c, abs: 0x8b, sqrt: 0x91 };

function f32Const(v: number): number[] {
  const b = new Uint8Array(new Float32Array([v]).buffer);
  return [0x43, ...b];
}

/**
 * The epilogue `value` over an M x N block as a WebAssembly function with parameters
 * (c, out, ...load bases), all byte addresses: C is row-major with rows of `ldc` elements, the
 * output element [m, n] is at `out + (m * osm + n * osn) * 4`. `affine(index)` gives a load
 * index's coefficients along m and n (its constant part is the caller's), or undefined.
 */
export function compileEpilogue(
  value: Exp,
  cVar: string,
  M: number,
  N: number,
  ldc: number,
  out: { sm: number; sn: number },
  affine: (index: Exp) => { sm: number; sn: number } | undefined,
): EpiloguePlan | undefined {
  if (value.dtype !== "float32") return undefined;
  const loads: EpilogueLoad[] = [];
  const order: Exp[] = [];
  const seen = new Set<Exp>();
  // topological order of the nodes, checking that each one is supported
  const visit = (e: Exp): boolean => {
    if (seen.has(e)) return true;
    seen.add(e);
    let ok: boolean;
    if (e.op === "const") ok = e.dtype === "float32" || e.dtype === "bool";
    else if (e.op === "var") ok = e.attr === cVar;
    else if (e.op === "load") {
      const a = e.dtype === "float32" ? affine(e.args[0]!) : undefined;
      ok = a !== undefined;
      if (a) loads.push({ arg: e.attr as number, node: e, ...a });
    } else if (e.op === "select") ok = e.args[0]!.dtype === "bool" && e.dtype === "float32" && e.args.every(visit);
    else if (e.op in F32_BINARY || e.op in F32_UNARY) ok = e.dtype === "float32" && e.args.every(visit);
    else if (e.op in F32_COMPARE && e.args[0]!.dtype === "float32") ok = e.args.every(visit);
    else if (e.op in BOOL_BINARY && e.args[0]!.dtype === "bool") ok = e.args.every(visit);
    else if (e.op === "not") ok = e.args[0]!.dtype === "bool" && e.args.every(visit);
    else ok = false;
    if (ok) order.push(e);
    return ok;
  };
  if (!visit(value)) return undefined;

  // parameters: 0 c, 1 out, 2.. load bases; locals: m, n, cRow, oRow, load rows, then values
  const P = 2 + loads.length;
  const [m, n, cRow, oRow] = [P, P + 1, P + 2, P + 3];
  const row = (i: number) => P + 4 + i;
  const locals: number[] = [I32, I32, I32, I32, ...loads.map(() => I32)];
  const slot = new Map<Exp, number>();
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const get = op.localGet;
  const set = op.localSet;
  const ref = (e: Exp) => (e.op === "const" ? (e.dtype === "bool" ? op.i32Const(e.value ? 1 : 0) : f32Const(e.value as number)) : get(slot.get(e)!));
  const loadIndex = new Map(loads.map((l, i) => [l.node, i]));

  emit(op.i32Const(0), set(m), op.loop);
  emit(get(0), get(m), op.i32Const(ldc * 4), op.i32Mul, op.i32Add, set(cRow));
  emit(get(1), get(m), op.i32Const(out.sm * 4), op.i32Mul, op.i32Add, set(oRow));
  loads.forEach((l, i) => emit(get(2 + i), get(m), op.i32Const(l.sm * 4), op.i32Mul, op.i32Add, set(row(i))));
  emit(op.i32Const(0), set(n), op.loop);
  for (const e of order) {
    if (e.op === "const") continue;
    const local = P + locals.length;
    locals.push(e.dtype === "float32" ? F32 : I32);
    slot.set(e, local);
    if (e.op === "var") {
      emit(get(cRow), get(n), op.i32Const(4), op.i32Mul, op.i32Add, op.f32Load(0));
    } else if (e.op === "load") {
      const l = loads[loadIndex.get(e)!]!;
      emit(get(row(loadIndex.get(e)!)), get(n), op.i32Const(l.sn * 4), op.i32Mul, op.i32Add, op.f32Load(0));
    } else if (e.op === "select") {
      // select(cond, a, b) in WebAssembly: (a, b, cond) -> cond ? a : b
      emit(ref(e.args[1]!), ref(e.args[2]!), ref(e.args[0]!), [0x1b]);
    } else if (e.op === "not") {
      emit(ref(e.args[0]!), op.i32Eqz);
    } else {
      const code = F32_UNARY[e.op] ?? (e.args[0]!.dtype === "bool" ? BOOL_BINARY[e.op] : (F32_BINARY[e.op] ?? F32_COMPARE[e.op]));
      emit(...e.args.map(ref), [code!]);
    }
    emit(set(local));
  }
  emit(get(oRow), get(n), op.i32Const(out.sn * 4), op.i32Mul, op.i32Add, ref(value), op.f32Store(0));
  emit(get(n), op.i32Const(1), op.i32Add, op.localTee(n), op.i32Const(N), op.i32LtS, op.brIf(0), op.end);
  emit(get(m), op.i32Const(1), op.i32Add, op.localTee(m), op.i32Const(M), op.i32LtS, op.brIf(0), op.end);
  return { fn: { name: "epilogue", params: P, locals, body }, loads };
}
