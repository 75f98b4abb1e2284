/**
 * A first-fit allocator of byte ranges inside a WebAssembly memory: the CPU backend places its
 * buffers there (and the GEMM its workspace), so that WebAssembly kernels read their inputs and
 * write their outputs in place instead of copying them in and out.
 *
 * Blocks are multiples of 64 bytes (cache lines; f32x4 accesses stay aligned). Free blocks are
 * kept sorted by address and merged with free neighbours, so memory freed by one shape is
 * reused by others; a free block at the top lowers the top. A WebAssembly memory cannot shrink:
 * the pages reached stay reserved, and `limit` bounds them.
 */

const ALIGN = 64;

export class Heap {
  /** Free blocks, sorted by address: [address, bytes]. */
  private readonly free: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  /** Bytes in allocated blocks. */
  used = 0;

  /**
   * Manages [base, limit) of a memory whose current size `grow(bytes)` raises to at least
   * `bytes` (returning false when it cannot).
   */
  constructor(
    base: number,
    private readonly limit: number,
    private readonly grow: (bytes: number) => boolean,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** The address of a new block of at least `bytes` bytes, or undefined when it does not fit. */
  alloc(bytes: number): number | undefined {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let at: number | undefined;
    const i = this.free.findIndex(([, s]) => s >= size);
    if (i >= 0) {
      const [addr, s] = this.free[i]!;
      at = addr;
      if (s === size) this.free.splice(i, 1);
      else this.free[i] = [addr + size, s - size];
    } else {
      if (this.top + size > this.limit || !this.grow(this.top + size)) return undefined;
      at = this.top;
      this.top += size;
    }
    this.sizes.set(at, size);
    this.used += size;
    return at;
  }

  /** Returns a block from `alloc`. */
  release(addr: number): void {
    const size = this.sizes.get(addr);
    if (size === undefined) throw new Error(`internal: heap block ${addr} is not allocated`);
    this.sizes.delete(addr);
    this.used -= size;
    // insert sorted, then merge with the neighbours that touch it
    let lo = 0;
    let hi = this.free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.free[mid]![0] < addr) lo = mid + 1;
      else hi = mid;
    }
    let block: [number, number] = [addr, size];
    const next = this.free[lo];
    if (next && block[0] + block[1] === next[0]) {
      block = [block[0], block[1] + next[1]];
      this.free.splice(lo, 1);
    }
    const prev = this.free[lo - 1];
    if (prev && prev[0] + prev[1] === block[0]) {
      block = [prev[0], prev[1] + block[1]];
      this.free.splice(--lo, 1);
    }
    if (block[0] + block[1] === this.top) this.top = block[0];
    else this.free.splice(lo, 0, block);
  }

  /** The address past the highest allocated block. */
  get end(): number {
    return this.top;
  }
}
