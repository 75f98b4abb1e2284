/**
 * The packing routine of the WebAssembly GEMM (`gemm.ts`), for operands that are plain strided
 * float32 matrices (no fused prologue): much faster than packing element by element in
 * JavaScript. Element [x, k] of the source is at byte `src + x * sx + k * sk`; it goes to panel
 * `x / W` (W = 4 for A, 8 for B), k-major: byte `dst + (x / W) * panelBytes + (k * W + x % W) * 4`.
 * Lanes of the last panel past X are not written (the workspace keeps them zero).
 */
import { I32, type WasmFunction, op } from "./encode.js";

const SELECT = [0x1b];

export function packFunction(): WasmFunction {
  const [src, dst, X, K, sx, sk, W, panelBytes] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [x0, k, j, s, d, w, srow, drow, psrc, pdst, fast, wBytes, wStride] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const body: number[] = [];
  const emit = (...xs: number[][]) => xs.forEach((x) => body.push(...x));
  const get = op.localGet;
  const set = op.localSet;
  const addTo = (local: number, amount: number[]) => emit(get(local), amount, op.i32Add, set(local));
  emit(get(src), set(psrc), get(dst), set(pdst), op.i32Const(0), set(x0));
  emit(get(W), op.i32Const(4), op.i32Mul, set(wBytes), get(W), get(sx), op.i32Mul, set(wStride));
  emit(op.loop); // panels
  // w = min(W, X - x0)
  emit(get(X), get(x0), op.i32Sub, get(W), get(X), get(x0), op.i32Sub, get(W), op.i32LtS, SELECT, set(w));
  // whole 8-wide panels of a source contiguous along x copy as two vectors per k
  emit(get(sx), op.i32Const(4), op.i32Eq, get(w), op.i32Const(8), op.i32Eq, op.i32And, get(W), op.i32Const(8), op.i32Eq, op.i32And, set(fast));
  emit(get(psrc), set(srow), get(pdst), set(drow), op.i32Const(0), set(k));
  emit(op.loop); // k
  emit(get(fast), op.ifThen);
  emit(get(drow), get(srow), op.v128Load(0), op.v128Store(0));
  emit(get(drow), get(srow), op.v128Load(16), op.v128Store(16));
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
  emit(get(k), get(K), op.i32LtS, op.brIf(0), op.end);
  addTo(psrc, get(wStride));
  addTo(pdst, get(panelBytes));
  addTo(x0, get(W));
  emit(get(x0), get(X), op.i32LtS, op.brIf(0), op.end);
  return { name: "pack", params: 8, locals: Array.from({ length: 13 }, () => I32), body };
}
