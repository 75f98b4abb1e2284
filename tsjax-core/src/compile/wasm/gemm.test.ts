import { describe, expect, it } from "vitest";
import { WasmGemm, paddedSizes, wasmSimdSupported } from "./gemm.js";
import { rng } from "../../../test/helpers.js";

describe("WebAssembly SIMD GEMM", () => {
  it("is supported by this engine", () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it.each([
    [1, 1, 1],
    [5, 13, 7],
    [4, 8, 4],
    [33, 70, 300],
    [64, 9, 257],
    [130, 260, 520],
  ])("packed [%i, K] x [K, %i] with K=%i equals a float64 loop", (M, N, K) => {
    const g = new WasmGemm();
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
