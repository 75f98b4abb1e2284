/**
 * Helpers that generated JavaScript kernels call as `R.name(...)`. They give the CPU backend the
 * same float32/float16/int semantics as the WGSL kernels (numpy-style special values, saturating
 * float-to-int casts, integer division by zero = 0).
 */

import { f16BitsToF32, f32ToF16Bits } from "../../float16.js";
import { wasmGemm } from "./wasm/gemm.js";

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
const i32buf = new Int32Array(f32buf.buffer);

/**
 * Rounds a kernel result to float16 as the WGSL kernels do: to float32 first (float16 math is
 * done in float32), then to float16.
 */
function hround(x: number): number {
  return f16BitsToF32(f32ToF16Bits(Math.fround(x)));
}

/** Round half to even, as numpy and WGSL do. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const F32_BITS = new Float32Array(1);
const I32_BITS = new Int32Array(F32_BITS.buffer);

/**
 * `a * b + c` of float32 values, correctly rounded to float32 (a fused multiply-add). The
 * product is exact in a double; the double sum can round onto a float32 midpoint, where its
 * rounding error (TwoSum) decides the direction.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s || !Number.isFinite(s)) return r;
  const t = s - p;
  const err = (p - (s - t)) + (c - t);
  if (err === 0) return r;
  // The float32 neighbours of s; s is a midpoint when it is halfway between them.
  const other = Math.fround(r < s ? s + (s - r) : s - (r - s));
  if (s - Math.min(r, other) !== Math.max(r, other) - s) return r;
  return err > 0 ? Math.max(r, other) : Math.min(r, other);
}

export const R = {
  /** The WebAssembly SIMD GEMM (packed float32 matmul), for kernels planned by `planGemm`. */
  gemm: wasmGemm,
  hround,
  fmaf,
  h2f: f16BitsToF32,
  f2h: f32ToF16Bits,
  rint,
  /** The bits of `x` as a float32, as an int32 (float32 arguments of WebAssembly kernels). */
  f32bits(x: number): number {
    F32_BITS[0] = x;
    return I32_BITS[0]!;
  },
  pow(a: number, b: number): number {
    if (b === 0 || a === 1) return 1;
    if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
    return Math.pow(a, b);
  },
  logistic(x: number): number {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  idiv: (a: number, b: number) => (b === 0 ? 0 : (a / b) | 0),
  udiv: (a: number, b: number) => (b === 0 ? 0 : Math.trunc(a / b) >>> 0),
  irem: (a: number, b: number) => (b === 0 ? 0 : (a % b) | 0),
  urem: (a: number, b: number) => (b === 0 ? 0 : (a % b) >>> 0),
  ipow(a: number, b: number): number {
    if (b < 0) return a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0;
    let r = 1;
    let base = a | 0;
    let e = b >>> 0;
    while (e > 0) {
      if (e & 1) r = Math.imul(r, base);
      base = Math.imul(base, base);
      e >>>= 1;
    }
    return r;
  },
  upow(a: number, b: number): number {
    let r = 1;
    let base = a >>> 0;
    let e = b >>> 0;
    while (e > 0) {
      if (e & 1) r = Math.imul(r, base) >>> 0;
      base = Math.imul(base, base) >>> 0;
      e >>>= 1;
    }
    return r;
  },
  shl: (a: number, b: number) => (b >>> 0 >= 32 ? 0 : a << b),
  sra: (a: number, b: number) => (b >>> 0 >= 32 ? (a | 0) >> 31 : (a | 0) >> b),
  srl: (a: number, b: number) => (b >>> 0 >= 32 ? 0 : a >>> b),
  popcnt(a: number): number {
    let v = a >>> 0;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
  },
  f2i: (x: number) => (x !== x ? 0 : x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : Math.trunc(x) | 0),
  f2u: (x: number) => (x !== x || x <= 0 ? 0 : x >= 4294967295 ? 4294967295 : Math.trunc(x) >>> 0),
  f2ibits(x: number): number {
    f32buf[0] = x;
    return i32buf[0]!;
  },
  f2ubits(x: number): number {
    f32buf[0] = x;
    return u32buf[0]!;
  },
  i2fbits(x: number): number {
    i32buf[0] = x;
    return f32buf[0]!;
  },
  rem(a: number, b: number): number {
    return a % b;
  },
};

