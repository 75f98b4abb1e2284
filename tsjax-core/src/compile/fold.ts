/**
 * Constant folding of scalar ops with exactly the semantics of generated kernels: it evaluates
 * the CPU backend's JavaScript code of each op (`backend/cpu/js-ops.ts`) with its runtime `R`,
 * so a folded constant equals what a kernel would have computed.
 */
import type { DType } from "../dtype.js";
import { R } from "../backend/cpu/js-runtime.js";
import { jsBinary, jsBitcast, jsCast, jsUnary } from "../backend/cpu/js-ops.js";
import { type BinaryOp, type ScalarOp, type UnaryOp, BINARY_OPS } from "./scalar-ops.js";

type Folder = (r: typeof R, a: number | boolean, b?: number | boolean) => number | boolean;
const folders = new Map<string, Folder>();

function folder(key: string, code: string): Folder {
  let f = folders.get(key);
  if (!f) {
    f = new Function("R", "a", "b", `return ${code};`) as Folder;
    folders.set(key, f);
  }
  return f;
}

/** Folds `fma(a, b, c)` of constants with the kernel semantics. */
export function foldFma(dtype: DType, a: number, b: number, c: number): number {
  return dtype === "float16" ? R.hround(a * b + c) : R.fmaf(a, b, c);
}

/** Evaluates a scalar op on constants with exactly the semantics of generated kernels. */
export function foldScalar(op: ScalarOp, dtype: DType, a: number | boolean, b?: number | boolean): number | boolean {
  const code = (BINARY_OPS as readonly string[]).includes(op)
    ? jsBinary(op as BinaryOp, dtype, "a", "b")
    : jsUnary(op as UnaryOp, dtype, "a");
  return folder(`${op}:${dtype}`, code)(R, a, b);
}

/** Casts a constant with kernel semantics. */
export function foldCast(from: DType, to: DType, a: number | boolean): number | boolean {
  return folder(`cast:${from}:${to}`, jsCast(from, to, "a"))(R, a);
}

/** Bitcasts a constant with kernel semantics. */
export function foldBitcast(from: DType, to: DType, a: number | boolean): number | boolean {
  return folder(`bitcast:${from}:${to}`, jsBitcast(from, to, "a"))(R, a);
}
