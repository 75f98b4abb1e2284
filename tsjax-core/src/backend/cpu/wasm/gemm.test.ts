import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { WasmGemm, paddedSizes, wasmSimdSupported } from "./gemm.js";
import { relaxedSimdSupported } from "./relaxed-simd.js";
import { rng } from "../../../../test/helpers.js";

/** Whether this CPU has fused multiply-add (Linux reports it in /proc/cpuinfo). */
function cpuHasFma(): boolean {
  try {
    return /^flags\s*:.*\bfma\b/m.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return false;
  }
}

describe("WebAssembly SIMD GEMM", () => {
  it("is supported by this engine", () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it("has relaxed SIMD (enabled in Node 20, on by default in later engines)", () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it.each([true, false])("fuses each multiply-add where the CPU has FMA (fma=%s)", (fma) => {
    // C = 1 * -(1 + 2^-11) + a * a with a = 1 + 2^-12: a * a = 1 + 2^-11 + 2^-24 rounds to
    // 1 + 2^-11 before the add unless fused, so C is 2^-24 fused and 0 otherwise
    const g = new WasmGemm(false, fma);
    const { Mp, Np, Kp } = paddedSizes(1, 1, 2);
    const ws = g.workspace(Mp, Np, Kp);
    const a = 1 + 2 ** -12;
    ws.mem.set([1, 0, 0, 0, a, 0, 0, 0], ws.a);
    ws.mem.set([-(1 + 2 ** -11), 0, 0, 0, 0, 0, 0, 0, a, 0, 0, 0, 0, 0, 0, 0], ws.b);
    g.run(ws, Mp, Np, Kp);
    expect(ws.mem[ws.c]).toBe(fma && cpuHasFma() ? 2 ** -24 : 0);
  });

  it.each([
    [1, 1, 1, true],
    [5, 13, 7, true],
    [4, 8, 4, true],
    [33, 70, 300, true],
    [64, 9, 257, true],
    [130, 260, 520, true],
    [33, 70, 300, false],
    [130, 260, 520, false],
  ])("packed [%i, K] x [K, %i] with K=%i (fma=%s) equals a float64 loop", (M, N, K, fma) => {
    const g = new WasmGemm(true, fma);
    const r = rng(M * 1000 + N);
    const A = Float32Array.from({ length: M * K }, () => r() - 0.5);
    const B = Float32Array.from({ length: K * N }, () => r() - 0.5);
    const { Mp, Np, Kp } = paddedSizes(M, N, K);
    // twice: the second run reuses the workspace, whose C region holds the first result
    for (let rep = 0; rep < 2; rep++) {
      const ws = g.workspace(Mp, Np, Kp);
      for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) ws.mem[ws.a + (m >> 2) * Kp * 4 + k * 4 + (m & 3)] = A[m * K + k]!;
      for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) ws.mem[ws.b + (n >> 3) * Kp * 8 + k * 8 + (n & 7)] = B[k * N + n]!;
      g.run(ws, Mp, Np, Kp);
      let err = 0;
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += A[m * K + k]! * B[k * N + n]!;
          err = Math.max(err, Math.abs(s - ws.mem[ws.c + m * Np + n]!));
        }
      }
      expect(err).toBeLessThan(1e-5 * Math.sqrt(K));
    }
  });
});
