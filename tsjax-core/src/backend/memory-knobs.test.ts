/**
 * Each memory knob on a fresh backend of each kind (the devices the other tests use keep
 * their own settings).
 */
import { afterEach, describe, expect, test } from "vitest";
import { memoryConfig } from "./memory.js";
import { CpuBackend } from "./cpu/cpu-backend.js";
import { WebGPUBackend } from "./webgpu/webgpu-backend.js";
import type { GpuSlice } from "./webgpu/arena.js";
import { wasmGemm } from "./cpu/wasm/gemm.js";
import { HAS_WEBGPU, expectExhausted } from "../../test/helpers.js";

const MiB = 2 ** 20;

afterEach(() => {
  delete process.env.TSJAX_ALLOCATOR;
  delete process.env.TSJAX_MEM_LIMIT;
});


describe("cpu memory knobs", () => {
  test("pool (default) keeps freed arrays; platform gives them back at once", () => {
    const pooled = new CpuBackend();
    pooled.free(pooled.alloc("float32", 1000));
    expect(pooled.memoryStats()).toMatchObject({ liveBytes: 0, pooledBuffers: 1, pooledBytes: 4000, reservedBytes: 4000 });
    const platform = new CpuBackend();
    platform.configureMemory(memoryConfig({ allocator: "platform" }));
    platform.free(platform.alloc("float32", 1000));
    expect(platform.memoryStats()).toMatchObject({ liveBytes: 0, pooledBuffers: 0, pooledBytes: 0, reservedBytes: 0, peakBytes: 4000 });
  });

  test("TSJAX_ALLOCATOR and TSJAX_MEM_LIMIT apply to a backend that was not configured", () => {
    process.env.TSJAX_ALLOCATOR = "platform";
    process.env.TSJAX_MEM_LIMIT = "8000";
    const b = new CpuBackend();
    b.free(b.alloc("float32", 1000));
    expect(b.memoryStats()).toMatchObject({ pooledBuffers: 0, limitBytes: 8000 });
    const e = expectExhausted(() => b.alloc("float32", 2001));
    expect(e.message).toMatch(/raise the limit \(the environment variable TSJAX_MEM_LIMIT\)/);
  });

  test("the limit: live bytes stay within it, pooled arrays give way, the peak is kept until resetPeak", () => {
    const b = new CpuBackend();
    b.configureMemory(memoryConfig({ limitBytes: 10_000 }));
    const x = b.alloc("float32", 1500); // 6000 bytes
    b.free(b.alloc("int32", 500)); // 2000 bytes, pooled
    expect(b.memoryStats()).toMatchObject({ liveBytes: 6000, pooledBytes: 2000, peakBytes: 8000, limitBytes: 10_000 });
    const e = expectExhausted(() => b.alloc("float32", 1001));
    expect([e.requestedBytes, e.liveBytes, e.limitBytes]).toEqual([4004, 6000, 10_000]);
    expect(b.memoryStats().liveBuffers).toBe(1); // nothing changed
    const y = b.alloc("float32", 1000); // fits the limit once the pooled array is dropped
    expect(b.memoryStats()).toMatchObject({ liveBytes: 10_000, pooledBytes: 0, reservedBytes: 10_000, peakBytes: 10_000 });
    b.free(x);
    b.free(y);
    b.resetPeak();
    expect(b.memoryStats().peakBytes).toBe(0);
    b.free(b.alloc("float32", 10));
    expect(b.memoryStats().peakBytes).toBe(40);
  });

  test("preallocate grows the kernels' WebAssembly memory once and places arrays in it", () => {
    const g = wasmGemm();
    const resident = residentAvailable();
    const b = new CpuBackend();
    b.configureMemory(memoryConfig({ preallocate: true, limitBytes: 48 * MiB }));
    const stats = b.memoryStats();
    expect(stats.limitBytes).toBe(48 * MiB);
    if (!resident) {
      // one thread or no shared memory: CPU arrays are ordinary typed arrays, nothing to reserve
      expect(stats.reservedBytes).toBe(0);
      return;
    }
    expect(stats.reservedBytes).toBeGreaterThanOrEqual(48 * MiB);
    const grown = g!.memoryBytes;
    const arrays = Array.from({ length: 10 }, () => b.alloc("float32", MiB)); // 40 MiB
    expect(g!.memoryBytes).toBe(grown); // no growth after the reservation
    for (const a of arrays) {
      expect(g!.isResident((a as unknown as { data: Float32Array }).data)).toBe(true);
      b.free(a);
    }
  });
});

