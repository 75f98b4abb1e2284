/**
 * Device memory reserved up front (`init({ memory: { preallocate: true } })`): a few large GPU
 * buffers that arrays are sub-allocated from, as JAX's preallocating allocator does.
 *
 * Each array is a slice (buffer, byte offset, bytes) that kernels bind with that offset and
 * size. Slices are multiples of the alignment (at least the device's
 * `minStorageBufferOffsetAlignment`) and start at offset 0 of their buffer, so every offset is
 * aligned. Free ranges are kept by a first-fit allocator that merges neighbours (`Heap`).
 */
import { Heap } from "../heap.js";

/** A device buffer handle: a whole buffer (offset 0) or a slice of an arena buffer. */
export interface GpuSlice {
  readonly buffer: GPUBuffer;
  /** Byte offset in `buffer`. */
  readonly offset: number;
  /** Bytes of the slice (bound as the binding's size). */
  readonly size: number;
  /** Set for slices of the arena. */
  readonly inArena?: true;
}

/** A whole buffer as a handle. */
export function wholeBuffer(buffer: GPUBuffer): GpuSlice {
  return { buffer, offset: 0, size: buffer.size };
}

interface Chunk {
  buffer: GPUBuffer;
  heap: Heap;
}

export class GpuArena {
  private readonly chunks: Chunk[] = [];
  /** Bytes reserved in all. */
  readonly bytes: number;
  /** Bytes in slices given out and not released. */
  used = 0;
  private readonly align: number;

  constructor(
    /** Creates one buffer of the arena. */
    create: (bytes: number) => GPUBuffer,
    totalBytes: number,
    /** The largest buffer the device creates (`maxBufferSize`). */
    maxBufferBytes: number,
    /** The device's `minStorageBufferOffsetAlignment`. */
    minOffsetAlignment: number,
  ) {
    this.align = Math.max(256, minOffsetAlignment);
    const chunkMax = Math.floor(maxBufferBytes / this.align) * this.align;
    let left = Math.ceil(totalBytes / this.align) * this.align;
    this.bytes = left;
    while (left > 0) {
      const bytes = Math.min(left, chunkMax);
      // every block size is a multiple of `align` and the heap starts at 0: offsets stay aligned
      this.chunks.push({ buffer: create(bytes), heap: new Heap(0, bytes, () => true) });
      left -= bytes;
    }
  }

  /** Bytes a request of `bytes` takes in the arena. */
  sizeOf(bytes: number): number {
    return Math.max(this.align, Math.ceil(bytes / this.align) * this.align);
  }

  /** A slice of `sizeOf(bytes)` bytes, or undefined when no free range is that large. */
  alloc(bytes: number): GpuSlice | undefined {
    const size = this.sizeOf(bytes);
    for (const c of this.chunks) {
      const at = c.heap.alloc(size);
      if (at === undefined) continue;
      this.used += size;
      return { buffer: c.buffer, offset: at, size, inArena: true };
    }
    return undefined;
  }

  /** Gives a slice back (once no recorded command can still use it). */
  release(slice: GpuSlice): void {
    const c = this.chunks.find((ch) => ch.buffer === slice.buffer);
    if (!c) throw new Error("internal: a GPU slice that is not in the arena");
    c.heap.release(slice.offset);
    this.used -= slice.size;
  }

  /** The buffers of the arena. */
  get buffers(): GPUBuffer[] {
    return this.chunks.map((c) => c.buffer);
  }

  destroy(): void {
    for (const c of this.chunks) c.buffer.destroy();
    this.chunks.length = 0;
  }
}
