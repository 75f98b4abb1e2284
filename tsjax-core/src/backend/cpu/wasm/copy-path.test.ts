/**
 * The CPU kernel tests again with CPU buffers outside the WebAssembly memory (one thread: an
 * unshared memory, where buffers cannot live), so that kernels copy their inputs in and their
 * outputs out: the path of browsers and of buffers past the resident bounds.
 */
import { describe, expect, it } from "vitest";

process.env.TSJAX_CPU_THREADS = "1";
const { wasmGemm } = await import("./gemm.js");

describe("CPU kernels with buffers outside the WebAssembly memory", () => {
  it("an unshared memory holds no CPU buffers", () => {
    expect(wasmGemm()!.threads).toBe(1);
    expect(wasmGemm()!.allocResident(1024)).toBeUndefined();
  });
});

await import("../gemm-js.test.js");
await import("./reduce.test.js");
await import("./rows.test.js");
await import("./map.test.js");
