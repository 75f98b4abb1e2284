import { describe, expect, it } from "vitest";
import { Heap } from "./heap.js";

/** A heap over [0, limit) whose memory grows in 1024-byte steps, recording its size. */
function heap(limit = 1 << 20) {
  const memory = { size: 0 };
  const h = new Heap(0, limit, (bytes) => {
    memory.size = Math.max(memory.size, Math.ceil(bytes / 1024) * 1024);
    return true;
  });
  return { h, memory };
}

describe("Heap", () => {
  it("allocates 64-byte aligned blocks that do not overlap, growing the memory to fit", () => {
    const { h, memory } = heap();
    const sizes = [1, 64, 65, 1000, 4096, 3];
    const blocks = sizes.map((s) => [h.alloc(s)!, Math.ceil(s / 64) * 64] as const);
    for (const [a] of blocks) expect(a % 64).toBe(0);
    const sorted = [...blocks].sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThanOrEqual(sorted[i - 1]![0] + sorted[i - 1]![1]);
    expect(memory.size).toBeGreaterThanOrEqual(h.end);
    expect(h.used).toBe(blocks.reduce((n, [, s]) => n + s, 0));
  });

  it("reuses freed space: first fit, split, and neighbours merged", () => {
    const { h } = heap();
    const [a, b, c, d] = [h.alloc(256)!, h.alloc(256)!, h.alloc(256)!, h.alloc(64)!];
    expect([a, b, c, d]).toEqual([0, 256, 512, 768]);
    h.release(a);
    h.release(c);
    expect(h.alloc(512), "no free block is large enough: from the top").toBe(832);
    expect(h.alloc(128), "the first block that fits, split").toBe(0);
    h.release(b); // joins [128, 256) and [512, 768)
    expect(h.alloc(640)).toBe(128);
    expect(h.used).toBe(64 + 512 + 128 + 640);
  });

  it("freeing the highest blocks lowers the top, merging the free space below", () => {
    const { h } = heap();
    const [a, b, c] = [h.alloc(100)!, h.alloc(100)!, h.alloc(100)!];
    h.release(b);
    h.release(c);
    expect(h.end).toBe(128);
    h.release(a);
    expect([h.end, h.used]).toEqual([0, 0]);
    expect(h.alloc(300)).toBe(0);
  });

  it("returns undefined past its limit or when the memory cannot grow; rejects double frees", () => {
    const { h } = heap(1024);
    const a = h.alloc(1024)!;
    expect(h.alloc(1)).toBeUndefined();
    h.release(a);
    expect(() => h.release(a)).toThrow(/not allocated/);
    const stuck = new Heap(0, 1 << 20, () => false);
    expect(stuck.alloc(64)).toBeUndefined();
    expect(stuck.used).toBe(0);
  });
});
