/**
 * The packing routine of the WebAssembly GEMM (`gemm.ts`), for operands that are plain strided
 * float32 matrices (no fused prologue): much faster than packing element by element in
 * JavaScript. Element [x, k] of the source is at byte `src + x * sx + k * sk`; it goes to panel
 * `x / W` (W = 4 for A, 8 for B), k-major: byte `dst + (x / W) * panelBytes + (k * W + x % W) * 4`.
 * Lanes of the last panel past X are not written (the workspace keeps them zero). Panels
 * contiguous along x copy vectors; panels contiguous along k transpose 4 x 4 blocks.
 */
import { I32, V128, type WasmFunction, op } from "./encode.js";

const SELECT = [0x1b];

export function packFunction(): WasmFunction {
  const [src, dst, X, K, sx, sk, W, panelBytes] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [x0, k, j, s, d, w, srow, drow, psrc, pdst, fast, wBytes, wStride, g, rows, K4] = Array.from({ length: 16 }, (_, i) => 8 + i);
  const [r0, r1, r2, r3, t0, t1, t2, t3] = Array.from({ length: 8 }, (_, i) => 24 + i);
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const get = op.localGet;
  const set = op.localSet;
  const addTo = (local: number, amount: number[]) => emit(get(local), amount, op.i32Add, set(local));
  emit(get(src), set(psrc), get(dst), set(pdst), op.i32Const(0), set(x0));
  emit(get(W), op.i32Const(4), op.i32Mul, set(wBytes), get(W), get(sx), op.i32Mul, set(wStride));
  emit(get(K), op.i32Const(-4), op.i32And, set(K4));
  emit(op.loop); // panels
  // w = min(W, X - x0)
  emit(get(X), get(x0), op.i32Sub, get(W), get(X), get(x0), op.i32Sub, get(W), op.i32LtS, SELECT, set(w));
  emit(get(psrc), set(srow), get(pdst), set(drow), op.i32Const(0), set(k));
  // Whole panels of a source contiguous along k (rows of A, columns of B^T) take four k at a
  // time: four rows of four elements, transposed in registers, are four k-steps of the panel.
  emit(get(sk), op.i32Const(4), op.i32Eq, get(w), get(W), op.i32Eq, op.i32And, get(K4), op.i32Const(0), op.i32Ne, op.i32And, op.ifThen);
  emit(op.loop); // k, by 4
  emit(op.i32Const(0), set(g), get(srow), set(rows));
  emit(op.loop); // groups of 4 rows of the panel
  emit(get(rows), op.v128Load(0), set(r0));
  emit(get(rows), get(sx), op.i32Add, op.v128Load(0), set(r1));
  emit(get(rows), get(sx), op.i32Const(2), op.i32Mul, op.i32Add, op.v128Load(0), set(r2));
  emit(get(rows), get(sx), op.i32Const(3), op.i32Mul, op.i32Add, op.v128Load(0), set(r3));
  emit(get(r0), get(r1), op.shuffleLanes([0, 4, 1, 5]), set(t0));
  emit(get(r2), get(r3), op.shuffleLanes([0, 4, 1, 5]), set(t1));
  emit(get(r0), get(r1), op.shuffleLanes([2, 6, 3, 7]), set(t2));
  emit(get(r2), get(r3), op.shuffleLanes([2, 6, 3, 7]), set(t3));
  // k-step q of the four at drow + q * W * 4 + g * 16
  const store = (q: number, a: number, b: number, lanes: number[]) =>
    emit(get(drow), get(wBytes), op.i32Const(q), op.i32Mul, op.i32Add, get(g), op.i32Const(16), op.i32Mul, op.i32Add, get(a), get(b), op.shuffleLanes(lanes), op.v128Store(0));
  store(0, t0, t1, [0, 1, 4, 5]);
  store(1, t0, t1, [2, 3, 6, 7]);
  store(2, t2, t3, [0, 1, 4, 5]);
  store(3, t2, t3, [2, 3, 6, 7]);
  addTo(rows, [...get(sx), ...op.i32Const(4), ...op.i32Mul]);
  addTo(g, op.i32Const(1));
  emit(get(g), op.i32Const(4), op.i32Mul, get(W), op.i32LtS, op.brIf(0), op.end);
  addTo(srow, op.i32Const(16));
  addTo(drow, [...get(wBytes), ...op.i32Const(4), ...op.i32Mul]);
  addTo(k, op.i32Const(4));
  emit(get(k), get(K4), op.i32LtS, op.brIf(0), op.end);
  emit(op.end); // if
  // the remaining k (all of them, unless the panel went four at a time)
  emit(get(sx), op.i32Const(4), op.i32Eq, get(w), get(W), op.i32Eq, op.i32And, set(fast));
  emit(op.block, op.loop); // k
  emit(get(k), get(K), op.i32GeS, op.brIf(1));
  // whole panels of a source contiguous along x copy as one vector (W = 4) or two per k
  emit(get(fast), op.ifThen);
  emit(get(drow), get(srow), op.v128Load(0), op.v128Store(0));
  emit(get(W), op.i32Const(8), op.i32Eq, op.ifThen, get(drow), get(srow), op.v128Load(16), op.v128Store(16), op.end);
  emit(op.else);
  emit(get(srow), set(s), get(drow), set(d), op.i32Const(0), set(j));
  emit(op.loop); // j
  emit(get(d), get(s), op.f32Load(0), op.f32Store(0));
  addTo(s, get(sx));
  addTo(d, op.i32Const(4));
  addTo(j, op.i32Const(1));
  emit(get(j), get(w), op.i32LtS, op.brIf(0), op.end);
  emit(op.end); // if
  addTo(srow, get(sk));
  addTo(drow, get(wBytes));
  addTo(k, op.i32Const(1));
  emit(op.br(0), op.end, op.end);
  addTo(psrc, get(wStride));
  addTo(pdst, get(panelBytes));
  addTo(x0, get(W));
  emit(get(x0), get(X), op.i32LtS, op.brIf(0), op.end);
  return { name: "pack", params: 8, locals: [...Array.from({ length: 16 }, () => I32), ...Array.from({ length: 8 }, () => V128)], body };
}
