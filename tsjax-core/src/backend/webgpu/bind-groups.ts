/**
 * A cache of bind groups, keyed by pipeline and bound buffers.
 *
 * Buffers cycle through the pool, so a loop binds the same few buffers to the same pipelines
 * again and again: reusing their bind groups saves creating a native object per dispatch. That
 * matters beyond speed: Dawn in Node releases objects only when the JavaScript event loop
 * turns, so a loop that never awaits would otherwise pile them up until the process crashes.
 * Entries of a buffer are dropped when the buffer is destroyed.
 */
import { LruCache } from "../../lru.js";
import type { GpuSlice } from "./arena.js";

interface Entry {
  group: GPUBindGroup;
  buffers: GPUBuffer[];
}

export class BindGroupCache {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private readonly byBuffer = new Map<GPUBuffer, Set<string>>();
  private readonly entries = new LruCache<string, Entry>(4096, (key, e) => this.unlink(key, e));

  constructor(
    private readonly device: GPUDevice,
    /** Called for each bind group created (a cache miss). */
    private readonly onCreate: () => void,
  ) {}

  private id(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  /**
   * The bind group of `pipeline` with `slices` at bindings 0, 1, ... (created once per set of
   * buffers, offsets and sizes: slices of the preallocated arena bind their range).
   */
  get(pipeline: GPUComputePipeline, slices: GpuSlice[]): GPUBindGroup {
    const key = `${this.id(pipeline)}:${slices.map((s) => `${this.id(s.buffer)}@${s.offset}+${s.size}`).join(",")}`;
    const hit = this.entries.get(key);
    if (hit) return hit.group;
    const group = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: slices.map(({ buffer, offset, size }, binding) => ({ binding, resource: { buffer, offset, size } })),
    });
    const buffers = slices.map((s) => s.buffer);
    this.onCreate();
    this.entries.set(key, { group, buffers });
    for (const b of buffers) {
      let keys = this.byBuffer.get(b);
      if (!keys) this.byBuffer.set(b, (keys = new Set()));
      keys.add(key);
    }
    return group;
  }

  /** Forgets every bind group that uses `buffer` (before it is destroyed). */
  forget(buffer: GPUBuffer): void {
    for (const key of [...(this.byBuffer.get(buffer) ?? [])]) {
      const e = this.entries.get(key);
      this.entries.delete(key);
      if (e) this.unlink(key, e);
    }
    this.byBuffer.delete(buffer);
  }

  private unlink(key: string, e: Entry): void {
    for (const b of e.buffers) {
      const keys = this.byBuffer.get(b);
      keys?.delete(key);
      if (keys?.size === 0) this.byBuffer.delete(b);
    }
  }

  clear(): void {
    this.entries.clear();
    this.byBuffer.clear();
  }
}