/** Whether CPU arrays can live in the WebAssembly memory here (Node with more than one thread). */
function residentAvailable(): boolean {
  const b = new CpuBackend();
  const h = b.alloc("float32", 16);
  const data = (h as unknown as { data: Float32Array }).data;
  const yes = wasmGemm()?.isResident(data) ?? false;
  b.free(h);
  return yes;
}

(HAS_WEBGPU ? describe : describe.skip)("webgpu memory knobs", () => {
  test("preallocate: arrays are aligned slices of the arena, and read and write their own range", async () => {
    const be = await WebGPUBackend.create(true, memoryConfig({ preallocate: true, limitBytes: MiB }));
    try {
      const align = be.device.limits.minStorageBufferOffsetAlignment;
      expect(be.memoryStats()).toMatchObject({ reservedBytes: MiB, limitBytes: MiB, liveBytes: 0 });
      const slices = [3, 100, 7].map((n) => be.alloc("float32", n) as GpuSlice);
      expect(new Set(slices.map((s) => s.buffer)).size).toBe(1);
      for (const s of slices) expect(s.offset % align).toBe(0);
      expect(slices[1]!.offset).toBeGreaterThan(0);
      be.write(slices[0]!, "float32", new Float32Array([1, 2, 3]));
      be.write(slices[1]!, "float32", Float32Array.from({ length: 100 }, (_, i) => i));
      be.write(slices[2]!, "float32", new Float32Array(7).fill(-1));
      be.copy(slices[1]!, slices[2]!, "float32", 3, 10, 2); // at offsets inside the slices
      expect([...(await be.read(slices[0]!, "float32", 3))]).toEqual([1, 2, 3]);
      expect([...(await be.read(slices[2]!, "float32", 7))]).toEqual([-1, -1, 10, 11, 12, -1, -1]);
      expect(be.memoryStats().reservedBytes).toBe(MiB); // nothing outside the arena
      for (const s of slices) be.free(s);
      expect(be.memoryStats().liveBytes).toBe(0);
    } finally {
      be.destroy();
    }
  });

  test("preallocate: a full or fragmented arena throws and the arena stays usable", async () => {
    const be = await WebGPUBackend.create(true, memoryConfig({ preallocate: true, limitBytes: MiB }));
    try {
      const quarter = MiB / 16; // float32 elements in 256 KiB
      const q = [0, 1, 2, 3].map(() => be.alloc("float32", quarter));
      const full = expectExhausted(() => be.alloc("float32", 1));
      expect(full.message).toMatch(/webgpu: out of memory: allocating 256 B failed because it would pass the limit of 1.00 MiB/);
      be.free(q[0]!);
      be.free(q[2]!);
      await be.synchronize();
      const frag = expectExhausted(() => be.alloc("float32", 2 * quarter));
      expect(frag.message).toMatch(/the preallocated arena of 1.00 MiB .* has no free range that large \(512.0 KiB .* free in all, in pieces\)/);
      const again = be.alloc("float32", quarter); // one quarter still fits
      be.write(again, "float32", new Float32Array(quarter).fill(5));
      expect((await be.read(again, "float32", quarter))[quarter - 1]).toBe(5);
    } finally {
      be.destroy();
    }
  });

  test("platform gives buffers back once their commands are submitted; pool keeps them", async () => {
    const platform = await WebGPUBackend.create(true, memoryConfig({ allocator: "platform" }));
    const pooled = await WebGPUBackend.create(true, memoryConfig({ allocator: "pool", limitBytes: 8 * MiB }));
    try {
      for (const be of [platform, pooled]) {
        const x = be.alloc("float32", 1024);
        be.write(x, "float32", new Float32Array(1024).fill(1));
        await be.read(x, "float32", 1);
        be.free(x);
        await be.synchronize();
      }
      expect(platform.memoryStats()).toMatchObject({ liveBytes: 0, pooledBuffers: 0, reservedBytes: 0, peakBytes: 4096, limitBytes: Infinity });
      expect(pooled.memoryStats()).toMatchObject({ liveBytes: 0, pooledBuffers: 1, reservedBytes: 4096, limitBytes: 8 * MiB });
    } finally {
      platform.destroy();
      pooled.destroy();
    }
  });
});
